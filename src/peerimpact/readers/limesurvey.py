"""LimeSurvey response exports: one header row, the platform's columns first.

LimeSurvey writes its own columns before the answers, headed with full text (``Response ID, Date submitted,
Last page, Start language, Seed, Date started, Date last action``, as in the "R data file" and full-text CSV
exports) or with codes (``id, submitdate, lastpage, startlanguage, seed, startdate, datestamp``); which of them
appear depends on the survey's settings.  Seen in real exports shipped with the ``limonaid`` R package
(``tests/data/real/``).  Grid questions are ``Question [Row]`` as in Google Forms.  ``Response ID`` is a
response number, never a pupil id; an empty ``Date submitted`` marks a response left unfinished.
"""

from __future__ import annotations

from typing import Any

from peerimpact.readers.base import SourceTable
from peerimpact.readers.grid import Grid
from peerimpact.readers.table import assemble, head_texts, match_roles

__all__ = ["looks_like_limesurvey", "read_limesurvey"]

#: headings of LimeSurvey's own columns, full text and code, that together say "LimeSurvey"
_MARKS = (
    frozenset({"response id", "last page", "start language"}),
    frozenset({"id", "lastpage", "startlanguage"}),
)
_ROLES: dict[str, tuple[str, ...]] = {
    "response_id": ("response id", "id"),
    "start_time": ("date started", "startdate"),
    "completion_time": ("date submitted", "submitdate"),
}


def looks_like_limesurvey(head: list[list[Any]]) -> bool:
    """True when row 1 has LimeSurvey's ``Response ID``, ``Last page`` and ``Start language`` (or their codes)."""
    names = {h.lower() for h in head_texts(head[0] if head else None)}
    return any(mark <= names for mark in _MARKS)


def read_limesurvey(grid: Grid, *, file: str, path: str) -> SourceTable:
    """Read a LimeSurvey export: one header row, platform columns as roles."""
    headings = head_texts(grid.head[0])
    table = assemble(grid, file=file, path=path, layout="limesurvey", header_rows=1, headings=headings)
    table.roles = match_roles(table.columns, _ROLES)
    return table
