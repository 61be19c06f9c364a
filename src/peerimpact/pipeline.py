"""What the CLI and notebooks call: ``score_file``, ``validate_file`` (and ``compare_files``).

Each function is one call a notebook user can make too: it reads, detects, validates and scores, and
returns a typed result.  Problems that stop the run raise :class:`~peerimpact.issues.PeerimpactError`;
``validate_file`` instead returns a report even for an unreadable file, as frictionless' ``validate``
does, so the caller always gets one shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from peerimpact.ids import choose_id_column
from peerimpact.instruments.detect import detect_instruments
from peerimpact.instruments.load import BUILTIN, load_builtin, load_instrument_file
from peerimpact.instruments.model import Instrument
from peerimpact.issues import Issue, PeerimpactError, Severity, make_issue
from peerimpact.readers import read_export
from peerimpact.score_run import ScoreRun, score_table

if TYPE_CHECKING:
    from peerimpact.compare_results import CompareRun

__all__ = ["ValidationReport", "compare_files", "resolve_instruments", "score_file", "validate_file"]


def resolve_instruments(
    names: Sequence[str] | None = None, files: Sequence[str | Path] | None = None
) -> tuple[list[Instrument], bool]:
    """The instruments to look for, and whether the user named them (``--instrument``/``--instrument-file``)."""
    chosen = [load_builtin(n) for n in names or ()]
    chosen += [load_instrument_file(f) for f in files or ()]
    if chosen:
        return chosen, True
    return [load_builtin(n) for n in BUILTIN], False


def score_file(
    path: str | Path,
    *,
    instruments: Sequence[str] | None = None,
    instrument_files: Sequence[str | Path] | None = None,
    id_column: str | None = None,
    sheet: str | None = None,
) -> ScoreRun:
    """Read ``path``, find its questionnaires and pupil ids, validate and score every row.

    Examples
    --------
    >>> run = score_file("examples/data/wemwbs_autumn_forms.xlsx")  # doctest: +SKIP
    >>> run.counts, run.to_frame().head()                            # doctest: +SKIP
    """
    candidates, given = resolve_instruments(instruments, instrument_files)
    table = read_export(str(path), sheet=sheet)
    issues: list[Issue] = list(table.issues)
    try:
        id_col = choose_id_column(table, id_column)
    except PeerimpactError as exc:
        if exc.issue.code != "no_id_column":
            raise
        id_col = None
        issues.append(
            make_issue(
                "no_id_column",
                "the scores cannot be matched to another survey; name the id column with --id-column",
                file=table.file,
                sheet=table.sheet,
                severity=Severity.WARNING,
            )
        )
    skip = [id_col.column] if id_col else []
    uses, found = detect_instruments(table, candidates, given=given, skip_columns=skip)
    issues += found
    run = score_table(table, uses, id_col)
    _check_answers_recognised(run)
    run.issues = issues + run.issues
    return run


def _check_answers_recognised(run: ScoreRun) -> None:
    """Labels from the wrong scale: every answer in the instrument's columns is unknown → one plain error."""
    for name, answers in run.answers.items():
        valid = int((~np.isnan(answers.codes)).sum())
        if valid == 0 and answers.problems:
            seen = sorted({str(v) for *_, v in answers.problems})[:4]
            cols = list(answers.use.columns.values())
            raise PeerimpactError(
                make_issue(
                    "answers_not_recognised",
                    f"{name}: columns {cols[0]!r} … {cols[-1]!r} hold {', '.join(repr(v) for v in seen)}, not "
                    f"{', '.join(repr(label) for label, _ in answers.instrument.options)}",
                    file=run.source.file,
                    sheet=run.source.sheet,
                )
            )


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


def compare_files(
    pre: str | Path,
    post: str | Path,
    *,
    instruments: Sequence[str] | None = None,
    instrument_files: Sequence[str | Path] | None = None,
    id_column: str | None = None,
    sheet: str | None = None,
    group_columns: Sequence[str] = (),
    comparison_column: str | None = None,
    primary: str | None = None,
    alpha: float = 0.05,
    selected_low: bool = False,
) -> CompareRun:
    """Score both waves, match pupils by id and run the pre/post statistics (SPEC §5).

    Examples
    --------
    >>> run = compare_files("autumn.xlsx", "summer.xlsx")   # doctest: +SKIP
    >>> run.to_frame()                                       # doctest: +SKIP
    """
    from peerimpact._files import sha256_of
    from peerimpact.compare import compare_runs
    from peerimpact.compare_results import InputFile

    runs = []
    for path in (pre, post):
        runs.append(
            score_file(
                path,
                instruments=instruments,
                instrument_files=instrument_files,
                id_column=id_column,
                sheet=sheet,
            )
        )
    inputs = [
        InputFile(
            role=role,
            path=str(path),
            sha256=sha256_of(path),
            layout=run.source.layout,
            rows=run.source.n_rows,
            excluded_rows=run.counts["excluded"],
            sheet=run.source.sheet,
        )
        for role, path, run in zip(("pre", "post"), (pre, post), runs, strict=True)
    ]
    return compare_runs(
        runs[0],
        runs[1],
        alpha=alpha,
        primary=primary,
        group_columns=group_columns,
        comparison_column=comparison_column,
        selected_low=selected_low,
        inputs=inputs,
    )
