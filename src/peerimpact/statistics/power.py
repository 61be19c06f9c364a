"""Minimum detectable effect sizes at a given power, for the paired design and for two groups.

Paired power is a one-sample t-test on the changes (n = pairs, effect in d_z; evaluation-rules.md B.5), so
the MDES is in d_z and must be compared with d_z, never with d_av.

The power function is the one statsmodels' ``TTestPower().power`` / ``TTestIndPower().power`` computes
(two-sided, both tails counted), written out here for two reasons: statsmodels' ``solve_power`` stops up
to 2e-5 (relative) short of the root (n = 1000: 2.2e-5 from R), and scipy's noncentral t, which
statsmodels calls, returns NaN at random points of the far lower tail once ncp ≳ 7.4 (the tail is below
2e-15 there, so it is taken as 0), which stops a root finder.  The root is found with ``brentq`` to
1e-12.  Checked against R's ``power.t.test(..., strict = TRUE, tol = 1e-12)`` (``tests/golden/power.R``)
and against statsmodels.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from scipy import optimize, special, stats

from peerimpact.results import Power

__all__ = ["mdes_ancova", "mdes_paired", "mdes_two_group"]


def _check_levels(alpha: float, power: float) -> None:
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be in (0, 1), got {alpha!r}")
    if not 0.0 < power < 1.0:
        raise ValueError(f"power must be in (0, 1), got {power!r}")


def _power(d: float, df: float, root_n: float, alpha: float) -> float:
    """Power of the two-sided t-test: P(T > c) + P(T < −c), T ~ t(df, ncp = d·root_n), c = t(1 − α/2; df)."""
    crit = float(stats.t.isf(alpha / 2, df))
    ncp = d * root_n
    upper = float(stats.nct.sf(crit, df, ncp))
    lower = float(stats.nct.cdf(-crit, df, ncp))
    if math.isnan(lower) and ncp > 7.0:  # scipy's NaN in a tail below 2e-15 (see the module docstring)
        lower = 0.0
    return upper + lower


def _solve(power_of: Callable[[float], float], target: float, guess: float) -> float | None:
    """The effect size at which ``power_of`` reaches ``target``; power rises with the effect size.

    The bracket starts around ``guess`` (the normal approximation) and widens geometrically; None if no
    root is bracketed or the power function fails.
    """
    lo, hi = guess / 2.0, guess * 1.5
    for _ in range(60):
        if power_of(hi) >= target:
            break
        lo, hi = hi, hi * 1.5
    else:
        return None
    for _ in range(60):
        if power_of(lo) <= target:
            break
        lo /= 2.0
    else:
        return None
    try:
        return float(optimize.brentq(lambda d: power_of(d) - target, lo, hi, xtol=1e-12, rtol=1e-13))
    except ValueError:  # NaN from the power function
        return None


def _normal_guess(alpha: float, power: float, n_effective: float) -> float:
    """The normal-approximation MDES, (z(1 − α/2) + z(power)) / √n_eff: where the bracket starts."""
    return float((special.ndtri(1 - alpha / 2) + special.ndtri(power)) / math.sqrt(n_effective))


def mdes_paired(n: int, *, alpha: float = 0.05, power: float = 0.8, sd_change: float | None = None) -> Power:
    """Smallest d_z a two-sided paired t-test on ``n`` pairs detects with the given power.

    Solves power(d_z; df = n − 1, ncp = d_z·√n) = ``power`` at significance level ``alpha`` (the power of
    statsmodels ``TTestPower().power(effect_size=d_z, nobs=n, alpha=alpha, alternative="two-sided")``).
    SPEC §5: n = 30 → 0.53, n = 100 → 0.28 (B.5 lists more).  R: ``power.t.test(n = n, sd = 1, power = .8,
    type = "paired", strict = TRUE)$delta``.

    Parameters
    ----------
    n : int
        Matched pairs.
    alpha : float
        The run's significance level.
    power : float
        Target power (0.8 unless the user asks otherwise).
    sd_change : float, optional
        SD of the changes; when given, ``mdes_points`` = ``mdes_d_z``·``sd_change`` in the measure's units.
    """
    _check_levels(alpha, power)
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be a non-negative int, got {n!r}")
    if sd_change is not None and not (math.isfinite(sd_change) and sd_change >= 0):
        raise ValueError(f"sd_change must be a non-negative finite number, got {sd_change!r}")
    if n < 2:
        return Power(n=n, mdes_d_z=None, mdes_points=None, power=power, alpha=alpha, reason="n_below_2")
    mdes = _solve(
        lambda d: _power(d, n - 1, math.sqrt(n), alpha),
        power,
        _normal_guess(alpha, power, n),
    )
    points = None if mdes is None or sd_change is None else mdes * sd_change
    return Power(
        n=n,
        mdes_d_z=mdes,
        mdes_points=points,
        power=float(power),
        alpha=float(alpha),
        reason=None if mdes is not None else "not_solved",
    )


def mdes_two_group(n_treatment: int, n_comparison: int, *, alpha: float = 0.05, power: float = 0.8) -> Power:
    """Smallest standardised difference d (pooled SD) a two-sided two-sample t-test detects.

    Power with df = n_t + n_c − 2 and ncp = d·√(n_t·n_c/(n_t + n_c)), as statsmodels
    ``TTestIndPower().power(effect_size=d, nobs1=n_t, ratio=n_c/n_t, alternative="two-sided")``.
    Equal groups: n = 30 per group → 0.74, 100 → 0.40 (evaluation-rules.md B.5).
    R: ``power.t.test(n = n, type = "two.sample", strict = TRUE)``.
    The result's ``mdes_d_z`` field holds this d (the schema's single MDES name); ``design = "two_group"``.
    """
    _check_levels(alpha, power)
    for name, value in (("n_treatment", n_treatment), ("n_comparison", n_comparison)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative int, got {value!r}")
    if n_treatment < 2 or n_comparison < 2:
        return Power(
            n=n_treatment,
            n_comparison=n_comparison,
            mdes_d_z=None,
            mdes_points=None,
            power=power,
            alpha=alpha,
            design="two_group",
            reason="group_below_2",
        )
    n_eff = n_treatment * n_comparison / (n_treatment + n_comparison)
    mdes = _solve(
        lambda d: _power(d, n_treatment + n_comparison - 2, math.sqrt(n_eff), alpha),
        power,
        _normal_guess(alpha, power, n_eff),
    )
    return Power(
        n=n_treatment,
        n_comparison=n_comparison,
        mdes_d_z=mdes,
        mdes_points=None,
        power=float(power),
        alpha=float(alpha),
        design="two_group",
        reason=None if mdes is not None else "not_solved",
    )


def mdes_ancova(
    n_treatment: int,
    n_comparison: int,
    *,
    r_squared: float,
    alpha: float = 0.05,
    power: float = 0.8,
    sd: float | None = None,
) -> Power:
    """Minimum detectable difference between two arms when the post-test is adjusted for the pre-test.

    The group coefficient's t in post ~ pre + group has df = N − 3 and, for a true standardised difference d,
    noncentrality d·√(n_eff / (1 − R²)), n_eff = n_t·n_c/(n_t + n_c), where R² is the share of the post-test's
    within-group variance the pre-test explains (Bloom 1995; Hedges & Hedberg 2007; Dong & Maynard's
    PowerUp! for a covariate-adjusted two-group design).  Solves power(d) = ``power``; ``mdes_points`` =
    d·``sd`` (the pooled post SD, the SD the ANCOVA's Hedges' g divides by).  ``design = "two_group_ancova"``.
    R (tests/golden/groups.R): ``uniroot`` on ``pt(qt(1 - α/2, N - 3), N - 3, d·√(n_eff/(1 - R²)), lower =
    FALSE) + pt(-qt(1 - α/2, N - 3), N - 3, d·√(n_eff/(1 - R²)))``.
    """
    _check_levels(alpha, power)
    if not 0.0 <= r_squared < 1.0:
        raise ValueError(f"r_squared must be in [0, 1), got {r_squared!r}")
    n_total = n_treatment + n_comparison
    if n_treatment < 2 or n_comparison < 2 or n_total < 5:
        return Power(
            n=n_treatment,
            n_comparison=n_comparison,
            mdes_d_z=None,
            mdes_points=None,
            power=power,
            alpha=alpha,
            design="two_group_ancova",
            reason="group_below_2",
        )
    n_eff = n_treatment * n_comparison / n_total / (1.0 - r_squared)
    mdes = _solve(
        lambda d: _power(d, n_total - 3, math.sqrt(n_eff), alpha), power, _normal_guess(alpha, power, n_eff)
    )
    return Power(
        n=n_treatment,
        n_comparison=n_comparison,
        mdes_d_z=mdes,
        mdes_points=None if mdes is None or sd is None else mdes * sd,
        power=float(power),
        alpha=float(alpha),
        design="two_group_ancova",
        reason=None if mdes is not None else "not_solved",
    )
