"""peerimpact.statistics.power against R ``power.t.test(strict = TRUE, tol = 1e-12)`` and SPEC §5.

Both solve the same power equation to ~1e-12: rel 1e-9.  SPEC and evaluation-rules.md B.5 print 2 decimals.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from statsmodels.stats.power import TTestPower

from peerimpact.statistics.power import mdes_paired, mdes_two_group

MDES = runpy.run_path(str(Path(__file__).resolve().parents[1] / "golden" / "power.py"))["MDES"]


@pytest.mark.parametrize(("n", "ref"), list(zip(MDES["paired"]["n"], MDES["paired"]["mdes"], strict=True)))
def test_paired_mdes_matches_r(n: int, ref: float) -> None:
    assert mdes_paired(n).mdes_d_z == pytest.approx(ref, rel=1e-9)


@pytest.mark.parametrize(
    ("n", "ref"), list(zip(MDES["two_sample"]["n"], MDES["two_sample"]["mdes"], strict=True))
)
def test_two_group_mdes_matches_r(n: int, ref: float) -> None:
    assert mdes_two_group(n, n).mdes_d_z == pytest.approx(ref, rel=1e-9)


def test_spec_values() -> None:
    # SPEC §5: n = 30 -> 0.53, n = 100 -> 0.28; B.5: two groups of 30 -> 0.74, of 100 -> 0.40
    assert mdes_paired(30).mdes_d_z == pytest.approx(0.53, abs=0.005)
    assert mdes_paired(100).mdes_d_z == pytest.approx(0.28, abs=0.005)
    assert mdes_two_group(30, 30).mdes_d_z == pytest.approx(0.74, abs=0.005)
    assert mdes_two_group(100, 100).mdes_d_z == pytest.approx(0.40, abs=0.005)


def test_statsmodels_power_at_the_mdes_is_the_target() -> None:
    for n in (2, 5, 30, 1000):
        mdes = mdes_paired(n).mdes_d_z
        power = TTestPower().power(effect_size=mdes, nobs=n, alpha=0.05, alternative="two-sided")
        assert power == pytest.approx(0.8, abs=1e-9)


def test_points_alpha_and_small_n() -> None:
    res = mdes_paired(30, sd_change=4.0, alpha=0.05)
    assert res.mdes_d_z is not None
    assert res.mdes_points == pytest.approx(4.0 * res.mdes_d_z)
    assert res.to_dict()["power"] == 0.8 and res.to_dict()["alpha"] == 0.05
    stricter = mdes_paired(30, alpha=0.01).mdes_d_z
    assert stricter is not None and stricter > res.mdes_d_z
    assert mdes_paired(1).reason == "n_below_2" and mdes_paired(1).mdes_d_z is None
    assert mdes_two_group(1, 30).reason == "group_below_2"
    with pytest.raises(ValueError, match="alpha"):
        mdes_paired(30, alpha=5)
    with pytest.raises(ValueError, match="n must be"):
        mdes_paired(30.0)  # type: ignore[arg-type]
