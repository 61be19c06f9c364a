"""Property tests: random tables survive a CSV or xlsx round trip; random bytes only ever raise PeerimpactError."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from reader_helpers import read

from peerimpact.issues import PeerimpactError

_SETTINGS = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# Text a survey cell may hold.  Non-ASCII for cp1252 comes only from bytes 0x80-0xBF, which can never start a
# UTF-8 sequence, so a cp1252 file is never mistaken for valid UTF-8 (which a real reader could not avoid).
_ASCII = "abcXYZ019 .-'\"_/(),;\t\n\r"
_ALPHABETS = {
    "utf-8": _ASCII + "éü’“—£€\xa0\u2003\x85漢😀",
    "utf-8-sig": _ASCII + "éü’—\u2003",
    "utf-16": _ASCII + "éü’—\xa0😀",
    "cp1252": _ASCII + "’“”–—£€…©°½",
}


@st.composite
def _text_table(draw: st.DrawFn) -> tuple[str, str, str, list[list[str]]]:
    encoding = draw(st.sampled_from(sorted(_ALPHABETS)))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    ending = draw(st.sampled_from(["\r\n", "\n"]))
    width = draw(st.integers(2, 5))
    cell = st.one_of(
        st.text(alphabet=_ALPHABETS[encoding], max_size=12),
        st.integers(-(10**6), 10**6).map(str),
        st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr),
        st.sampled_from(["", " ", "TRUE", "2025-01-02 03:04:05"]),
    )
    body = draw(st.lists(st.lists(cell, min_size=width, max_size=width), max_size=8))
    if ending == "\n":  # the csv writer quotes only the line ending's characters: a bare CR would split a row
        body = [[c.replace("\r", "") for c in row] for row in body]
    return encoding, delimiter, ending, [[f"c{j + 1}" for j in range(width)], *body]


def _expected(body: list[list[Any]], first_row: int, clean: Any) -> tuple[list[list[Any]], list[int]]:
    """Column-major cleaned cells and Excel rows of the non-blank rows, the obvious way."""
    width = len(body[0]) if body else 0
    data: list[list[Any]] = [[] for _ in range(width)]
    rows: list[int] = []
    for i, row in enumerate(body):
        cells = [clean(v) for v in row]
        if all(c is None for c in cells):
            continue
        rows.append(first_row + i)
        for j, c in enumerate(cells):
            data[j].append(c)
    return data, rows


@_SETTINGS
@given(_text_table())
def test_csv_round_trip(case: tuple[str, str, str, list[list[str]]]) -> None:
    encoding, delimiter, ending, rows = case
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=ending).writerows(rows)
    data = buffer.getvalue().encode(encoding)
    if encoding == "utf-8-sig":
        assert data.startswith(b"\xef\xbb\xbf")
    expected, numbers = _expected(rows[1:], 2, lambda v: v.strip() or None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.csv"
        path.write_bytes(data)
        if not numbers:
            try:
                read(path)
            except PeerimpactError as error:
                assert error.issue.code == "no_data_rows"
                return
            raise AssertionError("a table without answers was read")
        table = read(path)
    assert table.layout == "plain"
    assert table.delimiter == delimiter
    assert table.columns == rows[0]
    assert table.rows == numbers
    assert table.data == expected


_XLSX_TEXT = st.text(alphabet="abcXYZ019 .-'_/(),;\néü’—", max_size=12).filter(
    lambda s: not s.startswith("=")
)


def _xlsx_expected(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()  # calamine reads a whole-day serial as a date, whatever the number format
    if isinstance(value, float):
        value = float(f"{value:.16g}")  # openpyxl writes 16 significant digits (Excel itself keeps 15)
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
    return value


@st.composite
def _sheet(draw: st.DrawFn) -> tuple[int, int, list[list[Any]]]:
    width = draw(st.integers(1, 4))
    cell = st.one_of(
        st.none(),
        _XLSX_TEXT,
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=False, allow_infinity=False, min_value=-1e18, max_value=1e18),
        st.booleans(),
        st.datetimes(dt.datetime(1901, 1, 1), dt.datetime(2100, 1, 1)).map(
            lambda d: d.replace(microsecond=0)
        ),
        st.dates(dt.date(1901, 1, 1), dt.date(2100, 1, 1)),
    )
    body = draw(st.lists(st.lists(cell, min_size=width, max_size=width), max_size=6))
    return draw(st.integers(0, 3)), draw(st.integers(0, 2)), [[f"c{j + 1}" for j in range(width)], *body]


@settings(_SETTINGS, max_examples=40)
@given(_sheet())
@example((0, 0, [["c1"], [dt.datetime(2000, 1, 1)]]))
@example(
    (1, 1, [["c1", "c2"], [dt.datetime(2000, 1, 1), 1.5], [dt.datetime(2000, 1, 1, 12), dt.date(2001, 2, 3)]])
)
def test_xlsx_round_trip(case: tuple[int, int, list[list[Any]]]) -> None:
    top, left, rows = case
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                sheet.cell(row=top + i + 1, column=left + j + 1, value=value)
    expected, numbers = _expected(rows[1:], top + 2, _xlsx_expected)
    for column in expected:  # calamine gives a date at midnight; a column with date-times gets date-times
        if any(type(v) is dt.datetime for v in column):
            column[:] = [dt.datetime(v.year, v.month, v.day) if type(v) is dt.date else v for v in column]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.xlsx"
        workbook.save(path)
        if not numbers:
            try:
                read(path)
            except PeerimpactError as error:
                assert error.issue.code == "no_data_rows"
                return
            raise AssertionError("a sheet without answers was read")
        table = read(path)
    assert table.columns == rows[0]
    assert table.rows == numbers
    assert table.data == expected
    for column, want in zip(table.data, expected, strict=True):
        assert [type(v) for v in column] == [type(v) for v in want]


def _small_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in (["UPN", "Q1", "When"], ["A", 3, dt.datetime(2025, 1, 1)], ["B", "Often", None]):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_XLSX = _small_xlsx()
_PREFIXES = [b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf", b"\xff\xfe", b"a,b\n"]


@_SETTINGS
@given(st.sampled_from(_PREFIXES), st.binary(max_size=600))
def test_random_bytes_raise_only_peerimpact_errors(prefix: bytes, noise: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mystery.xlsx"
        path.write_bytes(prefix + noise)
        with contextlib.suppress(PeerimpactError):
            read(path)


@_SETTINGS
@given(st.data())
def test_damaged_xlsx_raises_only_peerimpact_errors(data: st.DataObject) -> None:
    raw = bytearray(_XLSX)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(raw) // 2, len(raw)))
    assume(bytes(raw[:cut]) != _XLSX)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "damaged.xlsx"
        path.write_bytes(bytes(raw[:cut]))
        with contextlib.suppress(PeerimpactError):
            read(path)


def test_damaged_members_raise_only_peerimpact_errors() -> None:
    """Each part of a sound zip replaced by garbage in turn (calamine's own parsers, not zipfile's)."""
    with zipfile.ZipFile(io.BytesIO(_XLSX)) as source:
        names = source.namelist()
        parts = {name: source.read(name) for name in names}
    with tempfile.TemporaryDirectory() as folder:
        for victim in names:
            for garbage in (b"", b"<x", parts[victim][: len(parts[victim]) // 3], b"\xff" * 40):
                path = Path(folder) / "parts.xlsx"
                with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
                    for name in names:
                        target.writestr(name, garbage if name == victim else parts[name])
                with contextlib.suppress(PeerimpactError):
                    read(path)
