"""peerimpact.statistics.groups against R ``lm(post ~ pre + group)`` (tests/golden/groups.R) and by hand."""

from __future__ import annotations

import math
import runpy
from pathlib import Path

import numpy as np
import pytest

from peerimpact.statistics.groups import ancova, attrition, baseline_equivalence, regression_to_mean

ANCOVA = runpy.run_path(str(Path(__file__).resolve().parents[1] / "golden" / "groups.py"))["ANCOVA"]


def test_ancova_matches_lm() -> None:
    r = ANCOVA["lm"]
    res = ancova(ANCOVA["pre"], ANCOVA["post"], ANCOVA["group"])
    assert res.adjusted_difference == pytest.approx(r["estimate"], rel=1e-10)
    assert res.se == pytest.approx(r["se"], rel=1e-10)
    assert res.ci95 == pytest.approx(r["ci95"], rel=1e-10)
    assert res.p_value == pytest.approx(r["p_value"], rel=1e-9)
    assert res.statistic == pytest.approx(r["f"], rel=1e-10)
    assert (res.df_num, res.df) == (r["df_num"], r["df_resid"])
    assert res.pre_slope == pytest.approx(r["pre_slope"], rel=1e-10)
    assert (res.n_treatment, res.n_comparison) == (25, 22)


def test_ancova_hedges_g_by_hand() -> None:
    by = ANCOVA["by_group"]
    n_t, n_c = 25, 22
    s_pooled = math.sqrt(
        ((n_t - 1) * by["post_sd_t"] ** 2 + (n_c - 1) * by["post_sd_c"] ** 2) / (n_t + n_c - 2)
    )
    omega = 1 - 3 / (4 * 47 - 9)  # 0.98324
    g = omega * ANCOVA["lm"]["estimate"] / s_pooled
    se = math.sqrt(47 / (n_t * n_c) + g**2 / (2 * 47))
    res = ancova(ANCOVA["pre"], ANCOVA["post"], ANCOVA["group"])
    assert res.omega == pytest.approx(omega, rel=1e-15)
    assert res.pooled_sd_post == pytest.approx(s_pooled, rel=1e-12)
    assert res.hedges_g == pytest.approx(g, rel=1e-10)
    assert res.hedges_g_ci95 == pytest.approx(
        (g - 1.959963984540054 * se, g + 1.959963984540054 * se), rel=1e-10
    )


def test_ancova_guards() -> None:
    assert ancova([1.0, 2.0, 3.0], [1.0, 2.0, 4.0], [1, 0, 0]).reason == "group_below_2"
    flat = ancova([5.0] * 6, [1.0, 2.0, 3.0, 4.0, 5.0, 7.0], [1, 1, 1, 0, 0, 0])
    assert flat.reason == "singular_design" and flat.p_value is None
    with pytest.raises(ValueError, match="0/1"):
        ancova([1.0, 2.0], [1.0, 2.0], [1, 2])


def test_baseline_equivalence_classes() -> None:
    by = ANCOVA["by_group"]
    pre = np.asarray(ANCOVA["pre"])
    grp = np.asarray(ANCOVA["group"]) == 1
    res = baseline_equivalence(pre[grp], pre[~grp])
    sp = math.sqrt((24 * by["pre_sd_t"] ** 2 + 21 * by["pre_sd_c"] ** 2) / 45)
    g = (1 - 3 / (4 * 47 - 9)) * (by["pre_mean_t"] - by["pre_mean_c"]) / sp
    assert res.effect_size == pytest.approx(g, rel=1e-12)
    base = np.array([-1.0, 1.0] * 50)  # SD 1.005 in both groups; shift the treatment group to set g
    for shift, cls in ((0.04, "satisfied"), (0.2, "adjustment_required"), (0.3, "not_satisfied")):
        assert baseline_equivalence(base + shift, base).classification == cls


@pytest.mark.parametrize(
    ("assigned", "analysed", "overall", "differential", "boundary", "level"),
    [
        ((100, 100), (90, 90), 10.0, 0.0, 6.3, "low"),  # on a table point
        ((100, 100), (80, 86), 17.0, 6.0, 5.7, "high"),  # 15 -> 5.9, 20 -> 5.4: 5.9 - 0.4 = 5.7
        ((100, 100), (81, 86), 16.5, 5.0, 5.75, "low"),
        ((100, 100), (42, 42), 58.0, 0.0, None, "high"),  # past 57%: always high
    ],
)
def test_attrition_cautious_boundary(
    assigned: tuple[int, int],
    analysed: tuple[int, int],
    overall: float,
    differential: float,
    boundary: float | None,
    level: str,
) -> None:
    res = attrition(
        assigned_treatment=assigned[0],
        analysed_treatment=analysed[0],
        assigned_comparison=assigned[1],
        analysed_comparison=analysed[1],
    )
    assert res.overall == pytest.approx(overall)
    assert res.differential == pytest.approx(differential)
    assert res.boundary == (None if boundary is None else pytest.approx(boundary))
    assert res.level == level


def test_attrition_arguments() -> None:
    with pytest.raises(ValueError, match="outnumber"):
        attrition(assigned_treatment=10, analysed_treatment=11, assigned_comparison=10, analysed_comparison=9)
    with pytest.raises(ValueError, match="boundary"):
        attrition(
            assigned_treatment=10,
            analysed_treatment=9,
            assigned_comparison=10,
            analysed_comparison=9,
            boundary="liberal",
        )


def test_regression_to_the_mean() -> None:
    # (1 - r)(mu - baseline) = (1 - 0.7)(51.0 - 41.0) = 3.0 points expected from selection alone
    res = regression_to_mean(population_mean=51.0, baseline_mean=41.0, test_retest_r=0.7)
    assert res.expected_change == pytest.approx(3.0)
    with pytest.raises(ValueError):
        regression_to_mean(population_mean=51.0, baseline_mean=41.0, test_retest_r=1.2)


def test_pretest_r_squared_and_mdd_match_r() -> None:
    """R (tests/golden/groups.R, 'mdd'): 1 - deviance(lm(post ~ pre + group)) / deviance(lm(post ~ group))
    and the uniroot of the covariate-adjusted two-group power (df N - 3, ncp d·√(n_eff/(1 − R²)))."""
    from peerimpact.statistics.groups import ancova, pretest_r_squared
    from peerimpact.statistics.power import mdes_ancova

    g = ANCOVA
    r = g["mdd"]
    group = np.asarray(g["group"]) == 1
    r2 = pretest_r_squared(g["pre"], g["post"], group)
    assert r2 == pytest.approx(r["r2"], rel=1e-10)
    sd = ancova(g["pre"], g["post"], group).pooled_sd_post
    assert sd == pytest.approx(r["pooled_sd_post"], rel=1e-12)
    p = mdes_ancova(int(group.sum()), int((~group).sum()), r_squared=r2, sd=sd)
    assert p.design == "two_group_ancova"
    assert p.mdes_d_z == pytest.approx(r["mdd"], rel=1e-8)
    assert p.mdes_points == pytest.approx(r["mdd_points"], rel=1e-8)
    # no covariate (R² = 0): the two-sample MDES with one df less, just above power.t.test's
    from peerimpact.statistics.power import mdes_two_group

    plain = mdes_two_group(25, 22).mdes_d_z
    assert plain is not None and mdes_ancova(25, 22, r_squared=0.0).mdes_d_z == pytest.approx(plain, rel=0.01)
