"""Results of the comparison-group, attrition and count analyses (parts of an Outcome).

Standard library only (layer 0); the same plain-value contract as :mod:`peerimpact.results`, which
re-exports these classes.
"""

from __future__ import annotations

from dataclasses import dataclass

from peerimpact.results._base import CI, ResultBase

__all__ = ["Ancova", "Attrition", "BaselineEquivalence", "McNemar", "PoissonRates", "RegressionToMean"]


@dataclass(frozen=True, slots=True)
class Ancova(ResultBase):
    """ANCOVA post ~ pre + group: the programme-minus-comparison difference adjusted for pre-test.

    ``statistic`` is F(``df_num`` = 1, ``df``) for group given pre (= t² of its coefficient);
    ``hedges_g`` = ω·adjusted difference / pooled post SD (WWC), with a normal-approximation CI.
    """

    n_treatment: int
    n_comparison: int
    adjusted_difference: float | None
    se: float | None
    ci95: CI | None
    statistic: float | None
    df_num: int
    df: int | None
    p_value: float | None
    pre_slope: float | None
    pooled_sd_post: float | None
    omega: float | None
    hedges_g: float | None
    hedges_g_ci95: CI | None
    method: str = "ols_post_on_pre_and_group"
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class BaselineEquivalence(ResultBase):
    """WWC baseline equivalence: pre-test difference in pooled-SD units (Hedges' g with ω).

    ``classification``: ``satisfied`` (|g| ≤ 0.05), ``adjustment_required`` (0.05 < |g| ≤ 0.25: satisfied only
    with the pre-test in the impact model) or ``not_satisfied`` (> 0.25); None when not computable.
    """

    n_treatment: int
    n_comparison: int
    difference: float | None
    pooled_sd: float | None
    omega: float | None
    effect_size: float | None
    classification: str | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Attrition(ResultBase):
    """WWC overall attrition (percent) and differential attrition (percentage points) against a boundary.

    ``boundary`` is the largest differential still ``low`` at this overall rate (linear between the WWC
    table's points); None past the table, where attrition is always ``high``.
    """

    assigned_treatment: int
    analysed_treatment: int
    assigned_comparison: int
    analysed_comparison: int
    overall: float
    differential: float
    boundary: float | None
    boundary_name: str
    level: str


@dataclass(frozen=True, slots=True)
class RegressionToMean(ResultBase):
    """Rise expected from regression to the mean alone, (1 − r)(μ − baseline mean) (Barnett et al. 2005)."""

    expected_change: float
    population_mean: float
    baseline_mean: float
    test_retest_r: float


@dataclass(frozen=True, slots=True)
class McNemar(ResultBase):
    """McNemar test of a true/false status at pre and post (schema ``outcome.tests.mcnemar``).

    ``became``: false at pre, true at post; ``left``: true at pre, false at post; ``stayed``: true at both;
    ``never``: false at both.  ``method`` is ``"exact"`` (binomial on the discordant pairs).
    """

    p_value: float | None
    method: str
    became: int
    left: int
    stayed: int
    never: int
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class PoissonRates(ResultBase):
    """Two Poisson rates, post against pre: rate ratio post/pre with its CI and the exact conditional test."""

    count_pre: int
    exposure_pre: float
    count_post: int
    exposure_post: float
    rate_pre: float
    rate_post: float
    rate_ratio: float | None
    ci95: CI | None
    p_value: float | None
    method: str = "exact_conditional"
    exposure_unit: str = "possible_sessions"  # or "weekdays": Mon–Fri in each period, without attendance


#: the schema's verdict tokens (``$defs/outcome.verdict``) and instrument directions


@dataclass(frozen=True, slots=True)
class DoseResponse(ResultBase):
    """Change regressed on dose, ``lm(change ~ dose)`` (SPEC §5): exploratory, an association only.

    ``slope`` is the change (post − pre, raw units) per unit of ``column`` (e.g. per session attended) with
    its t-based 95% CI, ``se``, ``t`` on ``df = n − 2`` and two-sided ``p_value``; ``n`` pupils with a change
    and a dose.  ``reason`` says why no slope was estimated (``fewer_than_5_pairs``, ``no_variation_in_dose``).
    ``summary`` is the sentence every view shows (written by ``wording``).
    """

    column: str
    n: int
    slope: float | None
    ci95: CI | None
    se: float | None
    t: float | None
    df: int | None
    p_value: float | None
    intercept: float | None
    method: str = "ols_change_on_dose"
    exploratory: bool = True
    reason: str | None = None
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class NormWave(ResultBase):
    """One wave's mean against a published norm: one-sample t, as R ``t.test(x, mu = norm)``.

    ``difference`` is mean − norm with its t-based 95% CI; ``t`` on ``df = n − 1``; two-sided ``p_value``.
    """

    n: int
    mean: float | None
    difference: float | None
    ci95: CI | None
    t: float | None
    df: int | None
    p_value: float | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class NormComparison(ResultBase):
    """Each wave's mean beside the instrument's published norm for the pupils' age (SPEC §5): context for
    the reader, never an effect of the programme (a school's pupils differ from the norm sample in many
    ways).  ``summary`` is the sentence every view shows."""

    norm_mean: float
    norm_sd: float | None
    ages: str
    population: str
    source: str
    pre: NormWave
    post: NormWave
    role: str = "context_not_an_effect"
    summary: str | None = None
