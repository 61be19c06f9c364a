"""Shared xlsx plumbing for the workbooks: number formats, a formula-safe sheet helper, and a fast,
deterministic save.

:class:`Sheet` wraps an openpyxl write-only worksheet: a row counter, column widths, A4 page setup and cells
whose text is always stored as text, never as a formula (SPEC §7).

Large tables are streamed as sheet XML, and every workbook saved deterministically, by :mod:`._xlsx_stream`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from peerimpact.wording.numbers import fmt_number

if TYPE_CHECKING:
    from peerimpact.comparison.model import CompareRun

__all__ = [
    "DASH",
    "F1",
    "F2",
    "F3",
    "INT",
    "M2",
    "PCT",
    "PUPIL_LEVEL",
    "R2",
    "Sheet",
    "ci_text",
    "mark_pupil_level",
    "marking_cells",
    "measure_dp",
    "set_marking_header",
]

#: the marking every sheet of a pupil-level workbook carries, in its page header and its first row (SPEC §7)
PUPIL_LEVEL = "Pupil-level data — Senior Mental Health Lead only"
_MARK_FILL, _MARK_COLOUR = "F4B6B6", "9C0006"

DASH = "–"
#: number formats: a true minus sign for negatives, as in the sentences
F1 = '0.0;"−"0.0'
M2 = '0.00;"−"0.00'  # a measure's own 2-dp format (scales scored as means or through a conversion table)
F2 = '0.00;"−"0.00'
F3 = "0.000"
R2 = '.00;"−".00'  # r, alpha: no leading zero (APA)
INT = "0"
PCT = "0%"


def measure_dp(run: CompareRun) -> dict[str, int]:
    """Display decimals per measure (``Outcome.dp``, as the sentences use them), for rows keyed by measure."""
    return {o.measure: o.dp for o in run.outcomes}


def ci_text(res: Any, _fmt: str = R2) -> str | None:
    """ "[.80, .90]" for a result with ``ci95`` (alpha-style: 2 dp, no leading zero), None when missing."""
    ci = None if res is None else res.ci95
    if ci is None or ci[0] is None or ci[1] is None:
        return None
    return f"[{fmt_number(ci[0], 2, leading_zero=False)}, {fmt_number(ci[1], 2, leading_zero=False)}]"


def mark_pupil_level(wb: Any) -> None:
    """Mark ``wb`` (from ``new_workbook``) as pupil-level: every :class:`Sheet` made in it afterwards starts
    with the :data:`PUPIL_LEVEL` marking as its first row and carries it in its page header."""
    wb._peerimpact_pupil_level = True


def set_marking_header(ws: Any) -> None:
    """The :data:`PUPIL_LEVEL` marking in ``ws``'s printed page header (every page)."""
    ws.oddHeader.center.text = f"{PUPIL_LEVEL}: not for circulation"
    ws.oddHeader.center.color = _MARK_COLOUR


def marking_cells(ws: Any, width: int) -> list[Any]:
    """A first row of ``width`` cells holding the :data:`PUPIL_LEVEL` marking (bold, red on pink)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    cells = []
    for j in range(max(1, width)):
        c = WriteOnlyCell(ws, value=f"{PUPIL_LEVEL}: not for circulation" if j == 0 else None)
        if j == 0:
            c.data_type = "s"
            c.font = Font(name="Calibri", bold=True, size=12, color=_MARK_COLOUR)
        c.fill = PatternFill("solid", fgColor=_MARK_FILL)
        cells.append(c)
    return cells


def _word_lines(text: str, per_line: float) -> int:
    """How many lines ``text`` takes wrapped at word boundaries, ``per_line`` characters a line."""
    lines, used = 1, 0
    for word in text.split():
        need = len(word) + (1 if used else 0)
        if used and used + need > per_line:
            lines, used = lines + max(1, math.ceil(len(word) / per_line)), len(word) % max(1, int(per_line))
        else:
            used += need
    return lines


class Sheet:
    """A write-only worksheet with a row counter, column widths, A4 page setup and formula-safe cells.

    ``fit_width`` prints the sheet ``fit_width`` pages wide (0: no scaling).  In a workbook marked by
    :func:`mark_pupil_level` the sheet's first row is the pupil-level marking (``top`` is then 1: the rows
    a caller counts from, and ``freeze``, move down by one) and its page header says the same."""

    def __init__(
        self,
        wb: Any,
        title: str,
        widths: Sequence[float],
        *,
        freeze: str | None = None,
        landscape: bool = False,
        fit_width: int = 0,
        wrap_text: bool = False,
    ) -> None:
        from openpyxl.utils import get_column_letter
        from openpyxl.utils.cell import coordinate_from_string

        self.ws = wb.create_sheet(title)
        self.widths = list(widths)
        #: wrap every text cell and size each row for its wrapped text (sheets meant to be printed)
        self.wrap_text = wrap_text
        #: the rows :meth:`header` wrote (a sheet of one table repeats its header on every printed page)
        self.header_rows: list[int] = []
        self.row = 0
        self._styles: dict[tuple[Any, ...], Any] = {}  # a cell's style choices -> its StyleArray
        self.top = 1 if getattr(wb, "_peerimpact_pupil_level", False) else 0
        for j, w in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(j)].width = w
        if freeze:
            letter, row = coordinate_from_string(freeze)
            self.ws.freeze_panes = f"{letter}{row + self.top}"
        ps = self.ws.page_setup
        ps.paperSize = 9  # A4
        if landscape:
            ps.orientation = "landscape"
        if fit_width:
            self.ws.sheet_properties.pageSetUpPr.fitToPage = True
            ps.fitToWidth, ps.fitToHeight = fit_width, 0
        self.ws.oddFooter.center.text = f"{title} · page &P"
        if self.top:
            set_marking_header(self.ws)
            self.ws.merged_cells.add(f"A1:{get_column_letter(max(1, len(self.widths)))}1")
            self.append(marking_cells(self.ws, len(self.widths)), height=20)

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
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.styles.cell_style import StyleArray

        if isinstance(value, float) and not math.isfinite(value):
            value = None
        if value is None:
            value = missing
        if isinstance(value, str):  # control characters from the data (ESC …) are not allowed in a sheet
            value = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
        if isinstance(value, float):
            # openpyxl writes floats as "%.16g", losing the last digit: write the shortest exact form instead
            c = WriteOnlyCell(self.ws, value=repr(value))
            c.data_type = "n"
        else:
            c = WriteOnlyCell(self.ws, value=value)
        number = fmt is not None and isinstance(value, int | float) and not isinstance(value, bool)
        if isinstance(value, str):
            c.data_type = "s"
        right = value == DASH or (isinstance(value, str) and fmt == "right")
        if value == DASH:
            horizontal = "center"
        elif right:
            horizontal = "right"
        else:
            horizontal = None
        wrap = wrap or (self.wrap_text and isinstance(value, str) and value != DASH)
        # a style met before in this sheet: its workbook indices, copied (openpyxl would hash every style
        # object of every cell to find the same indices: most of a long pupil table's time)
        key = (fmt if number else None, bold, italic, size, color, fill, wrap, horizontal)
        known = self._styles.get(key)
        if known is not None:
            c._style = StyleArray(known)
            return c
        if key[0] is not None:
            c.number_format = fmt
        if bold or italic or size or color:
            c.font = Font(name="Calibri", bold=bold, italic=italic, size=size or 11, color=color)
        if fill:
            c.fill = PatternFill("solid", fgColor=fill)
        c.alignment = Alignment(wrap_text=wrap or None, vertical="top", horizontal=horizontal)
        self._styles[key] = StyleArray(c._style)
        return c

    def append(self, cells: Sequence[Any], height: float | None = None) -> None:
        self.row += 1
        if not height and self.wrap_text:
            height = self._wrapped_height(cells)
        if height:
            self.ws.row_dimensions[self.row].height = height
        self.ws.append(list(cells))

    def _wrapped_height(self, cells: Sequence[Any]) -> float | None:
        """The row height (points) that shows every wrapped text cell of a row whole: openpyxl does not
        size rows, and Excel keeps a stored height, so the lines are counted here from the text length and
        the column width (a merged cell counts the width of all its columns).  None: one line is enough."""
        merged = {
            (m.min_col, m.max_col) for m in self.ws.merged_cells.ranges if m.min_row <= self.row <= m.max_row
        }
        tallest = None
        for j, c in enumerate(cells, start=1):
            value = getattr(c, "value", c)
            if not isinstance(value, str) or not value:
                continue
            last = next((b for a, b in merged if a == j), j)
            width = sum(self.widths[j - 1 : last]) or 10.0
            font = getattr(c, "font", None)
            size = float(getattr(font, "sz", None) or getattr(font, "size", None) or 11)
            bold = bool(getattr(font, "b", False))
            h = self.height_for(value, width, bold=bold, size=size, snug=False)
            if h is not None and (tallest is None or h > tallest):
                tallest = h
        return tallest

    @staticmethod
    def height_for(
        text: str | None, width: float, *, bold: bool = False, size: float = 11, snug: bool = True
    ) -> float | None:
        """Row height (points) for ``text`` in font ``size`` wrapped in a column ``width`` characters wide.

        ``snug`` False counts lines by whole words, with a little room for a wider font (LibreOffice's
        Carlito, a printer's Calibri), so that printed text is never clipped."""
        if not text:
            return None
        if not snug:
            per = max(1.0, (width - 1.5) * (0.95 if bold else 1.05) * 11 / size)
            lines = sum(_word_lines(part, per) for part in text.split("\n"))
            return (1.32 * size * lines + 4) if lines > 1 or size > 11 else None
        per_line = max(1.0, width * (1.0 if bold else 1.1) * 11 / size)
        lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        return (1.36 * size * lines + 4) if lines > 1 or size > 11 else None

    def header(self, headings: Sequence[str], fill: str = "DDEBF7") -> None:
        tall = max(
            (len(h) / max(self.widths[j] if j < len(self.widths) else 10, 1) for j, h in enumerate(headings)),
            default=1,
        )
        lines = math.ceil(tall + 0.4)  # words do not break, so allow for ragged lines
        self.header_rows.append(self.row + 1)
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
        if self.wrap_text:  # across the sheet's columns, so the heading wraps there instead of in A alone
            from openpyxl.utils import get_column_letter

            last = get_column_letter(max(1, len(self.widths)))
            self.ws.merged_cells.add(f"A{self.row + 1}:{last}{self.row + 1}")
            self.append([self.cell(text, bold=True, size=12)])
            return
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
