"""The DfE attendance code table shipped as data, checked against the code list written out here.

Expected categories are typed from formats.md §2.4 (DfE attendance dashboard grouping; School Attendance
(Pupil Registration) (England) Regulations 2024; the DCSF 2009 code guidance for the legacy codes), not
read from the table under test.
"""

from __future__ import annotations

from datetime import date

import pytest

from peerimpact.mis.codes import CATEGORIES, POSSIBLE, attendance_codes

CURRENT = {
    "present": ["/", "\\", "L"],
    "aea": ["K", "V", "P", "W", "B"],
    "authorised": ["C1", "M", "J1", "S", "C2", "C", "T", "R", "I", "E"],
    "unauthorised": ["G", "U", "O", "N"],
    "not_possible": ["D", "X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7"],
    "not_counted": ["Z", "#"],
    "no_mark": ["-"],
}
LEGACY_ONLY = {"H": "authorised", "F": "authorised", "J": "aea", "Y": "not_possible"}
AFTER, BEFORE = date(2026, 10, 5), date(2023, 10, 5)


@pytest.mark.parametrize("category", list(CURRENT))
def test_every_current_code_has_its_dfe_category(category: str) -> None:
    table = attendance_codes()
    for code in CURRENT[category]:
        entry = table.lookup(code, AFTER)
        assert entry is not None and entry.category == category and entry.table == "current", code


def test_the_current_table_has_exactly_the_dfe_codes() -> None:
    expected = {c for codes in CURRENT.values() for c in codes}
    assert set(attendance_codes().current) == expected


def test_possible_sessions_are_present_aea_and_absences() -> None:
    assert {"present", "aea", "authorised", "unauthorised"} == POSSIBLE
    assert set(CATEGORIES) == set(CURRENT)


@pytest.mark.parametrize(("code", "category"), sorted(LEGACY_ONLY.items()))
def test_legacy_codes_keep_their_pre_2024_meaning(code: str, category: str) -> None:
    table = attendance_codes()
    for day in (BEFORE, AFTER):  # found either way; .table says which, so a reader can warn after 2024
        entry = table.lookup(code, day)
        assert entry is not None and entry.category == category and entry.table == "legacy"


def test_a_code_in_both_tables_comes_from_the_one_in_force() -> None:
    table = attendance_codes()
    assert table.current_from == date(2024, 8, 19)
    assert table.lookup("I", BEFORE).table == "legacy"  # type: ignore[union-attr]
    assert table.lookup("I", AFTER).table == "current"  # type: ignore[union-attr]
    assert table.lookup("I", date(2024, 8, 18)).table == "legacy"  # type: ignore[union-attr]
    assert table.lookup("I", date(2024, 8, 19)).table == "current"  # type: ignore[union-attr]
    # J was an approved educational activity before 19 August 2024; J1 is an authorised absence after it
    assert table.lookup("J", BEFORE).category == "aea"  # type: ignore[union-attr]
    assert table.lookup("J1", AFTER).category == "authorised"  # type: ignore[union-attr]


@pytest.mark.parametrize("code", ["?", "A", "QQ", "Y8", "/\\", ""])
def test_unknown_codes_are_not_in_either_table(code: str) -> None:
    assert attendance_codes().lookup(code, AFTER) is None


def test_lookup_ignores_case_and_spaces() -> None:
    entry = attendance_codes().lookup(" c1 ", AFTER)
    assert entry is not None and entry.code == "C1"


def test_every_entry_names_a_source_with_an_address() -> None:
    table = attendance_codes()
    for entry in [*table.current.values(), *table.legacy.values()]:
        assert entry.source in table.sources and entry.meaning
    assert all("http" in text for text in table.sources.values())
