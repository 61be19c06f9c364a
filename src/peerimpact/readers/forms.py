"""Microsoft Forms and Google Forms exports: one header row with platform columns first.

Microsoft Forms (formats.md §1.3, from several independent public parsers; Microsoft does not document the
header): ``ID, Start time, Completion time, Email, Name`` and, in newer exports, ``Last modified time``, in a
variable order, matched case-insensitively; quizzes add ``Total points``, ``Quiz feedback`` and per-question
``Points - `` / ``Feedback - `` companion columns, which are kept as they are.  Each Likert statement is its own
column headed by the statement text only.  ``ID`` is a response number, never a pupil id.

Google Forms (formats.md §1.4): the first heading is ``Timestamp`` (localised in non-English forms, e.g.
Korean ``타임스탬프``), then ``Email address`` when emails are collected; a grid question is one column per row,
headed ``Question [Row]``, whose question text is kept in ``questions``.
"""

from __future__ import annotations

import re
from typing import Any

from peerimpact.readers.base import SourceTable
from peerimpact.readers.grid import Grid
from peerimpact.readers.table import assemble, head_texts, match_roles

__all__ = [
    "looks_like_google_forms",
    "looks_like_microsoft_forms",
    "read_google_forms",
    "read_microsoft_forms",
]

_MS_REQUIRED = frozenset({"id", "start time", "completion time"})
_MS_ROLES: dict[str, tuple[str, ...]] = {
    "response_id": ("id",),
    "start_time": ("start time",),
    "completion_time": ("completion time",),
    "email": ("email",),
    "name": ("name",),
}
#: first heading of a Google Forms export: English, and the Korean form seen in public code (formats.md §1.4)
_GOOGLE_FIRST = frozenset({"timestamp", "타임스탬프"})
_GOOGLE_ROLES: dict[str, tuple[str, ...]] = {
    "completion_time": ("timestamp", "타임스탬프"),
    "email": ("email address",),
}
_GRID = re.compile(r"^(?P<question>.+?) \[(?P<row>[^\[\]]+)\]$")


def looks_like_microsoft_forms(head: list[list[Any]]) -> bool:
    """True when the first row has ``ID``, ``Start time`` and ``Completion time`` (any case, any order)."""
    return bool(head) and {h.lower() for h in head_texts(head[0])} >= _MS_REQUIRED


def looks_like_google_forms(head: list[list[Any]]) -> bool:
    """True when the first heading is ``Timestamp``."""
    first = head_texts(head[0][:1]) if head else []
    return bool(first) and first[0].lower() in _GOOGLE_FIRST


def read_microsoft_forms(grid: Grid, *, file: str, path: str) -> SourceTable:
    """Read a Microsoft Forms workbook (or its CSV): one header row, platform columns as roles."""
    headings = head_texts(grid.head[0])
    table = assemble(grid, file=file, path=path, layout="microsoft_forms", header_rows=1, headings=headings)
    table.roles = match_roles(table.columns, _MS_ROLES)
    return table


def read_google_forms(grid: Grid, *, file: str, path: str) -> SourceTable:
    """Read a Google Forms sheet or CSV download; grid columns keep their question in ``questions``."""
    headings = head_texts(grid.head[0])
    questions = [m["question"] if (m := _GRID.match(h)) else "" for h in headings]
    table = assemble(
        grid,
        file=file,
        path=path,
        layout="google_forms",
        header_rows=1,
        headings=headings,
        questions=questions,
    )
    table.roles = match_roles(table.columns, _GOOGLE_ROLES)
    return table
