"""Text exports: encodings, delimiters, quoted newlines, line endings, chunking, and magic bytes over names."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest
from reader_helpers import csv_bytes, read, write_xlsx

import peerimpact.readers.text_grid as grid_module

ROWS = [["UPN", "Name", "Answer"], ["H801200001001", "Zoë", "Often"], ["G80120000101A", "Siân", "Rarely"]]


def test_utf8_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(csv_bytes(ROWS, bom=True))
    table = read(path)
    assert table.columns == ["UPN", "Name", "Answer"]  # no "\ufeffUPN"
    assert table.encoding == "utf-8-sig"
    assert table.column("Name") == ["Zoë", "Siân"]
    assert not [i for i in table.issues if i.code == "encoding_fallback"]


def test_utf16_tab_separated_unicode_text(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes(csv_bytes(ROWS, delimiter="\t", encoding="utf-16"))
    table = read(path)
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.column("Name") == ["Zoë", "Siân"]
    assert table.rows == [2, 3]


def test_cp1252_falls_back_with_a_warning(tmp_path: Path) -> None:
    rows = [["UPN", "Comment"], ["H801200001001", "It’s £5 — café"]]
    path = tmp_path / "excel.csv"
    path.write_bytes(csv_bytes(rows, encoding="cp1252"))
    table = read(path)
    assert table.encoding == "cp1252"
    assert table.column("Comment") == ["It’s £5 — café"]
    (warning,) = [i for i in table.issues if i.code == "encoding_fallback"]
    assert warning.severity == "warning" and warning.file == "excel.csv"


def test_cp1252_byte_only_at_the_end_is_noticed(tmp_path: Path) -> None:
    rows = [["a", "b"]] + [["x", "y"]] * 5000 + [["£", "z"]]
    path = tmp_path / "late.csv"
    path.write_bytes(csv_bytes(rows, encoding="cp1252"))
    table = read(path)
    assert table.encoding == "cp1252"
    assert table.column("a")[-1] == "£"


def test_semicolon_with_decimal_commas(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    path.write_bytes(b"UPN;score;mean\r\nH801200001001;3,5;2,75\r\nG80120000101A;4;1,5\r\n")
    table = read(path)
    assert table.delimiter == ";"
    assert table.data == [["H801200001001", "G80120000101A"], ["3,5", "4"], ["2,75", "1,5"]]


def test_quoted_newlines_keep_excel_row_numbers(tmp_path: Path) -> None:
    rows = [["UPN", "Comment", "Q1"], ["A1", "first line\nsecond line", "Often"], ["A2", "x", "Rarely"]]
    path = tmp_path / "newlines.csv"
    path.write_bytes(csv_bytes(rows))
    table = read(path)
    assert table.column("Comment") == ["first line\nsecond line", "x"]
    assert table.rows == [2, 3]  # one record = one Excel row, however many lines it spans


@pytest.mark.parametrize("ending", ["\r\n", "\n", "\r"])
def test_line_endings(tmp_path: Path, ending: str) -> None:
    for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_ALL):
        path = tmp_path / "endings.csv"
        path.write_bytes(csv_bytes(ROWS, lineterminator=ending, quoting=quoting))
        table = read(path)
        assert table.rows == [2, 3]
        assert table.column("Answer") == ["Often", "Rarely"]


def test_xlsx_renamed_csv_is_read_as_a_workbook(tmp_path: Path) -> None:
    xlsx = write_xlsx(tmp_path / "real.xlsx", [["UPN", "Q1"], ["H801200001001", 3]])
    path = tmp_path / "export.csv"
    path.write_bytes(xlsx.read_bytes())
    table = read(path)
    assert table.sheet == "Sheet1"
    assert table.encoding is None
    assert table.data == [["H801200001001"], [3]]


def test_cells_are_stripped_and_blank_means_none(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_bytes(b"a,b,c\n  x  ,\t, \xc2\xa0\n,y,\n")
    table = read(path)
    assert table.data == [["x", None], [None, "y"], [None, None]]
    assert table.rows == [2, 3]


def test_ragged_rows_are_padded_and_long_rows_add_columns(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_bytes(b"a,b,c\n1\n1,2,3,4\n")
    table = read(path)
    assert table.columns == ["a", "b", "c", "column_D"]
    assert table.data == [["1", "1"], [None, "2"], [None, "3"], [None, "4"]]


def test_empty_lines_between_rows_are_skipped_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_bytes(b"\n\na,b\n1,2\n\n , \n3,4\n\n\n")
    table = read(path)
    assert table.rows == [4, 7]  # header on line 3
    assert table.data == [["1", "3"], ["2", "4"]]
    (note,) = [i for i in table.issues if i.code == "empty_rows_skipped"]
    assert note.message.endswith("2 empty row(s) in gaps.csv were skipped")


def _oracle(text: str, delimiter: str) -> tuple[list[list[str | None]], list[int]]:
    """What read_export should give for a plain table, computed the slow obvious way with the csv module."""
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    width = max(len(r) for r in records)
    data: list[list[str | None]] = [[] for _ in range(width)]
    rows = []
    for number, record in enumerate(records[1:], start=2):
        cells = [(c.strip() or None) for c in record] + [None] * (width - len(record))
        if all(c is None for c in cells):
            continue
        rows.append(number)
        for j, c in enumerate(cells):
            data[j].append(c)
    return data, rows


@pytest.mark.parametrize("quoted", [False, True])
@pytest.mark.parametrize("dedupe", [False, True])
def test_chunked_reading_matches_the_csv_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quoted: bool, dedupe: bool
) -> None:
    """Small chunks force every path: row chunks, column chunks, ragged and blank lines across boundaries."""
    monkeypatch.setattr(grid_module, "_FIRST_CHUNK_CHARS", 64)
    monkeypatch.setattr(grid_module, "_SPLIT_CHUNK_CHARS", 256)
    monkeypatch.setattr(grid_module, "_CSV_CHUNK_ROWS", 7)
    if dedupe:
        monkeypatch.setattr(grid_module, "DEDUPE_BYTES", 0)
    rng = random.Random(7)
    labels = ["Often", "Rarely", " Often", "", "  ", "All of the time"]
    lines = ["id,q1,q2,q3"]
    for i in range(400):
        roll = rng.random()
        if roll < 0.05:
            lines.append("")
        elif roll < 0.08:
            lines.append(f"{i},{rng.choice(labels)}")
        else:
            lines.append(f"{i}," + ",".join(rng.choice(labels) for _ in range(3)))
        if quoted and i % 50 == 0:
            lines[-1] += ',"a ""quoted""\nnote"'
    text = "\n".join(lines) + "\n"
    path = tmp_path / "chunks.csv"
    path.write_text(text, encoding="utf-8")
    table = read(path)
    data, rows = _oracle(text, ",")
    assert table.rows == rows
    assert table.data == data
    assert table.columns[:4] == ["id", "q1", "q2", "q3"]


def test_large_clean_blocks_are_not_altered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(grid_module, "_FIRST_CHUNK_CHARS", 64)
    monkeypatch.setattr(grid_module, "_SPLIT_CHUNK_CHARS", 512)
    lines = ["id;a;b"] + [f"{i};Often;Some of the time" for i in range(300)]
    path = tmp_path / "clean.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8")  # no final line break
    table = read(path)
    assert table.rows == list(range(2, 302))
    assert table.column("b") == ["Some of the time"] * 300
    assert table.column("id")[-1] == "299"


def test_utf8_scan_across_blocks(tmp_path: Path) -> None:
    """ASCII blocks are skipped by the UTF-8 check, but a character cut by a block boundary, or a lone
    Windows-1252 byte after many ASCII blocks, is still seen (readers/sniff_text.py ``_scan``)."""
    from peerimpact.readers import sniff_text as sniff

    size = sniff._BLOCK
    cut = tmp_path / "cut.csv"
    cut.write_bytes(b"a" * (size - 1) + "é".encode() + b"a" * 10)  # é's two bytes straddle the boundary
    assert sniff._scan(str(cut), check_utf8=True) == (True, False)
    late = tmp_path / "late.csv"
    late.write_bytes(b"a" * (3 * size) + b"\xe9" + b"a" * 10)  # é in Windows-1252, three blocks in
    assert sniff._scan(str(late), check_utf8=True) == (False, False)
    dangling = tmp_path / "dangling.csv"
    dangling.write_bytes(b"a" * (size - 1) + b"\xc3" + b"a" * 10)  # a lead byte then ASCII
    assert sniff._scan(str(dangling), check_utf8=True) == (False, False)
