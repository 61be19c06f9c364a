"""Scoring one file: read it, choose its id column, find its questionnaires, validate and score every row.

:func:`score_file` is what ``peerimpact score`` and a notebook call (also through :mod:`peerimpact.pipeline`);
:func:`score_source` does the same for a table already read, and :func:`score_table` ties a read table, its id
column and the instruments found in it to the generic scorer and the response checks, returning the
:class:`~peerimpact.scoring.run.ScoreRun` that every score view renders.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from peerimpact.instruments.detect import InstrumentUse, detect_instruments
from peerimpact.instruments.load import BUILTIN, load_builtin, load_instrument_file
from peerimpact.instruments.model import Instrument
from peerimpact.issues import Issue, PeerimpactError, Severity, make_issue
from peerimpact.readers import read_export
from peerimpact.readers.base import SourceTable
from peerimpact.scoring.engine import ScaleScores, assign_bands, score_codes
from peerimpact.scoring.ids import (
    IdColumn,
    choose_id_column,
    find_duplicates,
    normalise_ids_and_bytes,
    upn_issues,
)
from peerimpact.scoring.risk import risk_flags
from peerimpact.scoring.run import STATUSES, ScoreRun
from peerimpact.scoring.validation import (
    AnswerCodes,
    answer_codes,
    answer_issues,
    check_ledger,
    straight_lining,
    unfinished_rows,
)

__all__ = ["resolve_instruments", "score_file", "score_source", "score_table"]


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
    table: SourceTable,
    candidates: Sequence[Instrument],
    *,
    given: bool,
    id_column: str | None = None,
    questionnaire_optional: bool = False,
) -> ScoreRun:
    """Score a table that has already been read (``score_file`` without the reading).

    ``questionnaire_optional``: a table with no questionnaire is not an error but a run with no scales
    (``compare --measure`` on a file of pupil ids and already-scored columns)."""
    issues: list[Issue] = list(table.issues)
    try:
        id_col = choose_id_column(table, id_column)
    except PeerimpactError as exc:
        if exc.issue.code != "no_id_column":
            raise
        id_col = None
        detail = exc.issue.message.partition(": ")[2]
        placeholder = "is not a pupil id" in detail
        issues.append(
            make_issue(
                "no_id_column",
                (detail + "; every row is scored, none is taken for a duplicate, and " if placeholder else "")
                + "the scores cannot be matched to another survey; name the id column with --id-column",
                file=table.file,
                sheet=table.sheet,
                severity=Severity.WARNING,
            )
        )
    skip = [id_col.column] if id_col else []
    try:
        uses, found = detect_instruments(table, candidates, given=given, skip_columns=skip)
    except PeerimpactError as exc:
        if not questionnaire_optional or exc.issue.code != "no_instrument_found":
            raise
        uses, found = [], []
    issues += found
    run = score_table(table, uses, id_col)
    if not uses:  # no questionnaire (--measure columns only): no row lacks answers to one
        run.issues = [i for i in run.issues if i.code != "no_answers"]
    _check_answers_recognised(run)
    _check_answer_range(run)
    run.issues = issues + run.issues
    return run


#: share of a questionnaire's answers outside its codes that makes the file an error rather than typos (README)
OUT_OF_RANGE_SHARE = 0.2


def _check_answer_range(run: ScoreRun) -> None:
    """Another coding or another scale under this questionnaire's columns (SPEC §4): when at least
    :data:`OUT_OF_RANGE_SHARE` of the answers are numbers outside its codes (an SDQ exported as 1–3, a 1–6
    scale under ``sdq_`` names), stop with the range found instead of scoring the rest of each row."""
    for name, answers in run.answers.items():
        out = [v for *_, kind, v in answers.problems if kind == "out_of_range_code"]
        if not out:  # the usual file: no need to look at a million rows' codes
            continue
        valid = answers.codes[~np.isnan(answers.codes)]
        answered = int(valid.size) + len(answers.problems)
        if len(out) < OUT_OF_RANGE_SHARE * answered:
            continue
        found = [float(x) for x in valid.tolist()]
        for v in out:
            try:
                found.append(float(v))
            except (TypeError, ValueError):
                continue
        ins = answers.instrument
        cols = list(answers.use.columns.values())
        raise PeerimpactError(
            make_issue(
                "answers_out_of_range",
                f"{name}: the answers in {cols[0]!r} … {cols[-1]!r} run from {min(found):g} to {max(found):g}, "
                f"but {ins.title} is coded {ins.code_min}–{ins.code_max} "
                f"({ins.options[0][0]} … {ins.options[-1][0]}); {len(out)} of {answered} answers "
                f"({100 * len(out) / answered:.0f}%) are outside that",
                file=run.source.file,
                sheet=run.source.sheet,
                column=cols[0],
            )
        )


def _check_answers_recognised(run: ScoreRun) -> None:
    """Labels from the wrong scale: every answer in the instrument's columns is unknown → one plain error."""
    for name, answers in run.answers.items():
        if answers.problems and not (~np.isnan(answers.codes)).any():  # no valid answer, some invalid
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


def _any_answered(answers: Sequence[AnswerCodes], n: int) -> np.ndarray:
    """Rows with at least one answer, valid or not (an invalid answer is still an answer to report)."""
    mask = np.zeros(n, dtype=bool)
    for a in answers:
        mask |= ~np.isnan(a.codes).all(axis=1)
        if a.problems:
            mask[[pos for pos, *_ in a.problems]] = True
    return mask


def _complete(answers: Sequence[AnswerCodes], n: int) -> np.ndarray:
    mask = np.ones(n, dtype=bool)
    for a in answers:
        scored_items = [i - 1 for i in range(1, a.instrument.n_items + 1) if i not in a.instrument.unscored]
        mask &= ~np.isnan(a.codes)[:, scored_items].any(axis=1)  # select on the 1-byte mask, not the codes
    return mask


def score_table(table: SourceTable, uses: Sequence[InstrumentUse], id_column: IdColumn | None) -> ScoreRun:
    """Score every row of ``table`` with the instruments in ``uses``; see the module docstring."""
    n = table.n_rows
    where: dict[str, Any] = {"file": table.file, "sheet": table.sheet}
    issues: list[Issue] = []
    if id_column is not None:
        ids, block = normalise_ids_and_bytes(table.column(id_column.column), id_column.kind)
    else:
        ids, block = [None] * n, None
    answers = [answer_codes(table, use) for use in uses]
    answered = _any_answered(answers, n)
    unfinished = unfinished_rows(table)
    platform = np.zeros(n, dtype=bool)
    platform[list(table.excluded)] = True
    complete = _complete(answers, n) & ~unfinished
    times_col = table.roles.get("completion_time")
    times = table.column(times_col) if times_col else None
    duplicates = find_duplicates(ids, complete, times, ~platform, block=block)
    dup = np.zeros(n, dtype=bool)
    dup[list(duplicates)] = True
    scope = ~platform & ~dup & answered  # rows that get scored

    notes: defaultdict[int, list[str]] = defaultdict(list)  # sparse: most rows have nothing to say
    scales: dict[str, ScaleScores] = {}
    bands: dict[str, list[str | None]] = {}
    all_scored = np.ones(n, dtype=bool)
    any_scored = np.zeros(n, dtype=bool)
    prorated_any = np.zeros(n, dtype=bool)
    for a in answers:
        ins = a.instrument
        issues += answer_issues(table, a, scope)
        for pos, item, kind, _ in a.problems:
            if scope[pos]:
                notes[pos].append(
                    f"{ins.name} item {item}: {'unknown answer' if kind.startswith('unknown') else 'code out of range'}"
                )
        for name, sc in score_codes(ins, a.codes).items():
            measure = ins.measure(name)
            values = np.where(scope, sc.values, np.nan)
            sc = ScaleScores(sc.scale, values, sc.prorated & scope, sc.missing)
            scales[measure] = sc
            bands[measure] = assign_bands(sc.scale, values)
            scored = ~np.isnan(values)
            all_scored &= scored
            any_scored |= scored
            prorated_any |= sc.prorated
            if not sc.scale.items:
                continue  # composite / lookup scales: their parts carry the notes
            size = len(sc.scale.items)
            for pos in np.flatnonzero(scope & ~scored).tolist():
                miss = int(sc.missing[pos])
                notes[pos].append(f"{measure} not scored ({miss} of {size} items missing or invalid)")
                issues.append(
                    make_issue(
                        "too_many_missing",
                        f"{measure}: {miss} of {size} items unanswered or invalid; at most "
                        f"{sc.scale.max_missing} may be missing",
                        row=table.rows[pos],
                        **where,
                    )
                )
            for pos in np.flatnonzero(sc.prorated).tolist():
                miss = int(sc.missing[pos])
                notes[pos].append(f"{measure} prorated ({miss} item{'s' if miss > 1 else ''} missing)")
                issues.append(
                    make_issue(
                        "prorated",
                        f"{measure}: {miss} of {size} items unanswered",
                        row=table.rows[pos],
                        **where,
                    )
                )
        for pos in np.flatnonzero(scope & straight_lining(a.codes)).tolist():
            issues.append(
                make_issue(
                    "straight_lining",
                    f"{ins.name}: every item answered the same",
                    row=table.rows[pos],
                    **where,
                )
            )

    full = scope & any_scored & all_scored & ~prorated_any
    partly = scope & any_scored & ~full
    status_codes = np.where(full, 0, np.where(partly, 1, 2))
    status = np.array(STATUSES, dtype=object)[
        status_codes
    ].tolist()  # the same three str objects, gathered in C
    for pos in np.flatnonzero(status_codes == 2).tolist():
        if platform[pos]:
            notes[pos].insert(0, table.excluded[pos])
        elif dup[pos]:
            kept_row = table.rows[duplicates[pos]]
            notes[pos].insert(0, f"duplicate submission (row {kept_row} kept)")
            issues.append(
                make_issue(
                    "duplicate_submission",
                    f"{ids[pos]} also answered in row {kept_row}, which was kept",
                    row=table.rows[pos],
                    column=id_column.column if id_column else None,
                    value=ids[pos],
                    **where,
                )
            )
        elif not answered[pos]:
            notes[pos].insert(0, "no answers")
            issues.append(make_issue("no_answers", row=table.rows[pos], **where))
        else:
            notes[pos].insert(0, "no scale could be scored")
    for pos in np.flatnonzero(scope & unfinished).tolist():
        notes[pos].append("unfinished response")
        issues.append(make_issue("unfinished_response", row=table.rows[pos], **where))
    if id_column is not None:
        bad_upn = upn_issues(table, id_column.column, ids, block=block)
        row_pos = {row: pos for pos, row in enumerate(table.rows)} if bad_upn else {}
        for issue in bad_upn:
            pos = row_pos.get(issue.row, -1) if issue.row is not None else -1
            if pos >= 0 and status[pos] != "excluded":
                notes[pos].append("invalid UPN check letter")
        issues += bad_upn
        some_missing = block is None and None in ids  # a byte block is only made when every id is there
        no_id = np.fromiter((pid is None for pid in ids), bool, n) if some_missing else np.zeros(n, bool)
        for pos in np.flatnonzero(scope & no_id).tolist():  # usually none: no loop over every row
            notes[pos].append("no pupil id")
            issues.append(
                make_issue(
                    "missing_id",
                    "the scores cannot be matched to another survey",
                    row=table.rows[pos],
                    column=id_column.column,
                    severity=Severity.WARNING,
                    **where,
                )
            )
    reason = [""] * n
    for pos, items in notes.items():
        reason[pos] = "; ".join(items)
    check_ledger(n, status)
    return ScoreRun(
        source=table,
        id_column=id_column,
        ids=ids,
        uses=list(uses),
        answers={a.instrument.name: a for a in answers},
        scales=scales,
        bands=bands,
        status=status,
        reason=reason,
        duplicates=duplicates,
        issues=issues,
        risk_flags=risk_flags(table, ids, answers),
    )
