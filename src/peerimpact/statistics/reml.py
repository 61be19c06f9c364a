"""REML for the random-intercept model y_ij = x_ijᵀβ + u_i + e_ij from per-pupil sums, in time linear in
the observations.

Why: statsmodels ``MixedLM`` loops over pupils in Python at every step of its optimiser, so the governors'
trend took ~5 s at 20,000 pupils a term and grew faster than the data (issue 17).  With a random intercept
only, V_i = σ²_e·(I + γ·J) for pupil i's m_i observations (γ = σ²_u/σ²_e), and everything the restricted
likelihood needs is in XᵀX, Xᵀy, yᵀy and each pupil's m_i, s_i = X_iᵀ1 and t_i = y_iᵀ1
(Henderson's sums; Searle, Casella & McCulloch 1992, *Variance Components*, §6.6 and §6.8):

    H_i⁻¹ = I − c_i·J,  c_i = γ/(1 + m_i·γ)                      (Sherman–Morrison)
    A(γ) = XᵀH⁻¹X = XᵀX − Σ c_i s_i s_iᵀ,   b(γ) = XᵀH⁻¹y = Xᵀy − Σ c_i s_i t_i
    β̂(γ) = A⁻¹b,   RSS(γ) = yᵀH⁻¹y − bᵀβ̂ = yᵀy − Σ c_i t_i² − bᵀβ̂,   σ̂²_e(γ) = RSS/(N − p)

and the REML criterion with σ²_e profiled out (Harville 1977, JASA 72:320, eq. 3.5; SC&M eq. 6.85) is

    −2ℓ_R(γ) = (N − p)·log RSS(γ) + Σ_i log(1 + m_i·γ) + log det A(γ) + constant,

whose derivative, with c_i' = 1/(1 + m_i·γ)² and r_i = t_i − s_iᵀβ̂ (pupil i's summed residual), is

    d(−2ℓ_R)/dγ = −(N − p)·Σ c_i' r_i² / RSS + Σ m_i/(1 + m_i·γ) − Σ c_i' s_iᵀA⁻¹s_i.

:func:`fit_random_intercept` finds the smallest criterion on a grid of γ (0 and log γ from −20 to 20) and
solves the derivative's root beside it to machine precision (regula falsi, Illinois), so it finds the global optimum that
lme4 and statsmodels' optimisers approach (checked against both in tests).  Since c_i depends on pupil i
only through m_i, the products above are summed once over the pupils with each m (one numpy pass over the
observations); every evaluation after that costs a few operations per distinct m — the number of surveys.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["RandomInterceptFit", "fit_random_intercept"]

_GRID = np.concatenate([[0.0], np.exp(np.arange(-20.0, 20.25, 0.5))])  # γ: 0, then e^−20 … e^20


@dataclass(frozen=True, slots=True)
class RandomInterceptFit:
    """REML estimates of y = β₀ + β₁·x + u_pupil + e: the intercept and slope, their covariance
    (Xᵀ V̂⁻¹ X)⁻¹ at the estimates (what lme4's ``vcov`` of an ``lmer`` fit is), σ̂²_u (``var_group``) and
    σ̂²_e (``var_residual``)."""

    intercept: float
    slope: float
    cov: tuple[tuple[float, float], tuple[float, float]]
    var_group: float
    var_residual: float
    n_groups: int
    n_observations: int


class _Sums:
    """The sufficient statistics, with x and y centred on their means: the slope, γ and σ²_e do not move,
    the intercept absorbs the means (undone in :func:`fit_random_intercept`), and yᵀy − Σ c_i t_i² − bᵀβ̂
    loses no digits to cancellation.  ``m`` holds the distinct numbers of observations a pupil has,
    ``count`` how many pupils have each, and ``products`` the sums over those pupils of the products of
    m_i, sx_i = Σ_j x_ij and t_i that the criterion needs."""

    def __init__(self, groups: np.ndarray, x: np.ndarray, y: np.ndarray) -> None:
        k = int(groups.max()) + 1
        self.x_mean, self.y_mean = float(x.mean()), float(y.mean())
        xc, yc = x - self.x_mean, y - self.y_mean
        self.n, self.p = x.size, 2
        self.xtx = np.array([[float(x.size), 0.0], [0.0, float(xc @ xc)]])
        self.xty = np.array([0.0, float(xc @ yc)])
        self.yty = float(yc @ yc)
        m = np.bincount(groups, minlength=k).astype(float)
        sx = np.bincount(groups, weights=xc, minlength=k)
        t = np.bincount(groups, weights=yc, minlength=k)
        # c_i depends on pupil i through m_i only, so each product is summed over the pupils with the same
        # m once, here; every γ then costs a few operations per distinct m (at most the number of surveys)
        self.m, which = np.unique(m[m > 0], return_inverse=True)
        self.count = np.bincount(which).astype(float)
        keep = m > 0
        rows = (m * m, m * sx, sx * sx, m * t, sx * t, t * t)  # s_i s_iᵀ, s_i t_i and t_i² entries
        self.products = np.stack([np.bincount(which, weights=r[keep]) for r in rows])
        self.n_groups = int(keep.sum())

    def solve(self, gamma: float) -> tuple[np.ndarray, np.ndarray, float]:
        """A(γ), β̂(γ) (centred) and RSS(γ)."""
        mm, msx, sxsx, mt, sxt, tt = self.products @ (gamma / (1.0 + self.m * gamma))
        a = self.xtx - np.array([[mm, msx], [msx, sxsx]])
        b = self.xty - np.array([mt, sxt])
        beta = np.linalg.solve(a, b)
        return a, beta, float(self.yty - tt - b @ beta)

    def criterion(self, gamma: float) -> float:
        """−2ℓ_R(γ) less its constant; inf where A is singular or RSS is not positive."""
        try:
            a, _, rss = self.solve(gamma)
        except np.linalg.LinAlgError:
            return math.inf
        det = a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0]
        if not (rss > 0 and det > 0):
            return math.inf
        return (
            (self.n - self.p) * math.log(rss) + float(self.count @ np.log1p(self.m * gamma)) + math.log(det)
        )

    def derivative(self, gamma: float) -> float:
        """d(−2ℓ_R)/dγ (module notes), with Σ c_i' r_i² and Σ c_i' s_iᵀA⁻¹s_i expanded into the products."""
        a, (b0, b1), rss = self.solve(gamma)
        h = 1.0 / (1.0 + self.m * gamma)
        mm, msx, sxsx, mt, sxt, tt = self.products @ (h * h)
        r2 = tt + b0 * b0 * mm + b1 * b1 * sxsx - 2 * b0 * mt - 2 * b1 * sxt + 2 * b0 * b1 * msx
        inv = np.linalg.inv(a)
        quad = inv[0, 0] * mm + 2 * inv[0, 1] * msx + inv[1, 1] * sxsx
        return float(-(self.n - self.p) * r2 / rss + float(self.count @ (self.m * h)) - quad)


def _root(f: Callable[[float], float], lo: float, hi: float) -> float:
    """The root of f between lo and hi (f(lo) < 0 < f(hi)) to machine precision: regula falsi with the
    Illinois modification (Dowell & Jarratt 1971): superlinear, and never leaves the bracket."""
    flo, fhi = f(lo), f(hi)
    side = 0
    for _ in range(200):
        x = (lo * fhi - hi * flo) / (fhi - flo)
        if not lo < x < hi:  # rounding at the end: halve instead
            x = 0.5 * (lo + hi)
        fx = f(x)
        if fx == 0 or hi - lo <= 4 * np.finfo(float).eps * max(abs(x), 1e-300):
            return x
        if fx < 0:
            lo, flo = x, fx
            if side == -1:
                fhi *= 0.5
            side = -1
        else:
            hi, fhi = x, fx
            if side == 1:
                flo *= 0.5
            side = 1
    return 0.5 * (lo + hi)


def _optimum(sums: _Sums) -> float:
    """γ̂: the grid point with the smallest criterion, then the root of the derivative between its
    neighbours."""
    if not (sums.m > 1).any():  # m: the distinct numbers of observations per pupil
        return 0.0  # every pupil seen once: σ²_u and σ²_e cannot be told apart (the criterion is flat)
    values = np.array([sums.criterion(g) for g in _GRID])
    if not np.isfinite(values).any():
        raise ValueError("the model's fixed effects are not estimable, or its residuals are all zero")
    j = int(np.argmin(values))
    if j == len(_GRID) - 1:
        raise ValueError("the variance between pupils dwarfs the residual variance (γ > e²⁰)")
    lo, hi = float(_GRID[max(j - 1, 0)]), float(_GRID[j + 1])
    try:
        if j == 0 and sums.derivative(0.0) >= 0:
            return 0.0  # on the boundary: no variance between pupils
        bracketed = sums.derivative(lo) < 0 < sums.derivative(hi)
    except np.linalg.LinAlgError:
        bracketed = False
    return float(_root(sums.derivative, lo, hi)) if bracketed else float(_GRID[j])


def fit_random_intercept(groups: Any, x: Any, y: Any) -> RandomInterceptFit:
    """REML fit of y = β₀ + β₁·x + u_group + e, u ~ N(0, σ²_u), e ~ N(0, σ²_e) (module notes).

    ``groups`` are integer codes 0..k−1 (one per pupil), ``x`` the covariate and ``y`` the responses, one
    per observation.  Raises ValueError when the model cannot be estimated (fewer than three observations,
    x without variation, residuals all zero)."""
    g = np.asarray(groups, dtype=np.intp)
    xv = np.asarray(x, dtype=float)
    yv = np.asarray(y, dtype=float)
    if not (g.ndim == 1 and g.shape == xv.shape == yv.shape and yv.size > 2):
        raise ValueError("groups, x and y must be three or more observations alike")
    if not (np.isfinite(xv).all() and np.isfinite(yv).all()) or g.min() < 0:
        raise ValueError("the model needs finite values and non-negative group codes")
    sums = _Sums(g, xv, yv)
    gamma = _optimum(sums)
    a, (b0, b1), rss = sums.solve(gamma)
    var_residual = rss / (sums.n - sums.p)
    if not (var_residual > 0 and math.isfinite(var_residual)):
        raise ValueError("the residuals are all zero")
    # back from centred x, y: β₀ = ȳ + β₀c − β₁·x̄, and Cov = L·Cov_c·Lᵀ with L = [[1, −x̄], [0, 1]]
    ell = np.array([[1.0, -sums.x_mean], [0.0, 1.0]])
    cov = ell @ (np.linalg.inv(a) * var_residual) @ ell.T
    return RandomInterceptFit(
        intercept=sums.y_mean + float(b0) - float(b1) * sums.x_mean,
        slope=float(b1),
        cov=((float(cov[0, 0]), float(cov[0, 1])), (float(cov[1, 0]), float(cov[1, 1]))),
        var_group=float(gamma * var_residual),
        var_residual=float(var_residual),
        n_groups=sums.n_groups,
        n_observations=int(yv.size),
    )
