"""peerimpact.statistics.context against R 4.2 (tests/golden/evaluators.R): ``lm(change ~ dose)`` and
``t.test(x, mu = 48.8)``."""

from __future__ import annotations

import math
import runpy
from pathlib import Path

import numpy as np
import pytest

from peerimpact.statistics.context import dose_response, norm_wave

R = runpy.run_path(str(Path(__file__).resolve().parents[1] / "golden" / "evaluators.py"))["R"]


def test_dose_slope_ci_and_p_are_rs_lm() -> None:
    change = np.array(R["measure_post"]) - np.array(R["measure_pre"])
    got = dose_response(change, R["dose"], column="Sessions")
    ref = R["dose_lm"]
    assert got.n == ref["n"] and got.df == ref["n"] - 2
    assert got.slope == pytest.approx(ref["slope"], rel=1e-12)
    assert got.intercept == pytest.approx(ref["intercept"], rel=1e-10)
    assert got.se == pytest.approx(ref["se"], rel=1e-10)
    assert got.t == pytest.approx(ref["t"], rel=1e-10)
    assert got.p_value == pytest.approx(ref["p_value"], rel=1e-8)
    assert list(got.ci95) == pytest.approx(ref["ci95"], rel=1e-10)
    assert got.exploratory is True


def test_dose_without_enough_pupils_or_variation_says_why() -> None:
    assert (
        dose_response([1.0, 2.0, np.nan, 3.0], [1, 2, 3, np.nan], column="s").reason == "fewer_than_5_pairs"
    )
    flat = dose_response([1.0, 2.0, 3.0, 4.0, 5.0], [3, 3, 3, 3, 3], column="s")
    assert flat.reason == "no_variation_in_dose" and flat.slope is None


def test_norm_one_sample_t_is_rs_t_test_mu() -> None:
    got = norm_wave(R["norm_wemwbs"], 48.8)
    ref = R["norm_t"]
    assert got.n == len(R["norm_wemwbs"]) and got.df == ref["df"]
    assert got.mean == pytest.approx(ref["mean"], rel=1e-12)
    assert got.difference == pytest.approx(ref["difference"], rel=1e-12)
    assert got.t == pytest.approx(ref["statistic"], rel=1e-10)
    assert got.p_value == pytest.approx(ref["p_value"], rel=1e-8)
    assert list(got.ci95) == pytest.approx(ref["ci95_difference"], rel=1e-10)
    # by hand: the mean of the 14 totals is 647 / 14
    assert got.mean == pytest.approx(647 / 14, rel=1e-12) and math.isclose(sum(R["norm_wemwbs"]), 647)
