"""Statistical results as frozen, slotted dataclasses whose names are the JSON schema's names.

Layer 0: standard library only.  Every number is a plain ``float`` or ``int`` (never a numpy scalar) and a
figure that cannot be computed is ``None`` (never NaN), with a machine-readable ``reason`` token such as
``"n_below_2"`` beside it.  Nothing is rounded or formatted here; ``to_dict()`` gives the JSON-able shape of
``results.schema.json``: :class:`Outcome` is ``$defs/outcome`` and the other classes are its parts.  The
run-level ``CompareRun`` (inputs, matching, outcomes, issues) is not defined yet.  ``reports/`` render from
these objects only.

Per-pupil fields (``categories``, ``flags``) stay in the object for the SMHL's pupil-level sheets and are
left out of ``to_dict()``: the JSON carries aggregates only.

``__post_init__`` enforces the contract (plain Python numbers, no NaN) so that a numpy scalar or a NaN leaking
out of ``statistics/`` fails at once, where it was made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "CI",
    "DIRECTIONS",
    "VERDICTS",
    "Ancova",
    "Attrition",
    "BaselineEquivalence",
    "Change",
    "ClinicalChange",
    "CronbachAlpha",
    "DoseResponse",
    "EffectSizes",
    "McNemar",
    "NormComparison",
    "NormWave",
    "Outcome",
    "PairedDescriptives",
    "PairedTests",
    "PoissonRates",
    "Power",
    "RegressionToMean",
    "Reliability",
    "ReliableChange",
    "Summary",
    "TestResult",
]

from peerimpact.results._base import CI, ResultBase, check_value
from peerimpact.results.groups import (
    Ancova,
    Attrition,
    BaselineEquivalence,
    DoseResponse,
    McNemar,
    NormComparison,
    NormWave,
    PoissonRates,
    RegressionToMean,
)


@dataclass(frozen=True, slots=True)
class Summary(ResultBase):
    """Descriptives of one wave (schema ``$defs/summary``); sample SD with ddof = 1."""

    n: int
    mean: float | None
    sd: float | None
    median: float | None


@dataclass(frozen=True, slots=True)
class Change(ResultBase):
    """Mean change post − pre in raw units, its SD and t-based 95% CI (schema ``outcome.change``)."""

    n: int
    mean: float | None
    sd: float | None
    ci95: CI | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class PairedDescriptives(ResultBase):
    """Matched-pairs descriptives: each wave, the change, and the pre–post Pearson correlation ``r``."""

    n: int
    pre: Summary
    post: Summary
    change: Change
    r: float | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class TestResult(ResultBase):
    """One hypothesis test.

    ``method`` is a token (``paired_t``, ``wilcoxon_signed_rank``, ``shapiro_wilk``); ``n`` is the number of
    observations the test used (for Wilcoxon, after zero differences are dropped); ``exact`` and
    ``correction`` say how a rank test's p was obtained (exact null distribution, or normal approximation
    with continuity correction); ``ties`` and ``zeros_dropped`` record why.  ``estimate`` and ``ci95`` are
    the test's own estimate of the change with its CI — the mean change for the paired t-test, the
    Hodges–Lehmann estimate (pseudomedian) for the Wilcoxon test, as R's ``conf.int = TRUE`` gives them;
    ``ci_level`` is the level actually achieved (R widens a rank interval that cannot reach 95%).  The
    verdict's direction is the sign of the primary test's ``estimate``.
    """

    __test__ = False  # not a pytest test class

    method: str
    statistic: float | None
    p_value: float | None
    n: int
    df: float | None = None
    alternative: str = "two_sided"
    exact: bool | None = None
    correction: bool | None = None
    ties: bool | None = None
    zeros_dropped: int | None = None
    reason: str | None = None
    estimate: float | None = None
    ci95: CI | None = None
    ci_level: float | None = None


@dataclass(frozen=True, slots=True)
class PairedTests(ResultBase):
    """Paired t, Wilcoxon signed-rank and Shapiro–Wilk on the differences, and which one is primary.

    ``primary_test`` is ``"paired_t"`` or ``"wilcoxon"`` (the schema's ``tests`` keys) or None when neither
    can serve; ``primary_reason`` is a token saying why it was chosen.  ``to_dict`` gives the schema's
    ``outcome.tests`` object; ``primary_test`` and :attr:`p_value` belong on the outcome.
    """

    paired_t: TestResult
    wilcoxon: TestResult
    shapiro_wilk_diff: TestResult
    primary_test: str | None
    primary_reason: str
    normality_alpha: float

    @property
    def p_value(self) -> float | None:
        """The primary test's p (the outcome's ``p_value``)."""
        if self.primary_test == "paired_t":
            return self.paired_t.p_value
        if self.primary_test == "wilcoxon":
            return self.wilcoxon.p_value
        return None

    @property
    def estimate(self) -> float | None:
        """The primary test's estimate of the change (mean, or pseudomedian): its sign is the direction."""
        if self.primary_test == "paired_t":
            return self.paired_t.estimate
        if self.primary_test == "wilcoxon":
            return self.wilcoxon.estimate
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "paired_t": self.paired_t.to_dict(),
            "wilcoxon": self.wilcoxon.to_dict(),
            "shapiro_wilk_diff": self.shapiro_wilk_diff.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class EffectSizes(ResultBase):
    """Paired standardised mean differences, each keyed by its registry name (Lakens 2013).

    ``hedges_j`` is the exact small-sample factor J(df), ``df = n − 1``, applied to ``hedges_g_z`` and
    ``g_av`` and to the g_z CI; the ``*_ci_method`` tokens say how each CI was made (``g_av_ci95`` is an
    interval for δ_av by Fitts' (2022) noncentral-t method, whose coverage is near 95% from n = 5, where the
    normal interval of ``d_av_ci95`` covers only about 85%); ``label`` is the Cohen
    (1988) size word from |g_av|, set by the caller (``dataclasses.replace``) only when the adjusted test is
    significant.
    """

    n: int
    d_z: float | None
    d_z_ci95: CI | None
    hedges_g_z: float | None
    hedges_g_z_ci95: CI | None
    d_av: float | None
    d_av_ci95: CI | None
    g_av: float | None
    g_av_ci95: CI | None
    hedges_j: float | None
    df: int | None
    d_z_ci_method: str = "noncentral_t"
    av_ci_method: str = "normal_algina_keselman_2003"  # d_av's CI (as effectsize's repeated_measures_d)
    g_av_ci_method: str = "fitts2022_noncentral_t"  # g_av's CI: an interval for δ_av with honest coverage
    correction: str = "hedges_exact_j_df_n_minus_1"
    label: str | None = None
    reason: str | None = None

    @classmethod
    def empty(cls, n: int, reason: str) -> EffectSizes:
        """No effect size could be computed (or none applies to this kind of measure): every figure None."""
        return cls(
            n=n,
            d_z=None,
            d_z_ci95=None,
            hedges_g_z=None,
            hedges_g_z_ci95=None,
            d_av=None,
            d_av_ci95=None,
            g_av=None,
            g_av_ci95=None,
            hedges_j=None,
            df=None,
            reason=reason,
        )


@dataclass(frozen=True, slots=True)
class ReliableChange(ResultBase):
    """Jacobson & Truax (1991) reliable change counts (schema ``outcome.reliable_change``).

    ``threshold`` is the change in points a pupil must pass (1.96·S_diff); ``basis`` is ``"published"``
    (the instrument's SD and reliability) or ``"sample"`` (matched pupils' pre SD, pre-wave Cronbach's
    alpha).  ``categories`` holds ``improved`` / ``no_change`` / ``deteriorated`` per pupil, in input order.
    When SE_m cannot be formed the counts and ``threshold`` are None and ``reason`` says why (leave the
    block out of the JSON then).
    """

    _PUPIL_FIELDS = ("categories",)

    n: int
    improved: int | None
    no_change: int | None
    deteriorated: int | None
    threshold: float | None
    sd: float | None
    reliability: float | None
    se_m: float | None
    s_diff: float | None
    basis: str
    criterion: float = 1.96
    expected_per_direction: float | None = None  # n·P(Z > 1.96): pupils expected from error alone
    categories: tuple[str, ...] = ()
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class ClinicalChange(ResultBase):
    """Jacobson & Truax clinically significant change against one cut-off.

    ``recovered``: clinical at pre, functional at post and reliably improved; ``improved``: reliably
    improved but not recovered; ``deteriorated``: reliably deteriorated; the rest ``no_change``.
    ``categories`` holds one of those four tokens per pupil.
    """

    _PUPIL_FIELDS = ("categories",)

    n: int
    cutoff: float
    clinical_pre: int
    clinical_post: int
    recovered: int
    improved: int
    no_change: int
    deteriorated: int
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CronbachAlpha(ResultBase):
    """Cronbach's alpha of ``k`` items on ``n`` complete responses, with the Feldt (1965) F-based CI."""

    alpha: float | None
    ci95: CI | None
    n: int
    k: int
    ci_method: str = "feldt"
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Reliability(ResultBase):
    """Alpha at each wave (schema ``outcome.reliability``); a wave without items is None."""

    pre: CronbachAlpha | None
    post: CronbachAlpha | None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for wave, res in (("pre", self.pre), ("post", self.post)):
            out[f"alpha_{wave}"] = None if res is None else res.alpha
            out[f"alpha_{wave}_ci95"] = None if res is None or res.ci95 is None else list(res.ci95)
            out[f"n_{wave}"] = None if res is None else res.n
        return out


@dataclass(frozen=True, slots=True)
class Power(ResultBase):
    """Minimum detectable effect (schema ``outcome.power``).

    ``design`` is ``"paired"`` (``n`` pairs, effect in d_z) or ``"two_group"`` (``n`` and ``n_comparison``
    per group, effect in d); ``mdes_points`` is ``mdes_d_z`` times the SD of the change when that is given.
    """

    n: int
    mdes_d_z: float | None
    mdes_points: float | None
    power: float
    alpha: float
    design: str = "paired"
    n_comparison: int | None = None
    reason: str | None = None


VERDICTS = ("improved", "worsened", "no_significant_change", "not_tested")
DIRECTIONS = ("higher_is_better", "lower_is_better")


@dataclass(frozen=True, slots=True)
class Outcome(ResultBase):
    """One measure for one group of pupils: the schema's ``$defs/outcome``.

    ``tests`` holds the paired tests (None for measures tested otherwise); ``mcnemar``, ``poisson_rate`` and
    ``ancova`` go under the schema's ``tests`` object too.  ``p_value`` is the primary test's p;
    ``p_adjusted`` and ``adjustment`` (``none`` / ``holm`` / ``fdr_bh``) say how it was adjusted; the verdict
    uses ``p_adjusted``.  ``summary`` is the plain-English sentence written by ``wording.py``.  Optional
    blocks that are None, and a reliable-change block that could not be computed, are left out of
    ``to_dict()``.
    """

    measure: str
    group: str
    direction: str
    n: int
    pre: Summary
    post: Summary
    change: Change
    effect_size: EffectSizes
    verdict: str
    tests: PairedTests | None = None
    mcnemar: McNemar | None = None
    poisson_rate: PoissonRates | None = None
    ancova: Ancova | None = None
    primary_test: str | None = None
    p_value: float | None = None
    p_adjusted: float | None = None
    adjustment: str | None = None
    r: float | None = None
    reliable_change: ReliableChange | None = None
    reliability: Reliability | None = None
    power: Power | None = None
    suppressed: bool = False
    summary: str | None = None
    detail: str | None = None  # the SMHL's sentence with every figure (reporting.md §5 S)
    clinical_change: ClinicalChange | None = None
    regression_to_mean: RegressionToMean | None = None
    title: str | None = None  # the measure's name for people, e.g. "WEMWBS total"
    #: ANCOVA rows: WWC baseline equivalence of the two arms ("similar" only when satisfied)
    baseline_equivalence: BaselineEquivalence | None = None
    #: why the verdict is ``not_tested``: fewer_than_5_pairs | no_variation_in_changes | no_exposure
    not_tested_reason: str | None = None
    dp: int = 1  # display decimals for scores of this measure (reporting.md §6); values stay unrounded
    #: change regressed on dose (``--dose-column``), exploratory
    dose: DoseResponse | None = None
    #: each wave's mean beside the instrument's published norm (single-group designs), context only
    norm_comparison: NormComparison | None = None

    @property
    def g_av_against_primary(self) -> bool:
        """True when the mean-based g_av points the other way from the primary test's estimate (a Wilcoxon-
        primary outcome whose mean rose while the typical pupil fell): a chart of g_av must say so."""
        g, est = self.effect_size.g_av, self.primary_estimate
        return g is not None and est is not None and g * est < 0

    @property
    def primary_estimate(self) -> float | None:
        """The change the verdict's direction is read from: the primary test's own estimate (SPEC §5).

        The mean change for the paired t-test, the Hodges–Lehmann estimate (pseudomedian) for the Wilcoxon
        test, rate ratio − 1 for two Poisson rates (its sign is the direction), and the change as stored (the proportion's change for
        McNemar, the adjusted difference for an ANCOVA row) otherwise.
        """
        if self.primary_test in ("paired_t", "wilcoxon") and self.tests is not None:
            return self.tests.estimate
        if self.primary_test == "poisson_rate":
            ratio = None if self.poisson_rate is None else self.poisson_rate.rate_ratio
            return None if ratio is None else ratio - 1.0
        return self.change.mean

    def __post_init__(self) -> None:
        check_value(self)
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {DIRECTIONS}, got {self.direction!r}")

    def to_dict(self) -> dict[str, Any]:
        tests: dict[str, Any] = {} if self.tests is None else self.tests.to_dict()
        for key in ("mcnemar", "poisson_rate", "ancova"):
            block = getattr(self, key)
            if block is not None:
                tests[key] = block.to_dict()
        out: dict[str, Any] = {
            "measure": self.measure,
            "group": self.group,
            "direction": self.direction,
            "n": self.n,
            "pre": self.pre.to_dict(),
            "post": self.post.to_dict(),
            "change": self.change.to_dict(),
            "r": self.r,
            "tests": tests,
            "p_value": self.p_value,
            "p_adjusted": self.p_adjusted,
            "effect_size": self.effect_size.to_dict(),
            "suppressed": self.suppressed,
            "verdict": self.verdict,
        }
        for key in ("primary_test", "adjustment", "summary", "detail", "title", "not_tested_reason"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        rc = self.reliable_change
        if rc is not None and rc.reason is None:
            out["reliable_change"] = rc.to_dict()
        for key in (
            "reliability",
            "power",
            "clinical_change",
            "regression_to_mean",
            "baseline_equivalence",
            "dose",
            "norm_comparison",
        ):
            block = getattr(self, key)
            if block is not None:
                out[key] = block.to_dict()
        return out
