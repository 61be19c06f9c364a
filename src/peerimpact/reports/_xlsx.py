"""Shared xlsx plumbing for the workbooks: number formats, a formula-safe sheet helper, and a fast,
deterministic save.

:class:`Sheet` wraps an openpyxl write-only worksheet: a row counter, column widths, A4 page setup and cells
whose text is always stored as text, never as a formula (SPEC §7).

Large tables are streamed as sheet XML straight into the zip: openpyxl's write-only mode manages about 7,000
rows a second, far too slow for 100,000 pupils.  openpyxl writes each sheet's header rows (and every small
sheet); a :class:`Bulk` then supplies the ``<row>`` elements that :func:`write_workbook` splices in before
``</sheetData>``.  :func:`write_workbook` also makes the file byte-for-byte deterministic (fixed document
times and fixed zip entry times) and writes it atomically.
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
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from peerimpact._files import write_atomic
from peerimpact._format import fmt_number

if TYPE_CHECKING:
    from peerimpact.compare_results import CompareRun

__all__ = [
    "DASH",
    "F1",
    "F2",
    "F3",
    "INT",
    "M2",
    "PCT",
    "R2",
    "Bulk",
    "Sheet",
    "ci_text",
    "column_rows",
    "measure_dp",
    "new_workbook",
    "number_cell",
    "number_cells",
    "style_id",
    "text_cell",
    "text_cells",
    "write_workbook",
]

DASH = "–"
#: number formats: a true minus sign for negatives, as in the sentences
F1 = '0.0;"−"0.0'
M2 = '0.00;"−"0.00'  # a measure's own 2-dp format (scales scored as means or through a conversion table)
F2 = '0.00;"−"0.00'
F3 = "0.000"
R2 = '.00;"−".00'  # r, alpha: no leading zero (APA)
INT = "0"
PCT = "0%"

_FIXED_TIME = datetime(2000, 1, 1)  # document times: identical inputs give identical bytes
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format's earliest time, as ZipInfo gives by default
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX_TEXT = 32_767  # Excel's longest cell text (openpyxl cuts text there too)
_BLOCK = 4096  # rows built, and written, at a time


def measure_dp(run: CompareRun) -> dict[str, int]:
    """Display decimals per measure (``Outcome.dp``, as the sentences use them), for rows keyed by measure."""
    return {o.measure: o.dp for o in run.outcomes}


def ci_text(res: Any, _fmt: str = R2) -> str | None:
    """ "[.80, .90]" for a result with ``ci95`` (alpha-style: 2 dp, no leading zero), None when missing."""
    ci = None if res is None else res.ci95
    if ci is None or ci[0] is None or ci[1] is None:
        return None
    return f"[{fmt_number(ci[0], 2, leading_zero=False)}, {fmt_number(ci[1], 2, leading_zero=False)}]"


class Sheet:
    """A write-only worksheet with a row counter, column widths, A4 page setup and formula-safe cells.

    ``fit_width`` prints the sheet ``fit_width`` pages wide (0: no scaling)."""

    def __init__(
        self,
        wb: Any,
        title: str,
        widths: Sequence[float],
        *,
        freeze: str | None = None,
        landscape: bool = False,
        fit_width: int = 0,
    ) -> None:
        from openpyxl.utils import get_column_letter

        self.ws = wb.create_sheet(title)
        self.widths = list(widths)
        self.row = 0
        for j, w in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(j)].width = w
        if freeze:
            self.ws.freeze_panes = freeze
        ps = self.ws.page_setup
        ps.paperSize = 9  # A4
        if landscape:
            ps.orientation = "landscape"
        if fit_width:
            self.ws.sheet_properties.pageSetUpPr.fitToPage = True
            ps.fitToWidth, ps.fitToHeight = fit_width, 0
        self.ws.oddFooter.center.text = f"{title} · page &P"

    def cell(
        self,
        value: Any,
        fmt: str | None = None,
        *,
        bold: bool = False,
        italic: bool = False,
        wrap: bool = False,
        fill: str | None = None,
        size: float | None = None,
        color: str | None = None,
        missing: str | None = None,
    ) -> Any:
        """One cell: text always as text (never a formula), numbers with ``fmt``, None as ``missing``."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill

        if isinstance(value, float) and not math.isfinite(value):
            value = None
        if value is None:
            value = missing
        if isinstance(value, float):
            # openpyxl writes floats as "%.16g", losing the last digit: write the shortest exact form instead
            c = WriteOnlyCell(self.ws, value=repr(value))
            c.data_type = "n"
        else:
            c = WriteOnlyCell(self.ws, value=value)
        if isinstance(value, str):
            c.data_type = "s"
        elif fmt is not None and isinstance(value, int | float) and not isinstance(value, bool):
            c.number_format = fmt
        if bold or italic or size or color:
            c.font = Font(name="Calibri", bold=bold, italic=italic, size=size or 11, color=color)
        right = value == DASH or (isinstance(value, str) and fmt == "right")
        if value == DASH:
            horizontal = "center"
        elif right:
            horizontal = "right"
        else:
            horizontal = None
        if fill:
            c.fill = PatternFill("solid", fgColor=fill)
        c.alignment = Alignment(wrap_text=wrap or None, vertical="top", horizontal=horizontal)
        return c

    def append(self, cells: Sequence[Any], height: float | None = None) -> None:
        self.row += 1
        if height:
            self.ws.row_dimensions[self.row].height = height
        self.ws.append(list(cells))

    @staticmethod
    def height_for(text: str | None, width: float, *, bold: bool = False, size: float = 11) -> float | None:
        """Row height (points) for ``text`` in font ``size`` wrapped in a column ``width`` characters wide."""
        if not text:
            return None
        per_line = max(1.0, width * (1.0 if bold else 1.1) * 11 / size)
        lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        return (1.36 * size * lines + 4) if lines > 1 or size > 11 else None

    def header(self, headings: Sequence[str], fill: str = "DDEBF7") -> None:
        tall = max(
            (len(h) / max(self.widths[j] if j < len(self.widths) else 10, 1) for j, h in enumerate(headings)),
            default=1,
        )
        lines = math.ceil(tall + 0.4)  # words do not break, so allow for ragged lines
        self.append(
            [self.cell(h, bold=True, wrap=True, fill=fill) for h in headings],
            height=15.0 * lines + 4 if lines > 1 else None,
        )

    def note(self, text: str, merge_to: int) -> None:
        """An italic wrapped note across columns A to ``merge_to``."""
        from openpyxl.utils import get_column_letter

        self.ws.merged_cells.add(f"A{self.row + 1}:{get_column_letter(merge_to)}{self.row + 1}")
        self.append(
            [self.cell(text, italic=True, wrap=True)],
            height=self.height_for(text, sum(self.widths[:merge_to])),
        )

    def section(self, text: str) -> None:
        self.append([self.cell(text, bold=True, size=12)], height=20)

    def text_row(
        self,
        label: str | None,
        text: str | None,
        extra: str | None = None,
        *,
        merge_to: int | None = None,
        size: float | None = None,
    ) -> None:
        """A bold label in column A, a wrapped sentence in B (merged across to ``merge_to``), ``extra`` in C."""
        width = sum(self.widths[1:merge_to]) if merge_to else self.widths[1]
        cells = [self.cell(label, bold=True, wrap=True, size=size), self.cell(text, wrap=True, size=size)]
        if extra is not None:
            cells.append(self.cell(extra, italic=True, wrap=True, size=size))
        if merge_to:
            from openpyxl.utils import get_column_letter

            self.ws.merged_cells.add(f"B{self.row + 1}:{get_column_letter(merge_to)}{self.row + 1}")
        self.append(cells, height=self.height_for(text, width, size=size or 11))


# ----------------------------------------------------------------------------------- streamed sheet XML
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
        for lo in range(0, n, _BLOCK):
            hi = min(lo + _BLOCK, n)
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
            if len(batch) == _BLOCK:
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
