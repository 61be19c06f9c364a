"""The SMHL's follow-up list (SPEC §6.1) from hand-made surveys with known reliable changes.

Expected flags are worked out by hand from the instruments' published reliable-change figures
(Jacobson & Truax 1991: SE_m = SD·√(1 − r), S_diff = √2·SE_m, reliably worse beyond 1.96·S_diff points in the
worse direction), never by running the code under test.
"""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest

from peerimpact.comparison.files import compare_files
from peerimpact.comparison.follow_up import build_follow_up, expected_by_chance
from peerimpact.reports.excel.compare import write_compare_workbook

# A school's own 4-item worry check, answered 0-3 (total 0-12, lower is better), with a published SD and
# reliability in its file: SE_m = 2.5·√(1 − 0.68) = 2.5·√0.32 = 1.41421; S_diff = √2·1.41421 = 2.0 exactly, so
# RCI = change / 2 and a rise of 1.96·2 = 3.92 points or more is reliably worse.  Clinical range: 8 or more.
WORRY = """format_version = 1
name = "worry"
title = "Worry check"
licence = "Written by our school"
items = 4

[options]
labels = [["Never", 0], ["Sometimes", 1], ["Often", 2], ["Always", 3]]

[[scales]]
name = "total"
title = "Worry total"
items = [1, 2, 3, 4]
direction = "lower_is_better"
range = [0, 12]
bands = [{ label = "close to average", up_to = 4 }, { label = "raised", up_to = 7 }, { label = "high" }]
norms = { sd = 2.5, reliability = 0.68, source = "our test norms" }
clinical = { op = ">=", value = 8, source = "our test cut-off" }
"""
ANSWERS = {  # total -> the four answers that add up to it
    1: (1, 0, 0, 0),
    2: (1, 1, 0, 0),
    3: (1, 1, 1, 0),
    4: (1, 1, 1, 1),
    5: (2, 2, 1, 0),
    6: (2, 2, 2, 0),
    7: (2, 2, 2, 1),
    8: (2, 2, 2, 2),
    9: (3, 3, 3, 0),
    10: (3, 3, 3, 1),
}
#            pre -> post   change  RCI   worse?  post clinical?  concern
PUPILS = {
    "A": (2, 9),  # +7  3.5  yes  yes (9, high)   1
    "B": (5, 9),  # +4  2.0  yes  yes (9, high)   1, after A (smaller deterioration)
    "C": (1, 6),  # +5  2.5  yes  no  (6, raised) 2
    "D": (9, 10),  # +1  0.5  no   yes (10, high)  3
    "E": (10, 8),  # −2 −1.0  no   yes (8, high)   3, after D (improved)
    "F": (3, 6),  # +3  1.5  no   no              not listed
    "G": (4, 7),  # +3  1.5  no   no  (7, raised) not listed
}


def _survey(path: Path, totals: dict[str, int], extra: dict[str, str] | None = None) -> Path:
    head = "id,year," + ",".join(f"worry_{i}" for i in range(1, 5)) + (",arm" if extra else "")
    lines = [head]
    for pid, total in totals.items():
        labels = [["Never", "Sometimes", "Often", "Always"][a] for a in ANSWERS[total]]
        lines.append(",".join([pid, "Year 8", *labels, *([extra[pid]] if extra else [])]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(tmp_path: Path, pupils: dict[str, tuple[int, int]], arms: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    ins = tmp_path / "worry.toml"
    ins.write_text(WORRY, encoding="utf-8")
    pre = _survey(tmp_path / "pre.csv", {p: t[0] for p, t in pupils.items()}, arms)
    post = _survey(tmp_path / "post.csv", {p: t[1] for p, t in pupils.items()}, arms)
    return compare_files(
        pre,
        post,
        instrument_files=[ins],
        id_column="id",
        group_columns=["year"],
        comparison_column="arm" if arms else None,
    )


def test_the_published_threshold_is_the_one_worked_out_by_hand() -> None:
    s_diff = math.sqrt(2) * 2.5 * math.sqrt(1 - 0.68)
    assert s_diff == pytest.approx(2.0)
    assert 1.96 * s_diff == pytest.approx(3.92)


def test_listed_pupils_reasons_and_order(tmp_path: Path) -> None:
    fu = build_follow_up({"all": _run(tmp_path, PUPILS)})
    assert [r.id for r in fu.rows] == ["A", "B", "C", "D", "E"]
    assert [r.concern for r in fu.rows] == [1, 1, 2, 3, 3]
    a = fu.rows[0]
    assert a.role is None and a.arm == "programme" and a.groups == ("Year 8",)  # "all": roles pooled
    assert fu.group_columns == ("year",) and fu.measures == (("worry.total", "Worry total"),)
    m = a.measures[0]
    assert m is not None
    assert (m.before, m.after, m.change, m.band, m.clinical, m.reliably_worse) == (
        2.0,
        9.0,
        7.0,
        "high",
        True,
        True,
    )
    assert m.rci == pytest.approx(3.5)
    assert a.reasons == "reliably worse: Worry total; clinical range now: Worry total (high)"
    assert fu.rows[2].reasons == "reliably worse: Worry total"
    assert fu.rows[4].reasons == "clinical range now: Worry total (high)"
    # 7 pupils, 3 reliably worse; 7 × 0.025 = 0.175 -> fewer than 1 expected by chance
    (c,) = fu.chance
    assert (c.n, c.worse, c.expected) == (7, 3, 0)
    assert c.sentence.startswith("3 of 7 programme pupils reliably got worse on Worry total; fewer than 1")


def test_the_run_counts_agree_with_the_reliable_change_outcome(tmp_path: Path) -> None:
    run = _run(tmp_path, PUPILS)
    fu = build_follow_up({"all": run})
    (o,) = [o for o in run.overall if o.measure == "worry.total"]
    assert o.reliable_change is not None
    assert fu.chance[0].worse == o.reliable_change.deteriorated == 3


def test_pupils_sheet_order_band_and_the_sheets(tmp_path: Path) -> None:
    run = _run(tmp_path, PUPILS)
    fu = build_follow_up({"all": run})
    assert [p.id for p in fu.pupils["all"]] == ["A", "B", "C", "D", "E", "F", "G"]
    # F and G tie on RCI 1.5: id decides
    out = tmp_path / "smhl.xlsx"
    write_compare_workbook(run, out, fu)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:3] == ["Summary", "Follow-up", "For the DSL"]
    for name in ("Follow-up", "For the DSL", "Pupils"):
        ws = wb[name]
        assert ws["A1"].value == "Pupil-level data — Senior Mental Health Lead only: not for circulation"
        assert "Senior Mental Health Lead only" in ws.oddHeader.center.text
        assert ws.auto_filter.ref and ws.freeze_panes
    ws = wb["Follow-up"]
    assert ws["A2"].value == "Pupil id" and ws["A3"].value == "A" and ws["A7"].value == "E"
    assert ws.freeze_panes == "B3"
    pupils = wb["Pupils"]
    assert [pupils.cell(r, 1).value for r in range(3, 10)] == ["A", "B", "C", "D", "E", "F", "G"]
    assert (
        pupils["I2"].value == "Band now" and pupils["I3"].value == "high" and pupils["I5"].value == "raised"
    )
    dsl = wb["For the DSL"]
    assert "None of the questionnaires used has a risk item" in dsl["A3"].value
    assert "For the Designated Safeguarding Lead" in dsl.oddHeader.left.text


def test_comparison_pupils_are_judged_by_the_same_criterion(tmp_path: Path) -> None:
    pupils = PUPILS | {"H": (2, 7), "I": (2, 5), "J": (3, 3), "K": (4, 4), "L": (5, 4)}
    arms = {p: "Comparison" if p in "HIJKL" else "Participant" for p in pupils}
    fu = build_follow_up({"mentees": _run(tmp_path, pupils, arms)})
    # H: +5, RCI 2.5 beyond 1.96 -> reliably worse, not clinical (7, raised); I: +3, RCI 1.5 -> not listed
    h = next(r for r in fu.rows if r.id == "H")
    assert (h.arm, h.role, h.concern) == ("comparison", None, 2)
    assert "I" not in {r.id for r in fu.rows}
    assert [r.id for r in fu.rows if r.concern == 2] == ["H", "C"]  # RCI 2.5 each: role "" sorts first
    by_arm = {(c.role, c.arm): (c.n, c.worse) for c in fu.chance}
    assert by_arm == {("mentees", "programme"): (7, 3), (None, "comparison"): (5, 1)}
    assert next(c for c in fu.chance if c.arm == "programme").sentence.startswith("3 of 7 mentees")


@pytest.mark.parametrize(
    ("n", "expected"),
    [(83, 2), (20, 1), (19, 0), (60, 2), (100, 3), (140, 4), (0, 0)],
)
def test_expected_by_chance_is_n_times_2_5_percent_rounded_half_up(n: int, expected: int) -> None:
    # by hand: 83 × 0.025 = 2.075 -> 2; 20 × 0.025 = 0.5 -> 1; 19 × 0.025 = 0.475 -> 0; 60 -> 1.5 -> 2;
    # 100 -> 2.5 -> 3; 140 -> 3.5 -> 4
    assert expected_by_chance(n) == expected


def _wemwbs(path: Path, totals: dict[str, int]) -> Path:
    """14 WEMWBS answers (1-5) adding up to each total: all 1s, then +4 per item from item 1 on."""
    words = ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]
    lines = ["id," + ",".join(f"wemwbs_{i}" for i in range(1, 15))]
    for pid, total in totals.items():
        extra, codes = total - 14, []
        for _ in range(14):
            step = min(4, extra)
            codes.append(1 + step)
            extra -= step
        lines.append(",".join([pid, *(words[c - 1] for c in codes)]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_wemwbs_published_reliable_change_threshold(tmp_path: Path) -> None:
    # WEMWBS norms shipped from Clarke et al. 2011 (BMC Public Health 11:487): SD 6.8, alpha 0.87, pupils 13-16.
    # SE_m = 6.8·√0.13 = 2.4518; S_diff = √2·2.4518 = 3.4673; 1.96·3.4673 = 6.796 points: a fall of 7 is
    # reliably worse (RCI −7/3.4673 = −2.02), a fall of 6 is not (−1.73).  WEMWBS has no bands or cut-off.
    assert 1.96 * math.sqrt(2) * 6.8 * math.sqrt(0.13) == pytest.approx(6.796, abs=5e-4)
    pre = {"P1": 50, "P2": 50, "P3": 40, "P4": 50, "P5": 45}
    post = {"P1": 43, "P2": 44, "P3": 47, "P4": 50, "P5": 37}
    run = compare_files(_wemwbs(tmp_path / "a.csv", pre), _wemwbs(tmp_path / "b.csv", post), id_column="id")
    fu = build_follow_up({"all": run})
    assert [(r.id, r.concern) for r in fu.rows] == [("P5", 2), ("P1", 2)]  # −8 before −7
    p1 = fu.rows[1].measures[0]
    assert p1 is not None and p1.rci == pytest.approx(-7 / 3.4673, abs=1e-3) and p1.band is None
    assert (fu.chance[0].n, fu.chance[0].worse, fu.chance[0].expected) == (5, 2, 0)


def test_a_hand_made_run_of_pupil_changes() -> None:
    from peerimpact.comparison.model import CompareRun, PupilChange

    # higher is better (no outcome says otherwise); the RCI is given: −2.5 is beyond −1.96 (worse), −1.5 is not
    pupils = [
        PupilChange(
            "P1", "x.total", 30.0, 20.0, -10.0, -2.5, "reliably deteriorated", "programme", "low", True
        ),
        PupilChange("P2", "x.total", 30.0, 24.0, -6.0, -1.5, "no reliable change", "programme", "low", True),
        PupilChange("P3", "x.total", 30.0, 40.0, 10.0, 2.5, "reliably improved", "programme", "high", False),
        PupilChange("C1", "x.total", 30.0, 20.0, -10.0, -2.5, None, "comparison", "low", True),
        PupilChange("C2", "x.total", 30.0, 24.0, -6.0, -1.5, None, "comparison", "low", False),
    ]
    run = CompareRun(
        0.05, "comparison_group", "", [], {}, [], pupils=pupils, pupil_groups={"sex": {"P1": "F"}}
    )
    fu = build_follow_up({"mentees": run})
    assert [(r.id, r.role, r.concern, r.groups) for r in fu.rows] == [
        ("C1", None, 1, (None,)),
        ("P1", "mentees", 1, ("F",)),
        ("P2", "mentees", 3, (None,)),
    ]
    assert [(c.arm, c.n, c.worse) for c in fu.chance] == [("programme", 3, 1), ("comparison", 2, 1)]
    assert [p.id for p in fu.pupils["mentees"]] == ["P1", "P2", "P3", "C1", "C2"]


def test_two_roles_share_the_comparison_pupils_once() -> None:
    from peerimpact.comparison.model import CompareRun, PupilChange

    def run(pid: str) -> CompareRun:
        pupils = [
            PupilChange("C1", "x.total", 30.0, 20.0, -10.0, -2.5, None, "comparison"),
            PupilChange(pid, "x.total", 30.0, 20.0, -10.0, -3.0, "reliably deteriorated", "programme"),
        ]
        return CompareRun(0.05, "comparison_group", "", [], {}, [], pupils=pupils)

    fu = build_follow_up({"mentees": run("M1"), "mentors": run("T1")})
    # RCI −3.0 (the mentee and the mentor) before −2.5 (the comparison pupil); the mentee's role sorts first
    assert [(r.id, r.role) for r in fu.rows] == [("M1", "mentees"), ("T1", "mentors"), ("C1", None)]
    assert [(c.role, c.arm, c.n) for c in fu.chance] == [
        ("mentees", "programme", 1),
        ("mentors", "programme", 1),
        (None, "comparison", 1),
    ]


def test_the_streamed_follow_up_sheet_holds_every_row_of_the_follow_up(tmp_path: Path) -> None:
    """The Follow-up rows are written as XML (issue 17): read back, every cell is the FollowUp's own field,
    and the counts beside chance follow the table, each sentence merged across the sheet."""
    from peerimpact.comparison.follow_up_model import CONCERN_WORDS

    run = _run(tmp_path, PUPILS)
    fu = build_follow_up({"all": run})
    assert fu.rows and fu.chance
    out = tmp_path / "smhl.xlsx"
    write_compare_workbook(run, out, fu)
    ws = openpyxl.load_workbook(out)["Follow-up"]
    got = [list(r) for r in ws.iter_rows(min_row=3, values_only=True)]
    for row, cells in zip(fu.rows, got, strict=False):
        want: list[object] = [row.id, row.role or "–", row.arm, *row.groups, CONCERN_WORDS[row.concern]]
        for x in row.measures:
            want += [None] * 4 if x is None else [x.before, x.after, x.change, x.band]
        want.append(row.reasons)
        assert cells[: len(want)] == want
    tail = got[len(fu.rows) :]
    assert all(v is None for v in tail[0])  # a blank row, then the section and its sentences
    assert tail[1][0] == "Reliably worse, beside chance"
    assert [r[1] for r in tail[2:]] == [c.sentence for c in fu.chance] + [fu.note]
    merged = {str(m) for m in ws.merged_cells.ranges}
    first = 3 + len(fu.rows) + 2
    assert all(any(m.startswith(f"B{first + i}:") for m in merged) for i in range(len(fu.chance) + 1))
