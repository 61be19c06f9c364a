"""Comparison-group statistics: ANCOVA, WWC baseline equivalence and attrition, regression to the mean.

- :func:`ancova`: post ~ pre + group by OLS (statsmodels, with a design matrix: ``statsmodels.formula.api``
  is slow to import), the adjusted difference with CI, p and F(1, df), and Hedges' g on the pooled post SD
  with ω = 1 − 3/(4N − 9) (What Works Clearinghouse).  Checked against R ``lm(post ~ pre + group)``.
- :func:`baseline_equivalence`: the pre-test difference in SD units and its WWC class.
- :func:`attrition`: overall and differential attrition against the WWC boundary.
- :func:`regression_to_mean`: the rise expected from regression to the mean alone.

Sources: WWC Standards Handbook v4.1 / Procedures Handbook v4.1 as encoded in baselinr (evaluation-rules.md
B.2); Barnett, van der Pols & Dobson (2005) for regression to the mean.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from peerimpact.results import Ancova, Attrition, BaselineEquivalence, RegressionToMean
from peerimpact.statistics._arrays import as_pairs, as_values, num

__all__ = [
    "ATTRITION_BOUNDARIES",
    "ancova",
    "attrition",
    "baseline_equivalence",
    "pretest_r_squared",
    "regression_to_mean",
]

#: WWC Standards v4.1 Table II.1 (baselinr ``R/attrition_boundary.R``): overall attrition % -> the largest
#: differential attrition (percentage points) that is still "low"; past the last point attrition is high.
ATTRITION_BOUNDARIES: dict[str, tuple[tuple[float, float], ...]] = {
    "cautious": (
        (0, 5.7), (5, 6.1), (10, 6.3), (15, 5.9), (20, 5.4), (25, 4.8), (30, 4.1), (35, 3.3), (40, 2.6),
        (45, 1.8), (50, 1.0), (55, 0.3), (57, 0.0),
    ),
    "optimistic": ((0, 10.0), (10, 10.9), (20, 10.0), (30, 8.2), (40, 6.0), (50, 3.7), (60, 1.4), (65, 0.3)),
}  # fmt: skip

_Z975 = float(special.ndtri(0.975))


def _omega(n_total: int) -> float:
    """WWC small-sample correction ω = 1 − 3/(4N − 9), N = n_t + n_c (Hedges 1981; WWC Procedures v4.1)."""
    return 1.0 - 3.0 / (4.0 * n_total - 9.0)


def _pooled_sd(x: NDArray[np.float64], y: NDArray[np.float64]) -> float:
    """S_pooled = √(((n_t − 1)s_t² + (n_c − 1)s_c²) / (n_t + n_c − 2))."""
    nx, ny = x.size, y.size
    return math.sqrt(((nx - 1) * x.var(ddof=1) + (ny - 1) * y.var(ddof=1)) / (nx + ny - 2))


def _as_group(group: ArrayLike, n: int) -> NDArray[np.bool_]:
    g = np.asarray(group)
    if g.ndim != 1 or g.size != n:
        raise ValueError(f"group must be one-dimensional with one entry per pupil ({n}), got shape {g.shape}")
    if g.dtype != np.bool_:
        gf = as_values(g, "group")
        if not np.isin(gf, (0.0, 1.0)).all():
            raise ValueError("group must be boolean or 0/1 (1 = programme, 0 = comparison)")
        g = gf == 1.0
    return g


def ancova(pre: ArrayLike, post: ArrayLike, group: ArrayLike) -> Ancova:
    """ANCOVA of post-test on pre-test and group: the programme's pre-adjusted difference.

    Model (OLS): post = b0 + b1·pre + b2·group + e, group = 1 for the programme, 0 for the comparison.
    ``adjusted_difference`` = b2 with its t-based 95% CI and p; ``statistic`` = F(1, N − 3) = t(b2)²
    (R: ``anova(lm(post ~ pre + group))["group", ]``, group entered last).

    Effect size (WWC Procedures Handbook v4.1; evaluation-rules.md B.2)::

        g = ω · b2 / S_pooled(post),   ω = 1 − 3/(4N − 9)
        SE(g) = √((n_t + n_c)/(n_t·n_c) + g²/(2(n_t + n_c)))     (Hedges & Olkin 1985; WWC)
        CI = g ± z(.975)·SE(g)

    The SE ignores the precision the covariate adds, so the g interval is conservative next to the CI of b2.

    Parameters
    ----------
    pre, post : array_like
        Scores of all pupils of both groups (each pupil scored at both waves).
    group : array_like of bool or 0/1
        1/True = programme, 0/False = comparison.

    Returns
    -------
    Ancova
        Figures None with ``reason`` ``group_below_2`` (fewer than 2 pupils in a group) or
        ``singular_design`` (pre-test without variance, or collinear with group).
    """
    a, b = as_pairs(pre, post)
    g = _as_group(group, a.size)
    n_t, n_c = int(g.sum()), int((~g).sum())
    n_total = n_t + n_c

    def empty(reason: str) -> Ancova:
        return Ancova(
            n_treatment=n_t,
            n_comparison=n_c,
            adjusted_difference=None,
            se=None,
            ci95=None,
            statistic=None,
            df_num=1,
            df=None,
            p_value=None,
            pre_slope=None,
            pooled_sd_post=None,
            omega=None,
            hedges_g=None,
            hedges_g_ci95=None,
            reason=reason,
        )

    if n_t < 2 or n_c < 2:
        return empty("group_below_2")
    design = np.column_stack([np.ones(n_total), a, g.astype(np.float64)])
    if np.linalg.matrix_rank(design) < 3:
        return empty("singular_design")
    from statsmodels.regression.linear_model import OLS  # here: only a comparison group needs it

    fit = OLS(b, design).fit()
    est = float(fit.params[2])
    se = float(fit.bse[2])
    lo, hi = (float(v) for v in np.asarray(fit.conf_int(alpha=0.05))[2])
    df_resid = round(float(fit.df_resid))
    t = est / se if se > 0 else None
    sd_post = _pooled_sd(b[g], b[~g])
    omega = _omega(n_total)
    hedges_g: float | None = None
    g_ci = None
    if sd_post > 0:
        hedges_g = omega * est / sd_post
        se_g = math.sqrt(n_total / (n_t * n_c) + hedges_g**2 / (2.0 * n_total))
        g_ci = (hedges_g - _Z975 * se_g, hedges_g + _Z975 * se_g)
    return Ancova(
        n_treatment=n_t,
        n_comparison=n_c,
        adjusted_difference=est,
        se=num(se),
        ci95=(lo, hi),
        statistic=None if t is None else t * t,
        df_num=1,
        df=df_resid,
        p_value=num(fit.pvalues[2]),
        pre_slope=num(fit.params[1]),
        pooled_sd_post=sd_post,
        omega=omega,
        hedges_g=hedges_g,
        hedges_g_ci95=g_ci,
        reason=None if sd_post > 0 else "zero_variance_post",
    )


def baseline_equivalence(pre_treatment: ArrayLike, pre_comparison: ArrayLike) -> BaselineEquivalence:
    """WWC baseline equivalence of the two groups' pre-test scores.

    ``effect_size`` = ω·(M_t − M_c)/S_pooled (Hedges' g, as the WWC computes baseline differences);
    classification by |g| (WWC Standards v4.1; baselinr): ≤ 0.05 ``satisfied``; 0.05 < |g| ≤ 0.25
    ``adjustment_required`` (satisfied only when the impact model adjusts for the pre-test, as
    :func:`ancova` does); > 0.25 ``not_satisfied``.
    """
    t = as_values(pre_treatment, "pre_treatment")
    c = as_values(pre_comparison, "pre_comparison")
    n_t, n_c = int(t.size), int(c.size)
    if n_t < 2 or n_c < 2:
        return BaselineEquivalence(
            n_treatment=n_t,
            n_comparison=n_c,
            difference=None,
            pooled_sd=None,
            omega=None,
            effect_size=None,
            classification=None,
            reason="group_below_2",
        )
    diff = float(t.mean() - c.mean())
    sp = _pooled_sd(t, c)
    omega = _omega(n_t + n_c)
    if sp == 0.0:
        return BaselineEquivalence(
            n_treatment=n_t,
            n_comparison=n_c,
            difference=diff,
            pooled_sd=0.0,
            omega=omega,
            effect_size=None,
            classification=None,
            reason="zero_pooled_sd",
        )
    es = omega * diff / sp
    size = abs(es)
    if size <= 0.05:
        cls = "satisfied"
    elif size <= 0.25:
        cls = "adjustment_required"
    else:
        cls = "not_satisfied"
    return BaselineEquivalence(
        n_treatment=n_t,
        n_comparison=n_c,
        difference=diff,
        pooled_sd=sp,
        omega=omega,
        effect_size=es,
        classification=cls,
    )


def attrition(
    *,
    assigned_treatment: int,
    analysed_treatment: int,
    assigned_comparison: int,
    analysed_comparison: int,
    boundary: str = "cautious",
) -> Attrition:
    """Overall and differential attrition against the WWC boundary.

    overall = 100·(1 − analysed / assigned) over both groups (percent); differential = |attrition_t −
    attrition_c| in percentage points.  The boundary at the overall rate is interpolated linearly between the
    points of :data:`ATTRITION_BOUNDARIES` (WWC Standards v4.1 Table II.1); attrition is ``low`` when the
    differential is at or under it, ``high`` otherwise and always past the table's last point (cautious:
    ≥ 58% overall is always high).  Use ``cautious`` when the programme could plausibly affect who drops out,
    and choose the boundary in the protocol, not after seeing the data.
    """
    if boundary not in ATTRITION_BOUNDARIES:
        raise ValueError(f"boundary must be one of {sorted(ATTRITION_BOUNDARIES)}, got {boundary!r}")
    counts = {
        "assigned_treatment": assigned_treatment,
        "analysed_treatment": analysed_treatment,
        "assigned_comparison": assigned_comparison,
        "analysed_comparison": analysed_comparison,
    }
    for name, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative int, got {value!r}")
    if assigned_treatment == 0 or assigned_comparison == 0:
        raise ValueError("each group needs at least one assigned pupil")
    if analysed_treatment > assigned_treatment or analysed_comparison > assigned_comparison:
        raise ValueError("analysed pupils cannot outnumber assigned pupils")
    rate_t = 100.0 * (1 - analysed_treatment / assigned_treatment)
    rate_c = 100.0 * (1 - analysed_comparison / assigned_comparison)
    overall = 100.0 * (
        1 - (analysed_treatment + analysed_comparison) / (assigned_treatment + assigned_comparison)
    )
    differential = abs(rate_t - rate_c)
    table = ATTRITION_BOUNDARIES[boundary]
    xs = [p[0] for p in table]
    limit = float(np.interp(overall, xs, [p[1] for p in table])) if overall <= xs[-1] else None
    # 1e-12: a differential that equals the boundary up to float rounding of the rates counts as on it
    level = "low" if limit is not None and differential <= limit + 1e-12 else "high"
    return Attrition(
        **counts,
        overall=overall,
        differential=differential,
        boundary=limit,
        boundary_name=boundary,
        level=level,
    )


def regression_to_mean(
    *, population_mean: float, baseline_mean: float, test_retest_r: float
) -> RegressionToMean:
    """Change expected from regression to the mean alone when pupils were picked for low (or high) scores.

    expected = (1 − r)·(μ − baseline mean)  (Barnett, van der Pols & Dobson 2005, Int J Epidemiol 34:215),
    with μ the instrument's published population mean and r its test–retest correlation.  Positive when the
    selected pupils started below μ.
    """
    for name, value in (("population_mean", population_mean), ("baseline_mean", baseline_mean)):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
    if not -1.0 <= test_retest_r <= 1.0:
        raise ValueError(f"test_retest_r must be in [-1, 1], got {test_retest_r!r}")
    return RegressionToMean(
        expected_change=(1.0 - test_retest_r) * (population_mean - baseline_mean),
        population_mean=float(population_mean),
        baseline_mean=float(baseline_mean),
        test_retest_r=float(test_retest_r),
    )


def pretest_r_squared(pre: ArrayLike, post: ArrayLike, group: ArrayLike) -> float | None:
    """Share of the post-test's within-group variance explained by the pre-test in post ~ pre + group:
    1 − SSE(post ~ pre + group) / SSE(post ~ group) (R: ``1 - deviance(lm(post ~ pre + group)) /
    deviance(lm(post ~ group))``).  None when the post-test has no within-group variance."""
    a, b = as_pairs(pre, post)
    g = _as_group(group, a.size)
    if g.sum() < 2 or (~g).sum() < 2:
        return None
    # within-group centring removes the group means: the pooled within-group regression of post on pre
    ac = a.copy()
    bc = b.copy()
    for m in (g, ~g):
        ac[m] -= ac[m].mean()
        bc[m] -= bc[m].mean()
    ss_b = float(bc @ bc)
    ss_a = float(ac @ ac)
    if ss_b <= 0:
        return None
    if ss_a <= 0:
        return 0.0
    r2 = float((ac @ bc) ** 2 / (ss_a * ss_b))
    return min(max(r2, 0.0), 1.0)
