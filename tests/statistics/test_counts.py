"""peerimpact.statistics.counts against R ``binom.test`` and ``poisson.test`` (tests/golden/counts.R)."""

from __future__ import annotations

import runpy
from pathlib import Path

import numpy as np
import pytest

from peerimpact.statistics.counts import mcnemar_exact, poisson_rate_ratio

COUNTS = runpy.run_path(str(Path(__file__).resolve().parents[1] / "golden" / "counts.py"))["COUNTS"]


def _statuses(became: int, left: int, stayed: int = 5, never: int = 7) -> tuple[np.ndarray, np.ndarray]:
    pre = np.array([0] * became + [1] * left + [1] * stayed + [0] * never, dtype=bool)
    post = np.array([1] * became + [0] * left + [1] * stayed + [0] * never, dtype=bool)
    return pre, post


def test_mcnemar_exact_matches_binom_test() -> None:
    m = COUNTS["mcnemar"]
    for became, left, p in zip(m["became"], m["left"], m["p_exact"], strict=True):
        res = mcnemar_exact(*_statuses(int(became), int(left)))
        assert res.p_value == pytest.approx(p, rel=1e-12)
        assert (res.became, res.left, res.stayed, res.never, res.method) == (became, left, 5, 7, "exact")


def test_mcnemar_without_discordant_pairs() -> None:
    res = mcnemar_exact([True, False], [True, False])
    assert res.p_value is None and res.reason == "no_discordant_pairs"
    assert set(res.to_dict()) >= {"p_value", "method", "became", "left", "stayed", "never"}


@pytest.mark.parametrize("name", ["poisson_1", "poisson_2"])
def test_poisson_rates_match_poisson_test(name: str) -> None:
    g = COUNTS[name]
    res = poisson_rate_ratio(
        count_pre=g["count_pre"],
        exposure_pre=g["exposure_pre"],
        count_post=g["count_post"],
        exposure_post=g["exposure_post"],
    )
    assert res.rate_ratio == pytest.approx(g["rate_ratio"], rel=1e-12)
    assert res.ci95 == pytest.approx(g["ci95"], rel=1e-10)
    assert res.p_value == pytest.approx(g["p_value"], rel=1e-9)


def test_poisson_edge_cases() -> None:
    none = poisson_rate_ratio(count_pre=0, exposure_pre=10.0, count_post=0, exposure_post=10.0)
    assert none.rate_ratio is None and none.p_value is None
    no_pre = poisson_rate_ratio(count_pre=0, exposure_pre=10.0, count_post=4, exposure_post=10.0)
    assert no_pre.rate_ratio is None and no_pre.ci95 is not None and no_pre.ci95[1] is None
    with pytest.raises(ValueError, match="exposure"):
        poisson_rate_ratio(count_pre=1, exposure_pre=0.0, count_post=1, exposure_post=1.0)
