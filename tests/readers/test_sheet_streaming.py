"""A tall sheet is read from calamine in chunks (issue 17: one reader of a 1,000,000-row workbook held 2.2 GiB);
with the thresholds made tiny, every workbook here must read exactly as it reads in one piece: the same
headings, row numbers, cells, exclusions and issues, and the same comparison."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from peerimpact.readers import _sheet_rows, read_export
from peerimpact.readers._sheet_rows import code_text, merge_coded
from peerimpact.readers.base import CodedColumn

ROOT = Path(__file__).resolve().parents[2]
BOOKS = sorted(
    p
    for p in [*ROOT.glob("examples/data/*.xlsx"), *ROOT.glob("tests/data/**/*.xlsx")]
    if p.stat().st_size < 2_000_000
)


def _table(path: Path) -> Any:
    try:
        t = read_export(str(path))
    except Exception as exc:  # a file made to be refused: it must be refused the same way
        return ("error", type(exc).__name__, str(exc))
    return (
        t.sheet,
        t.layout,
        t.header_rows,
        t.columns,
        t.rows,
        [list(c) for c in t.data],
        t.excluded,
        t.roles,
        [(i.code, i.message, i.row, i.column) for i in t.issues],
    )


def _stream(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(_sheet_rows, "STREAM_ROWS", 1)
    monkeypatch.setattr(_sheet_rows, "CHUNK_ROWS", chunk)


@pytest.mark.parametrize("path", BOOKS, ids=[p.name for p in BOOKS])
def test_streamed_sheets_read_the_same(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    whole = _table(path)
    for chunk in (1, 3, 1000):
        with monkeypatch.context() as m:
            _stream(m, chunk)
            assert _table(path) == whole


def test_a_table_below_empty_rows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``iter_rows`` starts at row 1, ``to_python`` at the used range: the rows above are skipped."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C5"], ws["D5"], ws["E5"], ws["F5"] = "upn", "q1", "q2", "q3"
    for r in range(6, 40):
        ws[f"C{r}"], ws[f"D{r}"], ws[f"E{r}"], ws[f"F{r}"] = f"P{r}", "Often", "Rarely" if r % 2 else " ", r
    ws["G45"] = "stray"
    path = tmp_path / "offset.xlsx"
    wb.save(path)
    whole = _table(path)
    for chunk in (1, 2, 7):
        with monkeypatch.context() as m:
            _stream(m, chunk)
            assert _table(path) == whole


def test_compare_the_same_when_streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    from peerimpact.pipeline import compare_files

    monkeypatch.setenv("PEERIMPACT_WORKERS", "1")
    pre, post = ROOT / "examples/data/swemwbs_autumn.xlsx", ROOT / "examples/data/swemwbs_summer.xlsx"
    whole = compare_files(pre, post).to_json()
    _stream(monkeypatch, 5)
    assert compare_files(pre, post).to_json() == whole


def test_merged_codes_keep_every_cell() -> None:
    a = code_text(["Often", "Rarely", " Often", "", "Often"])
    b = code_text(["Never", "Rarely", "  ", "Often"])
    assert isinstance(a, CodedColumn) and isinstance(b, CodedColumn)
    merged = merge_coded(a, b)
    assert merged.cells() == ["Often", "Rarely", "Often", None, "Often", "Never", "Rarely", None, "Often"]
    assert code_text(["Often", 3.0]) is None


def test_coded_columns_stay_coded_across_chunks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A first chunk long enough to be coded: the later chunks (one short) are coded and merged."""
    openpyxl = pytest.importorskip("openpyxl")
    labels = ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["upn", "wemwbs_1", "wemwbs_2", "note"])
    for k in range(12_500):
        late = " Often " if k > 11_000 else labels[k % 5]  # a value first seen in a later chunk
        ws.append([f"P{k:05d}", labels[(k * 7) % 5], late, "x" if k % 3 else None])
    path = tmp_path / "tall.xlsx"
    wb.save(path)
    whole = _table(path)
    with monkeypatch.context() as m:
        _stream(m, 6_000)
        t = read_export(str(path))
        assert isinstance(t.data[1], CodedColumn) and isinstance(t.data[2], CodedColumn)
        assert _table(path) == whole
