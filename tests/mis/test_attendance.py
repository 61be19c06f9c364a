"""Attendance summaries: DfE measures against hand counts, bad input as located issues, every row accounted.

Hand counts (DfE: attendance % = (present + AEA) / possible × 100; persistent absence = missing 10% or more of
possible sessions; severe = 50% or more; formats.md §2.4):
180 possible, 150 present, 6 AEA → 156 / 180 = 86.67%, 24 missed ≥ 18 → persistent, 24 < 90 → not severe.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import make_table
from tests.mis.helpers import DATA, strings, triples

from peerimpact.issues import PeerimpactError
from peerimpact.mis.attendance import (
    AttendancePeriod,
    attendance_from_table,
    looks_like_attendance,
    read_attendance,
)

SIMS = [
    "UPN",
    "Surname",
    "Possible Sessions",
    "Present",
    "AEA",
    "Authorised Absences",
    "Unauthorised Absences",
]


def one(
    possible: Any, present: Any, aea: Any = 0, auth: Any = 0, unauth: Any = 0, **kw: Any
) -> AttendancePeriod:
    """One pupil's SIMS-style row, read."""
    table = make_table(SIMS, [["H801200001001", "Sampleton", possible, present, aea, auth, unauth]])
    return attendance_from_table(table, **kw)


def test_rate_and_persistent_absence_from_hand_counts() -> None:
    a = one(180, 150, 6, 20, 4)
    assert a.rate[0] == pytest.approx(100 * 156 / 180)  # 86.666…
    assert a.rate[0] == pytest.approx(86.67, abs=0.005)
    assert a.persistent[0] == 1.0 and a.severe[0] == 0.0
    assert a.values("attendance.rate")[0] == a.rate[0]
    assert a.values("attendance.persistent_absence")[0] == 1.0
    assert a.status == ["used"] and a.counts == {"read": 1, "used": 1, "excluded": 0}


@pytest.mark.parametrize(
    ("present", "persistent"),
    [(162, 1.0), (163, 0.0), (161, 1.0)],  # 162/180 = 90.0% exactly: "10% or more" missed → persistent
)
def test_the_ten_percent_boundary_is_inclusive(present: int, persistent: float) -> None:
    a = one(180, present, 0, 180 - present)
    assert a.persistent[0] == persistent


@pytest.mark.parametrize(("present", "severe"), [(50, 1.0), (51, 0.0), (49, 1.0)])
def test_the_fifty_percent_boundary_is_inclusive(present: int, severe: float) -> None:
    assert one(100, present, 0, 100 - present).severe[0] == severe


def test_aea_counts_as_attendance() -> None:
    # 170 present + 10 AEA of 200 = 90.0%: persistent exactly; without the AEA it would be 85%
    a = one(200, 170, 10, 20)
    assert a.rate[0] == pytest.approx(90.0) and a.persistent[0] == 1.0


@pytest.mark.parametrize(("possible", "short"), [(19, True), (20, False)])
def test_short_enrolment_is_left_out_of_rates(possible: int, short: bool) -> None:
    a = one(possible, possible)
    assert math.isnan(a.rate[0]) is short
    assert a.possible[0] == possible  # the counts are kept
    if short:
        assert a.status == ["excluded"] and a.reason == ["short enrolment (19 possible sessions)"]
        assert triples(a.issues, "short_enrolment") == {("short_enrolment", 2, "UPN")}
        assert math.isnan(a.persistent[0]) and math.isnan(a.severe[0])


def test_min_sessions_is_configurable() -> None:
    assert one(10, 9, min_sessions=5).rate[0] == pytest.approx(90.0)
    assert math.isnan(one(10, 9, min_sessions=11).rate[0])


def test_the_sims_fixture_row_by_row() -> None:
    a = read_attendance(str(DATA / "sims_summary.csv"))
    assert a.kind == "summary" and a.id_column.kind == "upn"
    rate = dict(zip(a.ids, a.rate.tolist(), strict=True))
    assert rate["H801200001001"] == pytest.approx(86.6667, abs=1e-4)
    assert rate["B801200005001"] == pytest.approx(90.0)
    assert rate["X801200001002"] == pytest.approx(100 * 163 / 180)
    assert rate["G801200001010"] == pytest.approx(100 * 164 / 180)  # 91.11%: the file says 85.0
    pa = dict(zip(a.ids, a.persistent.tolist(), strict=True))
    sa = dict(zip(a.ids, a.severe.tolist(), strict=True))
    assert (pa["B801200005001"], pa["X801200001002"]) == (1.0, 0.0)
    assert (sa["L801200001003"], sa["A801200001004"], pa["A801200001004"]) == (1.0, 0.0, 1.0)
    expected = {
        ("short_enrolment", 7, "UPN"),
        ("possible_sessions_zero", 8, "Possible Sessions"),
        ("negative_count", 9, "Authorised Absences"),
        ("attended_over_possible", 10, "Present"),
        ("mis_value_invalid", 11, "Present"),
        ("attendance_mismatch", 12, "Attendance %"),
        ("missing_id", 13, "UPN"),
        ("mis_value_missing", 14, "Possible Sessions"),
        ("duplicate_mis_row", 15, "UPN"),
    }
    assert triples([i for i in a.issues if i.code != "layout_detected"]) == expected
    bad = {i.code: i for i in a.issues}
    assert bad["negative_count"].value == "-2" and bad["mis_value_invalid"].value == "abc"
    assert bad["attendance_mismatch"].file == "sims_summary.csv"
    excluded = {
        a.source.rows[p]: r
        for p, (s, r) in enumerate(zip(a.status, a.reason, strict=True))
        if s == "excluded"
    }
    assert set(excluded) == {7, 8, 9, 10, 11, 13, 14, 15}
    assert excluded[15] == "duplicate of row 2" and excluded[13] == "no pupil id"
    assert a.counts == {"read": 14, "used": 6, "excluded": 8}
    assert "differs from the counts" in a.reason[10]  # row 12: used, with the mismatch noted


def test_bad_rows_give_nan_not_an_exception() -> None:
    a = read_attendance(str(DATA / "sims_summary.csv"))
    k = a.ids.index("W801200001009")  # 'abc' in Present
    assert all(math.isnan(getattr(a, f)[k]) for f in ("possible", "present", "rate", "persistent"))


def test_names_and_other_columns_never_reach_the_result() -> None:
    a = read_attendance(str(DATA / "sims_summary.csv"))
    held = set(strings(a))
    assert not held & {"Sampleton", "Testwood", "Ava", "Noah", "Surname", "Forename"}
    assert a.source.columns == [
        "UPN",
        "Reg Group",
        "Year",
        "Possible Sessions",
        "Present",
        "AEA",
        "Authorised Absences",
        "Unauthorised Absences",
        "Attendance %",
    ]


def test_no_aea_column_counts_aea_as_zero_once() -> None:
    table = make_table(
        ["UPN", "Possible Sessions", "Present"], [["H801200001001", 100, 90], ["B801200005001", 100, 80]]
    )
    a = attendance_from_table(table)
    assert [i.code for i in a.issues].count("aea_missing") == 1
    assert a.aea.tolist() == [0.0, 0.0] and a.rate.tolist() == pytest.approx([90.0, 80.0])
    assert next(i for i in a.issues if i.code == "aea_missing").severity == "info"


@pytest.mark.parametrize(
    ("percent", "flagged"),
    [
        ("86.7", False),
        ("86.8", True),
        ("86.5", True),
        (86.6, False),
        (0.8667, False),
        ("", False),
        ("88", True),
    ],
)
def test_the_exports_own_percentage_is_cross_checked(percent: object, flagged: bool) -> None:
    # derived 86.666…: 86.7 is within 0.1; 86.8 and 86.5 are not; a fraction 0.8667 is 86.67%;
    # a whole number is compared within its rounding (0.5), so 87 passes and 88 does not
    table = make_table(
        ["UPN", "Possible Sessions", "Present", "AEA", "Attendance %"],
        [["H801200001001", 180, 150, 6, percent]],
    )
    a = attendance_from_table(table)
    assert ("attendance_mismatch" in [i.code for i in a.issues]) is flagged
    assert a.status == ["used"]


def test_whole_number_percentages_are_checked_within_their_rounding() -> None:
    rows = [
        ["H801200001001", 180, 150, 6, 87],
        ["B801200005001", 180, 170, 0, 94],
        ["X801200001002", 180, 170, 0, 90],
    ]
    a = attendance_from_table(
        make_table(["UPN", "Possible Sessions", "Present", "AEA", "Attendance %"], rows)
    )
    # 86.67 vs 87 and 94.44 vs 94: rounding; 94.44 vs 90: a real disagreement
    assert triples(a.issues, "attendance_mismatch") == {("attendance_mismatch", 4, "Attendance %")}


def test_counts_that_do_not_add_up_are_flagged_but_used() -> None:
    a = one(180, 150, 6, 10, 4)  # 170, not 180
    assert triples(a.issues, "attendance_mismatch") == {("attendance_mismatch", 2, "Possible Sessions")}
    assert a.status == ["used"] and a.rate[0] == pytest.approx(100 * 156 / 180)


def test_text_numbers_as_csv_exports_write_them() -> None:
    a = one("1,180", "1,062", " 0 ", "118", "-")
    assert a.rate[0] == pytest.approx(90.0) and a.unauthorised[0] == 0.0


def test_arbor_headings_are_recognised_by_synonym() -> None:
    cols = [
        "Student UPN",
        "Last Name",
        "Possible Marks",
        "Present Marks",
        "Approved Educational Activity",
        "Attendance Rate",
    ]
    table = make_table(cols, [["H801200001001", "Testwood", 180, 150, 6, 0.8667]])
    assert looks_like_attendance(table) == "summary"
    a = attendance_from_table(table)
    assert a.columns["possible"] == "Possible Marks" and a.columns["aea"] == "Approved Educational Activity"
    assert a.rate[0] == pytest.approx(86.6667, abs=1e-4) and not triples(a.issues, "attendance_mismatch")


def test_mapping_names_columns_the_synonyms_do_not_know() -> None:
    cols = ["Pupil Ref", "Sess", "Here", "Trips"]
    table = make_table(cols, [["H801200001001", 180, 150, 6]])
    assert looks_like_attendance(table) is None
    mapping = {"Pupil Ref": "id", "sess": "possible", "Here": "present", "Trips": "aea"}
    assert looks_like_attendance(table, mapping) == "summary"
    a = attendance_from_table(table, mapping=mapping)
    assert a.id_column.column == "Pupil Ref" and a.rate[0] == pytest.approx(100 * 156 / 180)


def test_mapping_wins_over_a_synonym() -> None:
    cols = ["UPN", "Possible Sessions", "Present", "Present (corrected)"]
    table = make_table(cols, [["H801200001001", 100, 70, 90]])
    assert attendance_from_table(table).rate[0] == pytest.approx(70.0)
    a = attendance_from_table(table, mapping={"Present (corrected)": "present"})
    assert a.rate[0] == pytest.approx(90.0)


@pytest.mark.parametrize("mapping", [{"Nope": "present"}, {"Present": "presence"}])
def test_a_bad_mapping_stops_with_a_clear_issue(mapping: dict[str, str]) -> None:
    table = make_table(["UPN", "Possible Sessions", "Present"], [["H801200001001", 100, 90]])
    with pytest.raises(PeerimpactError) as err:
        attendance_from_table(table, mapping=mapping)
    assert err.value.issue.code == "mis_mapping_invalid"


def test_a_file_without_attendance_columns_stops() -> None:
    table = make_table(["UPN", "swemwbs_1"], [["H801200001001", "Often"]])
    assert looks_like_attendance(table) is None
    with pytest.raises(PeerimpactError) as err:
        attendance_from_table(table)
    assert err.value.issue.code == "mis_column_missing"


def test_an_unknown_measure_is_an_issue() -> None:
    with pytest.raises(PeerimpactError) as err:
        one(100, 90).values("attendance.rates")
    assert err.value.issue.code == "unknown_measure"


def test_results_are_read_only_and_records_are_plain() -> None:
    a = one(180, 162)
    with pytest.raises(ValueError):
        a.rate[0] = 1.0
    assert a.records() == [
        {
            "id": "H801200001001",
            "possible": 180.0,
            "present": 162.0,
            "aea": 0.0,
            "authorised": 0.0,
            "unauthorised": 0.0,
            "attendance.rate": pytest.approx(90.0),
            "attendance.persistent_absence": True,
            "attendance.severe_absence": False,
        }
    ]


def test_a_wrong_upn_check_letter_is_a_warning_and_the_row_is_used() -> None:
    a = one(100, 90)
    table = make_table(SIMS, [["Z801200001001", "Sampleton", 100, 90, 0, 10, 0]])
    b = attendance_from_table(table)
    assert triples(b.issues, "invalid_upn") == {("invalid_upn", 2, "UPN")}
    assert b.status == ["used"] and b.reason == ["UPN check letter is wrong"] and b.rate[0] == a.rate[0]


def test_period_is_kept_for_a_summary() -> None:
    span = (date(2026, 9, 1), date(2026, 12, 31))
    assert one(100, 90, period=span).period == span


counts = st.integers(min_value=-3, max_value=400)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(counts, counts, counts, st.integers(0, 50)), min_size=1, max_size=15))
def test_every_row_is_accounted_for_and_the_rules_hold(rows: list[tuple[int, int, int, int]]) -> None:
    data = [[f"P{k}", poss, pres, aea, auth] for k, (poss, pres, aea, auth) in enumerate(rows)]
    a = attendance_from_table(
        make_table(["Pupil ID", "Possible Sessions", "Present", "AEA", "Authorised"], data)
    )
    assert a.counts["read"] == len(rows) == a.counts["used"] + a.counts["excluded"]
    assert all(r for s, r in zip(a.status, a.reason, strict=True) if s == "excluded")
    for k, (poss, pres, aea, _) in enumerate(rows):
        ok = min(poss, pres, aea) >= 0 and poss >= 20 and pres + aea <= poss
        assert (a.status[k] == "used") is ok
        if ok:
            missed = poss - pres - aea
            assert a.rate[k] == pytest.approx(100 * (pres + aea) / poss)
            assert a.persistent[k] == float(10 * missed >= poss) and a.severe[k] == float(2 * missed >= poss)
        else:
            assert np.isnan(a.rate[k])
