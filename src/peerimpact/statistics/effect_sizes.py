"""Standardised effect sizes for paired pre/post data, each named by what it divides by (Lakens 2013).

- d_z = mean change / SD of change, with the exact noncentral-t 95% CI (Cohen 1988 p. 48; Steiger & Fouladi
  1997).  d_z feeds power; it grows with the pre–post correlation, so it is never given a size word.
- d_av = mean change / √((SD_pre² + SD_post²)/2) (Cumming 2012), for comparison with between-group studies,
  with the normal CI of effectsize's ``repeated_measures_d(method = "av")`` (Algina & Keselman 2003, eq 4).
- hedges_g_z, g_av: the same times Hedges' exact small-sample factor J(df) with df = n − 1, applied to the
  estimate and both CI limits, as R effectsize does for paired data (not the independent-groups factor
  pingouin applies).

Checked in ``tests/statistics/test_effect_sizes.py`` against R effectsize 0.8.3 ``cohens_d(post, pre,
paired = TRUE)`` and ``hedges_g(post, pre, paired = TRUE)``, against a tight ``uniroot`` inversion of
``pt()``, and, for d_av/g_av (effectsize 0.8.3 has no ``repeated_measures_d``), against the formula of
effectsize 1.0.3 ``R/repeated_measures_d.R`` evaluated in R and by hand in the test.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize, special, stats

from peerimpact.results import CI, EffectSizes
from peerimpact.statistics._arrays import as_pairs, direction_sign, essentially_constant, num

__all__ = [
    "SIZE_RULES",
    "g_av_interval",
    "hedges_j",
    "improvement",
    "improvement_ci",
    "paired_effect_sizes",
    "size_label",
]

#: size-word rules for |g|: (cut-points, words), a value below cut-point i takes word i (the cut-point itself
#: belongs to the band above), as effectsize ``interpret_cohens_d`` / ``interpret_hedges_g`` (right = FALSE;
#: 0.8.3 R/interpret_cohens_d.R)
SIZE_RULES: dict[str, tuple[tuple[float, ...], tuple[str, ...]]] = {
    "cohen1988": ((0.2, 0.5, 0.8), ("very small", "small", "medium", "large")),
    "lovakov2021": ((0.15, 0.36, 0.65), ("very small", "small", "medium", "large")),
}

_Z975 = float(special.ndtri(0.975))


def hedges_j(df: float) -> float | None:
    """Hedges' exact small-sample bias factor J(df) = Γ(df/2) / (√(df/2)·Γ((df − 1)/2)).

    Hedges (1981); effectsize writes it as ``exp(lgamma(df/2) − log(sqrt(df/2)) − lgamma((df − 1)/2))``
    (0.8.3 ``R/cohens_d.R`` line 286; 1.0.3 ``R/cohens_d.R`` ``.J``, line 396), not the approximation
    1 − 3/(4df − 1).  None for df < 2: J(1) = 0 (the mean of d_z does not exist at df = 1), so a
    "corrected" value would be a meaningless zero; effectsize returns that zero.
    """
    if not df >= 2:
        return None
    return math.exp(special.gammaln(df / 2) - math.log(math.sqrt(df / 2)) - special.gammaln((df - 1) / 2))


def _ncp_limits(t: float, df: float, level: float = 0.95) -> tuple[float | None, float | None]:
    """Noncentrality parameters whose t distributions put ``t`` at the upper and lower (1 − level)/2 tails.

    ``nct.cdf(t, df, ncp)`` falls as ncp rises; each limit is bracketed by stepping out from ``t`` in
    doubling steps that start at twice the approximate SD of T, √(1 + t²/(2df)), and found by Brent's method
    to ~1e-14 (R effectsize's ``.get_ncp_t`` uses ``optim`` with abstol 1e-9).  A limit is None when scipy's
    noncentral t gives NaN on the way (extreme t, e.g. near-identical changes).
    """
    spread = 2.0 * math.sqrt(1.0 + t * t / (2.0 * df))
    limits: list[float | None] = []
    for prob, side in ((0.5 + level / 2, -1.0), (0.5 - level / 2, 1.0)):

        def gap(ncp: float, prob: float = prob) -> float:
            return float(stats.nct.cdf(t, df, ncp)) - prob

        # the limit lies on ``side`` of t: step out until the gap changes sign
        near, step = t, spread
        far = t + side * step
        g_far = gap(far)
        for _ in range(60):
            if math.isnan(g_far) or (g_far < 0 if side > 0 else g_far > 0):
                break
            near, step = far, step * 2.0
            far = t + side * step
            g_far = gap(far)
        if math.isnan(g_far) or math.isnan(gap(near)):
            limits.append(None)
            continue
        lo, hi = (near, far) if side > 0 else (far, near)
        try:
            limits.append(float(optimize.brentq(gap, lo, hi, xtol=1e-14, rtol=4 * np.finfo(float).eps)))
        except ValueError:  # no sign change, or NaN inside the bracket
            limits.append(None)
    return limits[0], limits[1]


#: Fitts (2022) regression for the confidence level that gives 95% coverage: 1 − (0.0495 − 0.0843/n)
def _fitts_level(n: int) -> float:
    return 1.0 - (0.0495 - 0.0843 / n)


def g_av_interval(pre: ArrayLike, post: ArrayLike) -> CI | None:
    """95% CI for δ_av (the population d_av) by Fitts' (2022) regression-approximation method.

    The noncentral-t interval of Algina & Keselman (2003) for d_av, with the refinements Fitts (2022) found by
    simulation to give near-nominal coverage from n = 5 (Cousineau & Goulet-Pelletier 2021 compare these
    methods; R ``CohensdpLibrary::Cohensdp(method = "regressionapproximation")`` implements it with Lecoutre's
    λ′ quantiles where we invert the noncentral t)::

        W   = harmonic mean / arithmetic mean of (var_pre, var_post);  r_W = r·W
        r_OP = r·(1 + (1 − r²) / (2(n − 3)))                  (Olkin–Pratt approximate unbiased r)
        ν   = 2(n − 1) / (1 + r_OP²);   k = √(n / (2(1 − r_W)))
        γ′  = 1 − (0.0495 − 0.0843/n)                         (the level that gives 95% coverage)
        limits = noncentral-t limits (level γ′, df ν) of t = d_av·k, divided by k

    The interval is for the parameter, so it is the same whether the point estimate is d_av or g_av (it is
    not shrunk by J).  Coverage is checked by a seeded simulation in ``tests/statistics/test_effect_sizes.py``
    (93–97% of the true δ_av at n = 5, 10 and 30, ρ = .5).  None below n = 4 (r_OP needs n > 3), when either
    wave or the changes have no variance, or when |r| = 1.

    Fitts, D. A. (2022). Point and interval estimates for a standardized mean difference in paired-samples
    designs using a pooled standard deviation. The Quantitative Methods for Psychology, 18(2), 207–223.
    """
    a, b = as_pairs(pre, post)
    n = int(a.size)
    if n < 4:
        return None
    va, vb = float(a.var(ddof=1)), float(b.var(ddof=1))
    d = b - a
    if va <= 0 or vb <= 0 or essentially_constant(float(d.std(ddof=1)), float(d.mean()), n):
        return None
    r = float(np.corrcoef(a, b)[0, 1])
    if not math.isfinite(r) or abs(r) >= 1.0:
        return None
    d_av = float(d.mean()) / math.sqrt((va + vb) / 2)
    w = (2.0 / (1.0 / va + 1.0 / vb)) / ((va + vb) / 2)
    r_w = r * w
    r_op = r * (1.0 + (1.0 - r * r) / (2.0 * (n - 3))) if n > 3 else r
    nu = 2.0 * (n - 1) / (1.0 + r_op * r_op)
    k = math.sqrt(n / (2.0 * (1.0 - r_w)))
    lo, hi = _ncp_limits(d_av * k, nu, level=_fitts_level(n))
    if lo is None or hi is None:
        return None
    return lo / k, hi / k


def _times(ci: CI | None, factor: float | None) -> CI | None:
    if ci is None or factor is None or ci[0] is None or ci[1] is None:
        return None
    return ci[0] * factor, ci[1] * factor


def paired_effect_sizes(pre: ArrayLike, post: ArrayLike) -> EffectSizes:
    """d_z, hedges_g_z, d_av and g_av of the change post − pre, with 95% CIs.

    Formulas (x = post, y = pre, d = x − y, n pairs, J = :func:`hedges_j` (n − 1))::

        d_z = mean(d) / sd(d)                       CI: ncp limits for t = d_z·√n, df = n − 1, over √n
        hedges_g_z = J·d_z                          CI: J times the d_z limits
        s_av = √((var(x) + var(y)) / 2)
        d_av = mean(d) / s_av                       (Cumming 2012)
        SE(d_av) = √(var(d)/n) / s_av               (Algina & Keselman 2003, eq 4)
        d_av CI = d_av ± z(.975)·SE;  g_av = J·d_av, CI = :func:`g_av_interval` (Fitts 2022)

    The d_z CI is effectsize 0.8.3 ``cohens_d(post, pre, paired = TRUE)``'s "ncp" method solved to full
    precision; the av CI is effectsize 1.0.3 ``repeated_measures_d(method = "av", adjust = TRUE)``
    (``.paired_d``, then ``out * J``).

    Returns
    -------
    EffectSizes
        ``reason``: ``n_below_2`` (nothing computable), ``zero_variance_of_differences`` (d_z undefined; d_av
        without CI), ``zero_variance_of_scores`` (no variance at either wave), ``n_below_3`` (no Hedges
        correction at df = 1), ``d_z_ci_not_computable`` (scipy's noncentral t fails at an extreme t, as
        when the changes are all but identical).
    """
    a, b = as_pairs(pre, post)
    n = int(a.size)
    if n < 2:
        return EffectSizes.empty(n, "n_below_2")
    d = b - a
    df = n - 1
    mean = float(d.mean())
    sd_d = float(d.std(ddof=1))
    j = hedges_j(df)
    reason: str | None = None if j is not None else "n_below_3"

    d_z: float | None = None
    d_z_ci: CI | None = None
    changes_vary = not essentially_constant(sd_d, mean, n)
    if changes_vary:
        d_z = mean / sd_d
        limits = _ncp_limits(d_z * math.sqrt(n), df)
        if limits[0] is not None and limits[1] is not None:
            d_z_ci = (limits[0] / math.sqrt(n), limits[1] / math.sqrt(n))
        else:
            reason = reason or "d_z_ci_not_computable"
    else:
        reason = "zero_variance_of_differences"

    s_av = math.sqrt((float(a.var(ddof=1)) + float(b.var(ddof=1))) / 2)
    d_av: float | None = None
    d_av_ci: CI | None = None
    if s_av > 0:
        d_av = mean / s_av
        if changes_vary:
            se = math.sqrt(sd_d**2 / n) / s_av  # Algina & Keselman 2003, eq 4 (as effectsize cites it)
            d_av_ci = (d_av - _Z975 * se, d_av + _Z975 * se)
    else:
        reason = "zero_variance_of_scores"

    return EffectSizes(
        n=n,
        d_z=num(d_z),
        d_z_ci95=d_z_ci,
        hedges_g_z=num(d_z * j) if d_z is not None and j is not None else None,
        hedges_g_z_ci95=_times(d_z_ci, j),
        d_av=num(d_av),
        d_av_ci95=d_av_ci,
        g_av=num(d_av * j) if d_av is not None and j is not None else None,
        g_av_ci95=g_av_interval(a, b) if d_av is not None and j is not None else None,
        hedges_j=j,
        df=df,
        reason=reason,
    )


def size_label(g: float | None, *, rule: str = "cohen1988") -> str | None:
    """The size word for |g| under a named rule, as ``effectsize::interpret_hedges_g(g, rules = rule)``.

    ``cohen1988`` (the default, SPEC §5 and reporting.md §7): |g| < 0.2 "very small", < 0.5 "small",
    < 0.8 "medium", otherwise "large"; each cut-point belongs to the band above it.  Only |g_av| should be
    labelled, and only when the adjusted test is significant (the caller's decision); None in, None out.
    """
    try:
        cuts, words = SIZE_RULES[rule]
    except KeyError:
        raise ValueError(f"rule must be one of {sorted(SIZE_RULES)}, got {rule!r}") from None
    if g is None or not math.isfinite(g):
        return None
    size = abs(g)
    for cut, word in zip(cuts, words, strict=False):
        if size < cut:
            return word
    return words[-1]


def improvement(change: float | None, direction: str) -> float | None:
    """Change turned into improvement: change × (+1 ``higher_is_better`` / −1 ``lower_is_better``).

    Works for a mean change or any signed effect size (d_z, g_av, ...): positive always means better.
    """
    sign = direction_sign(direction)
    return None if change is None else change * sign


def improvement_ci(ci: CI | None, direction: str) -> CI | None:
    """A CI of change as a CI of improvement: for ``lower_is_better`` the ends are negated and swapped."""
    sign = direction_sign(direction)
    if ci is None:
        return None
    lo = None if ci[0] is None else ci[0] * sign
    hi = None if ci[1] is None else ci[1] * sign
    return (lo, hi) if sign > 0 else (hi, lo)
