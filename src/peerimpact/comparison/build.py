"""Pre/post comparison (SPEC §5–6): outcomes for every source, subgroups, comparison group, attrition.

:func:`compare_sources` takes scored survey waves, attendance exports and a behaviour log for the same pupils
and returns one :class:`~peerimpact.comparison.model.CompareRun`.  Each source is matched on its own pupil id
(the matching of every source is reported); values come in as :class:`~peerimpact.comparison.pairs.MeasurePair` and
outcomes are built by :mod:`peerimpact.comparison.outcomes`.  Multiplicity (SPEC §5): the ``primary`` measure is
unadjusted, Holm across the run's other overall outcomes, Benjamini–Hochberg across the whole subgroup ×
outcome grid (exploratory), Holm across the ANCOVA rows.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from peerimpact.comparison.matching import Matching, wave_positions
from peerimpact.comparison.model import CompareRun, InputFile, PupilColumns, PupilRows
from peerimpact.comparison.outcomes import (
    MeasureInfo,
    ancova_outcome,
    binary_outcome,
    count_outcome,
    finish,
    score_outcome,
)
from peerimpact.comparison.pairs import MeasurePair, attendance_pairs, behaviour_pair, survey_pairs
from peerimpact.comparison.support import (
    attrition_row,
    check_ids,
    data_caveats,
    mis_issues,
    not_in_mis,
    order_issues,
    survey_matching,
    wwc_attrition,
)
from peerimpact.issues import Issue, PeerimpactError, make_issue
from peerimpact.results import Outcome
from peerimpact.scoring.run import ScoreRun
from peerimpact.statistics.groups import regression_to_mean
from peerimpact.util.gc import gc_paused
from peerimpact.wording.verdicts import COMPARISON_NOTE, SINGLE_GROUP_NOTE

if TYPE_CHECKING:
    from peerimpact.mis.attendance import AttendancePeriod
    from peerimpact.mis.behaviour import BehaviourCounts

__all__ = ["compare_runs", "compare_sources"]

_COMPARISON_WORDS = re.compile(r"comparison|control|wait|not in|non[- ]?participant|no programme", re.I)
_CATEGORY_WORDS = {
    "improved": "reliably improved",
    "no_change": "no reliable change",
    "deteriorated": "reliably deteriorated",
}


def _natural(text: str) -> list[object]:
    """Sort key with numbers compared as numbers: Year 7 < Year 10."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def _cell_text(v: Any) -> str | None:
    if v is None:
        return None
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


class _Levels:
    """Pupil id → level of a grouping column, from the survey files (pre first, then post)."""

    def __init__(self, runs: Sequence[ScoreRun]) -> None:
        self.runs = runs

    def column(self, name: str) -> str:
        for run in self.runs:
            for c in run.source.columns:
                if c == name or c.casefold() == name.strip().casefold():
                    return c
        first = self.runs[0].source if self.runs else None
        raise PeerimpactError(
            make_issue(
                "group_column_not_found",
                f"{name!r} is in none of the survey files"
                + (f"; the first file's columns are {', '.join(first.columns[:25])}" if first else ""),
                file=first.file if first else None,
                column=name,
            )
        )

    def by_id(self, column: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for run in self.runs:
            if column not in run.source.columns:
                continue
            cells = run.source.column(column)
            for pid, pos in wave_positions(run).items():
                level = _cell_text(cells[pos])
                if level is not None and pid not in out:
                    out[pid] = level
        return out


def _pupil_rows(pair: MeasurePair, is_prog: np.ndarray, rc: Any, comparison: bool) -> PupilColumns:
    """One row per matched pupil with both scores; reliable-change words for programme pupils."""
    keep = np.flatnonzero(~np.isnan(pair.pre) & ~np.isnan(pair.post))
    x, y = pair.pre[keep], pair.post[keep]
    d = y - x  # IEEE arithmetic: the same doubles as subtracting the Python floats one by one
    progs = is_prog[keep].tolist()
    n = len(progs)
    s_diff = rc.s_diff if rc is not None else None
    # the programme pupils take the reliable-change words in turn (rc.categories covers them, in order)
    words = iter(
        [_CATEGORY_WORDS.get(c, c) for c in rc.categories] if rc is not None and rc.reason is None else []
    )
    ids = pair.ids
    return PupilColumns(
        measure=pair.info.measure,
        ids=[ids[i] for i in keep.tolist()],
        pre=x.tolist(),
        post=y.tolist(),
        change=d.tolist(),
        rci=(d / s_diff).tolist() if s_diff else [None] * n,
        category=[next(words, None) if prog else None for prog in progs],
        group=(["programme" if prog else "comparison" for prog in progs] if comparison else [None] * n),
    )


def _outcome_for(
    pair: MeasurePair, mask: np.ndarray, *, group: str, alpha: float, overall: bool
) -> tuple[Outcome, Any]:
    info = pair.info
    x, y = pair.pre[mask], pair.post[mask]
    if info.kind == "binary":
        return binary_outcome(x, y, info, group=group), None
    if info.kind == "count":
        both = ~np.isnan(x) & ~np.isnan(y)
        if pair.exposure_pre is not None and pair.exposure_post is not None:
            ep = float(np.nansum(pair.exposure_pre[mask][both]))
            eq = float(np.nansum(pair.exposure_post[mask][both]))
        else:
            ep = eq = 0.0
        return count_outcome(x, y, info, group=group, exposure_pre=ep, exposure_post=eq), None
    return score_outcome(
        x,
        y,
        info,
        group=group,
        alpha=alpha,
        reliability=pair.reliability if overall else None,
        rc_basis=pair.rc_basis,
    )


@gc_paused()  # the pupil rows are many small acyclic objects: no collections while they are built
def compare_sources(
    surveys: Sequence[tuple[ScoreRun, ScoreRun]] = (),
    *,
    attendance: tuple[AttendancePeriod, AttendancePeriod] | None = None,
    behaviour: BehaviourCounts | None = None,
    periods: tuple[str, str] = ("pre", "post"),
    alpha: float = 0.05,
    primary: str | None = None,
    group_columns: Sequence[str] = (),
    comparison_column: str | None = None,
    selected_low: bool = False,
    inputs: Sequence[InputFile] = (),
) -> CompareRun:
    """Compare two periods for the same pupils across every source given; see the module docstring."""
    if not 0 < alpha < 1:
        raise ValueError("alpha must be between 0 and 1")
    if not surveys and attendance is None and behaviour is None:
        raise ValueError("nothing to compare")
    check_ids([(r, role) for pre, post in surveys for r, role in ((pre, "pre"), (post, "post"))])
    pairs: list[MeasurePair] = []
    matchings: list[dict[str, Any]] = []
    first: Matching | None = None
    for pre, post in surveys:
        m = survey_matching(pre, post)
        first = first or m
        pairs += survey_pairs(pre, post, m)
        matchings.append({"source": f"survey {pre.source.file} → {post.source.file}", **m.to_dict()})
    cohort_ids: tuple[str, ...] = first.ids if first else ()
    att_ids: tuple[str, ...] = ()
    cohort = (
        {pid for pair in surveys for run in pair for pid in wave_positions(run)} or None
        if attendance is not None or behaviour is not None
        else None
    )
    if attendance is not None:
        att_pairs, att_match = attendance_pairs(*attendance, cohort=cohort)
        pairs += att_pairs
        att_ids = att_pairs[0].ids
        matchings.append(att_match)
    if behaviour is not None:
        ids = att_ids or (tuple(sorted(cohort)) if cohort else tuple(behaviour.ids))
        exposure = None
        if attendance is not None and att_ids:
            ep, eq = att_pairs[0].exposure_pre, att_pairs[0].exposure_post
            if ep is not None and eq is not None:
                exposure = (ep, eq)
        pairs.append(behaviour_pair(behaviour, ids, periods, exposure))
        matchings.append(
            {
                "source": "behaviour",
                "pupils": len(ids),
                "pupils_with_events": len(set(ids) & set(behaviour.ids)),
            }
        )
    measures = [p.info.measure for p in pairs]
    if primary is not None and primary not in measures:
        raise PeerimpactError(
            make_issue(
                "unknown_measure", f"--primary {primary!r} is not one of {', '.join(measures)}", value=primary
            )
        )
    infos: dict[str, MeasureInfo] = {p.info.measure: p.info for p in pairs}
    levels = _Levels([r for pair in surveys for r in pair])
    extras: dict[str, Any] = {"matching_by_source": matchings}
    caveats = [COMPARISON_NOTE if comparison_column else SINGLE_GROUP_NOTE]
    issues: list[Issue] = []
    issues += not_in_mis(cohort_ids, attendance, surveys)
    for pre, post in surveys:
        issues += order_issues(pre, post)

    # programme vs comparison, by pupil id
    prog_of: dict[str, bool] | None = None
    comp_col = comp_value = None
    if comparison_column:
        comp_col = levels.column(comparison_column)
        by_id = levels.by_id(comp_col)
        distinct = sorted(set(by_id.values()), key=_natural)
        comp_levels = [v for v in distinct if _COMPARISON_WORDS.search(v)]
        if len(distinct) != 2 or len(comp_levels) != 1:
            raise PeerimpactError(
                make_issue(
                    "comparison_levels",
                    f"{comp_col!r} holds {', '.join(repr(v) for v in distinct) or 'nothing'}; it needs exactly two "
                    "values, one of them naming the comparison group (e.g. 'Participant' and 'Comparison')",
                    column=comp_col,
                )
            )
        comp_value = comp_levels[0]
        prog_of = {pid: v != comp_value for pid, v in by_id.items()}
        extras["comparison"] = {
            "column": comp_col,
            "comparison_value": comp_value,
            "programme_values": [v for v in distinct if v != comp_value],
        }

    def prog_mask(pair: MeasurePair) -> np.ndarray:
        if prog_of is None:
            return np.ones(len(pair.ids), dtype=bool)
        return np.array([prog_of.get(pid, True) for pid in pair.ids], dtype=bool)

    overall: list[Outcome] = []
    pupils: list[PupilColumns] = []
    for pair in pairs:
        is_prog = prog_mask(pair)
        o, rc = _outcome_for(pair, is_prog, group="all", alpha=alpha, overall=True)
        norms = pair.scale.norms if pair.scale is not None else None
        if (
            selected_low
            and norms
            and norms.mean is not None
            and norms.test_retest is not None
            and o.pre.mean is not None
        ):
            rtm = regression_to_mean(
                population_mean=norms.mean, baseline_mean=o.pre.mean, test_retest_r=norms.test_retest
            )
            o = dataclasses.replace(o, regression_to_mean=rtm)
        overall.append(o)
        if pair.source == "survey":
            pupils.append(_pupil_rows(pair, is_prog, rc, comparison_column is not None))

    final = finish([o for o in overall if o.measure == primary], None, alpha, infos)
    final += finish([o for o in overall if o.measure != primary], "holm", alpha, infos)
    final.sort(key=lambda o: measures.index(o.measure))

    grid: list[Outcome] = []
    for col in group_columns:
        real = levels.column(col)
        by_id = levels.by_id(real)
        for level in sorted(set(by_id.values()), key=_natural):
            for pair in pairs:
                mask = np.array([by_id.get(pid) == level for pid in pair.ids], dtype=bool) & prog_mask(pair)
                grid.append(_outcome_for(pair, mask, group=f"{real}={level}", alpha=alpha, overall=False)[0])
    if comparison_column:
        for pair in pairs:
            mask = ~prog_mask(pair)
            grid.append(
                _outcome_for(pair, mask, group=f"{comp_col}={comp_value}", alpha=alpha, overall=False)[0]
            )
    final += finish(grid, "fdr_bh", alpha, infos)

    if comparison_column:
        rows = []
        extras["baseline_equivalence"] = {}
        for pair in pairs:
            if pair.info.kind != "score":
                continue
            row, ex = ancova_outcome(pair.pre, pair.post, prog_mask(pair), pair.info)
            extras["baseline_equivalence"][pair.info.measure] = ex["baseline_equivalence"]
            if row is not None:
                rows.append(row)
        final += finish(rows, "holm", alpha, infos)
        if surveys and prog_of is not None:
            extras["wwc_attrition"] = wwc_attrition(surveys[0][0], pairs, prog_of)

    att = [attrition_row(p) for p in pairs if p.baseline]
    caveats += data_caveats(
        surveys, first, final, selected_low, attendance is not None, behaviour is not None
    )
    return CompareRun(
        alpha=alpha,
        design="comparison_group" if comparison_column else "single_group",
        design_note=caveats[0],
        inputs=list(inputs),
        matching=(first.to_dict() if first else {k: v for k, v in matchings[0].items() if k != "source"}),
        outcomes=final,
        attrition=att,
        pupils=PupilRows(pupils),
        caveats=caveats,
        issues=issues
        + [i for pre, post in surveys for i in pre.issues + post.issues]
        + mis_issues(attendance, behaviour),
        primary=primary,
        extras=extras,
    )


def compare_runs(pre: ScoreRun, post: ScoreRun, **kwargs: Any) -> CompareRun:
    """Two scored survey waves (the common case); keywords as :func:`compare_sources`."""
    return compare_sources([(pre, post)], **kwargs)
