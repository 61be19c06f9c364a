"""What every reader returns: the table, what was found, and where each row came from.

A :class:`SourceTable` holds the cells column by column (``data[j][pos]``), the Excel row number of each data
row (``rows[pos]``), the layout that was recognised, the platform rows that must not be scored (previews,
tests, spam: kept, so every input row is accounted for), the roles of platform metadata columns, and the
Issues raised while reading.  Modelled on sqlite-utils' ``rows_from_file``, which returns the format it used
alongside the rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from peerimpact.issues import Issue

__all__ = ["LAYOUT_NAMES", "ROLES", "SourceTable", "describe_layout"]

#: layout token -> how the terminal names it
LAYOUT_NAMES: dict[str, str] = {
    "microsoft_forms": "Microsoft Forms export",
    "google_forms": "Google Forms export",
    "qualtrics": "Qualtrics export (3 header rows)",
    "qualtrics_legacy": "Qualtrics legacy export (2 header rows)",
    "surveymonkey": "SurveyMonkey export (2 header rows)",
    "plain": "plain table (one header row)",
}

_HEADER_ROWS = re.compile(r"\((?:one|\d+) header rows?\)")


def describe_layout(layout: str, header_rows: int) -> str:
    """How the terminal names a layout, with the header rows actually read.

    A Qualtrics file whose ImportId row was deleted has 2 header rows, not the usual 3; the name says so.
    """
    name = LAYOUT_NAMES.get(layout, layout)
    rows = "one header row" if header_rows == 1 else f"{header_rows} header rows"
    return _HEADER_ROWS.sub(f"({rows})", name)


#: metadata roles a reader may fill in ``SourceTable.roles`` (role -> column heading)
ROLES = (
    "response_id",  # platform response number: never a pupil id (Forms ID, Qualtrics ResponseId, ...)
    "start_time",
    "completion_time",  # Forms Completion time, Google Timestamp, Qualtrics EndDate, SurveyMonkey End Date
    "email",
    "name",  # never used as an id; dropped from outputs
    "finished",  # Qualtrics Finished (1/0, True/False)
    "progress",  # Qualtrics Progress (0-100)
    "status",  # Qualtrics Status
)


@dataclass(slots=True)
class SourceTable:
    """One sheet of one export, read.

    ``data`` is column-major: ``data[j][pos]`` is the cell in column ``columns[j]`` of data row ``pos``.
    Cells are ``None`` when empty, else ``str`` (stripped of surrounding whitespace), ``int``, ``float``,
    ``bool`` or ``datetime``.  ``rows[pos]`` is the row number the user sees in Excel (header rows counted;
    for CSV the line's record number as a spreadsheet would show it).  ``excluded[pos]`` names the reason a
    platform row must not be scored (e.g. ``"survey preview"``); such rows stay in ``data`` so that rows
    read = scored + partly scored + excluded.
    """

    path: str
    file: str  # the name used in messages (file name only)
    sheet: str | None
    layout: str
    columns: list[str]
    data: list[list[Any]]
    rows: list[int]
    questions: list[str] = field(default_factory=list)  # question text per column (Qualtrics row 2) or ""
    roles: dict[str, str] = field(default_factory=dict)
    excluded: dict[int, str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    header_rows: int = 1
    encoding: str | None = None  # text files only
    delimiter: str | None = None  # text files only

    @property
    def n_rows(self) -> int:
        """Data rows read (platform header rows not counted; platform-excluded rows counted)."""
        return len(self.rows)

    @property
    def layout_name(self) -> str:
        """The layout as the terminal names it, e.g. "Qualtrics export (3 header rows)"."""
        return describe_layout(self.layout, self.header_rows)

    def column(self, name: str) -> list[Any]:
        """The cells of one column, by heading."""
        return self.data[self.columns.index(name)]
