"""What the CLI and notebooks call: ``score_file``, ``validate_file`` (and ``compare_files``).

Each function is one call a notebook user can make too: it reads, detects, validates and scores, and
returns a typed result.  Problems that stop the run raise :class:`~peerimpact.issues.PeerimpactError`;
``validate_file`` instead returns a report even for an unreadable file, as frictionless' ``validate``
does, so the caller always gets one shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from peerimpact.ids import choose_id_column
from peerimpact.instruments.detect import detect_instruments
from peerimpact.instruments.load import BUILTIN, load_builtin, load_instrument_file
from peerimpact.instruments.model import Instrument
from peerimpact.issues import Issue, PeerimpactError, Severity, make_issue
from peerimpact.readers import SourceTable, read_export
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
    return score_source(table, candidates, given=given, id_column=id_column)


def score_source(
    table: SourceTable, candidates: Sequence[Instrument], *, given: bool, id_column: str | None = None
) -> ScoreRun:
    """Score a table that has already been read (``score_file`` without the reading)."""
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
    pre: str | Path | Sequence[str | Path],
    post: str | Path | Sequence[str | Path],
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
    behaviour: str | Path | None = None,
    periods: dict[str, tuple[date, date]] | None = None,
    mapping: dict[str, str] | None = None,
    min_sessions: int = 20,
) -> CompareRun:
    """Compare two periods for the same pupils (SPEC §5–6).

    ``pre`` and ``post`` are one file each or lists of files, paired in order by kind: survey exports are
    scored and matched by pupil id; attendance exports (recognised by their columns, as questionnaires are)
    give ``attendance.rate`` and ``attendance.persistent_absence``.  ``behaviour`` is an event log (or
    per-pupil totals) counted in the two ``periods`` (``{"autumn": (start, end), "summer": (start, end)}``,
    in that order), giving ``behaviour.referrals``.  A register (session-level attendance) given in both
    ``pre`` and ``post`` is cut by the same periods.

    The files are read and scored in worker processes at once where possible (forked, on Linux), while this
    process imports the statistics libraries; the results are those of reading them in turn, which
    ``PEERIMPACT_WORKERS=1`` in the environment asks for (:mod:`peerimpact._parallel`).

    Examples
    --------
    >>> run = compare_files("autumn.xlsx", "summer.xlsx")   # doctest: +SKIP
    >>> run.to_frame()                                       # doctest: +SKIP
    """
    from peerimpact._compare_inputs import ReadOptions, prefetch_inputs, read_input
    from peerimpact._files import sha256_of
    from peerimpact.compare_results import InputFile

    pres = [pre] if isinstance(pre, str | Path) else list(pre)
    posts = [post] if isinstance(post, str | Path) else list(post)
    if len(pres) != len(posts):
        raise PeerimpactError(
            make_issue("unpaired_inputs", f"{len(pres)} --pre file(s) but {len(posts)} --post file(s)")
        )
    candidates, given = resolve_instruments(instruments, instrument_files)
    period_list = list((periods or {}).items())
    opts = ReadOptions(
        sheet=sheet,
        candidates=candidates,
        given=given,
        id_column=id_column,
        mapping=mapping,
        min_sessions=min_sessions,
        periods=[span for _, span in period_list],
        keep_columns=[*group_columns, *([comparison_column] if comparison_column else [])],
    )
    pairs = list(zip(pres, posts, strict=True))
    digests = _distinct_digests(pairs)
    # read and score the files in worker processes while this one imports the statistics libraries
    ahead = prefetch_inputs(pairs, digests, opts, meanwhile=_import_comparison)
    surveys: list[tuple[ScoreRun, ScoreRun]] = []
    attendance: list[Any] = []
    inputs: list[InputFile] = []
    for i, (a, b) in enumerate(pairs):
        digests_i = digests[i] if i < len(digests) else (sha256_of(a), sha256_of(b))
        if digests_i[0] == digests_i[1]:
            raise PeerimpactError(
                make_issue(
                    "same_file",
                    f"{Path(a).name} and {Path(b).name} have the same contents",
                    file=Path(b).name,
                )
            )
        pair: list[Any] = []
        kinds = []
        for role, path, k in (("pre", a, 0), ("post", b, 1)):
            got = ahead[(i, k)].get() if (i, k) in ahead else read_input(path, k, opts)
            pair.append(got.result)
            kinds.append(got.kind)
            inputs.append(
                InputFile(
                    role=role if got.kind == "survey" else f"attendance_{role}",
                    path=str(path),
                    sha256=digests_i[k],
                    layout=got.layout,
                    rows=got.rows,
                    excluded_rows=got.excluded,
                    sheet=got.sheet,
                )
            )
        if kinds[0] != kinds[1]:
            raise PeerimpactError(
                make_issue(
                    "unpaired_inputs",
                    f"{Path(a).name} is {'an attendance export' if kinds[0] == 'attendance' else 'a survey'} but "
                    f"{Path(b).name} is {'an attendance export' if kinds[1] == 'attendance' else 'a survey'}: "
                    "give --pre and --post files in the same order",
                )
            )
        if kinds[0] == "survey":
            surveys.append((pair[0], pair[1]))
        else:
            attendance.append((pair[0], pair[1]))
    if len(attendance) > 1:
        raise PeerimpactError(make_issue("unpaired_inputs", "give one attendance export per period"))
    counts = None
    names: tuple[str, str] = ("pre", "post")
    if behaviour is not None:
        from peerimpact.mis.behaviour import read_behaviour

        if len(period_list) != 2:
            raise PeerimpactError(
                make_issue(
                    "periods_needed",
                    "behaviour referrals are counted in two periods",
                )
            )
        counts = read_behaviour(
            str(behaviour), periods=dict(period_list), id_column=id_column, mapping=mapping
        )
        names = (period_list[0][0], period_list[1][0])
        inputs.append(
            InputFile(
                role="behaviour",
                path=str(behaviour),
                sha256=sha256_of(behaviour),
                layout=f"behaviour_{counts.kind}",
                rows=counts.ledger["read"],
                excluded_rows=counts.ledger["excluded"],
                sheet=counts.source.sheet,
            )
        )
    from peerimpact.comparison import compare_sources

    return compare_sources(
        surveys,
        attendance=attendance[0] if attendance else None,
        behaviour=counts,
        periods=names,
        alpha=alpha,
        primary=primary,
        group_columns=group_columns,
        comparison_column=comparison_column,
        selected_low=selected_low,
        inputs=inputs,
    )


def _distinct_digests(pairs: Sequence[tuple[str | Path, str | Path]]) -> list[tuple[str, str]]:
    """The contents' digests of each pair, up to (not including) the first pair whose files cannot be read
    or are the same file: the pairs a sequential run would read before it stops."""
    from peerimpact._files import sha256_of

    out = []
    for a, b in pairs:
        try:
            d = (sha256_of(a), sha256_of(b))
        except OSError:
            break
        if d[0] == d[1]:
            break
        out.append(d)
    return out


def _import_comparison() -> None:
    """Import the comparison code (scipy, statsmodels: the slow part of start-up) and openpyxl, which its
    workbook needs, ahead of their use; without the garbage collector, which would spend a tenth of the
    time walking the new modules' objects (they stay alive anyway)."""
    from peerimpact._gc import gc_paused

    with gc_paused():
        import openpyxl  # noqa: F401

        import peerimpact.comparison  # noqa: F401
