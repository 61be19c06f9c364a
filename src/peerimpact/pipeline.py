"""What the CLI and notebooks call: ``score_file``, ``validate_file``, ``compare_files``.

The public entry points in one place: ``score_file`` lives in :mod:`peerimpact.scoring.score`,
``compare_files`` in :mod:`peerimpact.comparison.files`; ``validate_file`` is here.  Each function is one call a notebook user can make too: it reads, detects, validates and scores, and
returns a typed result.  Problems that stop the run raise :class:`~peerimpact.issues.PeerimpactError`;
``validate_file`` instead returns a report even for an unreadable file, as frictionless' ``validate``
does, so the caller always gets one shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from peerimpact.comparison.files import compare_files
from peerimpact.issues import Issue, PeerimpactError, Severity
from peerimpact.scoring.score import resolve_instruments, score_file, score_source

__all__ = [
    "ValidationReport",
    "compare_files",
    "resolve_instruments",
    "score_file",
    "score_source",
    "validate_file",
]


@dataclass(slots=True)
class ValidationReport:
    """The validation of one file: its issues and, when it could be scored, the row counts."""

    path: str
    issues: list[Issue] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    layout: str | None = None

    @property
    def ok(self) -> bool:
        return not any(i.severity is Severity.ERROR for i in self.issues)


def validate_file(
    path: str | Path,
    *,
    instruments: Sequence[str] | None = None,
    instrument_files: Sequence[str | Path] | None = None,
    id_column: str | None = None,
    sheet: str | None = None,
) -> ValidationReport:
    """Validate ``path``; never raises for bad data — the problem comes back as an error Issue."""
    try:
        run = score_file(
            path, instruments=instruments, instrument_files=instrument_files, id_column=id_column, sheet=sheet
        )
    except PeerimpactError as exc:
        return ValidationReport(str(path), [exc.issue])
    return ValidationReport(str(path), run.issues, run.counts, run.source.layout_name)
