"""SurveyMonkey "All responses data" exports: two header rows.

Row 1 holds ``Respondent ID, Collector ID, Start Date, End Date, IP Address, Email Address, First Name,
Last Name, Custom Data 1`` (some surveys omit some of these) and then each question's text, written only above
the first column of a multi-column question; row 2 is blank under the metadata, ``Response`` or
``Open-Ended Response`` under single-answer questions, and the choice / matrix-row label under each column of
a multi-column question (formats.md §1.2, from ``ajturner/dc-elections`` and ``bdoremus/gvca_survey_analytics``).
Row 1 is forward-filled and joined with row 2 (as ``mattroumaya/doubleheadr`` does): a column is headed by its
row-2 label when that is a choice or matrix-row label, else by its question; the question is kept in
``questions``.  ``Respondent ID`` is a response number, never a pupil id.
"""

from __future__ import annotations

from typing import Any

from peerimpact.readers.base import SourceTable
from peerimpact.readers.grid import Grid
from peerimpact.readers.table import assemble, head_texts, match_roles

__all__ = ["looks_like_surveymonkey", "read_surveymonkey", "surveymonkey_headings"]

_GENERIC_ROW2 = frozenset({"response", "open-ended response"})
_ROLES: dict[str, tuple[str, ...]] = {
    "response_id": ("respondent id", "respondentid"),
    "start_time": ("start date",),
    "completion_time": ("end date",),
    "email": ("email address",),
    "name": ("first name", "last name"),
}


def looks_like_surveymonkey(head: list[list[Any]]) -> bool:
    """True when row 1 has ``Respondent ID`` and ``Collector ID`` (formats.md §1.7), or, for exports re-saved
    or published without the platform's columns (FiveThirtyEight's polls; the older ``RespondentID``
    spelling), when row 2 is SurveyMonkey's second heading row: at least three ``Response`` / ``Open-Ended
    Response`` cells, and either a respondent column first in row 1 or such cells in most of row 2."""
    names = {h.lower() for h in head_texts(head[0] if head else None)}
    if {"respondent id", "collector id"} <= names:
        return True
    if len(head) < 2:
        return False
    row1 = head_texts(head[0])
    row2 = [c for c in head_texts(head[1]) if c]
    generic = sum(c.lower() in _GENERIC_ROW2 for c in row2)
    first = row1[0].lower() if row1 else ""
    return generic >= 3 and (first in _RESPONDENT or 2 * generic >= len(row2))


_RESPONDENT = frozenset({"respondent id", "respondentid"})


def _header_rows(row1: list[str], head: list[list[Any]]) -> int:
    """2, unless row 2 already holds a respondent number under ``Respondent ID`` (a re-saved export)."""
    if len(head) < 2:
        return 2
    lowered = [h.lower() for h in row1]
    j = next((k for k, h in enumerate(lowered) if h in _RESPONDENT), None)
    if j is None:
        return 2
    row2 = head_texts(head[1])
    return 1 if j < len(row2) and row2[j] else 2


def surveymonkey_headings(row1: list[str], row2: list[str]) -> tuple[list[str], list[str]]:
    """Headings and questions from the two header rows (both already normalised).

    >>> surveymonkey_headings(["Respondent ID", "How do you feel?", "", "Q2"], ["", "Happy", "Sad", "Response"])
    (['Respondent ID', 'Happy', 'Sad', 'Q2'], ['', 'How do you feel?', 'How do you feel?', 'Q2'])
    """
    width = max(len(row1), len(row2))
    row1 = row1 + [""] * (width - len(row1))
    row2 = row2 + [""] * (width - len(row2))
    headings: list[str] = []
    questions: list[str] = []
    question = ""
    for top, sub in zip(row1, row2, strict=True):
        if top:
            question = top
        elif not sub:
            question = ""  # an empty column: nothing to carry forward into it
        if not sub:
            headings.append(top)
            questions.append("")
        elif sub.lower() in _GENERIC_ROW2:
            headings.append(question)
            questions.append(question)
        else:
            headings.append(sub)
            questions.append(question)
    return headings, questions


def read_surveymonkey(grid: Grid, *, file: str, path: str) -> SourceTable:
    """Read a SurveyMonkey export (2 header rows, or 1 if row 2 was deleted)."""
    row1 = head_texts(grid.head[0])
    header_rows = _header_rows(row1, grid.head)
    if header_rows == 2:
        headings, questions = surveymonkey_headings(row1, head_texts(grid.head[1]))
    else:
        headings, questions = row1, []
    table = assemble(
        grid,
        file=file,
        path=path,
        layout="surveymonkey",
        header_rows=header_rows,
        headings=headings,
        questions=questions,
    )
    table.roles = match_roles(table.columns, _ROLES)
    return table
