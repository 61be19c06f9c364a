"""The SMHL workbook's "Follow-up" and "For the DSL" sheets: a view of a
:class:`~peerimpact.comparison.follow_up_model.FollowUp` (SPEC §6.1, §7).

Both are pupil-level: the workbook is marked (:func:`~peerimpact.reports.excel.sheet.mark_pupil_level`), so each
sheet carries the SMHL-only marking in its first row and page header.  Text is always stored as text, never as
a formula; the tables have an autofilter and a frozen heading row.  Nothing here decides who is listed, in what
order or why: the rows, reasons and sentences are the FollowUp's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from peerimpact.comparison.follow_up_model import CONCERN_WORDS, FollowUp
from peerimpact.reports.excel.sheet import DASH, F1, M2, Sheet
from peerimpact.reports.excel.stream import Bulk, number_cell, text_cell

__all__ = ["dsl_sheet", "follow_up_sheet", "summary_lines"]

_DSL = "For the Designated Safeguarding Lead"


def _letter(j: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(j))


def summary_lines(fu: FollowUp) -> list[str]:
    """The lines the Summary sheet shows about the follow-up (its own sentences and counts)."""
    if not fu.listed:
        return [fu.dsl_note]
    n = len(fu.rows)
    lines = [
        f"{n} pupil{'s are' if n != 1 else ' is'} listed on the Follow-up sheet (reliably worse, or in a "
        "clinical range at the second survey), most concern first."
    ]
    lines += [c.sentence for c in fu.chance]
    lines.append(fu.dsl_note)
    return lines


def follow_up_sheet(wb: Any, fu: FollowUp) -> Bulk:
    """One row per pupil to follow up, most concern first; the counts beside chance below the table.

    The rows are streamed into the sheet's XML (:class:`~peerimpact.reports.excel.stream.Bulk`): written
    cell by cell through openpyxl they took most of a 20,000-pupil report's SMHL workbooks (issue 17).
    Each cell's style is the one :meth:`Sheet.cell` gives the same value, so the sheet looks as before."""
    widths = [16.0, 11.0, 12.0] + [14.0] * len(fu.group_columns) + [24.0]
    for _ in fu.measures:
        widths += [14.0, 9.0, 8.0, 16.0]
    widths.append(60.0)
    # on one page's width while it stays legible; a wide table (SDQ's eight scores) prints across pages
    sh = Sheet(
        wb, "Follow-up", widths, freeze="B2", landscape=True, fit_width=1 if len(fu.measures) <= 3 else 0
    )
    headings = ["Pupil id", "Role", "Arm", *fu.group_columns, "Concern"]
    for _, title in fu.measures:
        headings += [f"{title}: first survey", "second survey", "change", "band now"]
    headings.append("Why listed")
    sh.header(headings)
    head = sh.row
    last = _letter(len(headings))
    table_rows = max(len(fu.rows), 1)
    sh.ws.auto_filter.ref = f"A{head}:{last}{head + table_rows}"
    sh.ws.print_title_rows = f"1:{head}"
    # the style each kind of cell gets from Sheet.cell (text, wrapped text, a dash, each number format)
    plain, wrap = _style(sh.cell("x")), _style(sh.cell("x", wrap=True))
    dash = _style(sh.cell(DASH))
    fmts = [_style(sh.cell(1.5, M2 if fu.dp.get(m, 1) == 2 else F1)) for m, _ in fu.measures]
    letters = [_letter(j) for j in range(1, len(headings) + 1)]
    span = min(len(widths), 10)
    after = head + table_rows  # the last table row; then a blank row, the section, its sentences
    for i in range(len(fu.chance) + 1):
        sh.ws.merged_cells.add(f"B{after + 3 + i}:{_letter(span)}{after + 3 + i}")
    bold = _style(sh.cell("x", bold=True, size=12))

    def rows(first: int) -> Iterator[str]:
        r = first
        for row in fu.rows:
            n = str(r)
            cells = [
                text_cell(f"A{n}", row.id, plain),
                text_cell(f"B{n}", row.role, plain) if row.role else text_cell(f"B{n}", DASH, dash),
                text_cell(f"C{n}", row.arm, plain),
            ]
            j = 3
            for g in row.groups:
                cells.append(text_cell(f"{letters[j]}{n}", g, plain))
                j += 1
            cells.append(text_cell(f"{letters[j]}{n}", CONCERN_WORDS[row.concern], wrap))
            j += 1
            for x, fmt in zip(row.measures, fmts, strict=True):
                if x is not None:
                    cells += [
                        number_cell(f"{letters[j]}{n}", x.before, fmt),
                        number_cell(f"{letters[j + 1]}{n}", x.after, fmt),
                        number_cell(f"{letters[j + 2]}{n}", x.change, fmt),
                        text_cell(f"{letters[j + 3]}{n}", x.band, plain),
                    ]
                j += 4
            cells.append(text_cell(f"{letters[j]}{n}", row.reasons, wrap))
            yield f'<row r="{n}"{_height(Sheet.height_for(row.reasons, widths[-1]))}>{"".join(cells)}</row>'
            r += 1
        if not fu.rows:
            text = "No pupil reliably got worse or is in a clinical range at the second survey."
            yield f'<row r="{r}">{text_cell(f"A{r}", text, plain)}</row>'
            r += 1
        r += 1  # a blank row
        yield f'<row r="{r}"{_height(20.0)}>{text_cell(f"A{r}", "Reliably worse, beside chance", bold)}</row>'
        width = sum(widths[1:span])
        for text in [*(c.sentence for c in fu.chance), fu.note]:
            r += 1
            yield f'<row r="{r}"{_height(Sheet.height_for(text, width))}>{text_cell(f"B{r}", text, wrap)}</row>'

    return Bulk(sh.ws, head + 1, rows)


def _style(cell: Any) -> int:
    return int(cell.style_id)


def _height(points: float | None) -> str:
    return f' ht="{points}" customHeight="1"' if points else ""


def dsl_sheet(wb: Any, fu: FollowUp) -> None:
    """Answers to risk items, latest survey first, with the file and row of each response; or, plainly, why
    the sheet is empty."""
    widths = [16.0, 18.0, 30.0, 8.0, 18.0, 8.0, 22.0]
    sh = Sheet(wb, "For the DSL", widths, freeze="A4", landscape=True, fit_width=1)
    sh.ws.oddHeader.left.text = _DSL
    sh.append([sh.cell(f"{_DSL}: answers to risk items", bold=True, size=14, color="9C0006")], height=22)
    sh.note(fu.dsl_note, len(widths))
    sh.header(["Survey", "Pupil id", "File", "Row", "Questionnaire", "Item", "Answer"])
    head = sh.row
    sh.ws.auto_filter.ref = f"A{head}:G{head + max(len(fu.dsl), 1)}"
    sh.ws.print_title_rows = f"1:{head}"
    for d in fu.dsl:
        sh.append(
            [
                sh.cell(d.wave),
                sh.cell(d.id, missing="(no pupil id)"),
                sh.cell(d.file),
                sh.cell(d.row),
                sh.cell(d.instrument),
                sh.cell(d.item),
                sh.cell(d.answer),
            ]
        )
