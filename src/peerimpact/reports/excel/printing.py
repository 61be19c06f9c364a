"""Print setup for sheets meant to be printed (the governors' workbook, SPEC §6.1): A4, one page wide,
landscape when wide, every text cell wrapped, a one-table sheet's header row repeated, a print area of the
sheet's own columns.

Issue 15 found the governors' xlsx printing as 16–19 pages with split columns and clipped text: long title
lines spilled past the last column onto pages of their own, and nothing was fitted to the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from peerimpact.reports.excel.sheet import Sheet

__all__ = ["PORTRAIT_WIDTH", "finish_print", "new_page", "print_header", "print_sheet", "sheet_title"]

#: the widest sheet (in character widths) that prints portrait on A4 at full size with 0.5-inch margins
#: (184 mm at about 1.85 mm a width unit); a wider sheet prints landscape, and every sheet is fitted to one
#: page wide, so no column is ever split from its row
PORTRAIT_WIDTH = 100


def print_sheet(wb: Any, title: str, widths: Sequence[float]) -> Sheet:
    """A sheet set up to print: A4, one page wide and as many pages tall as it needs (fitToWidth 1,
    fitToHeight 0), landscape when wider than :data:`PORTRAIT_WIDTH`, every text cell wrapped and each row
    as tall as its wrapped text (openpyxl does not size rows); see :func:`print_header` and
    :func:`finish_print` for the repeated header row and the print area."""
    sh = Sheet(wb, title, widths, landscape=sum(widths) > PORTRAIT_WIDTH, fit_width=1, wrap_text=True)
    m = sh.ws.page_margins
    m.left = m.right = 0.5
    m.top, m.bottom = 0.6, 0.7
    return sh


def new_page(sh: Sheet) -> None:
    """Start the next row on a new printed page (a role's part of a sheet, so that its heading is never
    left at the foot of a page with its table on the next)."""
    from openpyxl.worksheet.pagebreak import Break

    if sh.row > 0:
        sh.ws.row_breaks.append(Break(id=sh.row))


def print_header(sh: Sheet, headings: Sequence[str]) -> None:
    """A table's header row (repeated on every printed page when it is the sheet's only table, see
    :func:`finish_print`)."""
    sh.header(headings)


def sheet_title(sh: Sheet, lines: Sequence[tuple[str, dict[str, Any]]]) -> None:
    """Title lines (text, cell style) each merged across all the sheet's columns, so they wrap there
    instead of spilling past the last column onto a page of their own; then a blank row."""
    from openpyxl.utils import get_column_letter

    last = get_column_letter(len(sh.widths))
    for text, style in lines:
        sh.ws.merged_cells.add(f"A{sh.row + 1}:{last}{sh.row + 1}")
        sh.append([sh.cell(text, **style)])
    sh.append([])


def finish_print(sh: Sheet) -> None:
    """The print area (the sheet's own columns and rows) and, on a sheet of one table, its header row
    repeated at the top of every printed page.  A sheet of several tables repeats none: the first table's
    headings above another table's rows would mislabel them."""
    from openpyxl.utils import get_column_letter

    sh.ws.print_area = f"A1:{get_column_letter(len(sh.widths))}{max(1, sh.row)}"
    if len(sh.header_rows) == 1:
        row = sh.header_rows[0]
        sh.ws.print_title_rows = f"{row}:{row}"
