"""The trend model: a random intercept per pupil, slope per term (statsmodels MixedLM, REML).

Invariant used as the reference: with every pupil at every wave (balanced data) the mixed model's slope
equals the ordinary least-squares slope of score on wave, and its standard error is the within-pupil one
(residual variance from the pupil-centred regression), so the 95% interval is checked by hand.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from peerimpact.governors.trend import fit_trend


def _balanced(
    seed: int, slope: float, pupils: int = 40, waves: int = 3
) -> tuple[list[str], list[float], list[float]]:
    rng = np.random.default_rng(seed)
    base = rng.normal(22, 3, pupils)
    ids, wave, y = [], [], []
    for i in range(pupils):
        for w in range(waves):
            ids.append(f"p{i}")
            wave.append(float(w))
            y.append(float(base[i] + slope * w + rng.normal(0, 1.2)))
    return ids, wave, y


def test_balanced_slope_equals_ols_and_the_within_pupil_interval() -> None:
    ids, wave, y = _balanced(1, 0.6)
    slope, lo, hi, p = fit_trend(ids, wave, y)
    assert slope == pytest.approx(np.polyfit(wave, y, 1)[0], rel=1e-6)
    # within-pupil regression: centre score and wave on each pupil's mean
    yy, ww = np.array(y).reshape(40, 3), np.array(wave).reshape(40, 3)
    yc, wc = yy - yy.mean(1, keepdims=True), ww - ww.mean(1, keepdims=True)
    resid = yc - slope * wc
    sigma2 = (resid**2).sum() / (40 * 3 - 40 - 1)  # REML residual variance, 1 fixed slope within pupils
    se = math.sqrt(sigma2 / (wc**2).sum())
    assert (hi - lo) / 2 == pytest.approx(1.959963984540054 * se, rel=0.02)
    assert lo < 0.6 < hi and p < 0.001


def test_no_trend_is_not_clear() -> None:
    ids, wave, y = _balanced(2, 0.0)
    slope, lo, hi, p = fit_trend(ids, wave, y)
    assert lo < 0 < hi and p > 0.05 and abs(slope) < 0.5


def test_pupils_missing_a_wave_still_count() -> None:
    ids, wave, y = _balanced(3, -0.5)
    keep = [k for k in range(len(ids)) if k % 7 != 0]
    _, lo, hi, _ = fit_trend([ids[k] for k in keep], [wave[k] for k in keep], [y[k] for k in keep])
    assert hi < 0 and lo < -0.5 < hi
