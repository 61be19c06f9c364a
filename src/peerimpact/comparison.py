"""Pre/post comparison (SPEC §5–6): outcomes for every source, subgroups, comparison group, attrition.

:func:`compare_sources` takes scored survey waves, attendance exports and a behaviour log for the same pupils
and returns one :class:`~peerimpact.compare_results.CompareRun`.  Each source is matched on its own pupil id
(the matching of every source is reported); values come in as :class:`~peerimpact.pairs.MeasurePair` and
outcomes are built by :mod:`peerimpact.outcomes`.  Multiplicity (SPEC §5): the ``primary`` measure is
unadjusted, Holm across the run's other overall outcomes, Benjamini–Hochberg across the whole subgroup ×
outcome grid (exploratory), Holm across the ANCOVA rows.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from peerimpact.compare_results import AttritionRow, CompareRun, InputFile, PupilChange
from peerimpact.issues import Issue, PeerimpactError, make_issue
from peerimpact.matching import Matching, match_waves, wave_positions
from peerimpact.outcomes import (
    MeasureInfo,
    ancova_outcome,
    binary_outcome,
    count_outcome,
    finish,
    score_outcome,
)
from peerimpact.pairs import MeasurePair, attendance_pairs, behaviour_pair, survey_pairs
from peerimpact.results import Outcome
from peerimpact.score_run import ScoreRun
from peerimpact.statistics.groups import attrition, regression_to_mean
from peerimpact.wording import COMPARISON_NOTE, SINGLE_GROUP_NOTE

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


def _check_ids(runs: Sequence[tuple[ScoreRun, str]]) -> None:
    for run, role in runs:
        if run.id_column is None:
            raise PeerimpactError(
                make_issue(
                    "no_id_column",
                    f"the {role} file has no pupil id, so its pupils cannot be matched; name it with --id-column",
                    file=run.source.file,
                    sheet=run.source.sheet,
                )
            )


def _survey_matching(pre: ScoreRun, post: ScoreRun) -> Matching:
    if not [ms for ms in pre.measures if ms in post.measures]:
        names = (", ".join(u.instrument.name for u in r.uses) for r in (pre, post))
        raise PeerimpactError(
            make_issue(
                "different_instruments",
                "the pre file has {}, the post file has {}: nothing to compare".format(*names),
                file=post.source.file,
            )
        )
    m = match_waves(pre, post)
    if m.matched == 0:
        a, b = pre.id_column, post.id_column
        assert a is not None and b is not None
        hint = (
            f"; the two files use different kinds of id ({a.kind} and {b.kind})" if a.kind != b.kind else ""
        )
        raise PeerimpactError(
            make_issue(
                "no_pupils_matched",
                f"no pupil id in {pre.source.file} ({a.column}) is also in {post.source.file} ({b.column}){hint}",
                file=post.source.file,
            )
        )
    return m


def _median_time(run: ScoreRun) -> Any:
    """The middle completion time of the kept responses (None when the export has none)."""
    col = run.source.roles.get("completion_time")
    if col is None:
        return None
    cells = run.source.column(col)
    times = sorted(
        t for t, keep in zip(cells, run.kept.tolist(), strict=True) if keep and isinstance(t, datetime)
    )
    return times[len(times) // 2] if times else None


def _order_issues(pre: ScoreRun, post: ScoreRun) -> list[Issue]:
    """A warning when the 'pre' responses were completed after the 'post' ones (files swapped?)."""
    a, b = _median_time(pre), _median_time(post)
    if a is None or b is None or a <= b:
        return []
    return [
        make_issue(
            "waves_out_of_order",
            f"the middle completion time in {pre.source.file} ({a:%d %b %Y}) is after {post.source.file}'s "
            f"({b:%d %b %Y})",
            file=pre.source.file,
            sheet=pre.source.sheet,
        )
    ]


def _pupil_rows(pair: MeasurePair, is_prog: np.ndarray, rc: Any, comparison: bool) -> list[PupilChange]:
    """One row per matched pupil with both scores; reliable-change words for programme pupils."""
    keep = np.flatnonzero(~np.isnan(pair.pre) & ~np.isnan(pair.post))
    xs, ys, progs = pair.pre[keep].tolist(), pair.post[keep].tolist(), is_prog[keep].tolist()
    words = iter(
        [_CATEGORY_WORDS.get(c, c) for c in rc.categories] if rc is not None and rc.reason is None else []
    )
    s_diff = rc.s_diff if rc is not None else None
    measure = pair.info.measure
    rows = []
    for i, x, y, prog in zip(keep.tolist(), xs, ys, progs, strict=True):
        change = y - x
        rows.append(
            PupilChange(
                id=pair.ids[i],
                measure=measure,
                pre=x,
                post=y,
                change=change,
                rci=change / s_diff if s_diff else None,
                category=next(words, None) if prog else None,
                group=None if not comparison else ("programme" if prog else "comparison"),
            )
        )
    return rows


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
    _check_ids([(r, role) for pre, post in surveys for r, role in ((pre, "pre"), (post, "post"))])
    pairs: list[MeasurePair] = []
    matchings: list[dict[str, Any]] = []
    first: Matching | None = None
    for pre, post in surveys:
        m = _survey_matching(pre, post)
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
    issues += _not_in_mis(cohort_ids, attendance, surveys)
    for pre, post in surveys:
        issues += _order_issues(pre, post)

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
    pupils: list[PupilChange] = []
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
            pupils += _pupil_rows(pair, is_prog, rc, comparison_column is not None)

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
            extras["wwc_attrition"] = _wwc_attrition(surveys[0][0], pairs, prog_of)

    att = [_attrition_row(p) for p in pairs if p.baseline]
    caveats += _caveats(surveys, first, final, selected_low, attendance is not None, behaviour is not None)
    return CompareRun(
        alpha=alpha,
        design="comparison_group" if comparison_column else "single_group",
        design_note=caveats[0],
        inputs=list(inputs),
        matching=(first.to_dict() if first else {k: v for k, v in matchings[0].items() if k != "source"}),
        outcomes=final,
        attrition=att,
        pupils=pupils,
        caveats=caveats,
        issues=issues
        + [i for pre, post in surveys for i in pre.issues + post.issues]
        + _mis_issues(attendance, behaviour),
        primary=primary,
        extras=extras,
    )


def compare_runs(pre: ScoreRun, post: ScoreRun, **kwargs: Any) -> CompareRun:
    """Two scored survey waves (the common case); keywords as :func:`compare_sources`."""
    return compare_sources([(pre, post)], **kwargs)


def _attrition_row(pair: MeasurePair) -> AttritionRow:
    completers = set(pair.ids[i] for i in np.flatnonzero(~np.isnan(pair.post)).tolist())
    comp = [v for pid, v in pair.baseline.items() if pid in completers]
    non = [v for pid, v in pair.baseline.items() if pid not in completers]
    allv = np.array(list(pair.baseline.values()))
    return AttritionRow(
        measure=pair.info.measure,
        completers=len(comp),
        non_completers=len(non),
        baseline_mean_completers=float(np.mean(comp)) if comp else None,
        baseline_mean_non_completers=float(np.mean(non)) if non else None,
        baseline_sd=float(allv.std(ddof=1)) if allv.size > 1 else None,
    )


def _caveats(
    surveys: Sequence[tuple[ScoreRun, ScoreRun]],
    m: Matching | None,
    final: list[Outcome],
    selected_low: bool,
    has_attendance: bool,
    has_behaviour: bool,
) -> list[str]:
    out = []
    if surveys and m is not None:
        n_pre = len(wave_positions(surveys[0][0]))
        if n_pre:
            lost = len(m.pre_only)
            out.append(
                f"Attrition: {lost} of {n_pre} pupils who answered the first survey ({100 * lost / n_pre:.0f}%) "
                f"did not answer the second; {len(m.post_only)} answered only the second. Pupils who drop out can "
                "differ from those who stay (see the Attrition sheet)."
            )
    small = [o.measure for o in final if o.group == "all" and o.n < 30]
    if small:
        out.append(
            f"Small samples ({', '.join(small)}): with fewer than about 30 pupils only large changes can be "
            "detected, and a non-significant result is not evidence of no change."
        )
    if selected_low:
        out.append(
            "Pupils were selected for low scores: part of any rise is expected from regression to the mean "
            "alone (shown beside each change where the instrument publishes a population mean and test–retest r)."
        )
    if has_attendance or has_behaviour:
        out.append(
            "Attendance and behaviour vary with the time of year (winter illness, the end of the summer term), so "
            "a change between two terms is not only the programme's doing."
        )
    return out


def _not_in_mis(
    cohort: tuple[str, ...],
    attendance: tuple[AttendancePeriod, AttendancePeriod] | None,
    surveys: Sequence[tuple[ScoreRun, ScoreRun]],
) -> list[Issue]:
    """Matched survey pupils missing from the attendance export: one located issue each (survey row)."""
    if attendance is None or not surveys:
        return []
    known = set(attendance[0].ids) | set(attendance[1].ids)
    pre = surveys[0][0]
    positions = wave_positions(pre)
    out = []
    for pid in cohort:
        if pid not in known:
            pos = positions[pid]
            out.append(
                make_issue(
                    "not_in_mis",
                    f"{pid} answered both surveys but is in neither attendance export",
                    file=pre.source.file,
                    sheet=pre.source.sheet,
                    row=pre.source.rows[pos],
                    column=pre.id_column.column if pre.id_column else None,
                    value=pid,
                )
            )
    return out


def _mis_issues(
    attendance: tuple[AttendancePeriod, AttendancePeriod] | None, behaviour: BehaviourCounts | None
) -> list[Issue]:
    out: list[Issue] = []
    if attendance is not None:
        out += attendance[0].issues + attendance[1].issues
    if behaviour is not None:
        out += behaviour.issues
    return out


def _wwc_attrition(pre: ScoreRun, pairs: Sequence[MeasurePair], prog_of: dict[str, bool]) -> dict[str, Any]:
    """WWC overall and differential attrition: assigned = pupils in the first survey by group, analysed =
    those with every compared survey measure at both waves."""
    assigned = {True: 0, False: 0}
    for pid in wave_positions(pre):
        if pid in prog_of:
            assigned[prog_of[pid]] += 1
    # the first survey pair's measures share one id list (later pairs have their own)
    first = next((p for p in pairs if p.source == "survey"), None)
    survey = [p for p in pairs if p.source == "survey" and first is not None and p.ids == first.ids]
    analysed = {True: 0, False: 0}
    if survey:
        ok = np.ones(len(survey[0].ids), dtype=bool)
        for p in survey:
            ok &= ~np.isnan(p.pre) & ~np.isnan(p.post)
        for pid, good in zip(survey[0].ids, ok.tolist(), strict=True):
            if good and pid in prog_of:
                analysed[prog_of[pid]] += 1
    if not assigned[True] or not assigned[False]:
        return {}
    return attrition(
        assigned_treatment=assigned[True],
        analysed_treatment=analysed[True],
        assigned_comparison=assigned[False],
        analysed_comparison=analysed[False],
    ).to_dict()
