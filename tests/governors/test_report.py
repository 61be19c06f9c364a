"""The governors' report on the example programme: privacy (no identifier from any input file appears in
the governors' HTML or anywhere inside their workbook), suppression in what they see, honest wording (the
design caveat; "improved" only for an improved verdict), the trend, and the commands."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import typer
from typer.testing import CliRunner

from peerimpact.cli import init as init_cmd
from peerimpact.cli import report as report_cmd
from peerimpact.cli.app import handle_errors
from peerimpact.governors.model import GovernorsReport

_UPN = re.compile(r"\b[A-Z]\d{11}[0-9A-Z]\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IP = re.compile(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b")
_NAME_HEADINGS = {
    "surname",
    "forename",
    "first name",
    "last name",
    "name",
    "recipientlastname",
    "recipientfirstname",
    "staff",
    "comment",
    "q1",
}


def _tables(folder: Path) -> list[list[list[Any]]]:
    """Every sheet of every example file, as rows of cells (read without peerimpact's readers)."""
    out = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".xlsx":
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            out += [[list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets]
        elif path.suffix == ".csv":
            text = path.read_bytes().decode("utf-8-sig")
            out.append(list(csv.reader(io.StringIO(text))))
    return out


def identifiers(folder: Path) -> tuple[set[str], set[str]]:
    """(exact strings: UPNs, emails, IP addresses, comments, staff; name words) found in the input files."""
    exact: set[str] = set()
    names: set[str] = set()
    for rows in _tables(folder):
        header = [str(h or "").strip().casefold() for h in rows[0]] if rows else []
        body = rows[1:]
        # Qualtrics: skip its second and third header rows (question text, ImportIds)
        if len(body) > 1 and any("ImportId" in str(c) for c in body[1]):
            body = body[2:]
        for row in body:
            for j, cell in enumerate(row):
                text = "" if cell is None else str(cell).strip()
                if not text:
                    continue
                exact |= set(_UPN.findall(text)) | set(_EMAIL.findall(text)) | set(_IP.findall(text))
                heading = header[j] if j < len(header) else ""
                if heading in _NAME_HEADINGS and not _UPN.fullmatch(text):
                    if heading in ("comment", "staff"):
                        exact.add(text)
                    else:
                        names |= {w for w in re.split(r"[\s,]+", text) if len(w) >= 3 and w[0].isupper()}
    return exact, names


def governors_text(files: list[Path]) -> str:
    """The HTML, every XML part of the governors' workbook and the governors' JSON, entities decoded."""
    parts = []
    for f in files:
        if f.suffix in (".html", ".json") and f.name.startswith("governors-report"):
            parts.append(f.read_text(encoding="utf-8"))
        elif f.name.startswith("governors-report"):
            with zipfile.ZipFile(f) as z:
                parts += [z.read(n).decode("utf-8", errors="replace") for n in z.namelist()]
    return html.unescape("\n".join(parts))


# ---------------------------------------------------------------------------------------------- privacy
def test_the_outputs_are_written(summer: Any) -> None:
    files, _, _ = summer
    assert [f.name for f in files] == [
        "governors-report-summer-2027.html",
        "governors-report-summer-2027.xlsx",
        # per role (issue 15): the SMHL's workbook, and its results as JSON with the trend (issue 13)
        "smhl-detail-summer-2027-mentees.xlsx",
        "smhl-detail-summer-2027-mentees.json",
        "smhl-detail-summer-2027-mentors.xlsx",
        "smhl-detail-summer-2027-mentors.json",
        "governors-report-summer-2027.json",  # the governors' figures as data (SPEC §6.1)
    ]
    assert all(f.parent.name == "reports" and f.stat().st_size > 0 for f in files)


def test_no_identifier_from_the_inputs_reaches_the_governors(example: Path, summer: Any) -> None:
    files, _, _ = summer
    exact, names = identifiers(example.parent / "data")
    assert len(exact) > 300 and len(names) > 40  # the scan has something to find
    text = governors_text(files)
    lower = text.casefold()
    leaked = sorted(x for x in exact if x.casefold() in lower)
    leaked += sorted(n for n in names if re.search(rf"\b{re.escape(n)}\b", text, flags=re.IGNORECASE))
    assert not leaked, leaked[:20]
    # and the checker would have seen them: the SMHL's pupil-level workbook does hold UPNs
    with zipfile.ZipFile(files[2]) as z:
        detail = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    assert any(upn in detail for upn in exact if _UPN.fullmatch(upn))


def test_a_group_column_of_ids_shows_no_ids(example: Path, tmp_path: Path) -> None:
    """Even a badly chosen group column (one pupil per level) puts no level name in front of governors."""
    from peerimpact.cli.report import write_report

    cfg = _variant(example, tmp_path, 'group_columns = ["Year group"]', 'group_columns = ["UPN"]')
    files, report, _ = write_report(cfg, "summer-2027")
    exact, _ = identifiers(example.parent / "data")
    text = governors_text(files).casefold()
    assert not [x for x in exact if x.casefold() in text]
    # every mentee and every mentor is a level of their own: folded, per role, without names
    assert [g.label for g in report.subgroups if g.measure == "swemwbs.metric"] == [
        "UPN: 45 other groups (not shown)",
        "UPN: 22 other groups (not shown)",
    ]


def test_the_html_is_one_self_contained_file(summer: Any) -> None:
    page = summer[0][0].read_text(encoding="utf-8")
    assert "<script" not in page and "<link" not in page and " src=" not in page
    assert page.count("<svg") >= 3  # effect sizes, supervision bars, trend
    assert "@page { size: A4" in page and "@media print" in page


def test_small_counts_are_suppressed_with_a_legend(summer: Any) -> None:
    files, report, _ = summer
    page = files[0].read_text(encoding="utf-8")
    assert '<td class="c">c</td>' in page and "c</strong> = fewer than 5 pupils" in page
    # reach by term: the summer term's single new mentor is hidden, and a second cell so it cannot be worked
    # out.  Autumn's 15 and spring's 0 were shown in the spring report already, so hiding either would protect
    # nothing: the "so far" total is the one hidden (issue 14: a plan across terms, not per report)
    reach = report.reach
    assert reach.mentors[2].value is None and reach.mentors[2].why == "primary"
    assert [m.value for m in reach.mentors[:2]] == [15, 0]
    assert reach.mentors[-1].value is None and reach.mentors[-1].why == "secondary"
    # every count governors see is hidden or at least the threshold
    for g in report.subgroups:
        assert g.n.value is None or g.n.value == 0 or g.n.value >= 5
    for p in report.process:
        for _, text, k, n, _ in p.cells:
            assert (k is None and text == "c") or (k is not None and k >= 5 and n - k >= 5) or n - k == 0


def test_workbook_has_every_sheet_numbers_as_numbers_and_c_as_text(summer: Any) -> None:
    wb = openpyxl.load_workbook(summer[0][1])
    assert wb.sheetnames == [
        "Report",
        "Outcomes",
        "Reach and delivery",
        "Delivery by term",
        "Targets",
        "Attendance and behaviour",
        "Feedback",
        "Trend",
        "By group",
        "Notes",
    ]
    rows = [r for r in wb["Outcomes"].iter_rows(values_only=True) if r[0] and str(r[0]).startswith("SWEMWBS")]
    assert isinstance(rows[0][1], int) and isinstance(rows[0][7], float)  # pupils, g_av
    cells = [v for r in wb["Reach and delivery"].iter_rows(values_only=True) for v in r]
    assert "c" in cells


def test_the_governors_workbook_is_byte_for_byte_repeatable(
    example: Path, summer: Any, tmp_path: Path
) -> None:
    from peerimpact.reports.excel.governors import write_governors_workbook

    write_governors_workbook(summer[1], tmp_path / "again.xlsx")
    assert (tmp_path / "again.xlsx").read_bytes() == summer[0][1].read_bytes()


# ---------------------------------------------------------------------------------------------- wording
def _verdicts(report: GovernorsReport) -> set[str]:
    rows = [*report.outcomes, *([report.attendance] if report.attendance else [])]
    return {o.verdict for o in rows} | {g.verdict for g in report.subgroups}


def test_design_caveat_and_improved_only_when_a_verdict_says_so(summer: Any) -> None:
    files, report, _ = summer
    page = html.unescape(files[0].read_text(encoding="utf-8"))
    assert "Read this first." in page and "not chosen at random" in page
    assert "not proof that the programme caused it" in page
    assert ("improved" in page.casefold()) == ("improved" in _verdicts(report))
    assert "improved" in _verdicts(report)  # the example's SWEMWBS change is a clear one


NO_ROLES = (
    'role_column = "Role"\n',
    "",
    "[analysis.roles]                  # which values of role_column mean what (needs role_column)\n"
    'mentor = ["Mentor", "Peer mentor", "Ambassador"]\nmentee = ["Mentee"]\n'
    'comparison = ["Comparison", "Control"]   # pupils who did not take part\n',
    "",
)


def _variant(example: Path, tmp_path: Path, old: str, new: str, *more: str) -> Path:
    """A copy of the example's programme.toml (pointing at the same data) with changes (old, new, …)."""
    text = example.read_text(encoding="utf-8")
    for a, b in zip((old, *more[::2]), (new, *more[1::2]), strict=True):
        assert a in text, a
        text = text.replace(a, b)
    text = text.replace('"data/', f'"{example.parent.as_posix()}/data/').replace(
        '"activity-log.xlsx"', f'"{example.parent.as_posix()}/activity-log.xlsx"'
    )
    text = text.replace('"process_survey.toml"', f'"{example.parent.as_posix()}/process_survey.toml"')
    cfg = tmp_path / "programme.toml"
    cfg.write_text(text, encoding="utf-8")
    return cfg


def test_single_group_design_says_there_was_no_comparison_group(example: Path, tmp_path: Path) -> None:
    from peerimpact.cli.report import write_report

    cfg = _variant(example, tmp_path, *NO_ROLES)  # every pupil pooled, as before roles
    files, report, _ = write_report(cfg, "summer-2027")
    page = html.unescape(files[0].read_text(encoding="utf-8"))
    assert report.design == "single_group"
    assert "there was no comparison group" in page and "not whether the programme caused it" in page
    assert ("improved" in page.casefold()) == ("improved" in _verdicts(report))


def test_no_clear_change_never_says_improved(example: Path, tmp_path: Path) -> None:
    from peerimpact.cli.report import write_report

    text = example.read_text(encoding="utf-8")
    cfg = _variant(example, tmp_path, *NO_ROLES)
    cfg.write_text(
        cfg.read_text(encoding="utf-8")
        .replace("swemwbs_autumn.xlsx", "sdq_autumn_qualtrics.csv")
        .replace("swemwbs_summer.xlsx", "sdq_summer_qualtrics.csv")
        .replace('primary = "swemwbs.metric"', 'primary = "sdq.total_difficulties"')
        .replace(
            'measures = ["swemwbs.metric", "belonging.mean"]',
            'measures = ["sdq.total_difficulties", "sdq.emotional"]',
        )
        .replace("\nbelonging = ", "\n# belonging = ")  # the mentors' questionnaire: not this test's
        .replace('group_columns = ["Year group"]', "group_columns = []"),
        encoding="utf-8",
    )
    assert text != cfg.read_text(encoding="utf-8")
    files, report, _ = write_report(cfg, "summer-2027")
    assert [o.measure for o in report.outcomes] == ["sdq.total_difficulties", "sdq.emotional"]
    assert "improved" not in _verdicts(report)
    page = html.unescape(files[0].read_text(encoding="utf-8")).casefold()
    assert "improved" not in page and "no clear change" in page
    assert "could only" in page or "could have been spotted" in page  # the detectable change is stated


def test_trend_needs_three_surveys(example: Path, summer: Any) -> None:
    from peerimpact.governors.build import build_report
    from peerimpact.governors.programme import load_programme

    report = summer[1]
    assert [t.role for t in report.trend] == ["mentees", "mentors"]  # one trend per role (issue 15)
    t = report.trend[0]
    assert t.terms == ("Autumn 2026", "Spring 2027", "Summer 2027") and t.ci is not None
    assert t.ci[0] < t.slope < t.ci[1] and t.n_pupils >= 5
    assert t.sentence.startswith("Across the 3 surveys so far") and "cannot show" in t.sentence
    spring, _, _ = build_report(load_programme(example), "spring-2027")
    assert not spring.trend and "so far there are 2 surveys" in spring.trend_note


def test_the_baseline_term_reports_activity_only(example: Path) -> None:
    from peerimpact.cli.report import write_report

    files, report, _ = write_report(example, "Autumn 2026")
    assert [f.name for f in files] == [
        "governors-report-autumn-2026.html",
        "governors-report-autumn-2026.xlsx",
        "governors-report-autumn-2026.json",
    ]
    assert not report.outcomes and "first survey (the baseline)" in (report.outcome_note or "")
    assert report.reach is not None and "This term, 15 peer mentors" in report.headline


# --------------------------------------------------------------------------------------------- commands
@pytest.fixture()
def cli() -> typer.Typer:
    app = typer.Typer()
    app.command("init")(handle_errors(init_cmd.init))
    app.command("report")(handle_errors(report_cmd.report))
    return app


def test_init_scaffolds_a_folder_that_reports(cli: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "mentors"
    result = runner.invoke(cli, ["init", str(folder), "--school", "Test School", "--year", "2026"])
    assert result.exit_code == 0, result.output
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert names == [
        "activity-log.xlsx",
        "process_survey.toml",
        "programme.toml",
        "templates/process-survey-entry.xlsx",
        "templates/swemwbs-entry.xlsx",
    ]
    from peerimpact.governors.programme import load_programme
    from peerimpact.instruments.load import load_instrument_file

    prog = load_programme(folder / "programme.toml")
    assert [t.key for t in prog.terms] == ["autumn-2026", "spring-2027", "summer-2027"]
    assert [s.name for s in load_instrument_file(folder / "process_survey.toml").scales] == [
        "satisfaction",
        "agency",
        "recommend",
    ]
    log = openpyxl.load_workbook(folder / "activity-log.xlsx")
    assert log.sheetnames == ["Activity log", "How to fill this in"]
    assert log["Activity log"]["A1"].value == "Week starting" and log["Activity log"].max_row > 35
    again = runner.invoke(cli, ["init", str(folder)])
    assert again.exit_code == 0 and "nothing was replaced" in again.output
    report = runner.invoke(cli, ["report", "--config", str(folder / "programme.toml"), "--quiet"])
    assert report.exit_code == 0, report.output
    assert (folder / "reports" / "governors-report-summer-2027.html").exists()


def test_report_errors_are_plain_and_exit_1(cli: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "--config", str(tmp_path / "nowhere.toml")])
    assert result.exit_code == 1
    assert "programme.toml" in result.output or "nowhere.toml" in result.output
    assert "Traceback" not in result.output


def test_report_command_imports_nothing_heavy() -> None:
    import ast

    for module in (report_cmd, init_cmd):
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
        top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
        names = {a.name for n in top if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module or "" for n in top if isinstance(n, ast.ImportFrom)}
        assert names <= {
            "__future__",
            "pathlib",
            "typing",
            "typer",
            "peerimpact.cli",
            "peerimpact.cli._console",
        }


def test_the_example_programme_is_the_same_bytes_every_time(example: Path, tmp_path: Path) -> None:
    from peerimpact.demo.programme import write_example_programme

    again = write_example_programme(tmp_path / "again").parent
    for name in (
        "programme.toml",
        "activity-log.xlsx",
        "data/swemwbs_spring.xlsx",
        "data/process_survey_summer.xlsx",
    ):
        assert (again / name).read_bytes() == (example.parent / name).read_bytes(), name
