"""The pupil rows of a comparison: one row per matched pupil with both scores, for the workbook and JSON.

Split from :mod:`peerimpact.comparison.build`; the per-pupil work is done on arrays (numpy comparisons, a
C-level ``map``) so that it stays linear at a million pupils (issue 17).
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import numpy as np

from peerimpact.comparison.model import PupilColumns
from peerimpact.comparison.pairs import MeasurePair

__all__ = ["pupil_rows"]

_CATEGORY_WORDS = {
    "improved": "reliably improved",
    "no_change": "no reliable change",
    "deteriorated": "reliably deteriorated",
}


def pupil_rows(pair: MeasurePair, is_prog: np.ndarray, rc: Any, comparison: bool) -> PupilColumns:
    """One row per matched pupil with both scores; reliable-change words for programme pupils."""
    keep = np.flatnonzero(~np.isnan(pair.pre) & ~np.isnan(pair.post))
    x, y = pair.pre[keep], pair.post[keep]
    d = y - x  # IEEE arithmetic: the same doubles as subtracting the Python floats one by one
    prog_kept = is_prog[keep]
    progs = prog_kept.tolist()
    n = len(progs)
    s_diff = rc.s_diff if rc is not None else None
    # the programme pupils take the reliable-change words in turn (rc.categories covers them, in order)
    cats = rc.categories if rc is not None and rc.reason is None else []
    category = np.full(n, None, dtype=object)
    prog_at = np.flatnonzero(prog_kept)[: len(cats)]
    cats = cats[: prog_at.size]
    category[prog_at] = np.fromiter(map(_CATEGORY_WORDS.get, cats, cats), dtype=object, count=len(cats))
    ids = pair.ids
    clinical = pair.info.clinical
    return PupilColumns(
        measure=pair.info.measure,
        ids=list(itemgetter(*keep.tolist())(ids)) if n > 1 else [ids[i] for i in keep.tolist()],
        pre=x.tolist(),
        post=y.tolist(),
        change=d.tolist(),
        rci=(d / s_diff).tolist() if s_diff else [None] * n,
        category=category.tolist(),
        group=(["programme" if prog else "comparison" for prog in progs] if comparison else [None] * n),
        # the band and clinical range of the second score: the instrument's one rule (Scale.bands_of)
        band=pair.scale.bands_of(y) if pair.scale is not None and pair.scale.bands else [],
        clinical=_is_clinical(clinical, y),
    )


_COMPARE = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}


def _is_clinical(clinical: Any, y: np.ndarray) -> list[bool | None]:
    """``clinical.is_clinical`` of every score in ``y`` (no NaN), compared in numpy (the same IEEE result)."""
    if clinical is None:
        return []
    return _COMPARE[clinical.op](y, float(clinical.value)).tolist()
