"""Plain tables: one header row, then one row per response.

Our own data-entry templates, MIS exports and hand-made sheets (SPEC §3).  Choosing the pupil-id column is the
job of :mod:`peerimpact.scoring.ids`; the only roles set here are start and completion times, from headings that can
mean nothing else (``Completion time``, ``Timestamp``, ``Date submitted`` …, not ``Date`` or ``End Date``,
which an MIS export uses for other things), so that of a pupil's two answers in a hand-merged sheet the later
one is kept, not the lower one (SPEC §3, duplicate submissions).

A hand-made workbook sometimes has a two-row header built from merged cells: a group heading merged across
its columns ("How have you felt over the last two weeks?" over B1:O1) with the statements under it in row 2,
and the single headings merged down (``UPN`` over A1:A2).  Read as one header row, row 2 would become a pupil
with unknown answers, so such a header is read as two rows and joined as SurveyMonkey's is (the row-2 label
where there is one, else the row-1 heading; the group heading kept as the column's question).
"""

from __future__ import annotations

from peerimpact.readers.base import SourceTable
from peerimpact.readers.grid import Grid
from peerimpact.readers.surveymonkey import surveymonkey_headings
from peerimpact.readers.table import assemble, head_texts, match_roles

__all__ = ["read_plain"]

_ROLES: dict[str, tuple[str, ...]] = {
    "start_time": ("start time", "started at", "time started"),
    "completion_time": (
        "completion time",
        "timestamp",
        "date submitted",
        "submitted at",
        "time submitted",
        "completed at",
        "time completed",
    ),
}


def read_plain(grid: Grid, *, file: str, path: str) -> SourceTable:
    """Read ``grid`` as a table whose first non-blank row is the header (or two rows, see the docstring)."""
    headings = head_texts(grid.head[0] if grid.head else None)
    if _merged_two_row_header(grid):
        headings, questions = surveymonkey_headings(headings, head_texts(grid.head[1]))
        table = assemble(
            grid, file=file, path=path, layout="plain", header_rows=2, headings=headings, questions=questions
        )
    else:
        table = assemble(grid, file=file, path=path, layout="plain", header_rows=1, headings=headings)
    table.roles = match_roles(table.columns, _ROLES)
    return table


def _merged_two_row_header(grid: Grid) -> bool:
    """True when merged cells make the first two rows one header.

    Either a heading is merged down from row 1 into row 2, or a heading merged across columns has a label
    in row 2 under every one of its columns while the headings outside such groups have nothing under them.
    """
    if not grid.merges or len(grid.head) < 2:
        return False
    top = grid.first_row - 1  # 0-based sheet row of the header
    spans: list[tuple[int, int]] = []
    for (r0, c0), (r1, c1) in grid.merges:
        if r0 != top:
            continue
        if r1 > r0:
            return True
        if c1 > c0:
            spans.append((c0 - grid.first_col, c1 - grid.first_col))
    if not spans:
        return False
    row1, row2 = head_texts(grid.head[0]), head_texts(grid.head[1])
    width = max(len(row1), len(row2))
    row1 += [""] * (width - len(row1))
    row2 += [""] * (width - len(row2))
    grouped = {j for c0, c1 in spans for j in range(max(c0, 0), min(c1 + 1, width))}
    if not grouped or not all(row2[j] for j in grouped):
        return False
    return all(not row2[j] for j in range(width) if row1[j] and j not in grouped)
