"""peerimpact.statistics.location (Hodges–Lehmann estimate and CI) against R 4.2 (tests/golden/location.R).

R's exact interval is the order statistics of the Walsh averages and its normal-approximation interval the
roots of a step function found by ``uniroot`` (tol 1e-4): we reimplement that root finder, so both agree with
R to rounding (rel 1e-9), not merely to uniroot's tolerance.  ``ci_level`` is the level R states beside the
interval (``attr(conf.int, "conf.level")``).
"""

from __future__ import annotations

import runpy
from pathlib import Path

import numpy as np
import pytest

from peerimpact.statistics.location import hodges_lehmann
from peerimpact.statistics.paired import paired_t, paired_tests, wilcoxon_signed_rank

CASES = runpy.run_path(str(Path(__file__).resolve().parents[1] / "golden" / "location.py"))["CASES"]
REL = 1e-9


@pytest.fixture(params=sorted(CASES))
def case(request: pytest.FixtureRequest) -> dict:
    return CASES[request.param]


def test_hodges_lehmann_matches_r(case: dict) -> None:
    r = case["wilcoxon"]
    d = np.asarray(case["post"], float) - np.asarray(case["pre"], float)
    res = hodges_lehmann(d)
    assert res.exact is r["exact"]
    assert res.estimate == pytest.approx(r["estimate"], rel=REL, abs=1e-12)
    assert res.ci95 == pytest.approx(r["ci95"], rel=REL, abs=1e-12)
    assert res.achieved_level == pytest.approx(r["level"], rel=REL)


def test_wilcoxon_result_carries_the_estimate_and_t_carries_the_mean(case: dict) -> None:
    w = wilcoxon_signed_rank(case["pre"], case["post"])
    assert w.statistic == pytest.approx(case["wilcoxon"]["statistic"], rel=REL)
    assert w.estimate == pytest.approx(case["wilcoxon"]["estimate"], rel=REL, abs=1e-12)
    assert w.ci95 == pytest.approx(case["wilcoxon"]["ci95"], rel=REL, abs=1e-12)
    t = paired_t(case["pre"], case["post"])
    assert t.estimate == pytest.approx(case["t_test"]["estimate"], rel=REL)
    assert t.ci95 == pytest.approx(case["t_test"]["ci95"], rel=REL)


def test_issue13_case1_the_primary_estimate_falls_while_the_mean_rises() -> None:
    c = CASES["issue13_fall_by_2"]
    tests = paired_tests(c["pre"], c["post"])
    assert tests.primary_test == "wilcoxon"  # Shapiro–Wilk p = 3e-13 in R
    assert tests.p_value == pytest.approx(c["wilcoxon"]["p_value"], rel=REL)
    assert tests.paired_t.estimate == pytest.approx(1.84, rel=REL)  # the mean rises ...
    assert tests.estimate == pytest.approx(-2.0, rel=REL)  # ... the primary test's estimate falls


def test_hand_cases() -> None:
    # three changes 1, 2, 4: Walsh averages 1, 1.5, 2, 2.5, 3, 4 -> median 2.25; n = 3 gives q = 1: [1, 4]
    res = hodges_lehmann([1.0, 2.0, 4.0])
    assert res.estimate == 2.25
    assert res.ci95 == (1.0, 4.0)
    assert hodges_lehmann([0.0, 0.0]).reason == "all_differences_zero"
    tied = hodges_lehmann([3.0] * 6)
    assert tied.estimate == 3.0 and tied.ci95 is None and tied.reason == "all_differences_tied"
    with pytest.raises(ValueError):
        hodges_lehmann([1.0, 2.0], level=1.0)


def test_shift_equivariance() -> None:
    rng = np.random.default_rng(13)
    d = rng.normal(0, 3, 30)
    a, b = hodges_lehmann(d), hodges_lehmann(d + 10.0)
    assert b.estimate == pytest.approx(a.estimate + 10.0, rel=1e-12)
    assert a.ci95 is not None and b.ci95 is not None
    assert b.ci95[0] == pytest.approx(a.ci95[0] + 10.0, rel=1e-12)
