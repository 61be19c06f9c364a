"""Cell parsing and heading synonyms shared by the MIS readers."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import make_table

from peerimpact.mis._common import to_date, to_number
from peerimpact.mis.columns import map_columns, normalise_heading


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("05/10/2026", date(2026, 10, 5)),
        ("5/10/2026", date(2026, 10, 5)),
        ("05.10.2026", date(2026, 10, 5)),
        ("05-10-26", date(2026, 10, 5)),
        ("05/10/2026 14:05", date(2026, 10, 5)),
        ("Mon 05/10/2026", date(2026, 10, 5)),
        ("2026-10-05", date(2026, 10, 5)),
        ("2026-10-05T08:40:00", date(2026, 10, 5)),
        ("5 Oct 2026", date(2026, 10, 5)),
        ("5th October 2026", date(2026, 10, 5)),
        ("05-Oct-26", date(2026, 10, 5)),
        (datetime(2026, 10, 5, 14, 5), date(2026, 10, 5)),
        (date(2026, 10, 5), date(2026, 10, 5)),
        (46300, date(2026, 10, 5)),  # Excel serial: 1899-12-30 + 46300 days
        (None, None),
        ("  ", None),
    ],
)
def test_dates_are_read_day_first(cell: object, expected: date | None) -> None:
    assert to_date(cell) == expected


@pytest.mark.parametrize(
    "cell", ["10/13/2026", "31/09/2026", "32/10/2026", "yesterday", "2026", True, 12.5, "5 Foo 2026"]
)
def test_not_dates(cell: object) -> None:
    with pytest.raises(ValueError):
        to_date(cell)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_uk_and_iso_text_round_trip(day: date) -> None:
    assert to_date(day.strftime("%d/%m/%Y")) == day
    assert to_date(day.isoformat()) == day
    assert to_date((day - date(1899, 12, 30)).days) == day  # an Excel serial number
    assert to_date(day.strftime("%d %b %Y")) == day


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (180, 180.0),
        (86.7, 86.7),
        ("180", 180.0),
        (" 1,234 ", 1234.0),
        ("86.7%", 86.7),
        ("-2", -2.0),
        ("", None),
        ("-", None),
        (None, None),
    ],
)
def test_numbers(cell: object, expected: float | None) -> None:
    assert to_number(cell) == expected


@pytest.mark.parametrize("cell", ["abc", "n/a", True, date(2026, 1, 1), "1,23"])
def test_not_numbers(cell: object) -> None:
    with pytest.raises(ValueError):
        to_number(cell)


def test_headings_are_normalised_for_matching() -> None:
    assert normalise_heading("Attendance (%)") == "attendance percent"
    assert normalise_heading("  Poss._Sessions ") == "poss sessions"
    assert normalise_heading("% Attendance") == "percent attendance"


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Possible Sessions", "possible"),
        ("Possible Marks", "possible"),
        ("Poss", "possible"),
        ("POSS. SESSIONS", "possible"),
        ("Present", "present"),
        ("AEA", "aea"),
        ("Approved Educational Activity", "aea"),
        ("Authorised Absences", "authorised"),
        ("Unauthorised Absence", "unauthorised"),
        ("Attendance %", "attendance_pct"),
        ("Attendance Rate", "attendance_pct"),
        ("Reg Group", "reg_group"),
        ("Year", "year"),
        ("Mark", "mark"),
        ("Session", "session"),
    ],
)
def test_attendance_synonyms(heading: str, field: str) -> None:
    table = make_table(["UPN", heading], [["H801200001001", 1]])
    assert map_columns(table, ("attendance", "register", "pupil")).fields == {field: heading}


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Incident Date", "date"),
        ("Type", "type"),
        ("Behaviour", "type"),
        ("Reason", "type"),
        ("Points", "points"),
        ("Polarity", "polarity"),
        ("Positive/Negative", "polarity"),
    ],
)
def test_behaviour_synonyms(heading: str, field: str) -> None:
    table = make_table(["UPN", heading], [["H801200001001", 1]])
    assert map_columns(table, ("behaviour", "pupil")).fields == {field: heading}


def test_free_text_and_names_are_not_fields() -> None:
    cols = ["UPN", "Surname", "Forename", "DOB", "Staff", "Comment", "Notes"]
    cmap = map_columns(
        make_table(cols, [["H801200001001", "a", "b", "c", "d", "e", "f"]]), ("behaviour", "pupil")
    )
    assert cmap.fields == {} and cmap.free_text == ("Comment", "Notes")
