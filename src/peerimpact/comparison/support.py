"""Checks and summaries around a comparison: ids and pairing, waves out of order, pupils missing from the
MIS, attrition (completers vs non-completers, WWC), and the caveats generated from the data.

Split from :mod:`peerimpact.comparison.build`, which calls these while it builds a CompareRun.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from itertools import compress
from operator import not_
from typing import TYPE_CHECKING, Any

import numpy as np

from peerimpact.comparison.matching import Matching, match_waves, wave_positions
from peerimpact.comparison.model import AttritionRow
from peerimpact.comparison.pairs import MeasurePair
from peerimpact.issues import Issue, PeerimpactError, make_issue
from peerimpact.results import Outcome
from peerimpact.scoring.run import ScoreRun
from peerimpact.statistics.groups import attrition

if TYPE_CHECKING:
    from peerimpact.comparison.groups import Levels
    from peerimpact.mis.attendance import AttendancePeriod
    from peerimpact.mis.behaviour import BehaviourCounts

__all__ = [
    "attrition_row",
    "check_ids",
    "data_caveats",
    "mis_issues",
    "not_in_mis",
    "order_issues",
    "survey_matching",
    "wwc_attrition",
]


def check_ids(runs: Sequence[tuple[ScoreRun, str]]) -> None:
    """Each survey has a pupil id and each questionnaire once (a copy asked twice cannot be paired safely)."""
    for run, role in runs:
        twice = [u for u in run.uses if "#" in u.instrument.name]
        if twice:
            base = twice[0].instrument.name.partition("#")[0]
            runs_of = "; ".join(u.describe() for u in run.uses if u.instrument.name.partition("#")[0] == base)
            raise PeerimpactError(
                make_issue(
                    "ambiguous_instrument",
                    f"the {role} file asks {base} more than once ({runs_of}), so which copy to compare is not "
                    "clear: keep one copy's columns in a copy of the file, or name them e.g. "
                    f"{base}_1 … {base}_{twice[0].instrument.n_items}",
                    file=run.source.file,
                    sheet=run.source.sheet,
                )
            )
        if run.id_column is None:
            raise PeerimpactError(
                make_issue(
                    "no_id_column",
                    f"the {role} file has no pupil id, so its pupils cannot be matched"
                    + "".join(
                        f" ({i.message.partition(': ')[2].partition('; every row')[0]})"
                        for i in run.issues
                        if i.code == "no_id_column" and "is not a pupil id" in i.message
                    )
                    + "; name the id column with --id-column (an anonymous survey cannot be compared pupil by "
                    "pupil)",
                    file=run.source.file,
                    sheet=run.source.sheet,
                )
            )


def survey_matching(pre: ScoreRun, post: ScoreRun, *, measures: bool = False) -> Matching:
    """Match the pupils of two survey waves; ``measures``: ``--measure`` columns are compared, so the waves
    need share no questionnaire."""
    if not measures and not [ms for ms in pre.measures if ms in post.measures]:
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


def order_issues(pre: ScoreRun, post: ScoreRun) -> list[Issue]:
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


def attrition_row(pair: MeasurePair) -> AttritionRow:
    """Baseline means of the pupils scored at pre who have the measure at both waves (completers) and of
    those who do not (non-completers)."""
    if pair.baseline_values is not None and pair.baseline_match is not None:
        allv = pair.baseline_values
        at = pair.baseline_match
        done = at >= 0
        done[done] = ~np.isnan(pair.post[at[done]])
        comp, non = allv[done], allv[~done]
    else:
        ids = pair.ids
        completers = {ids[i] for i in np.flatnonzero(~np.isnan(pair.post)).tolist()}
        flags = [pid in completers for pid in pair.baseline]  # one lookup per pupil, in baseline order
        values = list(pair.baseline.values())
        comp = np.array(list(compress(values, flags)), dtype=float)
        non = np.array(list(compress(values, map(not_, flags))), dtype=float)
        allv = np.array(values)
    return AttritionRow(
        measure=pair.info.measure,
        completers=int(comp.size),
        non_completers=int(non.size),
        baseline_mean_completers=float(np.mean(comp)) if comp.size else None,
        baseline_mean_non_completers=float(np.mean(non)) if non.size else None,
        baseline_sd=float(allv.std(ddof=1)) if allv.size > 1 else None,
    )


def data_caveats(
    surveys: Sequence[tuple[ScoreRun, ScoreRun]],
    m: Matching | None,
    final: list[Outcome],
    selected_low: bool,
    has_attendance: bool,
    has_behaviour: bool,
) -> list[str]:
    out = []
    if surveys and m is not None:
        n_pre = m.pre_rows.size
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


def not_in_mis(
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


def mis_issues(
    attendance: tuple[AttendancePeriod, AttendancePeriod] | None, behaviour: BehaviourCounts | None
) -> list[Issue]:
    out: list[Issue] = []
    if attendance is not None:
        out += attendance[0].issues + attendance[1].issues
    if behaviour is not None:
        out += behaviour.issues
    return out


def wwc_attrition(pre: ScoreRun, pairs: Sequence[MeasurePair], prog_of: dict[str, bool]) -> dict[str, Any]:
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


_KIND_WORDS = {
    "upn": "UPNs",
    "pupil_id": "pupil ids",
    "admission_number": "admission numbers",
    "email": "email addresses",
    "given": "ids from --id-column",
}


def check_mis_ids(
    surveys: Sequence[tuple[ScoreRun, ScoreRun]],
    attendance: tuple[AttendancePeriod, AttendancePeriod] | None,
    behaviour: BehaviourCounts | None,
) -> None:
    """SPEC §6: an MIS file whose pupils share no id with the survey pupils (a behaviour log keyed by
    admission number beside surveys keyed by email) is an error naming both kinds of id, never an outcome
    computed from nobody ("0 referrals before and 0 after among 90 pupils")."""
    if attendance is None and behaviour is None:
        return  # nothing to check against (and no set of every survey pupil to build)
    if surveys:
        run = surveys[0][0]
        base_ids = {pid for pair in surveys for r in pair for pid in wave_positions(r)}
        base = (run.id_column, run.source.file, "survey pupils")
    elif attendance is not None:
        base_ids = set(attendance[0].ids) | set(attendance[1].ids)
        base = (attendance[0].id_column, attendance[0].source.file, "pupils in the attendance export")
    else:
        return
    others: list[tuple[Any, str, set[str], str]] = []
    if attendance is not None and surveys:
        ids = set(attendance[0].ids) | set(attendance[1].ids)
        others.append((attendance[0].id_column, attendance[0].source.file, ids, "attendance export"))
    if behaviour is not None:
        others.append((behaviour.id_column, behaviour.source.file, set(behaviour.ids), "behaviour log"))
    col, file, what = base
    for other_col, other_file, ids, name in others:
        if not ids or not base_ids or base_ids & ids:
            continue
        mine = _KIND_WORDS.get(col.kind, "ids") if col is not None else "ids"
        theirs = _KIND_WORDS.get(other_col.kind, "ids")
        raise PeerimpactError(
            make_issue(
                "mis_ids_do_not_match",
                f"none of the {len(base_ids)} {what} ({mine}, column {col.column if col else '?'!r} of {file}) is "
                f"in the {name} ({theirs}, column {other_col.column!r} of {other_file}, {len(ids)} pupils): "
                "give files that identify pupils the same way (UPNs in both, say), or name the id columns "
                "with --id-column",
                file=other_file,
                column=other_col.column,
            )
        )


def smhl_only(
    surveys: Sequence[tuple[ScoreRun, ScoreRun]],
    levels: Levels,
    group_columns: Sequence[str],
    periods: tuple[str, str],
) -> dict[str, Any]:
    """The CompareRun's pupil-level fields for the SMHL's workbook only: each group column's level per
    pupil, the instruments whose risk items were checked, and every wave's risk flags labelled with the
    wave (SPEC §7: for the Designated Safeguarding Lead)."""
    groups: dict[str, dict[str, str]] = {}
    for c in group_columns:
        try:
            groups[c] = levels.by_id(levels.column(c))
        except PeerimpactError:  # not in these surveys (a questionnaire only one role answers): no levels
            continue
    return {
        "pupil_groups": groups,
        "risk_instruments": sorted(
            {u.instrument.name for pair in surveys for r in pair for u in r.uses if u.instrument.risk_items}
        ),
        "risk_flags": [
            replace(f, wave=wave)
            for pre, post in surveys
            for wave, r in zip(periods, (pre, post), strict=True)
            for f in r.risk_flags
        ],
    }
