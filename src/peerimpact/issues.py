"""Validation problems as records, and the one exception that stops a run.

Every problem peerimpact finds is an :class:`Issue`: a stable ``code`` from :data:`CODES`, a severity, the
place a user can find in Excel (file, sheet, row as Excel shows it, column) and only the offending cell's
value, never the whole row (pupil data).  Issues are collected and reported together; a problem that stops
the run raises :class:`PeerimpactError` carrying its Issue, which the CLI turns into exit code 1.

The catalogue of codes (title, severity, advice) is :mod:`peerimpact.issue_codes`.  Standard library only
(layer 0).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from peerimpact.issue_codes import CODES, Code, Severity

__all__ = ["CODES", "Code", "Issue", "PeerimpactError", "Severity", "make_issue"]


@dataclass(frozen=True, slots=True)
class Issue:
    """One located problem.  ``row`` is the row number the user sees in Excel, header rows counted."""

    code: str
    severity: Severity
    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["severity"] = str(self.severity)
        return d

    def where(self) -> str:
        """'file, sheet S, row 12, column "Q3"' — only the parts that are known."""
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)


def make_issue(
    code: str,
    detail: str = "",
    *,
    file: str | None = None,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    value: object = None,
    severity: Severity | None = None,
) -> Issue:
    """Build an Issue from the catalogue: message = title[: detail]. Advice is added when rendering."""
    entry = CODES[code]  # KeyError here is a bug: every emitted code must be catalogued
    message = entry.title + (f": {detail}" if detail else "")
    return Issue(
        code=code,
        severity=severity or entry.severity,
        message=message,
        file=file,
        sheet=sheet,
        row=row,
        column=column,
        value=None if value is None else str(value)[:200],
    )


class PeerimpactError(Exception):
    """A problem that stops the run; carries the Issue the CLI prints (exit code 1)."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue

    def __reduce__(self) -> tuple[type[PeerimpactError], tuple[Issue]]:
        return (type(self), (self.issue,))  # pickles whole (the default would call __init__(message))

    def __str__(self) -> str:
        where = self.issue.where()
        advice = CODES[self.issue.code].advice if self.issue.code in CODES else ""
        return f"{where + ': ' if where else ''}{self.issue.message}. {advice}".strip()
