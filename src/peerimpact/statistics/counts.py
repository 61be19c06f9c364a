"""Counts: McNemar's test on a pupil's yes/no status before and after, and two Poisson rates.

- :func:`mcnemar_exact`: persistent absence (or any true/false status) at pre and post; exact binomial test
  on the discordant pairs (statsmodels ``mcnemar(exact=True)``; R ``binom.test(b, b + c, 0.5)``).
- :func:`poisson_rate_ratio`: behaviour referrals per exposure (sessions or days) before and after; the
  exact conditional test (statsmodels ``test_poisson_2indep(method="exact-cond")``) and the exact
  conditional (Clopper–Pearson) CI of the rate ratio, as R's ``poisson.test(c(x_post, x_pre), c(T_post,
  T_pre))``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from peerimpact.results import CI, McNemar, PoissonRates
from peerimpact.statistics._arrays import num

__all__ = ["mcnemar_exact", "poisson_rate_ratio"]


def _as_status(values: ArrayLike, name: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if arr.dtype != np.bool_:
        f = np.asarray(arr, dtype=np.float64)
        if not np.isin(f, (0.0, 1.0)).all():
            raise ValueError(f"{name} must be boolean or 0/1 with no missing values")
        arr = f == 1.0
    return arr


def mcnemar_exact(pre: ArrayLike, post: ArrayLike) -> McNemar:
    """Exact McNemar test of a true/false status at pre and post, pupil by pupil.

    p = two-sided exact binomial test of ``became`` out of ``became + left`` discordant pairs at 0.5, i.e.
    min(1, 2·Binom(min(b, c); b + c, ½)) (McNemar 1947; statsmodels ``mcnemar(table, exact=True)``; R
    ``binom.test(became, became + left)``).  With no discordant pairs p is None (``reason``: nothing changed).

    Parameters
    ----------
    pre, post : array_like of bool or 0/1
        Status of the same pupils at the two waves (e.g. persistently absent).
    """
    a = _as_status(pre, "pre")
    b = _as_status(post, "post")
    if a.shape != b.shape:
        raise ValueError(f"pre and post must be matched pairs of equal length, got {a.size} and {b.size}")
    became = int(np.count_nonzero(~a & b))
    left = int(np.count_nonzero(a & ~b))
    stayed = int(np.count_nonzero(a & b))
    never = int(np.count_nonzero(~a & ~b))
    if became + left == 0:
        return McNemar(
            p_value=None,
            method="exact",
            became=0,
            left=0,
            stayed=stayed,
            never=never,
            reason="no_discordant_pairs",
        )
    table = np.array([[never, became], [left, stayed]])
    from statsmodels.stats.contingency_tables import mcnemar  # here: only attendance outcomes need it

    res = mcnemar(table, exact=True)
    return McNemar(
        p_value=num(min(1.0, float(res.pvalue))),
        method="exact",
        became=became,
        left=left,
        stayed=stayed,
        never=never,
    )


def poisson_rate_ratio(
    *, count_pre: int, exposure_pre: float, count_post: int, exposure_post: float
) -> PoissonRates:
    """Rate ratio post/pre of two Poisson counts with exposures, exact conditional test and 95% CI.

    Conditional on the total x_post + x_pre, x_post ~ Binomial(total, π) with π = T_post·λ_post /
    (T_post·λ_post + T_pre·λ_pre).  Test of ratio 1: the two-sided binomial test at π₀ = T_post/(T_post +
    T_pre) (statsmodels ``test_poisson_2indep(..., method="exact-cond")``, "minlike" two-sided p as R's
    ``binom.test``).  CI: the Clopper–Pearson limits π_L, π_U of x_post/total turned into ratios,
    RR = π/(1 − π)·T_pre/T_post (R ``poisson.test``).  Cox (1953); Przyborowski & Wilenski (1940).

    Returns
    -------
    PoissonRates
        ``rate_ratio`` None when there were no pre events (the ratio is infinite; the CI's upper end is None);
        everything None but the rates when both counts are 0.
    """
    for name, value in (("count_pre", count_pre), ("count_post", count_post)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative int, got {value!r}")
    for name, expo in (("exposure_pre", exposure_pre), ("exposure_post", exposure_post)):
        if not (math.isfinite(expo) and expo > 0):
            raise ValueError(f"{name} must be a positive finite number, got {expo!r}")
    total = count_pre + count_post

    def result(rate_ratio: float | None, ci95: CI | None, p: float | None) -> PoissonRates:
        return PoissonRates(
            count_pre=count_pre,
            exposure_pre=float(exposure_pre),
            count_post=count_post,
            exposure_post=float(exposure_post),
            rate_pre=count_pre / exposure_pre,
            rate_post=count_post / exposure_post,
            rate_ratio=rate_ratio,
            ci95=ci95,
            p_value=p,
        )

    if total == 0:
        return result(None, None, None)
    from statsmodels.stats.rates import test_poisson_2indep  # here: only behaviour outcomes need it

    with np.errstate(divide="ignore", invalid="ignore"):  # statsmodels divides by a zero pre rate
        test = test_poisson_2indep(count_post, exposure_post, count_pre, exposure_pre, method="exact-cond")
    pi_lo = 0.0 if count_post == 0 else float(stats.beta.ppf(0.025, count_post, total - count_post + 1))
    pi_hi = 1.0 if count_post == total else float(stats.beta.isf(0.025, count_post + 1, total - count_post))
    scale = exposure_pre / exposure_post
    lo = pi_lo / (1.0 - pi_lo) * scale
    hi = pi_hi / (1.0 - pi_hi) * scale if pi_hi < 1.0 else None
    ratio = (count_post / exposure_post) / (count_pre / exposure_pre) if count_pre > 0 else None
    return result(ratio, (lo, hi), num(min(1.0, float(test.pvalue))))
