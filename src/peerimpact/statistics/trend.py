"""The trend across repeated surveys: a linear mixed model with a random intercept per pupil.

:func:`mixed_trend` fits y ~ position + (1 | pupil) by REML (statsmodels ``MixedLM`` estimates the two
variance components) and returns the slope per unit of ``position`` — the term's place on the programme's
calendar, so a slope per term — with its 95% CI (Wald, normal) and p (Wald z).  Pupils who missed a survey
still count.

Inference as lme4: the fixed effects and their covariance are the generalised-least-squares ones at the
REML variance estimates, (Xᵀ V̂⁻¹ X)⁻¹ with V̂ᵢ = σ̂²_e·I + σ̂²_u·J for each pupil (what lme4's ``vcov`` of an
``lmer`` fit is), not statsmodels' ``bse_fe``, which differs from lme4 by up to 2e-4 relative.  Checked
against R ``lme4::lmer(y ~ position + (1 | id), REML = TRUE)`` in ``tests/statistics/test_trend.py``
(goldens ``tests/golden/trend.R``).
"""

from __future__ import annotations

import math
import warnings
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


def _gls(
    groups: Sequence[int], x: object, y: object, var_pupil: float, var_residual: float
) -> tuple[list[float], list[list[float]]]:
    """β̂ and Cov(β̂) = (Xᵀ V⁻¹ X)⁻¹ for compound-symmetric V per pupil.

    V_i⁻¹ = (I − c_i·J)/σ²_e with c_i = σ²_u/(σ²_e + m_i·σ²_u), m_i the pupil's observations, so
    Xᵀ V⁻¹ X = (XᵀX − Σ_i c_i·s_i s_iᵀ)/σ²_e with s_i = the column sums of X_i (and likewise for Xᵀ V⁻¹ y).
    """
    import numpy as np

    g = np.asarray(groups)
    xm = np.asarray(x, dtype=float)
    yv = np.asarray(y, dtype=float)
    k = int(g.max()) + 1
    m = np.bincount(g, minlength=k).astype(float)
    c = var_pupil / (var_residual + m * var_pupil)
    sx = np.zeros((k, xm.shape[1]))
    np.add.at(sx, g, xm)
    sy = np.bincount(g, weights=yv, minlength=k)
    xtvx = (xm.T @ xm - (sx * c[:, None]).T @ sx) / var_residual
    xtvy = (xm.T @ yv - (sx * c[:, None]).T @ sy) / var_residual
    cov = np.linalg.inv(xtvx)
    beta = cov @ xtvy
    return beta.tolist(), cov.tolist()


def mixed_trend(ids: Sequence[str], position: Sequence[float], y: Sequence[float]) -> TrendFit:
    """Linear mixed model y ~ position + (1 | pupil), REML: the slope per unit of ``position`` (a term on
    the programme's calendar), its 95% CI (Wald, normal) and p (Wald z), with lme4's covariance (module
    notes).  Raises ValueError when the model cannot be estimated."""
    import numpy as np
    from statsmodels.regression.mixed_linear_model import MixedLM

    codes = {pid: i for i, pid in enumerate(dict.fromkeys(ids))}
    groups = np.array([codes[p] for p in ids])
    yv = np.asarray(y, dtype=float)
    x = np.column_stack([np.ones(len(position)), np.asarray(position, dtype=float)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fit = MixedLM(yv, x, groups=groups).fit(reml=True)
        except (np.linalg.LinAlgError, ValueError) as exc:
            raise ValueError(f"the mixed model could not be fitted ({exc})") from None
    var_pupil = float(np.asarray(fit.cov_re).ravel()[0])
    var_residual = float(fit.scale)
    if not (fit.converged and math.isfinite(var_pupil) and var_residual > 0):
        raise ValueError("the mixed model did not converge")
    try:
        beta, cov = _gls(groups.tolist(), x, yv, max(var_pupil, 0.0), var_residual)
    except np.linalg.LinAlgError as exc:
        raise ValueError(f"the mixed model's fixed effects are not estimable ({exc})") from None
    slope, se = float(beta[1]), math.sqrt(cov[1][1]) if cov[1][1] > 0 else math.nan
    if not math.isfinite(se):
        raise ValueError("the mixed model's slope has no standard error")
    p = math.erfc(abs(slope / se) / math.sqrt(2.0))  # 2·Φ(−|z|)
    return TrendFit(
        slope=slope,
        ci_low=slope - _Z975 * se,
        ci_high=slope + _Z975 * se,
        p_value=p,
        se=se,
        var_pupil=var_pupil,
        var_residual=var_residual,
        n_pupils=len(codes),
        n_observations=int(yv.size),
    )
