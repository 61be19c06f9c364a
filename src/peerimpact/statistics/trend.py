"""The trend across repeated surveys: a linear mixed model with a random intercept per pupil.

:func:`mixed_trend` fits y ~ position + (1 | pupil) by REML (:mod:`peerimpact.statistics.reml`, from
per-pupil sums in time linear in the observations; statsmodels ``MixedLM`` did it until issue 17, and is
the oracle in the tests) and returns the slope per unit of ``position`` — the term's place on the programme's
calendar, so a slope per term — with its 95% CI (Wald, normal) and p (Wald z).  Pupils who missed a survey
still count.

Inference as lme4: the fixed effects and their covariance are the generalised-least-squares ones at the
REML variance estimates, (Xᵀ V̂⁻¹ X)⁻¹ with V̂ᵢ = σ̂²_e·I + σ̂²_u·J for each pupil (what lme4's ``vcov`` of an
``lmer`` fit is), not statsmodels' ``bse_fe``, which differs from lme4 by up to 2e-4 relative.  Checked
against R ``lme4::lmer(y ~ position + (1 | id), REML = TRUE)`` in ``tests/statistics/test_trend.py``
(goldens ``tests/golden/trend.R``; agreement ~1e-8) and against statsmodels in ``tests/statistics/test_reml.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["TrendFit", "mixed_trend"]

_Z975 = 1.959963984540054


@dataclass(frozen=True, slots=True)
class TrendFit:
    """The fixed slope per unit of position of a random-intercept model, its 95% CI and its p-value.

    ``se`` is the GLS standard error at the REML variance estimates (``var_pupil`` = σ̂²_u, ``var_residual``
    = σ̂²_e); ``method`` names the fit and the covariance."""

    slope: float
    ci_low: float
    ci_high: float
    p_value: float
    se: float = math.nan
    var_pupil: float = math.nan
    var_residual: float = math.nan
    n_pupils: int = 0
    n_observations: int = 0
    method: str = "reml_random_intercept_gls_covariance"


def mixed_trend(ids: Sequence[str], position: Sequence[float], y: Sequence[float]) -> TrendFit:
    """Linear mixed model y ~ position + (1 | pupil), REML: the slope per unit of ``position`` (a term on
    the programme's calendar), its 95% CI (Wald, normal) and p (Wald z), with lme4's covariance (module
    notes).  Raises ValueError when the model cannot be estimated."""
    import numpy as np

    from peerimpact.statistics.reml import fit_random_intercept

    names, groups = np.unique(np.asarray(ids, dtype=str), return_inverse=True)
    try:
        fit = fit_random_intercept(groups, position, y)
    except np.linalg.LinAlgError as exc:
        raise ValueError(f"the mixed model could not be fitted ({exc})") from None
    var = fit.cov[1][1]
    se = math.sqrt(var) if var > 0 else math.nan
    if not math.isfinite(se):
        raise ValueError("the mixed model's slope has no standard error")
    p = math.erfc(abs(fit.slope / se) / math.sqrt(2.0))  # 2·Φ(−|z|)
    return TrendFit(
        slope=fit.slope,
        ci_low=fit.slope - _Z975 * se,
        ci_high=fit.slope + _Z975 * se,
        p_value=p,
        se=se,
        var_pupil=fit.var_group,
        var_residual=fit.var_residual,
        n_pupils=len(names),
        n_observations=fit.n_observations,
    )
