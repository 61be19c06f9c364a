"""The governors' report object (:mod:`peerimpact.governors.build`): its dataclasses — every figure already
suppressed and worded — and the small display helpers the builders and the renderers share (a count as
governors may see it, a share, a signed change)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from peerimpact._version import __version__
from peerimpact.governors.delivery_model import DeliveryRow, ReachCell, ReachRow, TargetRow
from peerimpact.governors.suppression import group_rule, suppress_line
from peerimpact.wording.numbers import fmt_number, round_half_up

if TYPE_CHECKING:
    from peerimpact.governors.activity_log import ActivitySummary

__all__ = [
    "ArmAttrition",
    "ComparisonRow",
    "Count",
    "DeliveryRow",
    "GovernorsReport",
    "MisRow",
    "OutcomeRow",
    "ProcessRow",
    "Reach",
    "ReachCell",
    "ReachRow",
    "RoleSection",
    "ScaleIntro",
    "SubgroupRow",
    "TargetRow",
    "TrendRow",
    "better_direction",
    "fmt_change",
    "lkey",
    "pct",
    "share_text",
    "shown_ci",
    "shown_value",
]

_CLEAR = {
    "improved": "clear change (better)",
    "worsened": "clear change (worse)",
    "no_significant_change": "no clear change",
    "not_tested": "too few to test",
}
_NOT_TESTED = {
    "no_variation_in_changes": "no change to test",
    "no_exposure": "no rate to compare",
    "rate_ratio_not_computable": "no events before to compare",
}
MIS_PREFIXES = ("attendance.", "behaviour.")


@dataclass(slots=True)
class Count:
    """A count of pupils as governors may see it: ``value`` is None when hidden (``why`` primary/secondary).

    Counts registered in a :class:`~peerimpact.governors.plan.Ledger` are filled in by its one suppression
    plan (:meth:`hide`) before any sentence or view uses them: every view of one count shows the same."""

    value: int | None
    why: str | None = None

    def hide(self, why: str | None) -> None:
        """Hide this count for ``why`` (nothing when None); a count hidden by an earlier term's report is
        "primary" when it is below the threshold it was hidden for, else "secondary"."""
        if why is None or self.value is None:
            return
        if why == "earlier":
            why = "secondary"
        self.value, self.why = None, why

    def table(self) -> int | str:
        return "c" if self.value is None else self.value

    def prose(self, threshold: int) -> str:
        if self.value is not None:
            return str(self.value)
        return f"fewer than {threshold}" if self.why == "primary" else "a hidden number of"


def suppressed_counts(values: Sequence[int], threshold: int, total: bool = True) -> list[Count]:
    """One line of counts (with its total last when ``total``), suppressed."""
    s = suppress_line(values, threshold=threshold, total=total)
    width = len(values) + (1 if total else 0)
    return [Count(s.value(0, j), s.reasons.get((0, j))) for j in range(width)]


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """One outcome for governors (from an ``Outcome`` of group ``all``); ``shown`` False below the threshold.

    ``better_g`` and its CI are g_av turned so that positive is better (for the chart); ``reliable`` holds
    the counts better / within / worse than measurement error, and their total, suppressed."""

    measure: str
    title: str
    n: Count
    verdict: str
    sentence: str
    shown: bool
    dp: int = 1
    units: str = "points"
    pre_mean: float | None = None
    post_mean: float | None = None
    change: float | None = None
    change_ci: tuple[float | None, float | None] | None = None
    change_kind: str = "mean"  # "typical" when the Wilcoxon test is primary: the Hodges–Lehmann estimate
    g_av: float | None = None
    g_av_ci: tuple[float | None, float | None] | None = None
    better_g: float | None = None
    better_g_ci: tuple[float | None, float | None] | None = None
    size_label: str | None = None
    mdes_points: float | None = None
    reliable: tuple[Count, Count, Count, Count] | None = None
    not_tested_reason: str | None = None  # the Outcome's, so that "not tested" says why here too
    #: g (mean-based) points the other way from the verdict's typical change (Wilcoxon primary)
    g_against_verdict: bool = False
    #: the measure's direction: tables print change and g as measured and say "(lower is better)"
    direction: str = "higher_is_better"

    @property
    def clear_text(self) -> str:
        if not self.shown:
            return "not shown"
        if self.verdict == "not_tested":
            return _NOT_TESTED.get(self.not_tested_reason or "", _CLEAR["not_tested"])
        return _CLEAR[self.verdict]


@dataclass(frozen=True, slots=True)
class MisRow:
    """Attendance or behaviour before and after, as numbers (percentages, or a rate per 100 sessions);
    ``hidden`` marks a figure withheld because it would give away a small count (shown as ``c``)."""

    title: str
    unit: str
    before: float | None
    after: float | None
    verdict: str
    n: Count
    dp: int = 1
    hidden: tuple[bool, bool] = (False, False)


@dataclass(frozen=True, slots=True)
class SubgroupRow:
    """One level of a group column for one outcome (exploratory); no figures when ``n`` is hidden."""

    measure: str
    title: str
    column: str
    level: str
    n: Count
    change: float | None
    change_ci: tuple[float | None, float | None] | None
    verdict: str
    dp: int = 1
    folded: bool = False  # the hidden levels, together, without their names

    @property
    def label(self) -> str:
        return (
            f"{self.column}: {self.level}" if not self.folded else f"{self.column}: {self.level} (not shown)"
        )


@dataclass(frozen=True, slots=True)
class Reach:
    """Pupils reached and sessions held, per term and so far; pupil counts suppressed (``Count``)."""

    terms: tuple[str, ...]
    mentors: tuple[Count, ...]  # per term, then the total
    mentees: tuple[Count, ...]
    sessions: tuple[int | None, ...]
    term: ActivitySummary
    so_far: ActivitySummary
    referrals: tuple[Count, Count, Count]  # self, staff, total (this term)
    trained: Count
    #: each term's log, in order (sessions and supervision per term: :mod:`peerimpact.governors.delivery`)
    summaries: tuple[ActivitySummary, ...] = ()
    #: per term, then so far (the term-by-term delivery table's pupil counts)
    mentees_so_far: tuple[Count, ...] = ()
    self_referrals: tuple[Count, ...] = ()  # per term only
    staff_referrals: tuple[Count, ...] = ()
    trained_per_term: tuple[Count, ...] = ()


@dataclass(frozen=True, slots=True)
class ProcessRow:
    """One process-survey indicator: per role (and all), how many pupils are in its top band."""

    title: str
    band: str
    cells: tuple[tuple[str, str, int | None, int | None, int | None], ...]  # (role, text, k, n, pct)


@dataclass(frozen=True, slots=True)
class TrendRow:
    """The trend of one outcome across the surveys so far (mixed model slope per term)."""

    measure: str
    title: str
    terms: tuple[str, ...]
    means: tuple[float | None, ...]
    counts: tuple[Count, ...]
    slope: float | None
    ci: tuple[float, float] | None
    p_value: float | None
    n_pupils: int
    n_observations: int
    clear: bool
    sentence: str
    direction: str = "higher_is_better"
    dp: int = 1
    means_dp: int = 1  # the averages' decimals: fewer than ``dp`` where they would pin a few pupils' scores
    positions: tuple[float, ...] = ()  # each survey's term position on the calendar (0 = first)
    per: str = "term"  # the slope's unit: "term" (calendar) or "survey" (two surveys in one term)
    se: float | None = None
    var_pupil: float | None = None
    var_residual: float | None = None
    role: str = "pupils"  # whose trend: "mentees", "mentors", or "pupils" without roles

    @property
    def heading(self) -> str:
        """The outcome, with whose it is when the programme has roles ("Mentees: SWEMWBS …")."""
        return self.title if self.role == "pupils" else f"{self.role.capitalize()}: {self.title}"


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """One outcome's strongest estimate (SPEC §6.1): programme pupils of one role against comparison pupils,
    the ANCOVA difference adjusted for where each pupil started, with g (WWC, turned so that positive is
    better in ``better_g``), its likely range and the pupils in each arm."""

    measure: str
    title: str
    n_programme: Count
    n_comparison: Count
    verdict: str
    sentence: str
    shown: bool
    dp: int = 1
    difference: float | None = None
    difference_ci: tuple[float | None, float | None] | None = None
    g: float | None = None
    g_ci: tuple[float | None, float | None] | None = None
    better_g: float | None = None
    better_g_ci: tuple[float | None, float | None] | None = None
    size_label: str | None = None
    direction: str = "higher_is_better"
    similar_at_start: bool = False

    @property
    def clear_text(self) -> str:
        if not self.shown:
            return "not shown"
        if self.verdict == "not_tested":
            return _CLEAR["not_tested"]
        return {
            "improved": "clearly higher" if self.direction == "higher_is_better" else "clearly lower",
            "worsened": "clearly worse",
        }.get(self.verdict, "no clear difference")


@dataclass(frozen=True, slots=True)
class ArmAttrition:
    """Of the pupils of one arm who answered the first questionnaire, how many answered the second too."""

    arm: str  # "mentees", "mentors", "pupils", "comparison pupils"
    first: Count
    both: Count
    lost_pct: int | None  # None when hidden


@dataclass(slots=True)
class RoleSection:
    """Everything about one role's pupils (SPEC §6.1: mentors and mentees are never pooled): their outcomes
    (with the comparison pupils as the other arm when there are any), attendance and behaviour, groups."""

    role: str  # "mentees", "mentors", or "pupils" when the programme has no role column
    label: str  # "Mentees", "Mentors", "Programme pupils"
    design: str
    outcomes: list[OutcomeRow] = field(default_factory=list)
    attendance: OutcomeRow | None = None
    headline_measure: str | None = None
    comparison: list[ComparisonRow] = field(default_factory=list)
    outcome_note: str | None = None
    mis: list[MisRow] = field(default_factory=list)
    mis_sentences: list[str] = field(default_factory=list)
    subgroups: list[SubgroupRow] = field(default_factory=list)
    attrition: list[ArmAttrition] = field(default_factory=list)
    headline: str = ""

    @property
    def who(self) -> str:
        """Whose figures these are, for a sentence ("mentees", "programme pupils")."""
        return self.label.casefold()


@dataclass(frozen=True, slots=True)
class ScaleIntro:
    """One questionnaire score introduced once, in plain words (SPEC §6.1 "Plain reading"): what it asks,
    its range and direction, and a published typical score where one exists (``typical`` None otherwise).
    ``text`` is the whole introduction as governors read it; the other fields are its parts, for views
    that lay them out as a table."""

    measure: str
    title: str  # the short title every table and sentence uses
    text: str
    low: float
    high: float
    higher_is_better: bool
    typical: float | None = None
    typical_ages: str = ""
    typical_source: str = ""


@dataclass(slots=True)
class GovernorsReport:
    """Everything the governors' report shows, already suppressed and worded."""

    programme: str
    school: str
    report_for: str
    prepared_by: str
    term: str
    term_key: str
    period: str
    baseline: str
    threshold: int
    design: str
    design_text: str
    headline: str
    reach: Reach | None
    sections: list[RoleSection] = field(default_factory=list)
    outcome_note: str | None = None
    process: list[ProcessRow] = field(default_factory=list)
    process_n: Count | None = None
    trend: list[TrendRow] = field(default_factory=list)
    trend_note: str = ""
    caveats: list[str] = field(default_factory=list)
    legend: str = ""
    delivery: list[DeliveryRow] = field(default_factory=list)  # term by term, then "So far"
    delivery_note: str = ""
    reach_by: list[ReachRow] = field(default_factory=list)
    reach_by_note: str = ""
    targets: list[TargetRow] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    #: each questionnaire score shown, introduced once (before the outcomes)
    scales: list[ScaleIntro] = field(default_factory=list)
    version: str = __version__

    # the first section's figures (the only section when the programme has no role column)
    @property
    def main(self) -> RoleSection | None:
        return self.sections[0] if self.sections else None

    @property
    def outcomes(self) -> list[OutcomeRow]:
        return self.main.outcomes if self.main else []

    @property
    def attendance(self) -> OutcomeRow | None:
        return self.main.attendance if self.main else None

    @property
    def headline_measure(self) -> str | None:
        return self.main.headline_measure if self.main else None

    @property
    def mis(self) -> list[MisRow]:
        return self.main.mis if self.main else []

    @property
    def mis_sentences(self) -> list[str]:
        return self.main.mis_sentences if self.main else []

    @property
    def subgroups(self) -> list[SubgroupRow]:
        return [g for s in self.sections for g in s.subgroups]


def better_direction(
    g: float | None, ci: tuple[float | None, float | None] | None, direction: str
) -> tuple[float | None, tuple[float | None, float | None] | None]:
    """An effect size and its CI turned so that positive is better (a sign flip, and the ends swapped, for a
    lower-is-better measure): what the effect-size chart draws."""
    if g is None or direction == "higher_is_better":
        return g, ci
    flipped = None if ci is None else (None if ci[1] is None else -ci[1], None if ci[0] is None else -ci[0])
    return -g, flipped


def lkey(measure: str, role: str) -> str:
    """The measure as the suppression plan keys it: one role's pupils are not another's ("swemwbs.metric"
    for a programme without roles, "swemwbs.metric@mentors" with them)."""
    return measure if role == "pupils" else f"{measure}@{role}"


def shown_value(x: float | None, dp: int) -> float | None:
    """``x`` as governors see it: rounded half away from zero to ``dp`` decimals (None stays None).

    Every figure in the report object goes through this, so no view can publish more precision than it
    shows: two unrounded means over 40 and 39 pupils give away the score of the pupil who left.  A figure
    that is not finite (g of a scale with no spread) cannot be shown: None, printed "–"."""
    if x is None or not math.isfinite(x):
        return None
    return float(round_half_up(x, dp))


def shown_ci(
    ci: tuple[float | None, float | None] | None, dp: int
) -> tuple[float | None, float | None] | None:
    """A likely range rounded like its estimate (:func:`shown_value`)."""
    return None if ci is None else (shown_value(ci[0], dp), shown_value(ci[1], dp))


def pct(k: int, n: int) -> int:
    """k of n as a whole percentage, halves rounded up (for display)."""
    return int(round_half_up(100 * k / n, 0)) if n else 0


def share_text(k: Count, n: Count, threshold: int) -> tuple[str, int | None]:
    """ "10 of 12 (83%)", "83%" for a group of 5–9, or "c"; and the percentage shown (None when hidden)."""
    if k.value is None or n.value is None or n.value == 0:
        return "c", None
    p = pct(k.value, n.value)
    if group_rule(n.value, threshold) == "percent_only":
        return f"{p}%", p
    return f"{k.value} of {n.value} ({p}%)", p


def fmt_change(x: float | None, dp: int) -> str:
    """A change with its sign: "+1.9", "−0.4" (true minus)."""
    if x is None:
        return "–"
    text = fmt_number(x, dp)
    return text if text.startswith("−") or float(round_half_up(x, dp)) == 0 else "+" + text
