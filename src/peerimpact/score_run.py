"""A scored file: every input row scored, partly scored or excluded with its reason.

:func:`score_table` ties a read table, its id column and the instruments found in it to the generic
scorer and the response checks, and returns a :class:`ScoreRun` — the one object that the terminal, CSV,
JSON and Excel views of ``peerimpact score`` are drawn from.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress
from typing import TYPE_CHECKING, Any

import numpy as np

from peerimpact.ids import IdColumn, find_duplicates, normalise_ids_and_bytes, upn_issues
from peerimpact.instruments.detect import InstrumentUse
from peerimpact.issues import Issue, Severity, make_issue
from peerimpact.readers.base import SourceTable
from peerimpact.scoring import ScaleScores, assign_bands, score_codes
from peerimpact.validation import (
    AnswerCodes,
    answer_codes,
    answer_issues,
    check_ledger,
    straight_lining,
    unfinished_rows,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MeasureSummary", "ScoreRun", "score_table"]

STATUSES = ("scored", "partly scored", "excluded")


@dataclass(frozen=True, slots=True)
class MeasureSummary:
    """One score column over the scored rows: n, mean, SD and the band counts."""

    measure: str
    title: str
    n: int
    mean: float | None
    sd: float | None
    minimum: float | None
    maximum: float | None
    bands: dict[str, int]
    prorated: int


@dataclass(slots=True)
class ScoreRun:
    """Everything ``peerimpact score`` found, row by row (``pos`` indexes the table's data rows)."""

    source: SourceTable
    id_column: IdColumn | None
    ids: list[str | None]
    uses: list[InstrumentUse]
    answers: dict[str, AnswerCodes]
    scales: dict[str, ScaleScores]  # measure -> scores
    bands: dict[str, list[str | None]]
    status: list[str]
    reason: list[str]
    duplicates: dict[int, int]
    issues: list[Issue] = field(default_factory=list)

    @property
    def measures(self) -> list[str]:
        return list(self.scales)

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(self.status)
        return {"read": self.source.n_rows, **{s: c.get(s, 0) for s in STATUSES}}

    @property
    def kept(self) -> np.ndarray:
        """Rows that are pupils' responses: not a platform preview/test/spam row, not a dropped duplicate
        (whether or not any scale could be scored) — what pre/post matching counts."""
        mask = np.ones(self.source.n_rows, dtype=bool)
        mask[list(self.source.excluded)] = False
        mask[list(self.duplicates)] = False
        return mask

    @property
    def active(self) -> np.ndarray:
        """Rows that were scored or partly scored."""
        return np.fromiter(map("excluded".__ne__, self.status), dtype=bool, count=len(self.status))

    def summaries(self) -> list[MeasureSummary]:
        out = []
        active = self.active
        for measure, sc in self.scales.items():
            v = sc.values[active]
            v = v[~np.isnan(v)]
            bands = Counter(compress(self.bands[measure], active.tolist()))
            bands.pop(None, None)
            order = [b.label for b in sc.scale.bands]
            out.append(
                MeasureSummary(
                    measure=measure,
                    title=sc.scale.title,
                    n=int(v.size),
                    mean=float(v.mean()) if v.size else None,
                    sd=float(v.std(ddof=1)) if v.size > 1 else None,
                    minimum=float(v.min()) if v.size else None,
                    maximum=float(v.max()) if v.size else None,
                    bands={b: bands.get(b, 0) for b in order},
                    prorated=int((sc.prorated & active).sum()),
                )
            )
        return out

    def columns(self) -> list[str]:
        """Output columns: id, source_row, each score then its band, status, reason."""
        cols = ["id", "source_row"]
        for measure, sc in self.scales.items():
            cols.append(measure)
            if sc.scale.bands:
                cols.append(f"{measure}.band")
        return [*cols, "status", "reason"]

    def records(self) -> list[dict[str, Any]]:
        """One dict per input data row, in input order; scores unrounded, None when not scored."""
        values = {m: sc.values.tolist() for m, sc in self.scales.items()}
        out = []
        for pos in range(self.source.n_rows):
            rec: dict[str, Any] = {"id": self.ids[pos], "source_row": self.source.rows[pos]}
            for measure, sc in self.scales.items():
                v = values[measure][pos]
                rec[measure] = None if v != v else v
                if sc.scale.bands:
                    rec[f"{measure}.band"] = self.bands[measure][pos]
            rec["status"] = self.status[pos]
            rec["reason"] = self.reason[pos]
            out.append(rec)
        return out

    def to_frame(self) -> pd.DataFrame:
        """The per-row output as a pandas DataFrame (for notebooks)."""
        import pandas as pd

        return pd.DataFrame.from_records(self.records(), columns=self.columns())


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
    status = list(map(STATUSES.__getitem__, status_codes.tolist()))
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
        for pos in np.flatnonzero(scope).tolist():
            if ids[pos] is None:
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
    )
