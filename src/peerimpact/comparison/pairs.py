"""Matched values per measure, whatever the source: survey scales, attendance, behaviour referrals.

A :class:`MeasurePair` is one measure's values for the pupils found in both periods (``pre``, ``post`` in that
order, aligned with ``ids``), with what the outcome builders need to know about it.  Builders here turn two
scored surveys, two attendance exports or a behaviour log into pairs, and report how each source matched,
so that ``compare`` can put every outcome for the same cohort into one results object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from peerimpact.comparison.matching import Matching
from peerimpact.comparison.outcomes import MeasureInfo
from peerimpact.instruments.model import Instrument, Scale
from peerimpact.results import CronbachAlpha, Reliability
from peerimpact.scoring.engine import reverse_keyed
from peerimpact.scoring.run import ScoreRun
from peerimpact.statistics.reliability import cronbach_alpha

if TYPE_CHECKING:
    from peerimpact.mis.attendance import AttendancePeriod
    from peerimpact.mis.behaviour import BehaviourCounts

__all__ = [
    "MeasurePair",
    "attendance_exposure",
    "attendance_pairs",
    "behaviour_pair",
    "scale_info",
    "survey_baseline",
    "survey_pairs",
    "weekdays",
]


@dataclass(slots=True)
class MeasurePair:
    info: MeasureInfo
    ids: tuple[str, ...]
    pre: np.ndarray
    post: np.ndarray
    source: str  # "survey" | "attendance" | "behaviour"
    reliability: Reliability | None = None
    rc_basis: tuple[float | None, float | None, str] | None = None
    exposure_pre: np.ndarray | None = None
    exposure_post: np.ndarray | None = None
    exposure_unit: str = "possible_sessions"  # "weekdays" when behaviour has no attendance file
    scale: Scale | None = None
    # every pupil scored at pre (for the attrition table): id -> pre value for attendance; for surveys and
    # --measure columns, two arrays instead (no per-pupil dictionary at a million pupils): each such pupil's
    # pre value in the pre file's order, and its index in ``ids`` (-1 when not matched)
    baseline: dict[str, float] = field(default_factory=dict)
    baseline_values: np.ndarray | None = None
    baseline_match: np.ndarray | None = None

    @property
    def has_baseline(self) -> bool:
        """Whether any pupil was scored at pre (the pair then has an attrition row)."""
        return bool(self.baseline) or (self.baseline_values is not None and self.baseline_values.size > 0)


def _scale_items(ins: Instrument, scale: Scale) -> list[int]:
    """The items behind a scale (through composite and lookup scales)."""
    if scale.items:
        return list(scale.items)
    names = list(scale.scales) or ([scale.from_scale] if scale.from_scale else [])
    out: list[int] = []
    for n in names:
        out += [i for i in _scale_items(ins, ins.scale(n)) if i not in out]
    return out


def wave_alpha(run: ScoreRun, ins: Instrument, scale: Scale) -> CronbachAlpha | None:
    """Cronbach's alpha of the scale's items on every complete, kept response of one wave (SPEC §5)."""
    answers = run.answers.get(ins.name)
    if answers is None:
        return None
    items = [i - 1 for i in _scale_items(ins, scale)]
    if len(items) < 2:
        return None
    keyed = reverse_keyed(ins, answers.codes)[:, items]
    keep = run.active & ~np.isnan(keyed).any(axis=1)
    return cronbach_alpha(keyed[keep])


def scale_info(ins: Instrument, scale: Scale) -> MeasureInfo:
    rng = None
    if scale.range:
        lo, hi = scale.range
        rng = f"{lo:g}–{hi:g}"
    return MeasureInfo(
        measure=ins.measure(scale),
        title=scale.title,
        kind="score",
        direction=scale.direction,
        dp=2 if scale.method == "mean" or scale.lookup else 1,
        scale_range=rng,
        clinical=scale.clinical,
    )


def survey_baseline(values: np.ndarray, m: Matching) -> tuple[np.ndarray, np.ndarray]:
    """``baseline_values`` and ``baseline_match`` of a pair (see :class:`MeasurePair`) from the pre wave's
    values by row: every pre pupil with a value, in the pre file's order."""
    rows = m.pre_rows
    v = values[rows]
    scored = ~np.isnan(v)
    index_of_row = np.full(values.shape[0], -1, dtype=np.int64)
    index_of_row[m.pre_pos] = np.arange(m.pre_pos.size, dtype=np.int64)
    return v[scored], index_of_row[rows[scored]]


def survey_pairs(pre: ScoreRun, post: ScoreRun, m: Matching) -> list[MeasurePair]:
    """One pair per score the two waves share (in the pre file's instrument order)."""
    common = [ms for ms in pre.measures if ms in post.measures]
    instruments = {u.instrument.name: u.instrument for u in pre.uses}
    out = []
    for ms in common:
        name, scale_name = ms.split(".", 1)
        ins = instruments[name]
        scale = ins.scale(scale_name)
        a_pre, a_post = wave_alpha(pre, ins, scale), wave_alpha(post, ins, scale)
        rel = Reliability(pre=a_pre, post=a_post) if (a_pre or a_post) else None
        if scale.norms and scale.norms.sd and scale.norms.reliability:
            basis: tuple[float | None, float | None, str] | None = (
                scale.norms.sd,
                scale.norms.reliability,
                "published",
            )
        elif a_pre is not None and a_pre.alpha is not None:
            basis = (None, a_pre.alpha, "sample")
        else:
            basis = None
        baseline, match = survey_baseline(pre.scales[ms].values, m)
        out.append(
            MeasurePair(
                info=scale_info(ins, scale),
                ids=m.ids,
                pre=pre.scales[ms].values[m.pre_pos],
                post=post.scales[ms].values[m.post_pos],
                source="survey",
                reliability=rel,
                rc_basis=basis,
                scale=scale,
                baseline_values=baseline,
                baseline_match=match,
            )
        )
    return out


ATTENDANCE_RATE = MeasureInfo(
    measure="attendance.rate",
    title="Attendance",
    kind="score",
    direction="higher_is_better",
    dp=1,
    scale_range="0–100%",
    units="percentage points",
    who="with attendance figures for both periods",
)
PERSISTENT_ABSENCE = MeasureInfo(
    measure="attendance.persistent_absence",
    title="Persistent absence",
    kind="binary",
    direction="lower_is_better",
    state="persistently absent",
    who="with attendance figures for both periods",
)
REFERRALS = MeasureInfo(
    measure="behaviour.referrals",
    title="Behaviour referrals",
    kind="count",
    direction="lower_is_better",
    dp=1,
    units="referrals",
)


def attendance_pairs(
    pre: AttendancePeriod, post: AttendancePeriod, cohort: set[str] | None = None
) -> tuple[list[MeasurePair], dict[str, Any]]:
    """attendance.rate and attendance.persistent_absence for pupils in both exports (and in ``cohort``, the
    programme's pupils, when given: an MIS export usually covers the whole school)."""
    a = {pid: k for k, pid in enumerate(pre.ids) if cohort is None or pid in cohort}
    b = {pid: k for k, pid in enumerate(post.ids) if cohort is None or pid in cohort}
    ids = tuple(pid for pid in a if pid in b)
    ia = np.fromiter((a[i] for i in ids), dtype=np.int64, count=len(ids))
    ib = np.fromiter((b[i] for i in ids), dtype=np.int64, count=len(ids))
    matching = {
        "source": "attendance",
        "cohort": "pupils in the surveys" if cohort is not None else "every pupil in the exports",
        "id_column": pre.id_column.column,
        "matched": len(ids),
        "pre_only": sum(1 for pid in a if pid not in b),
        "post_only": sum(1 for pid in b if pid not in a),
    }
    baseline = {pid: float(pre.rate[k]) for pid, k in a.items() if pre.rate[k] == pre.rate[k]}
    pairs = [
        MeasurePair(ATTENDANCE_RATE, ids, pre.rate[ia], post.rate[ib], "attendance", baseline=baseline),
        MeasurePair(PERSISTENT_ABSENCE, ids, pre.persistent[ia], post.persistent[ib], "attendance"),
    ]
    for p in pairs:
        p.exposure_pre, p.exposure_post = pre.possible[ia], post.possible[ib]
    return pairs, matching


def behaviour_pair(
    counts: BehaviourCounts,
    ids: tuple[str, ...],
    periods: tuple[str, str],
    exposure: tuple[np.ndarray, np.ndarray] | None,
) -> MeasurePair:
    """behaviour.referrals per pupil in the two periods, for the cohort ``ids`` (0 for pupils with no event).

    Exposure is each pupil's possible sessions from the attendance file (NaN for a pupil without a usable
    rate in either period, whose counts are then left out too); without one, it is the weekdays
    (Mon–Fri) in each period's dates, the same for every pupil (SPEC §5), and ``exposure_unit`` says so."""
    got = counts.counts_for(ids)
    pair = MeasurePair(REFERRALS, ids, got[periods[0]], got[periods[1]], "behaviour")
    if exposure is not None:
        pair.exposure_pre, pair.exposure_post = exposure
        # counts and exposures over the same pupils: a pupil without exposure in either period is not counted
        unexposed = np.isnan(exposure[0]) | np.isnan(exposure[1])
        pair.pre = np.where(unexposed, np.nan, pair.pre)
        pair.post = np.where(unexposed, np.nan, pair.post)
    elif all(p in counts.periods for p in periods[:2]):
        days = [weekdays(*counts.periods[p]) for p in periods[:2]]
        pair.exposure_pre = np.full(len(ids), float(days[0]))
        pair.exposure_post = np.full(len(ids), float(days[1]))
        pair.exposure_unit = "weekdays"
    return pair


def weekdays(start: date, end: date) -> int:
    """Mon–Fri dates from ``start`` to ``end`` inclusive (no term calendar: bank holidays count)."""
    if end < start:
        return 0
    days = (end - start).days + 1
    full, rest = divmod(days, 7)
    first = start.weekday()  # Monday = 0
    return full * 5 + sum(1 for k in range(rest) if (first + k) % 7 < 5)


def attendance_exposure(rate: MeasurePair) -> tuple[np.ndarray, np.ndarray] | None:
    """Each pupil's possible sessions in the two periods, NaN for a pupil outside the attendance outcome's
    cohort (no usable rate in one of the periods: a short enrolment or a rejected row).  A rate is events over
    the sessions in which they could happen, for the same pupils: the referral counts of those pupils are
    left out with their exposure (``behaviour_pair``)."""
    ep, eq = rate.exposure_pre, rate.exposure_post
    if ep is None or eq is None:
        return None
    usable = ~np.isnan(rate.pre) & ~np.isnan(rate.post) & ~np.isnan(ep) & ~np.isnan(eq)
    return np.where(usable, ep, np.nan), np.where(usable, eq, np.nan)
