"""The trend across repeated surveys: a linear mixed model with a random intercept per pupil.

:func:`mixed_trend` fits y ~ wave + (1 | pupil) by REML (statsmodels ``MixedLM``) and returns the slope per
wave with its 95% CI (Wald, normal) and p (Wald z).  Pupils who missed a wave still count.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["TrendFit", "mixed_trend"]


@dataclass(frozen=True, slots=True)
class TrendFit:
    """The fixed slope per wave of a random-intercept model, its 95% CI and its p-value."""

    slope: float
    ci_low: float
    ci_high: float
    p_value: float


def mixed_trend(ids: Sequence[str], wave: Sequence[float], y: Sequence[float]) -> TrendFit:
    """Linear mixed model y ~ wave + (1 | pupil), REML (statsmodels ``MixedLM``): the slope per wave, its
    95% CI (Wald, normal) and p (Wald z).  Raises ValueError when the model cannot be estimated."""
    import numpy as np
    from statsmodels.regression.mixed_linear_model import MixedLM

    codes = {pid: i for i, pid in enumerate(dict.fromkeys(ids))}
    groups = np.array([codes[p] for p in ids])
    x = np.column_stack([np.ones(len(wave)), np.asarray(wave, dtype=float)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fit = MixedLM(np.asarray(y, dtype=float), x, groups=groups).fit(reml=True)
        except (np.linalg.LinAlgError, ValueError) as exc:
            raise ValueError(f"the mixed model could not be fitted ({exc})") from None
    slope, se = float(fit.fe_params[1]), float(fit.bse_fe[1])
    p = float(fit.pvalues[1])
    if not (fit.converged and np.isfinite(se) and np.isfinite(p)):
        raise ValueError("the mixed model did not converge")
    return TrendFit(slope, slope - 1.959963984540054 * se, slope + 1.959963984540054 * se, p)
