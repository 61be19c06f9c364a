"""Paired pre/post statistics: descriptives, paired t, Wilcoxon signed-rank, Shapiro–Wilk on the changes.

Arrays in (``pre``, ``post``, matched pupil by pupil; change = post − pre), frozen dataclasses out
(:mod:`peerimpact.results`).  Every function is linear in n apart from one sort for the ranks, and never
builds n × n arrays (pingouin's ``wilcoxon(x, y)`` does, for its CLES).  Below n = 2, or when the changes
have no variance, the figures that cannot be computed are None with a ``reason`` token.

Checked against R 4.2 in ``tests/statistics/test_paired.py`` with the goldens of ``tests/golden/paired.R``:
``t.test(post, pre, paired = TRUE)``, ``wilcox.test(post, pre, paired = TRUE)`` and
``shapiro.test(post - pre)``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special, stats

from peerimpact.results import Change, PairedDescriptives, PairedTests, Summary, TestResult
from peerimpact.statistics._arrays import as_pairs, as_values, essentially_constant, num
from peerimpact.statistics.location import hodges_lehmann

__all__ = [
    "EXACT_WILCOXON_MAX_N",
    "SHAPIRO_MAX_N",
    "describe",
    "paired_descriptives",
    "paired_t",
    "paired_tests",
    "shapiro_wilk_diff",
    "wilcoxon_signed_rank",
]

#: R's wilcox.test uses the exact null distribution when there are fewer than this many non-zero changes
EXACT_WILCOXON_MAX_N = 50
#: R's shapiro.test accepts 3 ≤ n ≤ 5000 (Royston's algorithm is validated to 5000; scipy warns above)
SHAPIRO_MAX_N = 5000


def describe(values: ArrayLike) -> Summary:
    """Mean, sample SD (ddof = 1) and median of one wave.

    Parameters
    ----------
    values : array_like
        One score per pupil, no missing values.

    Returns
    -------
    Summary
        ``mean`` and ``median`` are None for n = 0, ``sd`` for n < 2.
    """
    x = as_values(values, "values")
    n = int(x.size)
    if n == 0:
        return Summary(n=0, mean=None, sd=None, median=None)
    return Summary(
        n=n,
        mean=num(x.mean()),
        sd=num(x.std(ddof=1)) if n >= 2 else None,
        median=num(np.median(x)),
    )


def _change(d: NDArray[np.float64], level: float = 0.95) -> Change:
    """Mean change with its t-based CI, mean ± t(.5 + level/2; n − 1)·SD/√n (``t.test``'s conf.int)."""
    n = int(d.size)
    if n == 0:
        return Change(n=0, mean=None, sd=None, ci95=None, reason="n_below_2")
    mean = float(d.mean())
    if n < 2:
        return Change(n=n, mean=mean, sd=None, ci95=None, reason="n_below_2")
    sd = float(d.std(ddof=1))
    if essentially_constant(sd, mean, n):
        return Change(n=n, mean=mean, sd=sd, ci95=None, reason="zero_variance_of_differences")
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * sd / math.sqrt(n)
    return Change(n=n, mean=mean, sd=sd, ci95=(mean - half, mean + half))


def paired_descriptives(pre: ArrayLike, post: ArrayLike) -> PairedDescriptives:
    """Descriptives of matched pairs: each wave, the change post − pre with its 95% CI, and pre–post r.

    Parameters
    ----------
    pre, post : array_like
        Scores of the same pupils at the two waves, in the same order.

    Returns
    -------
    PairedDescriptives
        ``change.ci95`` = mean ± t(.975; n − 1)·SD/√n, the CI of ``t.test(post, pre, paired = TRUE)``;
        ``r`` is Pearson's correlation (None when either wave has no variance or n < 2).
    """
    a, b = as_pairs(pre, post)
    d = b - a
    n = int(a.size)
    r: float | None = None
    if n >= 2:
        sa, sb = a.std(), b.std()
        if sa > 0 and sb > 0:
            r = num(np.mean((a - a.mean()) * (b - b.mean())) / (sa * sb))
    change = _change(d)
    return PairedDescriptives(
        n=n, pre=describe(a), post=describe(b), change=change, r=r, reason=change.reason
    )


def paired_t(pre: ArrayLike, post: ArrayLike) -> TestResult:
    """Paired t-test of the change post − pre: t = mean / (SD/√n), df = n − 1, two-sided p.

    Student (1908); checked against R ``t.test(post, pre, paired = TRUE)``.

    Returns
    -------
    TestResult
        ``method = "paired_t"``; statistic and p are None with ``reason`` ``n_below_2`` or
        ``zero_variance_of_differences`` (standard error below 10·eps·|mean|, where R stops with "data are
        essentially constant").
    """
    a, b = as_pairs(pre, post)
    d = b - a
    n = int(d.size)
    if n < 2:
        return TestResult(method="paired_t", statistic=None, p_value=None, n=n, df=None, reason="n_below_2")
    sd = float(d.std(ddof=1))
    if essentially_constant(sd, float(d.mean()), n):
        return TestResult(
            method="paired_t",
            statistic=None,
            p_value=None,
            n=n,
            df=float(n - 1),
            reason="zero_variance_of_differences",
        )
    mean = float(d.mean())
    t = mean / (sd / math.sqrt(n))
    p = 2.0 * float(special.stdtr(n - 1, -abs(t)))  # two-sided tail, accurate far into the tail
    half = float(stats.t.ppf(0.975, n - 1)) * sd / math.sqrt(n)
    return TestResult(
        method="paired_t",
        statistic=t,
        p_value=min(p, 1.0),
        n=n,
        df=float(n - 1),
        estimate=mean,
        ci95=(mean - half, mean + half),
        ci_level=0.95,
    )


def wilcoxon_signed_rank(pre: ArrayLike, post: ArrayLike, *, conf_int: bool = True) -> TestResult:
    """Wilcoxon signed-rank test of post − pre, as R's ``wilcox.test(post, pre, paired = TRUE)``.

    Zero changes are dropped; the remaining m changes are ranked by absolute value (average ranks for
    ties) and ``statistic`` is V = the sum of the ranks of the positive changes.

    - exact null distribution (scipy) when m < 50 and there are no ties and no zeros;
    - otherwise the normal approximation with tie and continuity corrections
      (R ``stats:::wilcox.test.default``)::

          z = (V − m(m + 1)/4 − 0.5·sign(V − m(m + 1)/4)) / σ
          σ² = m(m + 1)(2m + 1)/24 − Σ(t³ − t)/48     (t = size of each group of tied |changes|)
          p = 2·Φ(−|z|)

    With ``conf_int`` (the default) ``estimate`` and ``ci95`` are the Hodges–Lehmann estimate of the change
    and its interval, as ``wilcox.test(..., conf.int = TRUE)`` (:func:`~peerimpact.statistics.location.
    hodges_lehmann`); ``paired_tests`` skips them above n = 5000, where the Wilcoxon test is never primary.

    Returns
    -------
    TestResult
        ``method = "wilcoxon_signed_rank"``, ``exact``/``correction`` say which p was used; ``ties`` and
        ``zeros_dropped`` say why; ``n`` is m.  With every change zero, V = 0 and p is None
        (``reason = "all_differences_zero"``).
    """
    a, b = as_pairs(pre, post)
    d = b - a
    nz = d[d != 0.0]
    zeros = int(d.size - nz.size)
    m = int(nz.size)
    if m == 0:
        return TestResult(
            method="wilcoxon_signed_rank",
            statistic=0.0,
            p_value=None,
            n=0,
            exact=None,
            correction=None,
            ties=None,
            zeros_dropped=zeros,
            reason="all_differences_zero",
        )
    absd = np.abs(nz)
    order = np.argsort(absd, kind="stable")
    sorted_abs = absd[order]
    new_group = np.empty(m, dtype=bool)
    new_group[0] = True
    np.not_equal(sorted_abs[1:], sorted_abs[:-1], out=new_group[1:])
    starts = np.flatnonzero(new_group)
    sizes = np.diff(np.append(starts, m))
    ties = bool(sizes.size < m)
    # average rank of each tie group = start + (size + 1)/2 (1-based), spread back to the sorted positions
    group_rank = starts + (sizes + 1) / 2.0
    ranks_sorted = np.repeat(group_rank, sizes)
    v = float(ranks_sorted[nz[order] > 0].sum())
    hl = hodges_lehmann(d) if conf_int else None
    est = None if hl is None else hl.estimate
    est_ci = None if hl is None else hl.ci95
    est_level = None if hl is None else hl.achieved_level
    if m < EXACT_WILCOXON_MAX_N and not ties and zeros == 0:
        p = float(stats.wilcoxon(nz, alternative="two-sided", method="exact").pvalue)
        return TestResult(
            method="wilcoxon_signed_rank",
            statistic=v,
            p_value=min(p, 1.0),
            n=m,
            exact=True,
            correction=False,
            ties=False,
            zeros_dropped=0,
            estimate=est,
            ci95=est_ci,
            ci_level=est_level,
        )
    mu = m * (m + 1) / 4.0
    tie_term = float(np.sum(sizes.astype(np.float64) ** 3 - sizes)) / 48.0
    sigma = math.sqrt(m * (m + 1) * (2 * m + 1) / 24.0 - tie_term)
    diff = v - mu
    z = (diff - 0.5 * math.copysign(1.0, diff) * (diff != 0)) / sigma
    p = 2.0 * float(special.ndtr(-abs(z)))
    return TestResult(
        method="wilcoxon_signed_rank",
        statistic=v,
        p_value=min(p, 1.0),
        n=m,
        exact=False,
        correction=True,
        ties=ties,
        zeros_dropped=zeros,
        estimate=est,
        ci95=est_ci,
        ci_level=est_level,
    )


def shapiro_wilk_diff(pre: ArrayLike, post: ArrayLike) -> TestResult:
    """Shapiro–Wilk test of normality of the changes post − pre (Royston 1995 algorithm, via scipy).

    Computed for 3 ≤ n ≤ 5000, the range R's ``shapiro.test`` accepts.  Above 5000 it is not computed
    (``reason = "n_above_5000"``): the algorithm's p is not validated there, and at that size the test flags
    trivial departures while the t-test is robust anyway.  n < 3 gives ``reason = "n_below_3"``; identical
    changes give ``"zero_variance_of_differences"`` (R stops: "all 'x' values are identical").
    """
    a, b = as_pairs(pre, post)
    d = b - a
    n = int(d.size)
    reason: str | None = None
    if n < 3:
        reason = "n_below_3"
    elif n > SHAPIRO_MAX_N:
        reason = "n_above_5000"
    elif float(d.max() - d.min()) < 1e-10:  # R: "all 'x' values are identical" below this range
        reason = "zero_variance_of_differences"
    if reason is not None:
        return TestResult(method="shapiro_wilk", statistic=None, p_value=None, n=n, reason=reason)
    res = stats.shapiro(d)
    return TestResult(
        method="shapiro_wilk",
        statistic=num(res.statistic),
        p_value=num(res.pvalue),
        n=n,
        alternative="normal",
    )


def paired_tests(pre: ArrayLike, post: ArrayLike, *, normality_alpha: float = 0.05) -> PairedTests:
    """Paired t, Wilcoxon signed-rank and Shapiro–Wilk on the changes, with the primary test chosen.

    Rule (SPEC §5): Shapiro–Wilk p < ``normality_alpha`` makes the Wilcoxon test primary, otherwise the
    paired t-test.  Where Shapiro–Wilk cannot be computed:

    - n > 5000: the paired t-test (``primary_reason = "n_above_5000_t_robust"``; by the central limit
      theorem the mean change is near-normal whatever the shape of the changes);
    - identical changes (no variance): the Wilcoxon test, whose p exists (t does not);
    - n < 3: no primary test.

    Parameters
    ----------
    pre, post : array_like
        Matched scores, change = post − pre.
    normality_alpha : float
        Significance level of the Shapiro–Wilk test, in (0, 1).
    """
    if not 0.0 < normality_alpha < 1.0:
        raise ValueError(f"normality_alpha must be in (0, 1), got {normality_alpha!r}")
    a, b = as_pairs(pre, post)
    t = paired_t(a, b)
    w = wilcoxon_signed_rank(a, b, conf_int=a.size <= SHAPIRO_MAX_N)
    sw = shapiro_wilk_diff(a, b)
    primary: str | None
    if sw.p_value is not None:
        if sw.p_value < normality_alpha:
            primary, why = "wilcoxon", "shapiro_wilk_p_below_alpha"
        else:
            primary, why = "paired_t", "shapiro_wilk_p_at_or_above_alpha"
    elif sw.reason == "n_above_5000":
        primary, why = "paired_t", "n_above_5000_t_robust"
    elif sw.reason == "zero_variance_of_differences" and w.p_value is not None:
        primary, why = "wilcoxon", "zero_variance_of_differences"
    else:
        primary, why = None, sw.reason or "not_computable"
    return PairedTests(
        paired_t=t,
        wilcoxon=w,
        shapiro_wilk_diff=sw,
        primary_test=primary,
        primary_reason=why,
        normality_alpha=float(normality_alpha),
    )
