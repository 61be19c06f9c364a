"""Workbooks: which sheet is read, real sheet rows and columns, headings, cell types, ODS."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from reader_helpers import read, write_xlsx


def test_table_not_at_a1_keeps_sheet_rows_and_letters(tmp_path: Path) -> None:
    rows = [
        ["UPN", None, "Q1", "Q1", "Q1 (2)"],
        ["A", 1, "Often", "x", "y"],
        [None, None, None, None, None],
        ["B", 2, "  ", None, None],
    ]
    path = write_xlsx(tmp_path / "offset.xlsx", rows, start="C3")
    table = read(path)
    assert table.rows == [4, 6]  # header on sheet row 3; the empty sheet row 5 is skipped
    assert table.columns == ["UPN", "column_D", "Q1", "Q1 (3)", "Q1 (2)"]
    assert table.data == [["A", "B"], [1, 2], ["Often", None], ["x", None], ["y", None]]
    (dup,) = [i for i in table.issues if i.code == "duplicate_column"]
    assert (dup.severity, dup.column, dup.value) == ("warning", "Q1 (3)", "Q1")
    assert "column F" in dup.message
    assert [i.code for i in table.issues if i.code == "empty_rows_skipped"] == ["empty_rows_skipped"]


def test_headings_are_normalised(tmp_path: Path) -> None:
    rows = [
        ["  Pupil\u2019s  name ", "He said \u201chi\u201d", "Cafe\u0301", "Line\nbreak", 2025, None],
        ["a", "b", "c", "d", "e", "f"],
    ]
    table = read(write_xlsx(tmp_path / "heads.xlsx", rows))
    assert table.columns == ["Pupil's name", 'He said "hi"', "Caf\u00e9", "Line break", "2025", "column_F"]


def test_cell_types(tmp_path: Path) -> None:
    when = dt.datetime(2025, 11, 3, 14, 30, 0)
    rows = [
        ["int", "float", "bool", "datetime", "date", "text"],
        [3, 2.5, True, when, dt.date(2025, 11, 3), " padded "],
        [123456789012, -4.0, False, when, dt.date(2025, 1, 1), "x"],
    ]
    table = read(write_xlsx(tmp_path / "types.xlsx", rows))
    assert table.data == [
        [3, 123456789012],
        [2.5, -4],
        [True, False],
        [when, when],
        [dt.date(2025, 11, 3), dt.date(2025, 1, 1)],
        ["padded", "x"],
    ]
    assert type(table.data[0][0]) is int and type(table.data[1][1]) is int
    assert type(table.data[2][0]) is bool


def test_trailing_empty_rows_are_not_reported(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "tail.xlsx", [["a"], [1], [None], [None], [" "]])
    table = read(path)
    assert table.rows == [2]
    assert not [i for i in table.issues if i.code == "empty_rows_skipped"]


def test_first_visible_sheet_with_answers_is_chosen(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "book.xlsx",
        [["Survey notes"]],
        title="Cover",
        more={"Secret": [["a"], [1]], "Responses": [["UPN", "Q1"], ["A", "Often"]]},
        hidden=["Secret"],
    )
    table = read(path)
    assert table.sheet == "Responses"
    (note,) = [i for i in table.issues if i.code == "sheet_chosen"]
    assert "'Responses'" in note.message and "'Cover'" in note.message
    assert note.sheet == "Responses" and note.severity == "info"


def test_a_named_sheet_is_read_even_if_hidden(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "book.xlsx", [["a"], [1]], more={"Secret": [["b"], [2]]}, hidden=["Secret"])
    table = read(path, sheet="Secret")
    assert (table.sheet, table.columns, table.data) == ("Secret", ["b"], [[2]])
    assert not [i for i in table.issues if i.code == "sheet_chosen"]


def test_single_sheet_workbook_has_no_sheet_note(tmp_path: Path) -> None:
    table = read(write_xlsx(tmp_path / "one.xlsx", [["a"], [1]]))
    assert [i.code for i in table.issues] == ["layout_detected"]


_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def test_ods(tmp_path: Path) -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Answers">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>upn</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>score</text:p></table:table-cell></table:table-row>'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>H801200001001</text:p>'
        '</table:table-cell><table:table-cell office:value-type="float" office:value="3"><text:p>3</text:p>'
        "</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    path = tmp_path / "answers.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", _MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
    table = read(path)
    assert (table.sheet, table.columns, table.data, table.rows) == (
        "Answers",
        ["upn", "score"],
        [["H801200001001"], [3]],
        [2],
    )


def test_midnight_completion_time_stays_a_datetime(tmp_path: Path) -> None:
    times = [
        dt.datetime(2025, 11, 3, 9, 15),
        dt.datetime(2025, 11, 4, 0, 0),
    ]  # calamine gives a date for the 2nd
    table = read(
        write_xlsx(
            tmp_path / "times.xlsx",
            [["Completion time", "dob"], [times[0], dt.date(2012, 5, 1)], [times[1], dt.date(2012, 6, 1)]],
        )
    )
    assert table.column("Completion time") == times
    assert [type(v) for v in table.column("Completion time")] == [dt.datetime, dt.datetime]
    assert table.column("dob") == [dt.date(2012, 5, 1), dt.date(2012, 6, 1)]  # a date-only column stays dates
