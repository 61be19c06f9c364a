"""Qualtrics exports: the current 3-header-row layout and the legacy (pre-2017) 2-row one.

Current layout (Qualtrics, "Understanding your dataset", quoted in formats.md §1.1; sample
``ropensci/qualtRics:inst/extdata/sample.csv``): row 1 holds export tags (``StartDate``, ``EndDate``,
``Status``, ..., ``ResponseId``, ``Q1``, ``Q5_1``) and gives the headings; row 2 the question text (localised
and possibly HTML: kept, tags stripped, in ``questions``); row 3 ``{"ImportId": ...}`` JSON (written as a
Python dict, ``{'ImportId': ...}``, in 2016-17 exports).  Metadata is therefore keyed on row 1, never on row-2
text.  When row 3 is not an ImportId row the file is read with 2 header rows, and with 1 when row 2 already
holds answers (a re-saved export).

Legacy layout (``ropensci/qualtRics:inst/extdata/sample_legacy.csv``): row 1 ``V1, V2, ...`` for metadata and
``Q1, Q2`` for questions, row 2 ``ResponseID, ResponseSet, ...`` then question text; UTF-8 with a BOM and a
trailing comma on each line (dropped as an empty column).  Metadata columns take their heading from row 2.

Status (Qualtrics' codes, quoted in formats.md §1.1): 0 normal ("IP Address") and 4 "Imported" are responses;
1 preview, 2 test, 8 spam, 9 preview spam, 16 offline, 17 offline preview are not.  SPEC §3 keeps 0 and 4
only; the others stay in the table, marked in ``SourceTable.excluded`` and reported, so every row is
accounted for.  ``Finished`` and ``Progress`` are kept as columns with roles, for validation.
"""

from __future__ import annotations

import ast
import datetime as dt
import html
import json
import re
from typing import Any

from peerimpact.issues import make_issue
from peerimpact.readers.base import SourceTable
from peerimpact.readers.cells import cell_text, normalise_heading
from peerimpact.readers.grid import Grid
from peerimpact.readers.table import assemble, head_texts, match_roles

__all__ = [
    "STATUS_KEPT",
    "looks_like_qualtrics_legacy",
    "mark_status",
    "qualtrics_header_rows",
    "read_qualtrics",
    "read_qualtrics_legacy",
    "strip_html",
]

_ROLES: dict[str, tuple[str, ...]] = {
    "response_id": ("responseid",),
    "start_time": ("startdate",),
    "completion_time": ("enddate",),
    "email": ("recipientemail", "emailaddress"),
    "name": ("recipientfirstname", "recipientlastname", "name"),
    "finished": ("finished",),
    "progress": ("progress",),
    "status": ("status",),
}
#: Status values of real responses, as code or as the text a "choice text" export shows
STATUS_KEPT = frozenset({"0", "4", "ip address", "imported"})
_STATUS_REASONS = {
    "1": "survey preview",
    "survey preview": "survey preview",
    "2": "survey test",
    "survey test": "survey test",
    "8": "spam",
    "spam": "spam",
    "9": "preview spam",
    "preview spam": "preview spam",
    "16": "offline app response",
    "offline": "offline app response",
    "17": "offline app preview",
    "offline preview": "offline app preview",
}
_V_TAG = re.compile(r"^V\d+$")
_BREAK_TAGS = re.compile(r"<\s*(?:br|/p|/div|/li|/h\d)\b[^>]*>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def strip_html(text: str) -> str:
    """Question text without HTML: line-breaking tags become spaces, other tags go, entities are decoded.

    As qualtRics' ``strip_html`` does with a regex (``ropensci/qualtRics:R/read_survey.R``).
    """
    if "<" in text:
        text = _TAGS.sub("", _BREAK_TAGS.sub(" ", text))
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


def _is_import_id_row(row: list[Any]) -> bool:
    """Row 3 of a current export: ``{"ImportId": ...}`` JSON in each cell, or, in exports of 2016-17 (Qualtrics
    "Insights" era, real samples in ``ctesta01/QualtricsTools``), the same written as a Python dict,
    ``{'ImportId': 'startDate'}``."""
    cells = [v.strip() for v in row if isinstance(v, str) and v.strip()]
    if not cells or not cells[0].startswith("{"):
        return False
    try:
        parsed = json.loads(cells[0])
    except ValueError:
        try:
            parsed = ast.literal_eval(cells[0])
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return False
    return isinstance(parsed, dict) and "ImportId" in parsed


def _looks_like_answer_date(value: Any) -> bool:
    return isinstance(value, dt.date) or (isinstance(value, str) and bool(_ISO_DATE.match(value.strip())))


def qualtrics_header_rows(head: list[list[Any]]) -> int | None:
    """How many header rows a Qualtrics export has, or ``None`` when ``head`` is not one (formats.md §1.7).

    3 when row 3 is ImportId JSON; else, when row 1 has ``StartDate``, ``EndDate`` and ``Status`` or
    ``Progress``: 1 if row 2 already holds a date under ``StartDate`` (the extra rows were deleted), else 2.
    """
    if len(head) >= 3 and _is_import_id_row(head[2]):
        return 3
    row1 = [h.lower() for h in head_texts(head[0] if head else None)]
    names = set(row1)
    if not ({"startdate", "enddate"} <= names and names & {"status", "progress"}):
        return None
    if len(head) >= 2:
        j = row1.index("startdate")
        if j < len(head[1]) and _looks_like_answer_date(head[1][j]):
            return 1
    return 2


def looks_like_qualtrics_legacy(head: list[list[Any]]) -> bool:
    """True when row 1 starts ``V1, V2`` and row 2 starts ``ResponseID, ResponseSet``."""
    if len(head) < 2:
        return False
    row1 = head_texts(head[0][:2])
    row2 = [h.lower() for h in head_texts(head[1][:2])]
    return row1 == ["V1", "V2"] and row2 == ["responseid", "responseset"]


def mark_status(table: SourceTable) -> None:
    """Mark rows whose Status is not a real response in ``table.excluded``, one note per row.

    An empty Status is kept (nothing says the row is not a response).
    """
    name = table.roles.get("status")
    if name is None:
        return
    for pos, value in enumerate(table.column(name)):
        if value is None:
            continue
        key = cell_text(value).strip().lower()
        if key in STATUS_KEPT:
            continue
        reason = _STATUS_REASONS.get(key, f"Qualtrics status {cell_text(value)!r}, not a normal response")
        table.excluded[pos] = reason
        table.issues.append(
            make_issue(
                "platform_row_excluded",
                f"row {table.rows[pos]} of {table.file} is a {reason} (Status {cell_text(value)}), "
                "so it is not scored",
                file=table.file,
                sheet=table.sheet,
                row=table.rows[pos],
                column=name,
                value=value,
            )
        )


def read_qualtrics(grid: Grid, *, file: str, path: str, header_rows: int) -> SourceTable:
    """Read a current-format Qualtrics export with 1-3 header rows (see :func:`qualtrics_header_rows`)."""
    headings = head_texts(grid.head[0])
    questions: list[str] = []
    if header_rows >= 2 and len(grid.head) >= 2:
        questions = [normalise_heading(strip_html(cell_text(v))) for v in grid.head[1]]
    table = assemble(
        grid,
        file=file,
        path=path,
        layout="qualtrics",
        header_rows=header_rows,
        headings=headings,
        questions=questions,
    )
    table.roles = match_roles(table.columns, _ROLES)
    mark_status(table)
    return table


def read_qualtrics_legacy(grid: Grid, *, file: str, path: str) -> SourceTable:
    """Read a legacy Qualtrics export: metadata headings from row 2, question headings from row 1."""
    row1 = head_texts(grid.head[0])
    row2 = [normalise_heading(strip_html(cell_text(v))) for v in grid.head[1]]
    width = max(len(row1), len(row2))
    row1 += [""] * (width - len(row1))
    row2 += [""] * (width - len(row2))
    headings: list[str] = []
    questions: list[str] = []
    for tag, text in zip(row1, row2, strict=True):
        if _V_TAG.match(tag):
            headings.append(text)
            questions.append("")
        else:
            headings.append(tag)
            questions.append(text)
    table = assemble(
        grid,
        file=file,
        path=path,
        layout="qualtrics_legacy",
        header_rows=2,
        headings=headings,
        questions=questions,
    )
    table.roles = match_roles(table.columns, _ROLES)
    mark_status(table)
    return table
