"""Metadata blocks above the headings (EUSurvey's ``Alias`` / ``Export Date``) are skipped and reported; a
table whose first row is its header keeps it (SPEC §3, issue 11)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reader_helpers import csv_bytes, read, write_xlsx

_SETTINGS = settings(
    deadline=None, database=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow]
)
HEAD = ["Contribution ID", "Creation date", "Pupil ID", "wemwbs_1", "wemwbs_2"]


def _csv(path: Path, rows: list[list[object]]) -> Path:
    path.write_bytes(csv_bytes(rows))
    return path


def test_eusurvey_block_in_a_csv_is_skipped_and_each_row_reported(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Alias", "wellbeing-2026"],
        ["Export Date", "15/10/2026 16:20"],
        [],
        HEAD,
        ["c-1", "10/10/2026", "P1", "3", "4"],
        ["c-2", "11/10/2026", "P2", "5", "1"],
    ]
    table = read(_csv(tmp_path / "eu.csv", rows))
    assert table.columns == HEAD and table.rows == [5, 6] and table.header_rows == 1
    skipped = [i for i in table.issues if i.code == "title_rows_skipped"]
    assert [(i.row, i.value) for i in skipped] == [
        (1, "Alias: wellbeing-2026"),
        (2, "Export Date: 15/10/2026 16:20"),
    ]


def test_title_then_metadata_block_in_a_workbook(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Year 9 wellbeing survey"],
        ["Alias", "wellbeing-2026"],
        ["Export Date", "15/10/2026"],
        HEAD,
        ["c-1", "10/10/2026", "P1", 3, 4],
    ]
    table = read(write_xlsx(tmp_path / "eu.xlsx", rows))
    assert table.columns == HEAD and table.rows == [5]
    assert [i.row for i in table.issues if i.code == "title_rows_skipped"] == [1, 2, 3]


def test_a_two_column_table_keeps_its_header(tmp_path: Path) -> None:
    table = read(_csv(tmp_path / "two.csv", [["UPN", "Score"], ["A1", "30"], ["A2", "41"]]))
    assert table.columns == ["UPN", "Score"] and table.rows == [2, 3]


def test_a_lone_heading_over_unheaded_columns_stays_the_header(tmp_path: Path) -> None:
    rows = [["UPN"], ["A1", "Often", "Rarely", "Often", "Never"], ["A2", "Often", "Often", "Rarely", "Never"]]
    table = read(_csv(tmp_path / "lone.csv", rows))
    assert table.columns[0] == "UPN" and table.rows == [2, 3]


def test_two_cells_over_a_row_of_answers_is_not_a_block(tmp_path: Path) -> None:
    # the row under the two cells holds numbers: answers, not headings, so row 1 is the header
    rows = [["UPN", "Name"], ["A1", "Amy", "3", "4", "5"], ["A2", "Ben", "2", "2", "1"]]
    table = read(_csv(tmp_path / "short.csv", rows))
    assert table.columns[:2] == ["UPN", "Name"] and table.rows == [2, 3]
    assert not [i for i in table.issues if i.code == "title_rows_skipped"]


# labels as platforms write them (a random one could start like a program's magic bytes, "MZ", and be refused)
_LABEL = st.sampled_from(
    ["Alias", "Export Date", "Survey title", "Exported by", "Language", "Form ID", "Status"]
)
_VALUE = st.one_of(
    st.text(alphabet="abcdefghij -_", min_size=1, max_size=12).filter(str.strip),
    st.integers(0, 9999).map(str),
    st.sampled_from(["15/10/2026", "2026-10-15 16:20"]),
)


@_SETTINGS
@given(
    block=st.lists(st.tuples(_LABEL, _VALUE), min_size=1, max_size=6),
    blank_after=st.integers(0, 2),
    workbook=st.booleans(),
)
def test_any_metadata_block_over_headings_is_skipped(
    block: list[tuple[str, str]], blank_after: int, workbook: bool
) -> None:
    rows: list[list[object]] = [[label, value] for label, value in block]
    rows += [[] for _ in range(blank_after)]
    rows += [HEAD, ["c-1", "10/10/2026", "P1", "3", "4"], ["c-2", "11/10/2026", "P2", "5", "1"]]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("t.xlsx" if workbook else "t.csv")
        table = read(write_xlsx(path, rows) if workbook else _csv(path, rows))
    heading_row = len(block) + blank_after + 1
    assert table.columns == HEAD
    assert table.rows == [heading_row + 1, heading_row + 2]
    assert [i.row for i in table.issues if i.code == "title_rows_skipped"] == list(range(1, len(block) + 1))
