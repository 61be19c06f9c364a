"""The compare workbook is a faithful, safe and deterministic view of a CompareRun."""

from __future__ import annotations

import ast
import dataclasses
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from peerimpact.comparison.model import CompareRun
from peerimpact.pipeline import compare_files
from peerimpact.reports.excel.compare import write_compare_workbook
from peerimpact.wording.numbers import fmt_p

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"
REPORTS = Path(__file__).resolve().parents[2] / "src" / "peerimpact" / "reports"
SHEETS = [
    "Summary",
    "Outcomes",
    "Subgroups",
    "Reliable change",
    "Pupils",
    "Attrition",
    "Data issues",
    "Method",
]
LABELS = ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]
HYPERLINK = '=HYPERLINK("http://example.com/x","click")'


@pytest.fixture(scope="module")
def run() -> CompareRun:
    return compare_files(
        EXAMPLES / "wemwbs_autumn_forms.xlsx",
        EXAMPLES / "wemwbs_summer_forms.xlsx",
        group_columns=["Are you a peer mentor or a mentee?"],
    )


@pytest.fixture(scope="module")
def run_comparison() -> CompareRun:
    return compare_files(
        EXAMPLES / "swemwbs_autumn.xlsx",
        EXAMPLES / "swemwbs_summer.xlsx",
        comparison_column="Group",
        group_columns=["Year group"],
    )


@pytest.fixture(scope="module")
def book(run: CompareRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("book") / "compare.xlsx"
    write_compare_workbook(run, path)
    return path


def _tiny_run(tmp_path: Path) -> CompareRun:
    """Three pupils with both surveys: every outcome is 'not tested' (fewer than 5 pairs)."""
    upns = ["H801200001001", "B801200005001", "G80120000101A"]
    for name, shift in (("pre.xlsx", 0), ("post.xlsx", 1)):
        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(["UPN", "Year"] + [f"wemwbs_{i}" for i in range(1, 15)])
        for k, upn in enumerate(upns):
            ws.append([upn, "7" if k < 2 else "8"] + [LABELS[(i + k + shift) % 5] for i in range(14)])
        wb.save(tmp_path / name)
    return compare_files(tmp_path / "pre.xlsx", tmp_path / "post.xlsx", group_columns=["Year"])


def _columns(ws: Any, block_row: int, head_row: int) -> dict[tuple[str, str], int]:
    """(block, heading) → 1-based column, reading the two header rows (block names carried right)."""
    out: dict[tuple[str, str], int] = {}
    block = ""
    for j, (b, h) in enumerate(zip(ws[block_row], ws[head_row], strict=True), start=1):
        block = b.value or block
        out[(block, h.value)] = j
    return out


def _row_of(ws: Any, first_col_value: str, group: str | None = None, start: int = 1) -> int:
    for r in range(start, ws.max_row + 1):
        if ws.cell(r, 1).value == first_col_value and (group is None or ws.cell(r, 2).value == group):
            return r
    raise AssertionError(f"{first_col_value} not found")


def _all_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def test_sheets_in_order_with_charts_after_summary(book: Path) -> None:
    names = openpyxl.load_workbook(book).sheetnames
    assert [n for n in names if n != "Charts"] == SHEETS
    assert names[1] == "Charts"


def test_outcome_figures_are_the_runs(book: Path, run: CompareRun) -> None:
    ws = openpyxl.load_workbook(book)["Outcomes"]
    cols = _columns(ws, 2, 3)  # row 1: the pupil-level marking
    (o,) = run.overall
    r = _row_of(ws, o.measure)
    assert ws.cell(r, cols[("Outcome", "n pairs")]).value == o.n
    assert ws.cell(r, cols[("Change (second − first)", "Mean change")]).value == o.change.mean
    assert o.change.ci95 is not None
    assert ws.cell(r, cols[("Change (second − first)", "95% CI low")]).value == o.change.ci95[0]
    multiplicity = "Primary test and multiplicity"
    assert ws.cell(r, cols[(multiplicity, "Adjusted p")]).value == o.p_adjusted
    assert ws.cell(r, cols[(multiplicity, "p")]).value == o.p_value
    assert o.p_value is not None
    assert ws.cell(r, cols[(multiplicity, "p (text)")]).value == fmt_p(o.p_value, run.alpha)
    assert ws.cell(r, cols[(multiplicity, "Adjustment")]).value == "Holm"
    assert ws.cell(r, cols[("Effect sizes (Lakens 2013)", "g_av")]).value == o.effect_size.g_av
    assert ws.cell(r, cols[("Effect sizes (Lakens 2013)", "d_z")]).value == o.effect_size.d_z
    assert (
        ws.cell(r, cols[("Effect sizes (Lakens 2013)", "Size (|g_av|, Cohen 1988)")]).value
        == o.effect_size.label
    )
    assert o.tests is not None
    assert ws.cell(r, cols[("Paired t-test", "t")]).value == o.tests.paired_t.statistic
    assert ws.cell(r, cols[("Wilcoxon signed-rank", "V")]).value == o.tests.wilcoxon.statistic
    assert ws.cell(r, cols[("Result", "Detail (for the SMHL)")]).value == o.detail
    # numbers stored unrounded, shown through formats
    assert ws.cell(r, cols[("First survey", "Mean")]).number_format.startswith("0.0;")
    assert ws.cell(r, cols[(multiplicity, "p")]).number_format == "0.000"


def test_subgroups_are_bh_adjusted_rows(book: Path, run: CompareRun) -> None:
    ws = openpyxl.load_workbook(book)["Subgroups"]
    assert ws["A2"].value == "Exploratory: Benjamini–Hochberg-adjusted across all subgroups"
    cols = _columns(ws, 3, 4)
    for o in run.subgroups:
        column, _, level = o.group.partition("=")
        r = _row_of(ws, o.measure, f"{column} = {level}")
        assert ws.cell(r, cols[("Outcome", "n pairs")]).value == o.n
        assert ws.cell(r, cols[("Primary test and multiplicity", "Adjusted p")]).value == o.p_adjusted
        assert ws.cell(r, cols[("Primary test and multiplicity", "Adjustment")]).value == "Benjamini–Hochberg"


def test_summary_shows_design_sentences_and_caveats(book: Path, run: CompareRun) -> None:
    ws = openpyxl.load_workbook(book)["Summary"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    design = next(c for row in ws.iter_rows() for c in row if c.value == run.design_note)
    assert design.font.bold
    for o in run.overall:
        # the title sits in its own column; the sentence follows it without repeating it
        assert (o.title or o.measure) in texts
        rest = o.summary.split(": ", 1)[1]
        assert rest[0].upper() + rest[1:] in texts
    for caveat in run.caveats:
        assert caveat in texts
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_comparison_group_rows_and_wwc(run_comparison: CompareRun, tmp_path: Path) -> None:
    path = tmp_path / "cmp.xlsx"
    write_compare_workbook(run_comparison, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Outcomes"]
    heading = _row_of(
        ws,
        "Comparison group — the primary results: ANCOVA of second-survey scores adjusted for "
        "first-survey scores (programme − comparison); the --primary measure unadjusted, Holm across "
        "the others; the rows above are each arm's own change (secondary)",
    )
    head = {ws.cell(heading + 1, j).value: j for j in range(1, ws.max_column + 1)}
    for o in run_comparison.comparison:
        assert o.ancova is not None
        r = _row_of(ws, o.measure, start=heading + 2)
        assert ws.cell(r, head["Adj. diff."]).value == o.ancova.adjusted_difference
        assert ws.cell(r, head["Adj. p"]).value == o.p_adjusted
        assert ws.cell(r, head["Detail (for the SMHL)"]).value == o.detail
    summary = [c.value for row in wb["Summary"].iter_rows() for c in row]
    for o in run_comparison.comparison:
        assert o.summary in summary
    attrition = [c.value for row in wb["Attrition"].iter_rows() for c in row]
    assert run_comparison.extras["wwc_attrition"]["overall"] in attrition
    assert any(isinstance(v, str) and v.startswith("Baseline equivalence (WWC)") for v in attrition)


def test_no_formulas_anywhere_and_formula_text_stays_text(run: CompareRun, tmp_path: Path) -> None:
    hostile = dataclasses.replace(
        run,
        pupils=[dataclasses.replace(run.pupils[0], id=HYPERLINK), *run.pupils[1:]],
        caveats=[*run.caveats, "=1+2"],
        issues=[dataclasses.replace(run.issues[0], value="@SUM(A1)", message="-2+3 <b>&</b> \x01")],
    )
    path = tmp_path / "hostile.xlsx"
    write_compare_workbook(hostile, path)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            xml = z.read(name).decode("utf-8")
            if name.startswith("xl/worksheets/"):
                assert not re.search(r"<f[ >]", xml), name
            if name.startswith("xl/charts/"):  # chart series point at the Charts sheet's cells, nothing else
                for ref in re.findall(r"<f>(.*?)</f>", xml):
                    assert re.fullmatch(r"'Charts'!\$?[A-H]\$?\d+(:\$[A-H]\$\d+)?", ref), ref
    wb = openpyxl.load_workbook(path)
    cell = wb["Pupils"]["A3"]  # row 1: the marking, row 2: the headings
    assert cell.value == HYPERLINK
    assert cell.data_type == "s"
    assert "=1+2" in [c.value for row in wb["Summary"].iter_rows() for c in row]
    issues = wb["Data issues"]
    assert issues["G3"].value == "@SUM(A1)"  # below the marking and the headings
    assert issues["H3"].value == "-2+3 <b>&</b> \ufffd"


def test_pupils_banner_and_rows(book: Path, run: CompareRun) -> None:
    ws = openpyxl.load_workbook(book)["Pupils"]
    assert ws["A1"].value == "Pupil-level data — Senior Mental Health Lead only: not for circulation"
    assert ws["A1"].font.bold
    assert ws["A2"].value == "Pupil id"
    assert ws.max_row == len(run.pupils) + 2
    p = run.pupils[-1]
    last = [c.value for c in ws[ws.max_row]]
    assert last[:7] == [p.id, p.measure, p.pre, p.post, p.change, p.rci, p.category]


def test_native_charts(book: Path) -> None:
    with zipfile.ZipFile(book) as z:
        charts = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        xml = "".join(z.read(n).decode("utf-8") for n in charts)
    assert len(charts) >= 3
    for title in ("Average change", "g_av with 95% confidence interval", "Reliable change"):
        assert title in xml
    assert "<errBars>" in xml and "<scatterChart>" in xml and 'val="percentStacked"' in xml


def test_deterministic_bytes(run: CompareRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - 86_400 * 400)  # another clock: same bytes
    write_compare_workbook(run, tmp_path / "a.xlsx")
    monkeypatch.setattr(time, "time", real)
    write_compare_workbook(run, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]  # no temporary files left


def test_not_tested_outcome_shows_dashes_never_nan(tmp_path: Path) -> None:
    tiny = _tiny_run(tmp_path)
    (o,) = tiny.overall
    assert o.verdict == "not_tested" and o.n == 3
    path = tmp_path / "tiny.xlsx"
    write_compare_workbook(tiny, path)
    assert not re.search(r"\b(nan|NaN|inf|None)\b", _all_text(path))
    wb = openpyxl.load_workbook(path)
    ws = wb["Outcomes"]
    cols = _columns(ws, 2, 3)  # row 1: the pupil-level marking
    r = _row_of(ws, "wemwbs.total")
    assert ws.cell(r, cols[("Outcome", "n pairs")]).value == 3
    assert ws.cell(r, cols[("Paired t-test", "p")]).value == "–"
    assert ws.cell(r, cols[("Primary test and multiplicity", "Adjusted p")]).value == "–"
    assert ws.cell(r, cols[("Result", "Verdict")]).value == "not tested (fewer than 5 pairs)"
    sub = wb["Subgroups"]
    sub_cols = _columns(sub, 3, 4)
    for level, n in (("7", 2), ("8", 1)):
        r = _row_of(sub, "wemwbs.total", f"Year = {level}")
        assert sub.cell(r, sub_cols[("Outcome", "n pairs")]).value == n
        # the same small-n rule as every view: descriptive figures shown, no test, no effect size
        assert isinstance(sub.cell(r, sub_cols[("First survey", "Mean")]).value, float)
        assert sub.cell(r, sub_cols[("Effect sizes (Lakens 2013)", "g_av")]).value == "–"
        assert sub.cell(r, sub_cols[("Result", "Verdict")]).value == "not tested (fewer than 5 pairs)"


def test_reports_compute_nothing() -> None:
    banned = ("scipy", "statsmodels", "pingouin", "peerimpact.statistics", "numpy", "pandas")
    for path in sorted(REPORTS.rglob("*.py")):
        name = path.name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not any(m == b or m.startswith(b + ".") for m in mods for b in banned), (name, mods)
