"""Session-level registers aggregated per pupil with the DfE code table, counted by hand.

``tests/data/mis/register_long.csv``, pupil K801200001012 (row: date session mark → category):
  2 01/07/2024 AM /  present        3 PM J   AEA (legacy table, before 19/08/2024: no warning)
  4 02/07/2024 AM H  authorised (legacy, in force then)   5 PM \\ present
  6 07/10/2024 AM /  present        7 PM L   present
  8 08/10/2024 AM K  AEA            9 PM J1  authorised
 10 09/10/2024 AM I  authorised    11 PM N   unauthorised
 12 10/10/2024 AM X  not possible  13 PM Y1  not possible
 14 11/10/2024 AM #  not counted   15 PM -   no mark
 16 14/10/2024 AM (blank) no mark  17 PM ??  unknown: issue, excluded, counted as no mark
 18 15/10/2024 AM H  authorised, a legacy code after 19/08/2024: warning
 19 PM u  unauthorised (case ignored)  20 PM /  the same session again: duplicate, excluded
 21 32/10/2024: not a date, excluded
→ present 4, AEA 2, authorised 4, unauthorised 2: possible 12, attendance (4 + 2) / 12 = 50%.
Pupil Z801200001013: /, \\, V, D → possible 3, present 2, AEA 1: 100%.  Row 26 has no UPN.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from tests.conftest import make_table
from tests.mis.helpers import DATA, triples

from peerimpact.mis.attendance import (
    AttendancePeriod,
    attendance_from_table,
    looks_like_attendance,
    read_attendance,
)

K, Z = "K801200001012", "Z801200001013"


def counts(a: AttendancePeriod, pid: str) -> dict[str, float]:
    k = a.ids.index(pid)
    return {
        f: float(getattr(a, f)[k])
        for f in ("possible", "present", "aea", "authorised", "unauthorised", "rate")
    }


def test_a_long_register_is_aggregated_by_hand_counts() -> None:
    a = read_attendance(str(DATA / "register_long.csv"), min_sessions=1)
    assert a.kind == "register"
    assert counts(a, K) == {
        "possible": 12,
        "present": 4,
        "aea": 2,
        "authorised": 4,
        "unauthorised": 2,
        "rate": pytest.approx(50.0),
    }
    assert counts(a, Z) == {
        "possible": 3,
        "present": 2,
        "aea": 1,
        "authorised": 0,
        "unauthorised": 0,
        "rate": 100.0,
    }
    k = a.ids.index(K)
    assert a.persistent[k] == 1.0 and a.severe[k] == 1.0  # 6 of 12 missed: 50%


def test_register_issues_are_located() -> None:
    a = read_attendance(str(DATA / "register_long.csv"), min_sessions=1)
    located = triples([i for i in a.issues if i.row is not None])
    assert located == {
        ("attendance_code_unknown", 17, "Mark"),
        ("attendance_code_legacy", 18, "Mark"),
        ("duplicate_mis_row", 20, "Mark"),
        ("mis_value_invalid", 21, "Date"),
        ("missing_id", 26, "UPN"),
    }
    by_code = {i.code: i for i in a.issues}
    assert by_code["attendance_code_unknown"].value == "??"
    assert by_code["attendance_code_legacy"].value == "H"
    assert "3 session(s)" in by_code["no_mark_recorded"].message  # '-', blank and '??'


def test_every_register_row_is_accounted_for() -> None:
    a = read_attendance(str(DATA / "register_long.csv"), min_sessions=1)
    excluded = {
        a.source.rows[p]: r
        for p, (s, r) in enumerate(zip(a.status, a.reason, strict=True))
        if s == "excluded"
    }
    assert set(excluded) == {17, 20, 21, 26}
    assert excluded[17] == "unknown attendance code '??': counted as no mark"
    assert a.counts == {"read": 25, "used": 21, "excluded": 4}


def test_a_period_keeps_only_its_marks() -> None:
    autumn = (date(2024, 9, 1), date(2024, 12, 31))
    a = read_attendance(str(DATA / "register_long.csv"), min_sessions=1, period=autumn)
    # July 2024 (rows 2-5) left out: present 2 (/, L), AEA 1 (K), authorised 3 (J1, I, H), unauthorised 2
    assert counts(a, K) == {
        "possible": 8,
        "present": 2,
        "aea": 1,
        "authorised": 3,
        "unauthorised": 2,
        "rate": pytest.approx(37.5),
    }
    assert [a.reason[p] for p in range(4)] == ["outside the period"] * 4
    assert "4 rows" in next(i.message for i in a.issues if i.code == "outside_periods")


def test_short_enrolments_in_a_register_exclude_every_row_of_the_pupil() -> None:
    a = read_attendance(str(DATA / "register_long.csv"))  # default minimum: 20 possible sessions
    assert triples(a.issues, "short_enrolment") == {
        ("short_enrolment", 2, "UPN"),
        ("short_enrolment", 22, "UPN"),
    }
    assert all(s == "excluded" for s in a.status)
    assert a.reason[0] == "short enrolment (12 possible sessions)"
    assert a.possible.tolist() == [12.0, 3.0]


def test_a_pupil_with_only_not_possible_sessions_has_no_rate() -> None:
    rows = [["H801200001001", "05/10/2026", "AM", "D"], ["H801200001001", "05/10/2026", "PM", "D"]]
    a = attendance_from_table(make_table(["UPN", "Date", "Session", "Mark"], rows))
    assert triples(a.issues, "possible_sessions_zero") == {("possible_sessions_zero", 2, "UPN")}
    assert a.status == ["excluded", "excluded"] and a.reason[0] == "no possible sessions"


def test_a_register_without_a_session_column_reads_a_day_cell_as_am_and_pm() -> None:
    rows = [
        ["H801200001001", date(2026, 10, 5), "/\\"],
        ["H801200001001", datetime(2026, 10, 6, 8, 40), "LN"],
    ]
    a = attendance_from_table(make_table(["UPN", "Date", "Mark"], rows), min_sessions=1)
    assert counts(a, "H801200001001")["possible"] == 4 and a.unauthorised[0] == 1


def test_with_a_session_column_two_letters_are_not_split() -> None:
    rows = [["H801200001001", "05/10/2026", "AM", "QQ"], ["H801200001001", "05/10/2026", "PM", "/"]]
    a = attendance_from_table(make_table(["UPN", "Date", "Session", "Mark"], rows), min_sessions=1)
    assert triples(a.issues, "attendance_code_unknown") == {("attendance_code_unknown", 2, "Mark")}
    assert a.possible.tolist() == [1.0]


def test_a_legacy_code_before_the_change_needs_no_warning_and_a_new_code_before_it_does() -> None:
    rows = [[K, "01/07/2024", "AM", "H"], [K, "01/07/2024", "PM", "C1"]]
    a = attendance_from_table(make_table(["UPN", "Date", "Session", "Mark"], rows), min_sessions=1)
    warned = [i for i in a.issues if i.code == "attendance_code_legacy"]
    assert [(i.row, i.value) for i in warned] == [(3, "C1")]
    assert a.authorised.tolist() == [2.0]


def wide(tmp_path: Path, header: list[Any], rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    path = tmp_path / "grid.xlsx"
    wb.save(path)
    return path


def test_a_wide_grid_with_date_headings(tmp_path: Path) -> None:
    header = [
        "UPN",
        "Legal Surname",
        "Mon 05/10/2026 AM",
        "Mon 05/10/2026 PM",
        datetime(2026, 10, 6),
        "07/10/2026",
    ]
    rows = [[K, "Sampleton", "/", "\\", "/\\", "LN"], [Z, "Testwood", "V", "I", "C1", "??"]]
    a = read_attendance(str(wide(tmp_path, header, rows)), min_sessions=1)
    assert a.kind == "register"
    # K: /, \, then a day cell "/\" (AM and PM), then "LN": present 5, unauthorised 1
    assert counts(a, K) == {
        "possible": 6,
        "present": 5,
        "aea": 0,
        "authorised": 0,
        "unauthorised": 1,
        "rate": pytest.approx(500 / 6),
    }
    # Z: V, I, C1 (a day column: one code for the day), ?? unknown
    assert counts(a, Z) == {
        "possible": 3,
        "present": 0,
        "aea": 1,
        "authorised": 2,
        "unauthorised": 0,
        "rate": pytest.approx(100 / 3),
    }
    assert triples(a.issues, "attendance_code_unknown") == {("attendance_code_unknown", 3, "07/10/2026")}
    assert a.status == ["used", "used"] and "1 unknown attendance code" in a.reason[1]
    assert "Legal Surname" not in a.source.columns and "Sampleton" not in str(a.source.data)


def test_a_wide_grid_period_drops_columns(tmp_path: Path) -> None:
    header = ["UPN", "2026-10-05 AM", "2026-10-05 PM", "2027-01-05 AM"]
    a = read_attendance(
        str(wide(tmp_path, header, [[K, "/", "I", "/"]])),
        min_sessions=1,
        period=(date(2026, 9, 1), date(2026, 12, 31)),
    )
    assert a.possible.tolist() == [2.0] and a.rate.tolist() == [50.0]
    assert "1 session columns" in next(i.message for i in a.issues if i.code == "outside_periods")


def test_a_wide_grid_of_text_is_not_a_register() -> None:
    table = make_table(["UPN", "05/10/2026", "06/10/2026"], [[K, "went home early", "fine"]])
    assert looks_like_attendance(table) is None
