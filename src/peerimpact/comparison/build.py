"""Pre/post comparison (SPEC §5–6): outcomes for every source, subgroups, comparison group, attrition.

:func:`compare_sources` takes scored survey waves, attendance exports and a behaviour log for the same pupils
and returns one :class:`~peerimpact.comparison.model.CompareRun`.  Each source is matched on its own pupil id
(the matching of every source is reported); values come in as :class:`~peerimpact.comparison.pairs.MeasurePair` and
outcomes are built by :mod:`peerimpact.comparison.outcomes`.  Multiplicity (SPEC §5): the ``primary`` measure is
unadjusted, Holm across the run's other overall outcomes, Benjamini–Hochberg across the whole subgroup ×
outcome grid (exploratory).  In a comparison design the ANCOVA rows are the primary results (the ``primary``
measure's unadjusted, Holm across the others) and each arm's own paired change is secondary (Holm within
the arm); the comparison arm is never a subgroup.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from peerimpact.comparison.context import with_dose, with_norm
from peerimpact.comparison.groups import (
    Arms,
    Levels,
    find_arms,
    natural_key,
    pooled_arms_issues,
    programme_mask,
)
from peerimpact.comparison.matching import Matching, wave_positions
from peerimpact.comparison.measures import NO_RELIABILITY_NOTE, dose_by_id, measure_pairs
from peerimpact.comparison.model import COMPARISON_ARM, CompareRun, InputFile, PupilColumns, PupilRows
from peerimpact.comparison.outcomes import (
    MeasureInfo,
    ancova_outcome,
    binary_outcome,
    count_outcome,
    finish,
    score_outcome,
)
from peerimpact.comparison.pairs import (
    MeasurePair,
    attendance_exposure,
    attendance_pairs,
    behaviour_pair,
    survey_pairs,
)
from peerimpact.comparison.pupil_rows import pupil_rows
from peerimpact.comparison.support import (
    attrition_row,
    check_ids,
    check_mis_ids,
    data_caveats,
    mis_issues,
    not_in_mis,
    order_issues,
    smhl_only,
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
        out = count_outcome(
            x, y, info, group=group, exposure_pre=ep, exposure_post=eq, exposure_unit=pair.exposure_unit
        )
        return out, None
    return score_outcome(
        x,
        y,
        info,
        group=group,
        alpha=alpha,
        reliability=pair.reliability if overall else None,
        rc_basis=pair.rc_basis,
    )


@dataclasses.dataclass(slots=True)
class _Sources:
    """Every measure's values for the pupils of its own source, and how each source was matched."""

    pairs: list[MeasurePair]
    matchings: list[dict[str, Any]]
    first: Matching | None  # the first survey pair's matching: the run's headline matching
    cohort_ids: tuple[str, ...]


def _check_arguments(
    surveys: Sequence[tuple[ScoreRun, ScoreRun]],
    attendance: tuple[AttendancePeriod, AttendancePeriod] | None,
    behaviour: BehaviourCounts | None,
    alpha: float,
) -> None:
    if not 0 < alpha < 1:
        raise ValueError("alpha must be between 0 and 1")
    if not surveys and attendance is None and behaviour is None:
        raise ValueError("nothing to compare")
    check_ids([(r, role) for pre, post in surveys for r, role in ((pre, "pre"), (post, "post"))])


def _match_sources(
    surveys: Sequence[tuple[ScoreRun, ScoreRun]],
    attendance: tuple[AttendancePeriod, AttendancePeriod] | None,
    behaviour: BehaviourCounts | None,
    periods: tuple[str, str],
    measures: Sequence[str] = (),
    lower_is_better: Sequence[str] = (),
) -> tuple[_Sources, list[Issue]]:
    """Match each source on its own pupil id: surveys, then attendance and behaviour among the survey pupils
    (when there are surveys); behaviour's exposure is the attendance file's possible sessions."""
    pairs: list[MeasurePair] = []
    matchings: list[dict[str, Any]] = []
    first: Matching | None = None
    issues: list[Issue] = []
    for k, (pre, post) in enumerate(surveys):
        m = survey_matching(pre, post, measures=bool(measures) and k == 0)
        first = first or m
        pairs += survey_pairs(pre, post, m)
        if k == 0 and measures:  # --measure columns: from the first pair of survey files
            found, issues = measure_pairs(pre, post, m, measures, lower_is_better)
            pairs += found
        matchings.append({"source": f"survey {pre.source.file} → {post.source.file}", **m.to_dict()})
    att_ids: tuple[str, ...] = ()
    cohort = (
        {pid for pair in surveys for run in pair for pid in wave_positions(run)} or None
        if attendance is not None or behaviour is not None
        else None
    )
    att_pairs: list[MeasurePair] = []
    if attendance is not None:
        att_pairs, att_match = attendance_pairs(*attendance, cohort=cohort)
        pairs += att_pairs
        att_ids = att_pairs[0].ids
        matchings.append(att_match)
    if behaviour is not None:
        ids = att_ids or (tuple(sorted(cohort)) if cohort else tuple(behaviour.ids))
        exposure = None
        if attendance is not None and att_ids:
            exposure = attendance_exposure(att_pairs[0])
        pairs.append(behaviour_pair(behaviour, ids, periods, exposure))
        matchings.append(
            {
                "source": "behaviour",
                "pupils": len(ids),
                "pupils_with_events": len(set(ids) & set(behaviour.ids)),
            }
        )
    return _Sources(pairs, matchings, first, first.ids if first else ()), issues


def _check_primary(primary: str | None, measures: list[str]) -> None:
    if primary is not None and primary not in measures:
        raise PeerimpactError(
            make_issue(
                "unknown_measure", f"--primary {primary!r} is not one of {', '.join(measures)}", value=primary
            )
        )


def _overall_outcomes(
    pairs: Sequence[MeasurePair],
    arms: Arms | None,
    *,
    alpha: float,
    selected_low: bool,
    dose: tuple[str, dict[str, float]] | None = None,
) -> tuple[list[Outcome], list[PupilColumns]]:
    """Each measure's change among the programme pupils, with regression to the mean when pupils were
    selected for low scores, change on dose when a dose column is given (score measures), each wave beside
    the published norm in a single-group design, and the pupil rows of each survey measure."""
    overall: list[Outcome] = []
    pupils: list[PupilColumns] = []
    for pair in pairs:
        is_prog = programme_mask(arms, pair)
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
        if pair.info.kind == "score":
            if dose is not None:
                o = with_dose(o, pair, is_prog, dose[1], dose[0], alpha)
            if arms is None and pair.source == "survey":
                o = with_norm(o, pair, is_prog, alpha)
        overall.append(o)
        if pair.source in ("survey", "measure"):
            pupils.append(pupil_rows(pair, is_prog, rc, arms is not None))
    return overall, pupils


def _subgroup_grid(
    pairs: Sequence[MeasurePair],
    levels: Levels,
    group_columns: Sequence[str],
    arms: Arms | None,
    *,
    alpha: float,
) -> list[Outcome]:
    """Every level of every grouping column × every measure, among the programme pupils.  The comparison arm
    is an arm, not a subgroup (SPEC §5): its own change is :func:`_comparison_arm`, outside this grid."""
    grid: list[Outcome] = []
    for col in group_columns:
        real = levels.column(col)
        by_id = levels.by_id(real)
        ordered = sorted(set(by_id.values()), key=natural_key)
        code_of: dict[str | None, int] = dict(zip(ordered, range(len(ordered)), strict=True))
        # each pupil's level as a number (-1: none), once per pair rather than once per level and pair
        codes = [
            np.fromiter(
                (code_of.get(v, -1) for v in map(by_id.get, pair.ids)), dtype=np.int64, count=len(pair.ids)
            )
            for pair in pairs
        ]
        programme = [programme_mask(arms, pair) for pair in pairs]
        for k, level in enumerate(ordered):
            for pair, code, prog in zip(pairs, codes, programme, strict=True):
                mask = (code == k) & prog
                grid.append(_outcome_for(pair, mask, group=f"{real}={level}", alpha=alpha, overall=False)[0])
    return grid


def _comparison_arm(pairs: Sequence[MeasurePair], arms: Arms, *, alpha: float) -> list[Outcome]:
    """The comparison pupils' own paired change on every measure (group ``comparison_arm``, secondary)."""
    return [
        _outcome_for(pair, ~arms.programme(pair), group=COMPARISON_ARM, alpha=alpha, overall=False)[0]
        for pair in pairs
    ]


def _ancova_rows(
    pairs: Sequence[MeasurePair], arms: Arms, extras: dict[str, Any], *, alpha: float
) -> list[Outcome]:
    """The programme-vs-comparison ANCOVA of each score measure; baseline equivalence into ``extras``."""
    rows = []
    extras["baseline_equivalence"] = {}
    for pair in pairs:
        if pair.info.kind != "score":
            continue
        row, ex = ancova_outcome(pair.pre, pair.post, arms.programme(pair), pair.info, alpha=alpha)
        extras["baseline_equivalence"][pair.info.measure] = ex["baseline_equivalence"]
        if row is not None:
            rows.append(row)
    return rows


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
    comparison_values: Sequence[str] = (),
    selected_low: bool = False,
    inputs: Sequence[InputFile] = (),
    measures: Sequence[str] = (),
    lower_is_better: Sequence[str] = (),
    dose_column: str | None = None,
) -> CompareRun:
    """Compare two periods for the same pupils across every source given; see the module docstring.

    The steps: check the arguments, match each source, check ``primary``, find the arms, the overall
    outcomes (``primary`` unadjusted, Holm across the rest), the subgroup grid (Benjamini–Hochberg), the
    ANCOVA rows (Holm), then attrition, caveats and issues.
    """
    _check_arguments(surveys, attendance, behaviour, alpha)
    check_mis_ids(surveys, attendance, behaviour)
    if measures and not surveys:
        raise PeerimpactError(
            make_issue("unknown_measure", "--measure names a column of the survey files; none was given")
        )
    sources, measure_issues = _match_sources(
        surveys, attendance, behaviour, periods, measures, lower_is_better
    )
    pairs = sources.pairs
    measures = [p.info.measure for p in pairs]
    _check_primary(primary, measures)
    infos: dict[str, MeasureInfo] = {p.info.measure: p.info for p in pairs}
    levels = Levels([r for pair in surveys for r in pair])
    extras: dict[str, Any] = {"matching_by_source": sources.matchings}
    caveats = [COMPARISON_NOTE if comparison_column else SINGLE_GROUP_NOTE]
    issues: list[Issue] = list(measure_issues)
    issues += not_in_mis(sources.cohort_ids, attendance, surveys)
    for pre, post in surveys:
        issues += order_issues(pre, post)
    arms = find_arms(levels, comparison_column, comparison_values)
    if arms is not None:
        extras["comparison"] = {
            "column": arms.column,
            "comparison_value": arms.comparison_value,
            "programme_values": arms.programme_values,
        }

    dose = None
    if dose_column:
        if not surveys:
            raise PeerimpactError(
                make_issue("measure_column_not_found", "--dose-column names a column of the survey files")
            )
        by_id, dose_issues = dose_by_id(list(surveys[0]), dose_column)
        issues += dose_issues
        dose = (dose_column, by_id)
    overall, pupils = _overall_outcomes(pairs, arms, alpha=alpha, selected_low=selected_low, dose=dose)
    if arms is None:
        final = finish([o for o in overall if o.measure == primary], None, alpha, infos)
        final += finish([o for o in overall if o.measure != primary], "holm", alpha, infos)
        issues += pooled_arms_issues(levels, group_columns)
    else:
        # comparison design (SPEC §5): the ANCOVA is each outcome's primary result; each arm's own paired
        # change is secondary (Holm across the measures within the arm)
        final = finish(overall, "holm", alpha, infos)
    final.sort(key=lambda o: measures.index(o.measure))
    final += finish(_subgroup_grid(pairs, levels, group_columns, arms, alpha=alpha), "fdr_bh", alpha, infos)
    if arms is not None:
        final += finish(_comparison_arm(pairs, arms, alpha=alpha), "holm", alpha, infos)
        ancovas = _ancova_rows(pairs, arms, extras, alpha=alpha)
        done = finish([o for o in ancovas if o.measure == primary], None, alpha, infos)
        done += finish([o for o in ancovas if o.measure != primary], "holm", alpha, infos)
        final += sorted(done, key=lambda o: measures.index(o.measure))
        if surveys:
            extras["wwc_attrition"] = wwc_attrition(surveys[0][0], pairs, arms.programme_of)

    first = sources.first
    caveats += data_caveats(
        surveys, first, final, selected_low, attendance is not None, behaviour is not None
    )
    named = [p.info.measure for p in pairs if p.source == "measure"]
    if named:
        caveats.append(
            NO_RELIABILITY_NOTE.format(measures=", ".join(named), them="it" if len(named) == 1 else "them")
        )
    return CompareRun(
        alpha=alpha,
        design="comparison_group" if comparison_column else "single_group",
        design_note=caveats[0],
        inputs=list(inputs),
        matching=(
            first.to_dict() if first else {k: v for k, v in sources.matchings[0].items() if k != "source"}
        ),
        outcomes=final,
        attrition=[attrition_row(p) for p in pairs if p.has_baseline],
        pupils=PupilRows(pupils),
        caveats=caveats,
        issues=issues
        + [i for pre, post in surveys for i in pre.issues + post.issues]
        + mis_issues(attendance, behaviour),
        primary=primary,
        extras=extras,
        **smhl_only(surveys, levels, group_columns, periods),
    )


def compare_runs(pre: ScoreRun, post: ScoreRun, **kwargs: Any) -> CompareRun:
    """Two scored survey waves (the common case); keywords as :func:`compare_sources`."""
    return compare_sources([(pre, post)], **kwargs)
