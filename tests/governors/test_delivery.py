"""Delivery term by term, reach by characteristics and targets (SPEC §6.1, issue 15).

The programme here is written by hand: a three-term activity log of a few weeks whose sums are worked out
in the comments, and one survey in the first term with roles, year groups, gender, SEND and pupil premium.
Every expected figure below is the hand calculation written beside it, not a value read back from the
code under test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from peerimpact.governors.characteristics import NOT_RECORDED, level_of

# Week starting, sessions, meetings, new mentees, new mentors, self, staff, sup. planned, sup. held, trained
LOG = [
    ("07/09/2026", 10, 1, 6, 8, 2, 4, 2, 2, 8),
    ("14/09/2026", 14, 0, 6, 0, 4, 2, 2, 1, 0),
    ("11/01/2027", 20, 1, 3, 0, 1, 2, 2, 1, 0),
    ("18/01/2027", 16, 0, 7, 0, 2, 5, 2, 2, 0),
    ("19/04/2027", 12, 1, 5, 0, 5, 0, 2, 2, 0),
]
# Autumn: sessions 10+14 = 24; new mentees 6+6 = 12; mentors 8; self 2+4 = 6; staff 4+2 = 6;
#         supervision 2+1 = 3 of 2+2 = 4 (75%); trained 8.
# Spring: sessions 20+16 = 36; new mentees 3+7 = 10 (so far 22); self 1+2 = 3 (< 5: hidden); staff 2+5 = 7;
#         supervision 1+2 = 3 of 4 (75%); trained 0.
# Summer: sessions 12; new mentees 5 (so far 27); self 5, staff 0; supervision 2 of 2 (100%).
HEAD = (
    "Week starting,Mentoring sessions held,Mentor team meetings held,New mentees,New mentors,Self-referrals,"
    "Staff referrals,Supervision sessions planned,Supervision sessions delivered,Mentors completing training"
)

TOML = """format_version = 1

[programme]
name = "Test Mentors"
school = "Test School"
report_for = "Governors"
next_steps = ["=SUM(A1) mentors: book their supervision", "Ask Year 9 tutors to explain self-referral"]

[analysis]
role_column = "Role"
[analysis.roles]
mentor = ["Mentor"]
mentee = ["Mentee"]
comparison = ["Comparison"]

[targets]
mentees = 23
sessions = 60
sessions_per_mentee = 2.7
mentors_trained = 9
supervision_delivered = 0.75
self_referral_share = 0.3

[terms.autumn-2026]
name = "Autumn 2026"
start = 2026-09-01
end = 2026-12-18
activity_log = "log.csv"
[terms.autumn-2026.surveys]
wellbeing = "survey.csv"

[terms.spring-2027]
name = "Spring 2027"
start = 2027-01-04
end = 2027-03-26
activity_log = "log.csv"

[terms.summer-2027]
name = "Summer 2027"
start = 2027-04-12
end = 2027-07-21
activity_log = "log.csv"
"""

ANSWERS = ["Often"] * 3 + ["Some of the time"] * 4


def _survey() -> list[list[Any]]:
    """12 mentees, 9 mentors and 6 comparison pupils (not reached)."""
    rows: list[list[Any]] = []
    n = 0

    def add(role: str, year: Any, gender: str, send: str, pp: str) -> None:
        nonlocal n
        n += 1
        rows.append([f"P{n:03d}", role, year, gender, send, pp, *ANSWERS])

    # mentees: Year 7 ×7, Year 8 ×3 ("Y8"), Year 9 ×2 ("9"); F 6, M 6; SEND K 2, N 10; PP Y 5, N 7
    years = [7] * 7 + ["Y8"] * 3 + ["9"] * 2
    for i, y in enumerate(years):
        add("Mentee", y, "F" if i % 2 == 0 else "M", "K" if i < 2 else "N", "Y" if i < 5 else "N")
    # mentors: Year 10 ×5, Year 11 ×4; Female 5, Male 4; SEND N 9; PP Y 1, N 8
    for i in range(9):
        add("mentor", 10 if i < 5 else 11, "Female" if i < 5 else "Male", "N", "Y" if i == 0 else "N")
    for _ in range(6):
        add("Comparison", 7, "F", "N", "N")
    return rows


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("delivery")
    (root / "programme.toml").write_text(TOML, encoding="utf-8")
    (root / "log.csv").write_text(
        HEAD + "\n" + "\n".join(",".join(str(v) for v in row) for row in LOG) + "\n", encoding="utf-8"
    )
    head = ["Pupil ID", "Role", "Year group", "Gender", "SEND", "Pupil premium"]
    head += [f"swemwbs_{i}" for i in range(1, 8)]
    lines = [",".join(head)] + [",".join(str(v) for v in r) for r in _survey()]
    (root / "survey.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root / "programme.toml"


@pytest.fixture(scope="module")
def reports(programme: Path) -> dict[str, tuple[list[Path], Any]]:
    from peerimpact.cli.report import write_report

    out = {}
    for term in ("autumn-2026", "spring-2027", "summer-2027"):
        files, report, _ = write_report(programme, term)
        out[term] = (files, report)
    return out


def _v(c: Any) -> Any:
    return None if c is None else c.value


def test_delivery_rows_are_the_hand_sums_of_the_log(reports: dict[str, Any]) -> None:
    report = reports["summer-2027"][1]
    rows = {d.term: d for d in report.delivery}
    assert list(rows) == ["Autumn 2026", "Spring 2027", "Summer 2027", "So far"]
    a, s, u, t = rows.values()
    assert (a.sessions, s.sessions, u.sessions, t.sessions) == (24, 36, 12, 72)
    assert [_v(d.new_mentees) for d in (a, s, u, t)] == [12, 10, 5, 27]
    assert [_v(d.mentees_so_far) for d in (a, s, u, t)] == [12, 22, 27, 27]
    # dose: 24 / 12 = 2.0; 36 / 22 = 1.636… → 1.6; 12 / 27 = 0.444… → 0.4; 72 / 27 = 2.666… → 2.7
    assert [d.per_mentee for d in (a, s, u, t)] == [2.0, 1.6, 0.4, 2.7]
    assert [(d.supervision_delivered, d.supervision_planned, d.supervision_pct) for d in (a, s, u, t)] == [
        (3, 4, 75),
        (3, 4, 75),
        (2, 2, 100),
        (8, 10, 80),
    ]
    assert (_v(a.self_referrals), _v(a.staff_referrals), a.self_share) == (6, 6, 50)
    assert (_v(u.self_referrals), _v(u.staff_referrals), u.self_share) == (5, 0, 100)
    assert [_v(d.trained) for d in (a, s, u, t)] == [8, 0, 0, 8]
    # referrals are not added up over the terms (a total would give spring's hidden 3 back)
    assert t.self_referrals is None and t.staff_referrals is None and t.self_share is None


def test_a_small_referral_count_is_hidden_alike_in_every_terms_report(reports: dict[str, Any]) -> None:
    """Spring's 3 self-referrals are below 5; its 7 staff referrals add up with them to spring's 10 new
    mentees, so they are hidden too, in the spring report and again in the summer one — and no share."""
    for term in ("spring-2027", "summer-2027"):
        files, report = reports[term]
        spring = next(d for d in report.delivery if d.term == "Spring 2027")
        assert spring.self_referrals.why == "primary" and spring.self_referrals.value is None
        assert spring.staff_referrals.value is None and spring.staff_referrals.why == "secondary"
        assert spring.self_share is None and _v(spring.new_mentees) == 10
        page = next(f for f in files if f.suffix == ".html").read_text(encoding="utf-8")
        assert "a hidden number of were" not in page
        # the sentence that broke ("a hidden number of were referred") is gone: referrals are given term by
        # term in the delivery table, c where hidden
        book = openpyxl.load_workbook(
            next(f for f in files if f.name.startswith("governors") and f.suffix == ".xlsx")
        )
        row = next(r for r in book["Delivery by term"].iter_rows(values_only=True) if r[0] == "Spring 2027")
        assert row[8:11] == ("c", "c", "c")
    autumn = reports["autumn-2026"][1].delivery[0]
    assert (_v(autumn.self_referrals), _v(autumn.staff_referrals)) == (6, 6)


def test_targets_met_at_the_boundary_and_hidden_figures_not_judged(reports: dict[str, Any]) -> None:
    spring = {t.key: t for t in reports["spring-2027"][1].targets}
    # mentees so far 22 < 23; sessions 24 + 36 = 60 = 60 (equal: met); per mentee 60 / 22 = 2.727… → 2.7
    # = 2.7 (met); trained 8 < 9; supervision 3 of 4 = 75% = 75% (met); self-referral share hidden
    assert {k: t.status for k, t in spring.items()} == {
        "mentees": "not met",
        "sessions": "met",
        "sessions_per_mentee": "met",
        "mentors_trained": "not met",
        "supervision_delivered": "met",
        "self_referral_share": "not shown (small numbers)",
    }
    assert (
        spring["supervision_delivered"].text
        == "Supervision sessions delivered this term: 75% (target 75%) — met"
    )
    assert spring["self_referral_share"].figure is None
    assert spring["sessions_per_mentee"].text == "Sessions per mentee so far: 2.7 (target 2.7) — met"
    summer = {t.key: t for t in reports["summer-2027"][1].targets}
    # summer: self 5 of 5 = 100% ≥ 30%; mentees 27 ≥ 23; sessions per mentee 72 / 27 = 2.7 (met)
    assert summer["self_referral_share"].status == "met" and summer["self_referral_share"].figure == 100
    assert summer["mentees"].status == "met"


def test_next_steps_are_printed_as_given_and_never_as_a_formula(reports: dict[str, Any]) -> None:
    files, report = reports["summer-2027"]
    assert report.next_steps[0] == "=SUM(A1) mentors: book their supervision"
    page = next(f for f in files if f.suffix == ".html").read_text(encoding="utf-8")
    assert "=SUM(A1) mentors: book their supervision" in page and "Targets and next steps" in page
    path = next(f for f in files if f.name.startswith("governors") and f.suffix == ".xlsx")
    book = openpyxl.load_workbook(path)
    cells = [c for r in book["Targets"].iter_rows() for c in r if c.value]
    step = next(c for c in cells if str(c.value).startswith("=SUM"))
    assert step.data_type == "s" and step.value == "=SUM(A1) mentors: book their supervision"


def test_reach_by_characteristic_counts_roles_apart_and_hides_small_levels(reports: dict[str, Any]) -> None:
    report = reports["autumn-2026"][1]
    rows = {(r.characteristic, r.level): {c.role: c for c in r.cells} for r in report.reach_by}
    assert list(next(iter(rows.values()))) == ["Mentees", "Mentors"]  # comparison pupils are not reached
    total = rows[("All", "All")]
    assert (_v(total["Mentees"].n), _v(total["Mentors"].n)) == (12, 9)
    y7 = rows[("Year group", "Year 7")]["Mentees"]
    assert (y7.n.value, y7.pct, y7.text) == (7, 58, "7 (58%)")  # 7 / 12 = 58.3%
    for level in ("Year 8", "Year 9"):  # 3 and 2: below 5; together 5, so each lies between 1 and 4
        assert rows[("Year group", level)]["Mentees"].text == "c"
    assert rows[("Gender", "Female")]["Mentees"].text == "6 (50%)"
    # SEND: 2 with SEN support (hidden), so the 10 without must be hidden too (12 − 10 = 2)
    assert rows[("SEND", "SEN support")]["Mentees"].n.why == "primary"
    assert rows[("SEND", "No")]["Mentees"].n.why == "secondary"
    assert rows[("Pupil premium", "Yes")]["Mentees"].text == "5 (42%)"  # 5 / 12 = 41.7%
    # mentors: 9 pupils, a group of 5–9 → percentages only; Year 11's 4 hidden takes Year 10's 5 with it
    assert rows[("Year group", "Year 11")]["Mentors"].text == "c"
    assert rows[("Year group", "Year 10")]["Mentors"].text == "c"
    assert rows[("SEND", "No")]["Mentors"].text == "100%"  # 9 / 9, count not shown
    assert rows[("Year group", "Year 7")]["Mentors"].text == "0%"


def test_reach_by_characteristic_is_the_same_in_html_and_workbook(reports: dict[str, Any]) -> None:
    files = reports["autumn-2026"][0]
    page = next(f for f in files if f.suffix == ".html").read_text(encoding="utf-8")
    assert "Pupils reached, by characteristic" in page
    path = next(f for f in files if f.name.startswith("governors") and f.suffix == ".xlsx")
    sheet = list(openpyxl.load_workbook(path)["Delivery by term"].iter_rows(values_only=True))
    y8 = next(r for r in sheet if r[:2] == ("Year group", "Year 8"))
    assert y8[2:6] == ("c", "c", "–", 0)  # mentees hidden; mentors (a group of 9): 0%, no count
    send = next(r for r in sheet if r[:2] == ("SEND", "No"))
    assert send[4:6] == ("–", 100)  # mentors: a group of 9, the percentage only


@pytest.mark.parametrize(
    ("characteristic", "cell", "level"),
    [
        ("Year group", 7, "Year 7"),
        ("Year group", 7.0, "Year 7"),
        ("Year group", "Y8", "Year 8"),
        ("Year group", "Year 10", "Year 10"),
        ("Gender", "f", "Female"),
        ("Gender", "non-binary", "Non-binary"),
        ("SEND", "K", "SEN support"),
        ("SEND", "E", "EHC plan"),
        ("SEND", "N", "No"),
        ("Pupil premium", "Yes", "Yes"),
        ("Pupil premium", 0, "No"),
        ("Pupil premium", "  ", NOT_RECORDED),
        ("SEND", None, NOT_RECORDED),
    ],
)
def test_levels_are_read_as_schools_write_them(characteristic: str, cell: Any, level: str) -> None:
    assert level_of(characteristic, cell) == level


def test_delivery_chart_has_labelled_axes_and_leaves_hidden_shares_out(reports: dict[str, Any]) -> None:
    from peerimpact.reports.html_delivery import delivery_chart

    report = reports["summer-2027"][1]
    svg = delivery_chart(report.delivery)
    assert ">Per cent</text>" in svg and ">Term</text>" in svg  # both axes named
    assert all(f">{tick}%</text>" in svg for tick in (0, 25, 50, 75, 100))
    assert all(f">{name}</text>" in svg for name in ("Autumn 2026", "Spring 2027", "Summer 2027"))
    # supervision 75%, 75%, 100%: three points; self-referral share 50%, hidden, 100%: two points, no line
    assert svg.count('fill="#1b7f79"/>') == 3 and svg.count('fill="#b4541a"/>') == 2
    assert svg.count('stroke="#b4541a" stroke-width="2.5" stroke-dasharray') == 1  # the legend's only
    assert delivery_chart(reports["autumn-2026"][1].delivery) == ""  # one term: no chart
