"""peerimpact.statistics.reml (the trend's random-intercept REML from per-pupil sums) against statsmodels
``MixedLM``, the fit the trend used before issue 17.

Three checks on balanced and unbalanced data, pupils seen once among pupils seen often, calendar gaps,
rounded scores and no variance between pupils:

1. the restricted likelihood is statsmodels' own: differences of our criterion between two γ equal −2 × the
   differences of ``MixedLM.loglike`` (REML, profiled) to ~1e-9 — the formulas, not just the optimum;
2. our optimum is at least as good as statsmodels' (its BFGS stops ~1e-5 short in the variances) and the
   derivative is zero there;
3. the figures agree with statsmodels' fit to its optimiser's precision: slope 1e-6 (or 1e-4 SE), variances
   1e-4 relative (absolute 1e-4 for a variance at the boundary) — far finer than the report prints
   (slope to 1–2 decimals, SE and variances to 3–4);
4. the figures agree with lme4 (``tests/golden/reml.R``, a tight optimiser) on the same cases to ~1e-8.
"""

from __future__ import annotations

import csv
import functools
import math
import runpy
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from peerimpact.statistics.reml import _optimum, _Sums, fit_random_intercept
from peerimpact.statistics.trend import mixed_trend


def _data(
    seed: int,
    pupils: int,
    missing: float,
    sd_pupil: float,
    positions: tuple[float, ...] = (0.0, 1.0, 2.0),
    once: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores of ``pupils`` at ``positions``: each observation missing with probability ``missing``, and a
    share ``once`` of the pupils seen at one survey only (newcomers, leavers); rounded like total scores."""
    rng = np.random.default_rng(seed)
    w = len(positions)
    g = np.repeat(np.arange(pupils), w)
    x = np.tile(np.array(positions), pupils)
    keep = rng.random(g.size) >= missing
    seen_once = rng.random(pupils) < once
    first = rng.integers(0, w, pupils)
    keep &= ~seen_once[g] | (np.tile(np.arange(w), pupils) == first[g])
    y = 21 + 0.4 * x + rng.normal(0, sd_pupil, pupils)[g] + rng.normal(0, 1.6, g.size)
    _, codes = np.unique(g[keep], return_inverse=True)
    return codes, x[keep], np.round(y[keep])


CASES = {
    "balanced": (1, 60, 0.0, 2.0),
    "unbalanced": (2, 80, 0.3, 2.0),
    "half_seen_once": (3, 120, 0.1, 1.5, (0.0, 1.0, 2.0), 0.5),
    "calendar_gap": (4, 70, 0.2, 1.0, (0.0, 1.0, 3.0)),
    "four_terms": (5, 90, 0.25, 2.5, (0.0, 1.0, 2.0, 3.0), 0.2),
    "little_pupil_variance": (6, 150, 0.2, 0.15),
    "no_pupil_variance": (7, 150, 0.2, 0.0),
    "few_pupils": (8, 12, 0.4, 3.0),
    "many_pupils": (9, 1500, 0.3, 1.8, (0.0, 1.0, 2.0), 0.1),
}


@functools.cache
def _case(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, object, object]:
    """The case's data and statsmodels' model and REML fit (once per case: statsmodels is slow)."""
    g, x, y = _data(*CASES[name])  # type: ignore[arg-type]
    return g, x, y, *_statsmodels(g, x, y)


def _statsmodels(g: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[object, object]:
    from statsmodels.regression.mixed_linear_model import MixedLM

    model = MixedLM(y, np.column_stack([np.ones_like(x), x]), groups=g)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = model.fit(reml=True)
    return model, fit


def _loglike(model: object, gamma: float) -> float:
    """statsmodels' REML log-likelihood, fixed effects and scale profiled out, at cov_re/scale = γ."""
    from statsmodels.regression.mixed_linear_model import MixedLMParams

    params = MixedLMParams.from_components(fe_params=np.zeros(2), cov_re=np.array([[gamma]]))
    return float(model.loglike(params, profile_fe=True))  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_restricted_likelihood_is_statsmodels(name: str) -> None:
    g, x, y, model, _ = _case(name)
    sums = _Sums(g, x, y)
    for a, b in ((0.01, 1.0), (0.3, 2.5), (1e-6, 8.0)):
        ours = sums.criterion(a) - sums.criterion(b)
        theirs = -2 * (_loglike(model, a) - _loglike(model, b))
        assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_optimum_is_statsmodels_or_better(name: str) -> None:
    g, x, y, _, sm = _case(name)
    sums = _Sums(g, x, y)
    gamma = _optimum(sums)
    sm_gamma = max(float(np.asarray(sm.cov_re).ravel()[0]) / float(sm.scale), 0.0)  # type: ignore[attr-defined]
    assert sums.criterion(gamma) <= sums.criterion(sm_gamma) + 1e-9
    if gamma > 0:
        assert abs(sums.derivative(gamma)) < 1e-6 * sums.n
    else:
        assert sums.derivative(0.0) >= 0


@pytest.mark.parametrize("name", sorted(CASES))
def test_figures_agree_with_statsmodels(name: str) -> None:
    g, x, y, _, sm = _case(name)
    fit = fit_random_intercept(g, x, y)
    sm_var_pupil = float(np.asarray(sm.cov_re).ravel()[0])  # type: ignore[attr-defined]
    sm_slope = float(sm.fe_params[1])  # type: ignore[attr-defined]
    se = math.sqrt(fit.cov[1][1])
    assert abs(fit.slope - sm_slope) <= max(1e-6 * abs(sm_slope), 1e-4 * se)  # a slope near 0: 1e-4 SE
    assert fit.intercept == pytest.approx(float(sm.fe_params[0]), rel=1e-6)  # type: ignore[attr-defined]
    assert fit.var_residual == pytest.approx(float(sm.scale), rel=1e-4)  # type: ignore[attr-defined]
    assert fit.var_group == pytest.approx(sm_var_pupil, rel=1e-4, abs=1e-4)
    # the slope's SE: GLS at the estimates, as the trend computed it from statsmodels' variances
    trend = mixed_trend([f"p{k}" for k in g], x.tolist(), y.tolist())
    assert trend.se == pytest.approx(math.sqrt(fit.cov[1][1]), rel=1e-12)
    assert trend.n_pupils == int(g.max()) + 1 and trend.n_observations == y.size
    z = 1.959963984540054
    assert (trend.ci_low, trend.ci_high) == pytest.approx(
        (fit.slope - z * trend.se, fit.slope + z * trend.se)
    )


@functools.cache
def _lmer() -> dict[str, tuple[float, float, float, float]]:
    return runpy.run_path(str(Path(__file__).resolve().parents[1] / "golden" / "reml.py"))["LMER"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", sorted(CASES))
def test_figures_agree_with_lme4(name: str) -> None:
    """lme4 1.1-31 with a tight optimiser (tests/golden/reml.R): the same optimum, to ~1e-8."""
    slope, se, var_pupil, var_residual = _lmer()[name]
    fit = fit_random_intercept(*_case(name)[:3])
    assert abs(fit.slope - slope) <= max(1e-7 * abs(slope), 1e-6 * se)
    assert math.sqrt(fit.cov[1][1]) == pytest.approx(se, rel=1e-7)
    assert fit.var_group == pytest.approx(var_pupil, rel=1e-6, abs=1e-6)
    assert fit.var_residual == pytest.approx(var_residual, rel=1e-7)


def test_covariance_is_gls_at_the_estimates() -> None:
    """Cov(β̂) = σ̂²_e (Xᵀ H⁻¹ X)⁻¹ built densely, pupil by pupil, at the fitted variances."""
    g, x, y = _data(*CASES["unbalanced"])  # type: ignore[arg-type]
    fit = fit_random_intercept(g, x, y)
    xtvx = np.zeros((2, 2))
    xtvy = np.zeros(2)
    for k in range(int(g.max()) + 1):
        rows = g == k
        xi = np.column_stack([np.ones(rows.sum()), x[rows]])
        v = fit.var_residual * np.eye(rows.sum()) + fit.var_group * np.ones((rows.sum(), rows.sum()))
        vinv = np.linalg.inv(v)
        xtvx += xi.T @ vinv @ xi
        xtvy += xi.T @ vinv @ y[rows]
    cov = np.linalg.inv(xtvx)
    assert np.allclose(np.array(fit.cov), cov, rtol=1e-10, atol=0)
    assert (fit.intercept, fit.slope) == pytest.approx(tuple(cov @ xtvy), rel=1e-10)


def test_every_pupil_seen_once_puts_all_variance_in_the_residual() -> None:
    """σ²_u and σ²_e cannot be told apart: the fit is the OLS line, with γ = 0 (a choice, documented)."""
    rng = np.random.default_rng(11)
    x = np.repeat([0.0, 1.0, 2.0], 30)
    y = 20 + 0.5 * x + rng.normal(0, 2, x.size)
    fit = fit_random_intercept(np.arange(x.size), x, y)
    slope, icpt = np.polyfit(x, y, 1)
    assert fit.var_group == 0.0 and (fit.slope, fit.intercept) == pytest.approx((slope, icpt), rel=1e-10)
    resid = y - (icpt + slope * x)
    assert fit.var_residual == pytest.approx(float(resid @ resid) / (x.size - 2), rel=1e-10)


@pytest.mark.parametrize(
    ("ids", "x", "y"),
    [
        ("abab", [1.0, 1.0, 1.0, 1.0], [20.0, 21.0, 22.0, 23.0]),  # one survey position: no slope
        ("aaabbb", [0.0, 1.0, 2.0, 0.0, 1.0, 2.0], [20.0, 21.0, 22.0, 19.0, 20.0, 21.0]),  # a perfect fit
        ("ab", [0.0, 1.0], [20.0, 21.0]),  # fewer than three observations
    ],
)
def test_models_that_cannot_be_estimated_raise(ids: str, x: list[float], y: list[float]) -> None:
    with pytest.raises(ValueError):
        mixed_trend(list(ids), x, y)


def test_time_is_linear_in_pupils() -> None:
    """Not a timing: the work is numpy passes over per-pupil arrays, so a million observations fit."""
    g, x, y = _data(12, 300_000, 0.1, 1.5, (0.0, 1.0, 3.0), 0.1)
    fit = fit_random_intercept(g, x, y)
    assert fit.slope == pytest.approx(0.4, abs=0.01) and fit.n_observations == y.size


if __name__ == "__main__":  # the cases as CSV, for tests/golden/reml.R
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        g, x, y = _data(*CASES[case])  # type: ignore[arg-type]
        with (folder / f"{case}.csv").open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "position", "y"])
            w.writerows(zip(g.tolist(), x.tolist(), y.tolist(), strict=True))
