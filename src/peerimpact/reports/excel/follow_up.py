"""The SMHL workbook's "Follow-up" and "For the DSL" sheets: a view of a
:class:`~peerimpact.comparison.follow_up_model.FollowUp` (SPEC §6.1, §7).

Both are pupil-level: the workbook is marked (:func:`~peerimpact.reports.excel.sheet.mark_pupil_level`), so each
sheet carries the SMHL-only marking in its first row and page header.  Text is always stored as text, never as
a formula; the tables have an autofilter and a frozen heading row.  Nothing here decides who is listed, in what
order or why: the rows, reasons and sentences are the FollowUp's.
"""

from __future__ import annotations

from typing import Any

from peerimpact.comparison.follow_up_model import CONCERN_WORDS, FollowUp
from peerimpact.reports.excel.sheet import F1, M2, Sheet

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


def follow_up_sheet(wb: Any, fu: FollowUp) -> None:
    """One row per pupil to follow up, most concern first; the counts beside chance below the table."""
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
    sh.ws.auto_filter.ref = f"A{head}:{last}{head + max(len(fu.rows), 1)}"
    sh.ws.print_title_rows = f"1:{head}"
    fmts = [M2 if fu.dp.get(m, 1) == 2 else F1 for m, _ in fu.measures]
    for r in fu.rows:
        cells = [
            sh.cell(r.id),
            sh.cell(r.role, missing="–"),
            sh.cell(r.arm),
            *(sh.cell(g) for g in r.groups),
            sh.cell(CONCERN_WORDS[r.concern], wrap=True),
        ]
        for x, fmt in zip(r.measures, fmts, strict=True):
            if x is None:
                cells += [sh.cell(None)] * 4
            else:
                cells += [
                    sh.cell(x.before, fmt),
                    sh.cell(x.after, fmt),
                    sh.cell(x.change, fmt),
                    sh.cell(x.band),
                ]
        cells.append(sh.cell(r.reasons, wrap=True))
        sh.append(cells, height=sh.height_for(r.reasons, widths[-1]))
    if not fu.rows:
        sh.append([sh.cell("No pupil reliably got worse or is in a clinical range at the second survey.")])
    sh.append([])
    sh.section("Reliably worse, beside chance")
    span = min(len(widths), 10)
    for c in fu.chance:
        sh.text_row("", c.sentence, merge_to=span)
    sh.text_row("", fu.note, merge_to=span)


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
