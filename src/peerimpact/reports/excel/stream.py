"""Large tables streamed as sheet XML straight into the workbook's zip, and the deterministic, atomic save.

openpyxl's write-only mode manages about 7,000 rows a second, far too slow for 100,000 pupils.  openpyxl
writes each sheet's header rows (and every small sheet); a :class:`Bulk` then supplies the ``<row>`` elements
that :func:`write_workbook` splices in before ``</sheetData>``.  :func:`write_workbook` also makes the file
byte-for-byte deterministic (fixed document times and fixed zip entry times) and writes it atomically.
Cells are built a column at a time (:func:`text_cells`, :func:`number_cells`); text is always stored as
text, never as a formula (SPEC §7).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from numbers import Integral, Real
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from peerimpact.util.files import write_atomic

__all__ = [
    "ROWS_PER_BLOCK",
    "Bulk",
    "column_rows",
    "new_workbook",
    "number_cell",
    "number_cells",
    "style_id",
    "text_cell",
    "text_cells",
    "write_workbook",
]


_FIXED_TIME = datetime(2000, 1, 1)  # document times: identical inputs give identical bytes
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format's earliest time, as ZipInfo gives by default
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX_TEXT = 32_767  # Excel's longest cell text (openpyxl cuts text there too)
ROWS_PER_BLOCK = 4096  # rows built, and written, at a time


@dataclass
class Bulk:
    """Rows streamed into a sheet's XML after openpyxl has written its header rows: ``rows(first)`` yields
    each row's ``<row>`` element, numbered from ``first``."""

    ws: Any
    start: int
    rows: Callable[[int], Iterator[str]]


def _text(v: str) -> str:
    """Text made safe for XML: markup escaped, control characters Excel refuses replaced."""
    if _NEEDS_ESCAPE.search(v) is None:
        return v
    return escape(_ILLEGAL.sub("\ufffd", v))


def text_cell(ref: str, v: Any, s: int | None = None) -> str:
    """An inline-string cell (always text, never a formula), or nothing for None."""
    if v is None:
        return ""
    sa = f' s="{s}"' if s else ""
    return f'<c r="{ref}" t="inlineStr"{sa}><is><t xml:space="preserve">{_text(str(v))}</t></is></c>'


def number_cell(ref: str, v: float | int | None, s: int | None = None) -> str:
    """A number cell, or nothing for None / NaN / infinity."""
    if v is None or not math.isfinite(v):
        return ""
    sa = f' s="{s}"' if s else ""
    return f'<c r="{ref}"{sa}><v>{v!r}</v></c>'


def text_cells(letter: str, rows: Sequence[str], values: Sequence[Any], s: int | None = None) -> list[str]:
    """:func:`text_cell` for one column of ``rows`` (row numbers, as text): the same markup, built by one
    comprehension when no text needs escaping (the usual case), else with each distinct text escaped once."""
    if not set(map(type, values)) <= {str, type(None)}:
        return [text_cell(f"{letter}{r}", v, s) for r, v in zip(rows, values, strict=True)]
    sa = f' s="{s}"' if s else ""
    distinct = set(values)
    if distinct == {None}:
        return [""] * len(values)
    if len(distinct) == 1:  # one text for the whole column (a measure's name)
        (only,) = distinct
        tail = f'" t="inlineStr"{sa}><is><t xml:space="preserve">{_text(only)}</t></is></c>'
        return [f'<c r="{letter}{r}{tail}' for r in rows]
    if _NEEDS_ESCAPE.search("".join([v for v in values if v is not None])) is None:
        return [
            ""
            if v is None
            else f'<c r="{letter}{r}" t="inlineStr"{sa}><is><t xml:space="preserve">{v}</t></is></c>'
            for r, v in zip(rows, values, strict=True)
        ]
    tails = {
        v: f'" t="inlineStr"{sa}><is><t xml:space="preserve">{_text(v)}</t></is></c>'
        for v in distinct
        if v is not None
    }
    return ["" if v is None else f'<c r="{letter}{r}{tails[v]}' for r, v in zip(rows, values, strict=True)]


def number_cells(
    letter: str, rows: Sequence[str], values: Sequence[Any], styles: Sequence[int | None]
) -> list[str]:
    """:func:`number_cell` for one column of ``rows`` (row numbers, as text), each row with its own cell
    format ``styles[i]``: the same markup, with each distinct (number, format) formatted once.

    Only non-zero finite floats are shared (0.0 and −0.0 are equal keys but print differently); anything
    else takes a call per cell."""
    if not set(map(type, values)) <= {float, type(None)}:
        return [number_cell(f"{letter}{r}", v, s) for r, v, s in zip(rows, values, styles, strict=True)]
    isfinite = math.isfinite
    attr = {s: f' s="{s}"' if s else "" for s in set(styles)}
    if len(attr) == 1:  # one cell format for the whole column: key by the number alone
        (only,) = attr
        tail = {
            v: f'"{attr[only]}><v>{v!r}</v></c>'
            for v in set(values)
            if v is not None and v != 0.0 and isfinite(v)
        }
        one = tail.get
        return [
            f'<c r="{letter}{r}{t}' if (t := one(v)) is not None else number_cell(f"{letter}{r}", v, only)
            for r, v in zip(rows, values, strict=True)
        ]
    tails = {
        (v, s): f'"{attr[s]}><v>{v!r}</v></c>'
        for v, s in set(zip(values, styles, strict=True))
        if v is not None and v != 0.0 and isfinite(v)
    }
    get = tails.get
    return [
        f'<c r="{letter}{r}{t}' if (t := get((v, s))) is not None else number_cell(f"{letter}{r}", v, s)
        for r, v, s in zip(rows, values, styles, strict=True)
    ]


def style_id(ws: Any, fmt: str | None = None, wrap: bool = False, *, top: bool = True) -> int:
    """The workbook's cell-format index for a number format / wrapped text, top-aligned unless ``top`` is
    False (for streamed rows)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    c = WriteOnlyCell(ws, value=0)
    if fmt:
        c.number_format = fmt
    if top or wrap:
        c.alignment = Alignment(wrap_text=wrap or None, vertical="top" if top else None)
    return int(c.style_id)


def _any_cell(ref: str, v: Any, s: int | None) -> str:
    """One value of any type, as :func:`column_rows` stores it ("" is no cell, like None)."""
    if v is None or v == "":
        return ""
    if isinstance(v, bool):
        sa = f' s="{s}"' if s else ""
        return f'<c r="{ref}" t="b"{sa}><v>{int(v)}</v></c>'
    if isinstance(v, Integral):
        return number_cell(ref, int(v), s)
    if isinstance(v, Real):
        return number_cell(ref, float(v), s)
    return text_cell(ref, str(v)[:_MAX_TEXT], s)


def _column_cells(letter: str, values: Sequence[Any], rows: Sequence[str], s: int | None) -> list[str]:
    """The cells of one column in ``rows`` (row numbers, as text), each ``""`` when empty.

    The usual block, all numbers of one type or all plain text, is built by one list comprehension from the
    cell's tail formatted once per distinct value (scores, bands and statuses repeat); anything else takes a
    call per cell."""
    sa = f' s="{s}"' if s else ""
    kinds = set(map(type, values))
    kinds.discard(type(None))
    tails: dict[Any, str] | None = None  # value -> the cell after its reference: '"…</c>'
    if kinds == {float} or kinds == {int}:
        isfinite = math.isfinite
        tails = {v: f'"{sa}><v>{v!r}</v></c>' for v in set(values) if v is not None and isfinite(v)}
    elif kinds == {str}:
        texts = [v for v in values if v]
        joined = "".join(texts)
        plain = "&" not in joined and "<" not in joined and ">" not in joined and joined.isprintable()
        if plain and max(map(len, texts), default=0) <= _MAX_TEXT:  # nothing to escape, replace or cut
            edge = any(map(str.__ne__, texts, map(str.strip, texts)))  # leading or trailing white space
            space = ' xml:space="preserve"' if edge else ""
            tails = {v: f'" t="inlineStr"{sa}><is><t{space}>{v}</t></is></c>' for v in set(texts)}
    elif not kinds:
        return [""] * len(values)
    if tails is None:
        return [_any_cell(f"{letter}{r}", v, s) for r, v in zip(rows, values, strict=True)]
    get = tails.get
    return [f'<c r="{letter}{r}{t}' if (t := get(v)) else "" for r, v in zip(rows, values, strict=True)]


def column_rows(
    columns: Sequence[Sequence[Any]], styles: Sequence[int | None]
) -> Callable[[int], Iterator[str]]:
    """A :class:`Bulk`'s ``rows`` for a table held as equal-length columns, built column by column a block
    of rows at a time.  None and "" give no cell; numbers are stored exactly (``repr``) with the column's
    cell format ``styles[j]``; text is always stored as text, never as a formula."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(j) for j in range(1, len(columns) + 1)]
    n = len(columns[0]) if columns else 0

    def rows(first: int) -> Iterator[str]:
        for lo in range(0, n, ROWS_PER_BLOCK):
            hi = min(lo + ROWS_PER_BLOCK, n)
            nums = [str(r) for r in range(first + lo, first + hi)]
            cells = [
                _column_cells(letter, col[lo:hi], nums, s)
                for letter, col, s in zip(letters, columns, styles, strict=True)
            ]
            for r, row in zip(nums, zip(*cells, strict=True), strict=True):
                yield f'<row r="{r}">{"".join(row)}</row>'

    return rows


def new_workbook() -> Any:
    """An empty openpyxl write-only workbook with peerimpact's fixed document properties."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.creator = "peerimpact"
    wb.properties.created = _FIXED_TIME
    return wb


def _finish(raw: bytes, bulks: Sequence[Bulk], target: Path) -> None:
    """Copy openpyxl's zip with fixed entry times, streaming the big tables into their sheets.

    Small parts are deflated at the default level; the streamed sheets at level 1, which is about three
    times faster on 100,000 pupils for a slightly larger file.
    """
    by_part = {b.ws.path.lstrip("/"): b for b in bulks}
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as zin,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout,
    ):
        for info in zin.infolist():
            data = zin.read(info.filename)
            bulk = by_part.get(info.filename)
            if bulk is None:
                zi = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
                zi.compress_type = zipfile.ZIP_DEFLATED
                zout.writestr(zi, data, compresslevel=6)
                continue
            head, sep, tail = data.decode("utf-8").partition("</sheetData>")
            # a name (not a ZipInfo) takes the archive's level and ZipInfo's fixed 1980-01-01 time
            with zout.open(info.filename, "w", force_zip64=True) as fh:
                _stream(fh, head, bulk, sep + tail)


def _stream(fh: Any, head: str, bulk: Bulk, tail: str) -> None:
    """Write ``head``, the bulk's rows and ``tail`` to the zip member ``fh``, a block of rows at a time.

    One helper thread does the writing: zlib deflates (and zipfile's CRC) without the GIL, so the next
    block is built while the last is compressed.  Blocks are written in order, at most two waiting."""
    from concurrent.futures import Future, ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        waiting: list[Future[Any]] = []

        def put(text: str) -> None:
            waiting.append(pool.submit(fh.write, text.encode("utf-8")))
            if len(waiting) > 2:
                waiting.pop(0).result()

        put(head)
        batch: list[str] = []
        for row in bulk.rows(bulk.start):
            batch.append(row)
            if len(batch) == ROWS_PER_BLOCK:
                put("".join(batch))
                batch = []
        put("".join(batch))
        put(tail)
        for f in waiting:
            f.result()


def write_workbook(wb: Any, path: str | Path, bulks: Sequence[Bulk] = ()) -> None:
    """Save ``wb`` (from :func:`new_workbook`) to ``path`` atomically and byte-for-byte deterministically,
    streaming each of ``bulks`` into its sheet.  (openpyxl's own ``save`` stamps the current time.)"""
    from openpyxl.writer.excel import ExcelWriter

    buf = io.BytesIO()
    wb.properties.modified = _FIXED_TIME
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as archive:
        ExcelWriter(wb, archive).save()
    write_atomic(path, lambda tmp: _finish(buf.getvalue(), bulks, tmp))
