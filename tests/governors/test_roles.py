"""Roles in the governors' report (SPEC §6.1, issue 15): mentees and mentors are compared apart, never pooled,
each against the same comparison pupils; the strongest design (the adjusted comparison) leads.

The programme below is built by hand: WEMWBS totals chosen so that every figure is a hand sum —
mentees rise by 2 or 4 (mean +3), mentors by 1 or 3 (mean +2; no zero changes, which R's
``wilcox.test`` would drop), comparison pupils by −1 or +1 (mean 0).
The adjusted comparison is checked against ``compare_files`` run on files filtered by hand to the role's
pupils and the comparison pupils (a separate path through the code: no roles, ``comparison_column``), whose
ANCOVA is itself checked against R's ``lm(post ~ pre + group)`` in tests/comparison/test_issue13_cases.py.
"""

from __future__ import annotations

import html
from pathlib import Path

import openpyxl
import pytest

from peerimpact.governors.model import GovernorsReport

W = ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]


def _codes(total: int) -> list[int]:
    base, extra = divmod(total, 14)
    return [base + 1 if i < extra else base for i in range(14)]


# pupil id, role in autumn, role in summer, autumn total, summer total
PUPILS: list[tuple[str, str, str, int, int]] = []
for i in range(12):
    PUPILS.append((f"M{i:02d}", "Mentee", "mentee", 40 + i, 40 + i + (2 if i % 2 else 4)))
for i in range(8):
    role = "Peer mentor" if i % 2 else "Ambassador"
    PUPILS.append((f"A{i:02d}", role, role, 45 + i, 45 + i + (1 if i % 2 else 3)))
for i in range(10):
    PUPILS.append((f"C{i:02d}", "Control", "Control", 42 + i, 42 + i + (-1 if i % 2 else 1)))
# a mentee in the autumn who became a mentor by the summer: reported with the mentees (role at the start)
PUPILS.append(("X00", "Mentee", "Mentor", 50, 53))
# two pupils whose role the programme does not list: in no role's figures, and a warning says so
PUPILS += [("S00", "Staff helper", "Staff helper", 44, 44), ("S01", "Staff helper", "Staff helper", 46, 47)]


def _write(path: Path, wave: int, keep: set[str] | None = None) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Pupil ID", "Role", *[f"wemwbs_{i}" for i in range(1, 15)]])
    for pid, role_a, role_b, a, b in PUPILS:
        if keep is None or pid in keep:
            codes = _codes(a if wave == 0 else b)[:: 1 if wave == 0 else -1]
            ws.append([pid, role_a if wave == 0 else role_b, *[W[c - 1] for c in codes]])
    wb.save(path)


PROGRAMME = """format_version = 1
[programme]
name = "Roles test"
school = "Test School"
report_for = "Governors"
[analysis]
role_column = "Role"
primary = "wemwbs.total"
measures = ["wemwbs.total"]
[analysis.roles]
mentor = ["Mentor", "Peer mentor", "Ambassador"]
mentee = ["Mentee"]
comparison = ["Control"]
[terms.autumn-2026]
name = "Autumn 2026"
start = 2026-09-02
end = 2026-12-18
[terms.autumn-2026.surveys]
wellbeing = "autumn.xlsx"
[terms.summer-2027]
name = "Summer 2027"
start = 2027-04-12
end = 2027-07-21
[terms.summer-2027.surveys]
wellbeing = "summer.xlsx"
"""


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], GovernorsReport, list]:  # type: ignore[type-arg]
    from peerimpact.cli.report import write_report

    folder = tmp_path_factory.mktemp("roles")
    _write(folder / "autumn.xlsx", 0)
    _write(folder / "summer.xlsx", 1)
    (folder / "programme.toml").write_text(PROGRAMME, encoding="utf-8")
    files, report, issues = write_report(folder / "programme.toml", "summer-2027")
    return folder, files, report, issues


def test_mentees_and_mentors_are_reported_apart(written: tuple) -> None:  # type: ignore[type-arg]
    _, _, report, _ = written
    assert [s.role for s in report.sections] == ["mentees", "mentors"]
    mentees, mentors = report.sections
    (m,) = mentees.outcomes
    # 12 mentees + the pupil who was a mentee in the autumn (changes 4,2,4,… and 3): 39 / 13 = 3
    assert m.n.value == 13 and m.change == pytest.approx(3.0)
    (a,) = mentors.outcomes
    # (4·3 + 4·1) / 8 = 2; the typical (Hodges–Lehmann) change is 2 too: Walsh averages 1, 2, 3 (10, 16, 10)
    assert a.n.value == 8 and a.change == pytest.approx(2.0)
    assert m.pre_mean == pytest.approx(round((sum(40 + i for i in range(12)) + 50) / 13, 1))  # 596 / 13


def test_the_adjusted_comparison_leads_and_matches_a_hand_filtered_compare(
    written: tuple, tmp_path: Path
) -> None:  # type: ignore[type-arg]
    from peerimpact.comparison.files import compare_files
    from peerimpact.governors.model import shown_ci, shown_value

    _, _, report, _ = written
    for sec, ids in (
        ("mentees", {p[0] for p in PUPILS if p[1] == "Mentee"}),
        ("mentors", {p[0] for p in PUPILS if p[1] in ("Peer mentor", "Ambassador")}),
    ):
        keep = ids | {p[0] for p in PUPILS if p[1] == "Control"}
        _write(tmp_path / f"{sec}_a.xlsx", 0, keep)
        _write(tmp_path / f"{sec}_b.xlsx", 1, keep)
        # by hand the arms are Control against the rest; the mentor file's roles differ only in wording
        run = compare_files(
            tmp_path / f"{sec}_a.xlsx",
            tmp_path / f"{sec}_b.xlsx",
            comparison_column="Role",
            comparison_values=["Control"],
            primary="wemwbs.total",
        )
        (want,) = run.comparison
        assert want.ancova is not None
        section = next(s for s in report.sections if s.role == sec)
        (got,) = section.comparison
        assert got.n_programme.value == want.ancova.n_treatment == len(ids)
        assert got.n_comparison.value == want.ancova.n_comparison == 10
        assert got.difference == shown_value(want.ancova.adjusted_difference, want.dp)
        assert got.difference_ci == shown_ci(want.ancova.ci95, want.dp)
        assert got.g == shown_value(want.ancova.hedges_g, 2)
    # the headline names whose figures they are, the comparison first
    text = report.headline
    assert text.index("Mentees ended") < text.index("Their own average") < text.index("Mentors ended")
    assert "13 mentees, 10 comparison pupils" in text and "8 mentors, 10 comparison pupils" in text


def test_attrition_by_arm_and_unlisted_roles(written: tuple) -> None:  # type: ignore[type-arg]
    _, _, report, issues = written
    mentees = report.sections[0]
    assert [(a.arm, a.first.value, a.both.value, a.lost_pct) for a in mentees.attrition] == [
        ("mentees", 13, 13, 0),
        ("comparison pupils", 10, 10, 0),
    ]
    warned = [i for i in issues if i.code == "role_not_given"]
    assert warned and "2 pupils" in warned[0].message and "'Staff helper'" in warned[0].message


def test_the_views_show_each_role_with_the_comparison_first(written: tuple) -> None:  # type: ignore[type-arg]
    _, files, _, _ = written
    page = html.unescape(files[0].read_text(encoding="utf-8"))
    # one table of each kind for both roles (a "Who" column), the comparison table first
    at = page.index("<h2>Mentees and mentors: what changed")
    compared = page.index("<h3>Compared with pupils who did not take part", at)
    before = page.index("<h3>Before and after", compared)
    for start, end in ((compared, before), (before, page.index("</table>", before))):
        part = page[start:end]
        assert part.index('<td class="who">Mentees') < part.index('<td class="who">Mentors')
    names = [f.name for f in files]
    assert "smhl-detail-summer-2027-mentees.xlsx" in names and "smhl-detail-summer-2027-mentors.xlsx" in names
    ws = openpyxl.load_workbook(files[1])["Outcomes"]
    col_a = [r[0] for r in ws.iter_rows(values_only=True)]
    assert col_a.index("Mentees") < col_a.index("Mentors")


def test_a_role_column_missing_from_the_surveys_is_located(tmp_path: Path) -> None:
    from peerimpact.governors.build import build_report
    from peerimpact.governors.programme import load_programme
    from peerimpact.issues import PeerimpactError

    _write(tmp_path / "autumn.xlsx", 0)
    _write(tmp_path / "summer.xlsx", 1)
    (tmp_path / "programme.toml").write_text(
        PROGRAMME.replace('role_column = "Role"', 'role_column = "Pupil role"'), encoding="utf-8"
    )
    with pytest.raises(PeerimpactError) as exc:
        build_report(load_programme(tmp_path / "programme.toml"), "summer-2027")
    assert "analysis.role_column" in exc.value.issue.message and exc.value.issue.row == 7


def test_the_comparison_pupils_attrition_row_is_printed_once_unless_it_differs_by_role() -> None:
    """The HTML's one attrition table: the comparison pupils' row once when it is the same beside each
    role; named per role when the roles' outcomes count different comparison pupils."""
    from peerimpact.governors.model import ArmAttrition, Count, RoleSection
    from peerimpact.reports.html_outcomes import _attrition

    def sec(role: str, label: str, first: int, both: int, c_first: int, c_both: int) -> RoleSection:
        s = RoleSection(role=role, label=label, design="comparison")
        s.attrition = [
            ArmAttrition(role, Count(first), Count(both), round(100 * (first - both) / first)),
            ArmAttrition("comparison pupils", Count(c_first), Count(c_both), 10),
        ]
        return s

    same = _attrition([sec("mentees", "Mentees", 20, 18, 30, 27), sec("mentors", "Mentors", 10, 9, 30, 27)])
    assert same.count("<td>Comparison pupils</td>") == 1 and "beside" not in same
    assert same.index("Mentees") < same.index("Comparison pupils") < same.index("Mentors")
    apart = _attrition([sec("mentees", "Mentees", 20, 18, 30, 27), sec("mentors", "Mentors", 10, 9, 29, 26)])
    assert "Comparison pupils (beside mentees)" in apart and "Comparison pupils (beside mentors)" in apart
