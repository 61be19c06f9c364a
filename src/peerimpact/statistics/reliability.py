"""Reliability and individual change: Cronbach's alpha, Jacobson & Truax reliable and clinical change.

- :func:`cronbach_alpha`: alpha of a responses × items matrix with the Feldt (1965) F-based CI, the CI of R
  ``psych::alpha(...)$feldt`` and of ``pingouin.cronbach_alpha`` (which rounds it to 3 decimals; we do not).
- :func:`reliable_change`: Jacobson & Truax (1991) RCI per pupil and the counts in the instrument's direction.
- :func:`clinical_change`: clinically significant change against a cut-off, and "recovered".

Checked in ``tests/statistics/test_reliability.py`` against ``psych::alpha`` (``tests/golden/reliability.R``)
and by hand.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from peerimpact.results import ClinicalChange, CronbachAlpha, ReliableChange
from peerimpact.statistics._arrays import as_items, as_pairs, direction_sign, num

__all__ = ["RCI_CRITERION", "clinical_change", "cronbach_alpha", "reliable_change"]

#: Jacobson & Truax's criterion for a reliable change, |RCI| > 1.96 (p < .05 two-sided under no true change)
RCI_CRITERION = 1.96

_CATEGORY_TOKENS = np.array(["deteriorated", "no_change", "improved"])


def cronbach_alpha(items: ArrayLike) -> CronbachAlpha:
    """Cronbach's alpha with the Feldt (1965) confidence interval.

    Formulas (C = item covariance matrix, k items, n complete responses)::

        alpha = k/(k − 1) · (1 − trace(C) / sum(C))
        lower = 1 − (1 − alpha)·F(.975; n − 1, (n − 1)(k − 1))
        upper = 1 − (1 − alpha)·F(.025; n − 1, (n − 1)(k − 1))

    (Feldt, Woodruff & Salih 1987; R ``psych:::alpha.ci``, reported by ``psych::alpha`` as ``$feldt``;
    pingouin's ``cronbach_alpha`` CI is the same formula, rounded.)

    Parameters
    ----------
    items : array_like, shape (n, k)
        Item codes of complete responses only (a row with any missing item raises ValueError: drop
        incomplete responses first, and report how many).

    Returns
    -------
    CronbachAlpha
        ``alpha``/``ci95`` None with ``reason`` ``n_below_2`` or ``zero_total_variance``.
    """
    x = as_items(items)
    n, k = (int(s) for s in x.shape)
    if k < 2:
        raise ValueError(f"Cronbach's alpha needs at least 2 items, got {k}")
    if n < 2:
        return CronbachAlpha(alpha=None, ci95=None, n=n, k=k, reason="n_below_2")
    cov = np.cov(x, rowvar=False, ddof=1)
    total = float(cov.sum())
    if total <= 0.0:
        return CronbachAlpha(alpha=None, ci95=None, n=n, k=k, reason="zero_total_variance")
    alpha = k / (k - 1) * (1.0 - float(np.trace(cov)) / total)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    lower = 1.0 - (1.0 - alpha) * float(stats.f.isf(0.025, df1, df2))
    upper = 1.0 - (1.0 - alpha) * float(stats.f.ppf(0.025, df1, df2))
    return CronbachAlpha(alpha=alpha, ci95=(num(lower), num(upper)), n=n, k=k)


def reliable_change(
    pre: ArrayLike,
    post: ArrayLike,
    *,
    direction: str,
    reliability: float,
    basis: str,
    sd: float | None = None,
) -> ReliableChange:
    """Jacobson & Truax (1991) reliable change index for each pupil, counted in the instrument's direction.

    Formulas (Jacobson & Truax 1991; evaluation-rules.md B.3)::

        SE_m   = SD·√(1 − r_xx)
        S_diff = √(2·SE_m²)
        RCI    = (post − pre) / S_diff
        improved if sign·RCI > 1.96, deteriorated if sign·RCI < −1.96, else no_change
        threshold (points) = 1.96·S_diff

    Parameters
    ----------
    pre, post : array_like
        Matched scores.
    direction : {"higher_is_better", "lower_is_better"}
        Turns change into improvement (sign +1 / −1).
    reliability : float
        r_xx: the instrument's published reliability, or the pre wave's Cronbach's alpha.
    basis : {"published", "sample"}
        Where SD and r_xx come from: ``published`` (the instrument's norm SD and reliability; ``sd`` is then
        required) or ``sample`` (the matched pupils' pre SD, computed here when ``sd`` is None, and the pre
        wave's alpha).  Stored so that every report can say which.
    sd : float, optional
        The SD in SE_m; None means the SD of ``pre`` (ddof = 1).

    Returns
    -------
    ReliableChange
        Counts and per-pupil ``categories`` in input order.  When SE_m cannot be formed (n < 2 without an
        SD, SD = 0, r_xx outside (0, 1)) the counts and threshold are None with a ``reason`` token.
    """
    a, b = as_pairs(pre, post)
    sign = direction_sign(direction)
    if basis not in ("published", "sample"):
        raise ValueError(f"basis must be 'published' or 'sample', got {basis!r}")
    if basis == "published" and sd is None:
        raise ValueError("basis='published' needs the instrument's published sd")
    if not math.isfinite(reliability):
        raise ValueError(f"reliability must be a finite number, got {reliability!r}")
    n = int(a.size)
    reason: str | None = None
    if sd is None:
        sd = float(a.std(ddof=1)) if n >= 2 else None
        if sd is None:
            reason = "n_below_2"
    elif not (math.isfinite(sd) and sd >= 0):
        raise ValueError(f"sd must be a non-negative finite number, got {sd!r}")
    if reason is None and not 0.0 < reliability < 1.0:
        reason = "reliability_not_in_0_1"
    if reason is None and sd == 0.0:
        reason = "zero_sd"
    if reason is not None or sd is None:
        return ReliableChange(
            n=n,
            improved=None,
            no_change=None,
            deteriorated=None,
            threshold=None,
            sd=num(sd),
            reliability=float(reliability),
            se_m=None,
            s_diff=None,
            basis=basis,
            reason=reason,
        )
    se_m = sd * math.sqrt(1.0 - reliability)
    s_diff = math.sqrt(2.0 * se_m**2)
    aligned = sign * (b - a) / s_diff
    code = (aligned > RCI_CRITERION).astype(np.int8) - (aligned < -RCI_CRITERION).astype(np.int8)
    improved = int(np.count_nonzero(code == 1))
    deteriorated = int(np.count_nonzero(code == -1))
    return ReliableChange(
        n=n,
        improved=improved,
        no_change=n - improved - deteriorated,
        deteriorated=deteriorated,
        threshold=RCI_CRITERION * s_diff,
        sd=float(sd),
        reliability=float(reliability),
        se_m=se_m,
        s_diff=s_diff,
        basis=basis,
        criterion=RCI_CRITERION,
        expected_per_direction=n * float(stats.norm.sf(RCI_CRITERION)),
        categories=tuple(_CATEGORY_TOKENS[code + 1].tolist()),
    )


def clinical_change(
    pre: ArrayLike,
    post: ArrayLike,
    *,
    direction: str,
    cutoff: float,
    clinical_includes_cutoff: bool,
    reliable: ReliableChange,
) -> ClinicalChange:
    """Clinically significant change (Jacobson & Truax 1991) against one published cut-off.

    A score is on the clinical side of ``cutoff`` when it is worse than it in the instrument's direction
    (below it for ``higher_is_better``, above it for ``lower_is_better``), or equal to it when
    ``clinical_includes_cutoff``.  Categories, as ``clinicalsignificance`` ``calc_categories.R``:
    ``recovered`` = clinical at pre, functional at post and reliably improved; ``improved`` = reliably
    improved otherwise; ``deteriorated`` = reliably deteriorated; ``no_change`` otherwise.

    Parameters
    ----------
    reliable : ReliableChange
        :func:`reliable_change` of the same ``pre``/``post``/``direction`` (its per-pupil categories).
    """
    a, b = as_pairs(pre, post)
    sign = direction_sign(direction)
    if not math.isfinite(cutoff):
        raise ValueError(f"cutoff must be a finite number, got {cutoff!r}")
    n = int(a.size)
    if reliable.n != n or len(reliable.categories) != n:
        raise ValueError(
            "reliable must be a computed reliable_change() of the same pre and post (per-pupil categories)"
        )

    def clinical(x: np.ndarray) -> np.ndarray:
        worse = sign * (x - cutoff)  # negative = worse than the cut-off in the instrument's direction
        return np.asarray(worse <= 0 if clinical_includes_cutoff else worse < 0)

    cat = np.asarray(reliable.categories)
    reliably_up = cat == "improved"
    recovered = clinical(a) & ~clinical(b) & reliably_up
    out = np.where(recovered, "recovered", cat)
    return ClinicalChange(
        n=n,
        cutoff=float(cutoff),
        clinical_pre=int(clinical(a).sum()),
        clinical_post=int(clinical(b).sum()),
        recovered=int(recovered.sum()),
        improved=int((reliably_up & ~recovered).sum()),
        no_change=int((cat == "no_change").sum()),
        deteriorated=int((cat == "deteriorated").sum()),
        categories=tuple(out.tolist()),
    )
