"""peerimpact.statistics.trend against R lme4 1.1-31 (tests/golden/trend.R): y ~ position + (1 | id), REML.

The variance components come from statsmodels' REML optimiser and agree with lme4 to ~1e-6 (two
optimisers stopping at the same optimum); the slope and its standard error are the GLS ones at those
estimates, as lme4's ``fixef``/``vcov``, and agree to ~1e-7 (statsmodels' own ``bse_fe`` differed by up to
2e-4, issue 13 case 3).  p is the Wald z from that SE; at p ≈ 6e-20 a 1e-7 change of z moves p by ~1e-5.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from peerimpact.statistics.trend import mixed_trend

CASES = runpy.run_path(str(Path(__file__).resolve().parents[1] / "golden" / "trend.py"))["CASES"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_trend_matches_lme4(name: str) -> None:
    c = CASES[name]
    r = c["lmer"]
    fit = mixed_trend(c["id"], c["position"], c["y"])
    assert fit.slope == pytest.approx(r["slope"], rel=1e-7)
    assert fit.se == pytest.approx(r["se"], rel=1e-6)
    assert (fit.ci_low, fit.ci_high) == pytest.approx(r["ci95"], rel=1e-6)
    assert fit.p_value == pytest.approx(r["p_value"], rel=1e-4)
    assert fit.var_pupil == pytest.approx(r["var_pupil"], rel=1e-5)
    assert fit.var_residual == pytest.approx(r["var_residual"], rel=1e-5)
    assert fit.n_observations == len(c["y"]) and fit.n_pupils == len(set(c["id"]))


def test_slope_is_per_unit_of_position_not_per_survey() -> None:
    """Positions 0, 1, 3 (no summer survey): the slope is per term on the calendar.  Refitting the same
    scores on survey order 0, 1, 2 gives a steeper, wrong "per term" figure (issue 13 case 2)."""
    c = CASES["calendar_gap"]
    order = {0.0: 0.0, 1.0: 1.0, 3.0: 2.0}
    per_survey = mixed_trend(c["id"], [order[p] for p in c["position"]], c["y"]).slope
    per_term = mixed_trend(c["id"], c["position"], c["y"]).slope
    assert per_term == pytest.approx(c["lmer"]["slope"], rel=1e-7)
    assert per_survey > 1.4 * per_term
