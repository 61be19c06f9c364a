"""Figures reported beside an outcome that are not its effect: change on dose, a wave against a norm (SPEC §5).

- :func:`dose_response`: ordinary least squares of the change (post − pre) on the dose, as R
  ``lm(change ~ dose)``: slope b = Sxy / Sxx, residual variance s² = RSS / (n − 2), SE(b) = s / √Sxx,
  t = b / SE(b) on n − 2 df, two-sided p, CI b ± t₀.₉₇₅,ₙ₋₂ · SE(b) (``confint``).  Exploratory: pupils
  choose how many sessions they attend, so a slope is an association, not a dose effect.
- :func:`norm_wave`: one-sample t of a wave's scores against a published norm mean, as R
  ``t.test(x, mu = norm)``: difference = mean − norm, t = difference / (s / √n) on n − 1 df, CI
  difference ± t₀.₉₇₅,ₙ₋₁ · s / √n.

Checked against R in ``tests/statistics/test_context.py`` (goldens ``tests/golden/evaluators.R``).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from peerimpact.results import DoseResponse, NormWave

__all__ = ["MIN_DOSE_PAIRS", "dose_response", "norm_wave"]

#: fewest pupils with a change and a dose for a slope (as a paired test: SPEC §5's 5 pairs)
MIN_DOSE_PAIRS = 5


def _no_slope(column: str, n: int, reason: str) -> DoseResponse:
    return DoseResponse(
        column=column,
        n=n,
        slope=None,
        ci95=None,
        se=None,
        t=None,
        df=None,
        p_value=None,
        intercept=None,
        reason=reason,
    )


def dose_response(change: ArrayLike, dose: ArrayLike, *, column: str) -> DoseResponse:
    """Change regressed on dose over the pupils with both (NaN in either is left out); see the module."""
    c = np.asarray(change, dtype=float)
    d = np.asarray(dose, dtype=float)
    if c.shape != d.shape:
        raise ValueError("change and dose must have the same length")
    keep = ~np.isnan(c) & ~np.isnan(d)
    c, d = c[keep], d[keep]
    n = int(c.size)
    if n < MIN_DOSE_PAIRS:
        return _no_slope(column, n, "fewer_than_5_pairs")
    dx = d - d.mean()
    sxx = float(dx @ dx)
    if sxx == 0.0:
        return _no_slope(column, n, "no_variation_in_dose")
    slope = float(dx @ (c - c.mean())) / sxx
    intercept = float(c.mean() - slope * d.mean())
    resid = c - (intercept + slope * d)
    df = n - 2
    se = math.sqrt(float(resid @ resid) / df / sxx)
    if se == 0.0:  # a perfect line: R's summary.lm gives t = Inf (with a warning); say no test instead
        return DoseResponse(
            column=column,
            n=n,
            slope=slope,
            ci95=(slope, slope),
            se=0.0,
            t=None,
            df=df,
            p_value=None,
            intercept=intercept,
            reason="perfect_fit",
        )
    t = slope / se
    p = float(2 * stats.t.sf(abs(t), df))
    q = float(stats.t.ppf(0.975, df))
    return DoseResponse(
        column=column,
        n=n,
        slope=slope,
        ci95=(slope - q * se, slope + q * se),
        se=se,
        t=t,
        df=df,
        p_value=p,
        intercept=intercept,
    )


def norm_wave(x: ArrayLike, norm_mean: float) -> NormWave:
    """One wave's scores (NaN left out) against ``norm_mean``: one-sample t; see the module docstring."""
    v = np.asarray(x, dtype=float)
    v = v[~np.isnan(v)]
    n = int(v.size)
    mean = float(v.mean()) if n else None
    if n < 2:
        return NormWave(
            n=n,
            mean=mean,
            difference=None if mean is None else mean - norm_mean,
            ci95=None,
            t=None,
            df=None,
            p_value=None,
            reason="n_below_2",
        )
    assert mean is not None
    diff = mean - norm_mean
    se = float(v.std(ddof=1)) / math.sqrt(n)
    df = n - 1
    if se == 0.0:
        return NormWave(
            n=n, mean=mean, difference=diff, ci95=None, t=None, df=df, p_value=None, reason="no_variation"
        )
    t = diff / se
    q = float(stats.t.ppf(0.975, df))
    return NormWave(
        n=n,
        mean=mean,
        difference=diff,
        ci95=(diff - q * se, diff + q * se),
        t=t,
        df=df,
        p_value=float(2 * stats.t.sf(abs(t), df)),
    )
