"""pingouin as a second independent oracle beside the R goldens (issue 12): Cronbach's alpha with its CI,
the paired t-test (and the d_av pingouin reports with it), and ANCOVA, on the goldens' datasets and on seeded
random ones.  pingouin is a test dependency only (the ``test`` extra), never imported by peerimpact.

pingouin quirks met here (pingouin 0.5.4-0.7; each is handled where it matters below):
* column names changed in 0.6: ``p-val``/``cohen-d``/``p-unc``/``W-val``/``CI[2.5%]`` became
  ``p_val``/``cohen_d``/``p_unc``/``W_val``/``CI2.5`` (:func:`col` and the look-ups accept either spelling);
* ``ttest(x, y, paired=True)``: T is for x − y (so pass post, pre), but ``cohen-d``/``cohen_d`` is *unsigned*
  and is d_av (mean change / √((var(pre) + var(post)) / 2), Cumming 2012), not d_z; it is not Hedges-corrected;
  ``CI95`` (``CI95%`` before 0.6) is the CI of the mean change *rounded to 2 decimals*; BF10 is a string;
* ``cronbach_alpha`` returns (alpha, CI) with the CI *rounded to 3 decimals* (the Feldt interval, as
  ``psych::alpha``'s ``feldt``); its default ``nan_policy="pairwise"`` uses pairwise covariances when answers
  are missing, unlike peerimpact (complete responses only) -- the data here have no gaps, and the listwise
  policy is passed anyway;
* ``ancova`` gives the F test of the group (type II sums of squares: with one covariate and no interaction the
  same F as R's ``anova(lm(post ~ pre + group))`` with group last) but not the adjusted difference or its CI:
  those come from ``linear_regression`` (OLS, unrounded CI);
* ``wilcoxon(x, y)`` builds n × n arrays for its CLES (1.8 GiB at 10,000 pairs, SPEC §8) -- pass the
  differences; its ``W_val`` is scipy's two-sided statistic min(V+, V−), not R's V = V+ (peerimpact's).
"""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from peerimpact.statistics.effect_sizes import paired_effect_sizes
from peerimpact.statistics.groups import ancova
from peerimpact.statistics.paired import paired_descriptives, paired_t, wilcoxon_signed_rank
from peerimpact.statistics.reliability import cronbach_alpha

pg = pytest.importorskip("pingouin")

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
PAIRED = runpy.run_path(str(GOLDEN / "paired.py"))["CASES"]
RELIABILITY = runpy.run_path(str(GOLDEN / "reliability.py"))["CASES"]
ANCOVA = runpy.run_path(str(GOLDEN / "groups.py"))["ANCOVA"]
EXACT = 1e-9  # both evaluate the same closed form in double precision


def col(frame: pd.DataFrame, *names: str) -> Any:
    """The first row's value of whichever spelling of a column this pingouin version uses."""
    for name in names:
        if name in frame.columns:
            return frame[name].iloc[0]
    raise KeyError(names)


def _seeded_pairs(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    pre = rng.normal(45, 8, n).round()
    return pre, pre + rng.normal(1.5, 5, n).round()


PAIRED_DATA = {name: (np.array(c["pre"]), np.array(c["post"])) for name, c in PAIRED.items() if name != "n3"}
PAIRED_DATA["seeded_n200"] = _seeded_pairs(2026, 200)
PAIRED_DATA["seeded_n17_worse"] = tuple(reversed(_seeded_pairs(7, 17)))  # type: ignore[assignment]


@pytest.mark.parametrize("name", sorted(PAIRED_DATA))
def test_paired_t_and_d_av_match_pingouin(name: str) -> None:
    pre, post = PAIRED_DATA[name]
    ours = paired_t(pre, post)
    es = paired_effect_sizes(pre, post)
    desc = paired_descriptives(pre, post)
    res = pg.ttest(post, pre, paired=True)  # T for post − pre, as peerimpact's change
    assert ours.statistic == pytest.approx(col(res, "T"), rel=EXACT)
    assert ours.df == col(res, "dof")
    assert ours.p_value == pytest.approx(col(res, "p_val", "p-val"), rel=EXACT)
    # quirk: pingouin's paired cohen-d is |d_av| (unsigned, uncorrected); peerimpact keeps the sign
    assert es.d_av is not None
    assert abs(es.d_av) == pytest.approx(col(res, "cohen_d", "cohen-d"), rel=EXACT)
    # quirk: the CI of the mean change is rounded to 2 decimals by pingouin
    lo, hi = col(res, "CI95", "CI95%")
    assert desc.change.ci95 is not None
    assert desc.change.ci95[0] == pytest.approx(lo, abs=0.005 + 1e-9)
    assert desc.change.ci95[1] == pytest.approx(hi, abs=0.005 + 1e-9)


def test_pingouin_d_is_unsigned_where_peerimpact_keeps_the_sign() -> None:
    pre, post = PAIRED["worse_exact"]["pre"], PAIRED["worse_exact"]["post"]
    es = paired_effect_sizes(pre, post)
    assert es.d_av is not None and es.d_av < 0  # scores fell
    assert col(pg.ttest(post, pre, paired=True), "cohen_d", "cohen-d") > 0


def _seeded_items(seed: int, n: int, k: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    trait = rng.normal(0, 1, n)
    return np.clip(np.rint(3 + trait[:, None] + rng.normal(0, 0.9, (n, k))), 1, 5)


ITEM_DATA = {name: np.array(c["items"], dtype=float).reshape(c["shape"]) for name, c in RELIABILITY.items()}
ITEM_DATA["seeded_n300_k14"] = _seeded_items(5, 300, 14)
ITEM_DATA["seeded_n25_k5"] = _seeded_items(9, 25, 5)


@pytest.mark.parametrize("name", sorted(ITEM_DATA))
def test_cronbach_alpha_and_feldt_ci_match_pingouin(name: str) -> None:
    items = ITEM_DATA[name]
    ours = cronbach_alpha(items)
    alpha, ci = pg.cronbach_alpha(data=pd.DataFrame(items), nan_policy="listwise")
    assert ours.alpha == pytest.approx(alpha, rel=EXACT)
    assert ours.ci95 is not None
    # quirk: pingouin rounds the CI to 3 decimals
    assert ours.ci95[0] == pytest.approx(ci[0], abs=0.0005 + 1e-9)
    assert ours.ci95[1] == pytest.approx(ci[1], abs=0.0005 + 1e-9)


def _seeded_groups(seed: int, n_t: int, n_c: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    group = np.r_[np.ones(n_t), np.zeros(n_c)]
    pre = rng.normal(40, 8, n_t + n_c).round(1)
    post = (4 + 0.8 * pre + 3 * group + rng.normal(0, 5, n_t + n_c)).round(1)
    return pre, post, group


GROUP_DATA = {
    "golden": (np.array(ANCOVA["pre"]), np.array(ANCOVA["post"]), np.array(ANCOVA["group"], dtype=float)),
    "seeded_unequal": _seeded_groups(3, 31, 58),
    "seeded_null": _seeded_groups(4, 12, 12),
}


@pytest.mark.parametrize("name", sorted(GROUP_DATA))
def test_ancova_matches_pingouin(name: str) -> None:
    pre, post, group = GROUP_DATA[name]
    ours = ancova(pre, post, group)
    frame = pd.DataFrame({"pre": pre, "post": post, "group": group})
    table = pg.ancova(data=frame, dv="post", covar="pre", between="group").set_index("Source")
    p_col = "p_unc" if "p_unc" in table.columns else "p-unc"
    assert ours.statistic == pytest.approx(table.loc["group", "F"], rel=EXACT)
    assert ours.p_value == pytest.approx(table.loc["group", p_col], rel=1e-8)
    assert (ours.df_num, ours.df) == (table.loc["group", "DF"], table.loc["Residual", "DF"])
    # quirk: pg.ancova has no adjusted difference: pingouin's OLS gives b2, its SE and (unrounded) CI
    lm = pg.linear_regression(frame[["pre", "group"]], frame["post"], as_dataframe=True).set_index("names")
    assert ours.adjusted_difference == pytest.approx(lm.loc["group", "coef"], rel=EXACT)
    assert ours.se == pytest.approx(lm.loc["group", "se"], rel=EXACT)
    assert ours.pre_slope == pytest.approx(lm.loc["pre", "coef"], rel=EXACT)
    assert ours.ci95 is not None
    lo = next(c for c in ("CI[2.5%]", "CI2.5") if c in lm.columns)  # renamed in 0.6, as the p columns
    hi = next(c for c in ("CI[97.5%]", "CI97.5") if c in lm.columns)
    assert ours.ci95[0] == pytest.approx(lm.loc["group", lo], rel=1e-8)
    assert ours.ci95[1] == pytest.approx(lm.loc["group", hi], rel=1e-8)


def test_wilcoxon_statistic_is_r_v_not_pingouin_w() -> None:
    """The documented difference, checked: pingouin's W_val (on the differences, never wilcoxon(x, y), which
    builds n × n arrays) is min(V+, V−); peerimpact reports R's V = V+ (no ties, no zeros here)."""
    c = PAIRED["small_exact"]
    pre, post = np.array(c["pre"]), np.array(c["post"])
    v = wilcoxon_signed_rank(pre, post).statistic
    n = pre.size
    w = col(pg.wilcoxon(post - pre), "W_val", "W-val")
    assert v == c["wilcoxon"]["statistic"]  # R's V (tests/golden/paired.py)
    assert w == min(v, n * (n + 1) / 2 - v)
