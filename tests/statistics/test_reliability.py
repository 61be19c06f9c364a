"""peerimpact.statistics.reliability against R psych 2.2.9 (tests/golden/reliability.R) and by hand.

Alpha and its Feldt CI are closed forms: rel 1e-10.  pingouin 0.7.0's ``cronbach_alpha`` uses the same
Feldt formula but rounds the CI to 3 decimals; its output for the golden data is recorded below (run once,
2026-11-22; importing pingouin would double this suite's run time).
"""

from __future__ import annotations

import math
import runpy
from pathlib import Path

import numpy as np
import pytest

from peerimpact.statistics.reliability import (
    clinical_change,
    cronbach_alpha,
    reliable_change,
)

CASES = runpy.run_path(str(Path(__file__).resolve().parents[1] / "golden" / "reliability.py"))["CASES"]

#: pingouin.cronbach_alpha(pd.DataFrame(items)) with pingouin 0.7.0: (alpha, CI rounded by pingouin)
PINGOUIN_0_7_0 = {
    "k7_n60": (0.8464937106918239, (0.779, 0.899)),
    "k4_n12": (0.662962962962963, (0.187, 0.891)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_alpha_and_feldt_ci_match_psych(name: str) -> None:
    c = CASES[name]
    items = np.array(c["items"], dtype=float).reshape(c["shape"])
    res = cronbach_alpha(items)
    assert res.alpha == pytest.approx(c["alpha"]["alpha"], rel=1e-10)
    assert res.ci95 == pytest.approx(c["alpha"]["ci95"], rel=1e-10)
    assert (res.n, res.k, res.ci_method) == (c["shape"][0], c["shape"][1], "feldt")
    alpha, ci = PINGOUIN_0_7_0[name]
    assert res.alpha == pytest.approx(alpha, rel=1e-12)
    assert res.ci95 is not None and res.ci95[0] is not None and res.ci95[1] is not None
    assert (round(res.ci95[0], 3), round(res.ci95[1], 3)) == ci


def test_alpha_edge_cases() -> None:
    assert cronbach_alpha(np.ones((5, 3))).reason == "zero_total_variance"
    assert cronbach_alpha(np.array([[1.0, 2.0, 3.0]])).reason == "n_below_2"
    with pytest.raises(ValueError, match="at least 2 items"):
        cronbach_alpha(np.ones((5, 1)))
    with pytest.raises(ValueError, match="incomplete"):
        cronbach_alpha(np.array([[1.0, 2.0], [np.nan, 3.0], [2.0, 2.0]]))


PRE = [20.0, 25.0, 30.0, 18.0, 22.0]
POST = [26.0, 24.0, 22.0, 19.0, 28.0]  # changes +6, -1, -8, +1, +6


def test_reliable_change_by_hand() -> None:
    # SE_m = 5·√(1 − .84) = 2.0; S_diff = √(2·2.0²) = 2.8284; threshold = 1.96·2.8284 = 5.5437 points
    res = reliable_change(
        PRE, POST, direction="higher_is_better", reliability=0.84, sd=5.0, basis="published"
    )
    assert res.se_m == pytest.approx(2.0, rel=1e-12)
    assert res.s_diff == pytest.approx(2 * math.sqrt(2), rel=1e-12)
    assert res.threshold == pytest.approx(1.96 * 2 * math.sqrt(2), rel=1e-12)
    assert (res.improved, res.no_change, res.deteriorated) == (2, 2, 1)
    assert res.categories == ("improved", "no_change", "deteriorated", "no_change", "improved")
    assert res.expected_per_direction == pytest.approx(5 * 0.024997895148220435, rel=1e-9)
    worse = reliable_change(
        PRE, POST, direction="lower_is_better", reliability=0.84, sd=5.0, basis="published"
    )
    assert (worse.improved, worse.no_change, worse.deteriorated) == (1, 2, 2)
    assert res.to_dict()["basis"] == "published" and "categories" not in res.to_dict()


def test_reliable_change_sample_basis_uses_pre_sd() -> None:
    res = reliable_change(PRE, POST, direction="higher_is_better", reliability=0.8, basis="sample")
    sd = float(np.std(PRE, ddof=1))  # 4.6043
    assert res.sd == pytest.approx(sd, rel=1e-12)
    assert res.threshold == pytest.approx(1.96 * math.sqrt(2) * sd * math.sqrt(0.2), rel=1e-12)
    assert res.basis == "sample"


def test_reliable_change_not_computable() -> None:
    bad = reliable_change(PRE, POST, direction="higher_is_better", reliability=-0.1, basis="sample")
    assert bad.improved is None and bad.threshold is None and bad.reason == "reliability_not_in_0_1"
    one = reliable_change([3.0], [5.0], direction="higher_is_better", reliability=0.8, basis="sample")
    assert one.reason == "n_below_2"
    with pytest.raises(ValueError, match="published sd"):
        reliable_change(PRE, POST, direction="higher_is_better", reliability=0.8, basis="published")
    with pytest.raises(ValueError, match="basis"):
        reliable_change(PRE, POST, direction="higher_is_better", reliability=0.8, basis="norms", sd=5.0)


def test_clinical_change_and_recovered() -> None:
    rc = reliable_change(PRE, POST, direction="higher_is_better", reliability=0.84, sd=5.0, basis="published")
    # clinical = below 21: pupil 1 (20 -> 26) recovered; pupil 5 (22 -> 28) improved but was never clinical
    res = clinical_change(
        PRE, POST, direction="higher_is_better", cutoff=21.0, clinical_includes_cutoff=False, reliable=rc
    )
    assert (res.clinical_pre, res.clinical_post) == (2, 1)
    assert (res.recovered, res.improved, res.no_change, res.deteriorated) == (1, 1, 2, 1)
    assert res.categories == ("recovered", "no_change", "deteriorated", "no_change", "improved")
    pre, post = [21.0, 30.0], [30.0, 30.0]
    rc = reliable_change(pre, post, direction="higher_is_better", reliability=0.84, sd=5.0, basis="published")
    edge = clinical_change(
        pre, post, direction="higher_is_better", cutoff=21.0, clinical_includes_cutoff=True, reliable=rc
    )
    assert edge.recovered == 1  # 21 counts as clinical when the cut-off is inclusive


def test_straight_lining() -> None:
    # the scorer's rule (scoring.validation): every item answered, all with the same raw code
    from peerimpact.scoring.validation import straight_lining

    nan = float("nan")
    items = np.array([[3, 3, 3, 3], [1, 2, 3, 4], [5, 5, 5, 5], [2, 2, 2, 3], [4, 4, nan, 4]], dtype=float)
    assert straight_lining(items).tolist() == [True, False, True, False, False]
