"""Multiplicity adjustment of p-values, with the method always named by the caller.

SPEC §5: Holm across the run's secondary outcomes, Benjamini–Hochberg across the subgroup × outcome grid.
statsmodels' ``multipletests`` defaults to Holm–Šidák, so ``method`` is a required keyword here.

statsmodels is imported only when there are two or more p-values to adjust: importing its ``multitest``
module loads ``statsmodels.tools`` and with it pandas (about 0.3 s), and a family of one is its own
adjustment under both methods (Holm multiplies by 1, Benjamini–Hochberg divides by 1/1).
"""

from __future__ import annotations

import gc
import math
from collections.abc import Sequence

import numpy as np

__all__ = ["METHODS", "adjust"]

#: our method names -> statsmodels ``multipletests`` names
METHODS: dict[str, str] = {"holm": "holm", "fdr_bh": "fdr_bh"}


def adjust(p_values: Sequence[float | None], *, method: str) -> list[float | None]:
    """Adjusted p-values, in input order; None and NaN entries pass through untouched and are not counted.

    Parameters
    ----------
    p_values : sequence of float or None
        Raw p-values in [0, 1].
    method : {"holm", "fdr_bh"}
        ``holm``: Holm (1979) step-down, controls the family-wise error rate; ``fdr_bh``: Benjamini &
        Hochberg (1995), controls the false discovery rate (for exploratory subgroup grids).  Computed with
        ``statsmodels.stats.multitest.multipletests(p, method=method)``; R: ``p.adjust(p, "holm" | "BH")``.

    Returns
    -------
    list of float or None
        Same length as ``p_values``; the family is the entries that are numbers.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, got {method!r}")
    out: list[float | None] = list(p_values)
    idx: list[int] = []
    vals: list[float] = []
    for i, p in enumerate(p_values):
        if p is None:
            continue
        value = float(p)
        if math.isnan(value):
            continue
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"p_values[{i}] = {p!r} is not a probability")
        idx.append(i)
        vals.append(value)
    if len(vals) == 1:  # a family of one: p itself, exactly as multipletests returns it (tested)
        out[idx[0]] = vals[0]
    elif vals:
        from statsmodels.stats.multitest import multipletests

        # statsmodels' Holm branch calls gc.collect(), which walks every live object (0.1–0.25 s with
        # 100,000 pupils in memory); freezing them first leaves it nothing to do, and the result unchanged.
        # (Not when the program has frozen objects itself, e.g. before forking: unfreezing would undo that.)
        freeze = gc.get_freeze_count() == 0
        if freeze:
            gc.freeze()
        try:
            adjusted = multipletests(np.asarray(vals), method=METHODS[method])[1]
        finally:
            if freeze:
                gc.unfreeze()
        for i, q in zip(idx, adjusted.tolist(), strict=True):
            out[i] = float(q)
    return out
