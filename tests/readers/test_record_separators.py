"""Records ending CR LF, LF, CR or CR CR LF (a real Qualtrics export) read the same rows (SPEC §3, issue 11)."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reader_helpers import read

_SETTINGS = settings(
    deadline=None, database=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow]
)
_SEPARATORS = ["\n", "\r\n", "\r", "\r\r\n"]


def _write(
    path: Path, rows: list[list[str]], separator: str, *, encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    """Rows as CSV with LF records, then every record end (outside quotes too) made ``separator``."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n", delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().replace("\n", separator).encode(encoding))
    return path


def _shape(path: Path) -> tuple[object, ...]:
    table = read(path)
    return (
        table.layout,
        table.header_rows,
        table.columns,
        table.questions,
        table.rows,
        table.excluded,
        [list(c) for c in table.data],
    )


_CELL = st.one_of(
    st.text(alphabet="abcXYZ019 .-'_/()é’", max_size=10),
    st.integers(1, 5).map(str),
    st.sampled_from(["", "Often", "None of the time"]),
)


@_SETTINGS
@given(
    width=st.integers(2, 5),
    body=st.lists(st.lists(_CELL, min_size=5, max_size=5), min_size=1, max_size=8),
    quoted=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_every_record_separator_reads_the_same_rows(
    width: int, body: list[list[str]], quoted: bool, encoding: str, delimiter: str
) -> None:
    rows = [[f"c{j + 1}" for j in range(width)], *[r[:width] for r in body]]
    rows[1][0] = "P1"  # at least one answer row
    if quoted:  # a quote anywhere sends the file through the csv module instead of str.split
        rows[0][0] = 'say "hi"'
    with tempfile.TemporaryDirectory() as tmp:
        shapes = [
            _shape(_write(Path(tmp) / f"t{k}.csv", rows, sep, encoding=encoding, delimiter=delimiter))
            for k, sep in enumerate(_SEPARATORS)
        ]
    assert all(s == shapes[0] for s in shapes[1:]), shapes


def test_crcrlf_file_keeps_a_quoted_line_break_inside_a_cell(tmp_path: Path) -> None:
    # a question text over two lines (LF inside quotes) in a file whose records end CR CR LF
    data = b'UPN,"How are you?\nThis week",wemwbs_1\r\r\nA1,Often,3\r\r\nA2,Rarely,2\r\r\n'
    table = read(_bytes(tmp_path / "q.csv", data))
    assert table.columns == ["UPN", "How are you? This week", "wemwbs_1"]
    assert table.rows == [2, 3] and table.column("UPN") == ["A1", "A2"]


def test_crcrlf_split_across_read_blocks_is_one_break(tmp_path: Path) -> None:
    # records long enough that some CR CR LF falls across the 64 KiB blocks the text is read in
    rows = [["id", "note"]] + [[f"P{k:05d}", "x" * (k % 97)] for k in range(3000)]
    crlf = read(_write(tmp_path / "a.csv", rows, "\r\n"))
    crcrlf = read(_write(tmp_path / "b.csv", rows, "\r\r\n"))
    assert crcrlf.rows == crlf.rows == list(range(2, 3002))
    assert list(crcrlf.column("note")) == list(crlf.column("note"))
    assert not [i for i in crcrlf.issues if i.code == "empty_rows_skipped"]


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
