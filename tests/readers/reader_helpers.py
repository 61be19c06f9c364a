"""Helpers for the reader tests (imported by name: ``from reader_helpers import ...``): build export files in ``tmp_path`` and read them, checking the input is untouched."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from peerimpact.issues import PeerimpactError
from peerimpact.readers import SourceTable, read_export


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def read(path: Path, *, sheet: str | None = None) -> SourceTable:
    """``read_export``, asserting the file's bytes are the same afterwards."""
    before = _digest(path)
    try:
        return read_export(str(path), sheet=sheet)
    finally:
        assert _digest(path) == before, "the reader changed its input file"


def read_error(path: Path, code: str, *, sheet: str | None = None) -> PeerimpactError:
    """Read ``path`` expecting a ``PeerimpactError`` with ``code``; return it."""
    with pytest.raises(PeerimpactError) as info:
        read(path, sheet=sheet)
    assert info.value.issue.code == code, str(info.value)
    return info.value


def csv_bytes(
    rows: Sequence[Any],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
    lineterminator: str = "\r\n",
    quoting: Any = csv.QUOTE_MINIMAL,
) -> bytes:
    """Rows written by the csv module, encoded (``bom`` adds a UTF-8 BOM; utf-16 adds its own)."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator, quoting=quoting).writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def write_xlsx(
    path: Path,
    rows: Sequence[Any],
    *,
    title: str = "Sheet1",
    start: str = "A1",
    more: dict[str, Sequence[Any]] | None = None,
    hidden: Sequence[str] = (),
) -> Path:
    """An xlsx with ``rows`` on sheet ``title`` from cell ``start``, plus sheets ``more`` (some ``hidden``)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    _fill(sheet, rows, start)
    for name, other in (more or {}).items():
        ws = workbook.create_sheet(name)
        _fill(ws, other, "A1")
        if name in hidden:
            ws.sheet_state = "hidden"
    if title in hidden:
        sheet.sheet_state = "hidden"
    workbook.save(path)
    return path


def _fill(sheet: Any, rows: Sequence[Any], start: str) -> None:
    first = sheet[start]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None and value != "":
                sheet.cell(row=first.row + i, column=first.column + j, value=value)
