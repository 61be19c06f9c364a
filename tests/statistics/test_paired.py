"""peerimpact.statistics.paired against R 4.2 (tests/golden/paired.R) and by construction.

Tolerances: rel 1e-9 where R and we evaluate the same closed form (t, its p and CI, V and the exact or
normal-approximation Wilcoxon p); rel 1e-7 for Shapiro–Wilk, where both run Royston's algorithm but R scales
the data by its range and scipy centres it on the median first (they agree to ~1e-8).
"""

from __future__ import annotations

import runpy
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from peerimpact.statistics.paired import (
    describe,
    paired_descriptives,
    paired_t,
    paired_tests,
    shapiro_wilk_diff,
    wilcoxon_signed_rank,
)

GOLDEN = runpy.run_path(str(Path(__file__).resolve().parents[1] / "golden" / "paired.py"))
CASES = GOLDEN["CASES"]
EXACT = 1e-9


@pytest.fixture(params=sorted(CASES))
def case(request: pytest.FixtureRequest) -> dict:
    return CASES[request.param]


def test_descriptives_match_r(case: dict) -> None:
    r = case["descriptives"]
    res = paired_descriptives(case["pre"], case["post"])
    assert res.n == r["n"]
    assert res.pre.mean == pytest.approx(r["pre_mean"], rel=EXACT)
    assert res.pre.sd == pytest.approx(r["pre_sd"], rel=EXACT)
    assert res.pre.median == pytest.approx(r["pre_median"], rel=EXACT)
    assert res.post.mean == pytest.approx(r["post_mean"], rel=EXACT)
    assert res.post.sd == pytest.approx(r["post_sd"], rel=EXACT)
    assert res.post.median == pytest.approx(r["post_median"], rel=EXACT)
    assert res.change.mean == pytest.approx(r["change_mean"], rel=EXACT)
    assert res.change.sd == pytest.approx(r["change_sd"], rel=EXACT)
    assert res.r == pytest.approx(r["r"], rel=EXACT)
    # the CI of the mean change is t.test(post, pre, paired = TRUE)$conf.int
    assert res.change.ci95 == pytest.approx(case["t_test"]["ci95"], rel=EXACT)


def test_paired_t_matches_r(case: dict) -> None:
    r = case["t_test"]
    res = paired_t(case["pre"], case["post"])
    assert res.method == "paired_t"
    assert res.statistic == pytest.approx(r["statistic"], rel=EXACT)
    assert res.df == r["df"]
    assert res.p_value == pytest.approx(r["p_value"], rel=EXACT)


def test_wilcoxon_matches_r(case: dict) -> None:
    r = case["wilcoxon"]
    res = wilcoxon_signed_rank(case["pre"], case["post"])
    assert res.statistic == r["statistic"]  # V: sum of the ranks of the positive changes
    assert res.p_value == pytest.approx(r["p_value"], rel=EXACT)
    assert res.exact is r["exact"]
    assert res.correction is r["correction"]


def test_shapiro_matches_r(case: dict) -> None:
    if "shapiro" not in case:
        pytest.skip("n < 3")
    res = shapiro_wilk_diff(case["pre"], case["post"])
    assert res.statistic == pytest.approx(case["shapiro"]["statistic"], rel=1e-7)
    assert res.p_value == pytest.approx(case["shapiro"]["p_value"], rel=1e-7)


def test_wilcoxon_cases_cover_each_branch() -> None:
    """The goldens hold every branch of R's rule: exact, ties, zeros, and n = 50 with neither."""
    small = wilcoxon_signed_rank(CASES["small_exact"]["pre"], CASES["small_exact"]["post"])
    assert small.exact and not small.ties and small.zeros_dropped == 0
    ties = wilcoxon_signed_rank(CASES["ties"]["pre"], CASES["ties"]["post"])
    assert ties.ties and not ties.exact and ties.zeros_dropped == 0
    zeros = wilcoxon_signed_rank(CASES["zeros"]["pre"], CASES["zeros"]["post"])
    assert zeros.zeros_dropped == 4 and zeros.n == 12 and not zeros.exact
    n49 = wilcoxon_signed_rank(CASES["n49"]["pre"], CASES["n49"]["post"])
    n50 = wilcoxon_signed_rank(CASES["n50"]["pre"], CASES["n50"]["post"])
    assert n49.exact and not n49.ties
    assert not n50.exact and not n50.ties and n50.correction


def test_wilcoxon_normal_branch_agrees_with_scipy() -> None:
    """Our normal approximation is scipy's (zero_method='wilcox', correction=True) on larger tied data."""
    rng = np.random.default_rng(3)
    pre = rng.integers(14, 71, 3000).astype(float)
    post = pre + rng.integers(-6, 8, 3000)
    res = wilcoxon_signed_rank(pre, post)
    ref = stats.wilcoxon(post - pre, zero_method="wilcox", correction=True, method="asymptotic")
    assert res.p_value == pytest.approx(float(ref.pvalue), rel=1e-9)
    d = post - pre
    nz = d[d != 0]
    ranks = stats.rankdata(np.abs(nz))
    assert res.statistic == pytest.approx(float(ranks[nz > 0].sum()), rel=1e-15)


def test_v_is_sum_of_positive_ranks_for_falls() -> None:
    """Mostly falls: V is small (R reports V for post − pre, not min(V+, V−) as scipy does)."""
    c = CASES["worse_exact"]
    res = wilcoxon_signed_rank(c["pre"], c["post"])
    assert res.statistic == 7.0
    swapped = wilcoxon_signed_rank(c["post"], c["pre"])  # change reversed: V + V' = m(m + 1)/2
    assert res.statistic is not None and swapped.statistic is not None
    assert res.statistic + swapped.statistic == 9 * 10 / 2
    assert swapped.p_value == pytest.approx(res.p_value, rel=1e-12)


def test_primary_test_rule() -> None:
    c = CASES["small_exact"]  # Shapiro p = 0.94: normal enough, t is primary
    res = paired_tests(c["pre"], c["post"])
    assert res.primary_test == "paired_t"
    assert res.primary_reason == "shapiro_wilk_p_at_or_above_alpha"
    assert res.p_value == res.paired_t.p_value
    strict = paired_tests(c["pre"], c["post"], normality_alpha=0.95)  # p = 0.939 < 0.95
    assert strict.primary_test == "wilcoxon"
    assert strict.p_value == strict.wilcoxon.p_value
    skewed_pre = np.zeros(40)
    skewed_post = np.exp(np.linspace(0, 4, 40))  # clearly non-normal changes
    assert paired_tests(skewed_pre, skewed_post).primary_test == "wilcoxon"


def test_shapiro_limits_and_primary_above_5000() -> None:
    rng = np.random.default_rng(1)
    pre = rng.normal(40, 8, 5001)
    post = pre + rng.normal(1, 5, 5001)
    sw = shapiro_wilk_diff(pre, post)
    assert sw.p_value is None and sw.reason == "n_above_5000"
    res = paired_tests(pre, post)
    assert res.primary_test == "paired_t" and res.primary_reason == "n_above_5000_t_robust"
    assert shapiro_wilk_diff(pre[:5000], post[:5000]).p_value is not None
    assert shapiro_wilk_diff([1.0, 2.0], [2.0, 2.5]).reason == "n_below_3"


@pytest.mark.parametrize("n", [0, 1])
def test_below_two_pairs_gives_none_with_reason(n: int) -> None:
    pre, post = np.arange(n, dtype=float), np.arange(n, dtype=float) + 1.5
    t = paired_t(pre, post)
    assert t.statistic is None and t.p_value is None and t.reason == "n_below_2"
    d = paired_descriptives(pre, post)
    assert d.change.ci95 is None and d.r is None and d.reason == "n_below_2"
    tests = paired_tests(pre, post)
    assert tests.primary_test is None and tests.p_value is None


def test_zero_variance_of_changes() -> None:
    pre = np.array([10.0, 12.0, 15.0, 11.0, 9.0])
    post = pre + 2.0
    t = paired_t(pre, post)
    assert t.statistic is None and t.reason == "zero_variance_of_differences"
    w = wilcoxon_signed_rank(pre, post)  # all ranks tied: normal approximation, V = 15
    assert w.statistic == 15.0 and w.p_value is not None and w.ties
    tests = paired_tests(pre, post)
    assert tests.primary_test == "wilcoxon"
    assert paired_descriptives(pre, post).change.ci95 is None


def test_changes_equal_up_to_rounding_count_as_constant() -> None:
    """post = pre + 0.2 in floating point: the changes differ by 1e-16, which R's t.test calls constant."""
    pre = [0.1, 0.7, 1.3, 2.9]
    post = [p + 0.2 for p in pre]
    assert paired_t(pre, post).reason == "zero_variance_of_differences"
    assert shapiro_wilk_diff(pre, post).reason == "zero_variance_of_differences"


def test_all_changes_zero() -> None:
    x = np.array([3.0, 4.0, 5.0])
    w = wilcoxon_signed_rank(x, x)
    assert w.statistic == 0.0 and w.p_value is None and w.reason == "all_differences_zero"
    assert w.zeros_dropped == 3


def test_bad_arguments_raise() -> None:
    with pytest.raises(ValueError, match="equal length"):
        paired_t([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="missing"):
        paired_t([1.0, np.nan], [1.0, 2.0])
    with pytest.raises(ValueError, match="one-dimensional"):
        paired_t([[1.0, 2.0]], [[1.0, 2.0]])
    with pytest.raises(ValueError, match="normality_alpha"):
        paired_tests([1.0, 2.0, 3.0], [2.0, 3.0, 5.0], normality_alpha=0.0)


def test_describe_small() -> None:
    assert describe([]).mean is None
    one = describe([4.0])
    assert one.mean == 4.0 and one.sd is None and one.median == 4.0


def test_results_hold_plain_python_numbers() -> None:
    c = CASES["n50"]
    res = paired_tests(c["pre"], c["post"])
    for test in (res.paired_t, res.wilcoxon, res.shapiro_wilk_diff):
        assert type(test.statistic) is float and type(test.p_value) is float


def test_large_n_runs_linearly_without_n_by_n_arrays() -> None:
    """100,000 pairs of integer totals (ties and zeros): the normal branch, no quadratic memory."""
    rng = np.random.default_rng(7)
    pre = rng.integers(14, 71, 100_000).astype(float)
    post = np.clip(pre + rng.integers(-5, 7, 100_000), 14, 70)
    res = paired_tests(pre, post)
    assert res.wilcoxon.exact is False and (res.wilcoxon.zeros_dropped or 0) > 0
    assert res.primary_test == "paired_t"
