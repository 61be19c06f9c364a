"""Half-up rounding, the one rule peerimpact rounds by: halves away from zero, never Python's banker's
``round``.  SPSS ``RND`` rounds prorated SDQ scores this way (Goodman's scoring syntax) and DfE's
``roundFiveUp`` rounds published figures this way.  Two spellings of the same rule, for the two kinds of input;
tests/scoring/test_scoring_engine.py checks that they agree."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np

__all__ = ["round_half_up", "round_half_up_array"]


def round_half_up(x: float, dp: int) -> Decimal:
    """``x`` rounded to ``dp`` decimals, halves away from zero (on its shortest decimal form, so 2.675 → 2.68)."""
    return Decimal(repr(x)).quantize(Decimal(1).scaleb(-dp), rounding=ROUND_HALF_UP)


def round_half_up_array(x: np.ndarray) -> np.ndarray:
    """Round to whole numbers with halves away from zero, element-wise; NaN stays NaN."""
    return np.sign(x) * np.floor(np.abs(x) + 0.5)
