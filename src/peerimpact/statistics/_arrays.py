"""Argument checks and conversions shared by the statistics modules (private).

Arrays come in as anything numpy can read as floats; results go out as plain Python numbers, never numpy
scalars, and never NaN (None instead), as ``peerimpact.results`` requires.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["DIRECTIONS", "as_items", "as_pairs", "as_values", "direction_sign", "essentially_constant", "num"]

_EPS = float(np.finfo(np.float64).eps)

#: the instrument directions, and the sign that turns change (post − pre) into improvement
DIRECTIONS: dict[str, int] = {"higher_is_better": 1, "lower_is_better": -1}


def num(value: Any) -> float | None:
    """A plain float, or None when the value is missing, NaN or infinite."""
    if value is None:
        return None
    out = float(value)
    return out if math.isfinite(out) else None


def essentially_constant(sd: float, mean: float, n: int) -> bool:
    """True when the changes have no variance beyond rounding, by R ``t.test``'s rule.

    R stops with "data are essentially constant" when the standard error is below 10·eps·|mean|
    (``stats:::t.test.default``); sd = 0 is always constant.
    """
    return sd == 0.0 or sd / math.sqrt(n) < 10.0 * _EPS * abs(mean)


def as_values(values: ArrayLike, name: str) -> NDArray[np.float64]:
    """One-dimensional float array with no NaN or infinity, else ValueError naming the argument."""
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    bad = ~np.isfinite(arr)
    if bad.any():
        raise ValueError(
            f"{name} holds {int(bad.sum())} missing or non-finite value(s): pass complete cases only"
        )
    return arr


def as_pairs(pre: ArrayLike, post: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``pre`` and ``post`` as matched float arrays of equal length (pupil i at both waves)."""
    a = as_values(pre, "pre")
    b = as_values(post, "post")
    if a.shape != b.shape:
        raise ValueError(f"pre and post must be matched pairs of equal length, got {a.size} and {b.size}")
    return a, b


def as_items(items: ArrayLike, name: str = "items") -> NDArray[np.float64]:
    """A responses × items float matrix of complete rows, else ValueError."""
    arr = np.asarray(items, dtype=np.float64)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a two-dimensional responses x items matrix, got shape {arr.shape}")
    bad = ~np.isfinite(arr).all(axis=1)
    if bad.any():
        raise ValueError(f"{name} has {int(bad.sum())} incomplete row(s): pass complete responses only")
    return arr


def direction_sign(direction: str) -> int:
    """+1 for ``higher_is_better``, −1 for ``lower_is_better``; ValueError for anything else."""
    try:
        return DIRECTIONS[direction]
    except KeyError:
        raise ValueError(
            f"direction must be 'higher_is_better' or 'lower_is_better', got {direction!r}"
        ) from None
