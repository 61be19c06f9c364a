"""One generic scorer: code → reverse → missing rule → prorate → round → lookup → band.

Nothing here knows a particular questionnaire: every rule comes from the instrument's data file
(:mod:`peerimpact.instruments`).  Arrays in, arrays out; a whole column at a time.

Prorating (e.g. the SDQ's "score a subscale when at least 3 of its 5 items are answered, scaled up to 5
items and rounded") computes ``sum(answered) * n_items / n_answered`` and rounds halves *up*, as the
publisher's SPSS syntax does with ``RND`` (a prorated 2.5 becomes 3; Python's ``round`` would give 2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peerimpact.instruments.model import Instrument, Scale
from peerimpact.util.rounding import round_half_up_array

__all__ = ["ScaleScores", "assign_bands", "score_codes"]


@dataclass(frozen=True, slots=True)
class ScaleScores:
    """One scale for every row: ``values`` (NaN = not scored), which rows were prorated, and how many
    items (or component scales) each row was missing."""

    scale: Scale
    values: np.ndarray
    prorated: np.ndarray
    missing: np.ndarray


def reverse_keyed(ins: Instrument, codes: np.ndarray) -> np.ndarray:
    """Codes with the reverse-keyed items turned round: code → min + max − code."""
    out = codes.astype(float, copy=True)
    if ins.reverse:
        idx = [i - 1 for i in ins.reverse]
        out[:, idx] = ins.code_min + ins.code_max - out[:, idx]
    return out


def _from_parts(scale: Scale, parts: np.ndarray) -> ScaleScores:
    """Sum or mean of ``parts`` (rows × k) under the scale's missing rule."""
    k = parts.shape[1]
    answered = (~np.isnan(parts)).sum(axis=1)
    missing = k - answered
    ok = (missing <= scale.max_missing) & (answered > 0)
    total = np.nansum(parts, axis=1) if missing.any() else parts.sum(axis=1)  # nansum copies the block
    with np.errstate(invalid="ignore", divide="ignore"):
        if scale.method == "mean":
            values = total / answered
        elif scale.prorate:
            values = total * k / answered  # exact for the integer sums that prorating meets
        else:
            values = total
    values = np.where(ok, values, np.nan)
    if scale.rounding == "half_up":
        values = round_half_up_array(values)
    return ScaleScores(scale, values, ok & (missing > 0), missing)


_BLOCK = 1 << 16  # rows scored at a time: temporaries stay a few MB whatever the file's size (SPEC §8)


def score_codes(ins: Instrument, codes: np.ndarray) -> dict[str, ScaleScores]:
    """Score every scale of ``ins`` from raw codes (rows × n_items, NaN = missing), in declared order.

    Rows are independent, so a large file is scored in blocks of :data:`_BLOCK` rows and the results joined:
    the same numbers, with each temporary copy of the codes a block's size rather than the file's.
    """
    if codes.ndim != 2 or codes.shape[1] != ins.n_items:
        raise ValueError(f"{ins.name} needs {ins.n_items} item columns, got shape {codes.shape}")
    if codes.shape[0] <= _BLOCK:
        return _score_block(ins, codes)
    blocks = [_score_block(ins, codes[i : i + _BLOCK]) for i in range(0, codes.shape[0], _BLOCK)]
    return {
        name: ScaleScores(
            first.scale,
            np.concatenate([b[name].values for b in blocks]),
            np.concatenate([b[name].prorated for b in blocks]),
            np.concatenate([b[name].missing for b in blocks]),
        )
        for name, first in blocks[0].items()
    }


def _score_block(ins: Instrument, codes: np.ndarray) -> dict[str, ScaleScores]:
    keyed = reverse_keyed(ins, codes)
    out: dict[str, ScaleScores] = {}
    for scale in ins.scales:
        if scale.items:
            out[scale.name] = _from_parts(scale, keyed[:, [i - 1 for i in scale.items]])
        elif scale.scales:
            parts = np.column_stack([out[name].values for name in scale.scales])
            result = _from_parts(scale, parts)
            prorated = result.prorated | np.any([out[n].prorated for n in scale.scales], axis=0)
            out[scale.name] = ScaleScores(
                scale, result.values, prorated & ~np.isnan(result.values), result.missing
            )
        else:
            assert scale.from_scale is not None and scale.lookup is not None  # guaranteed by the loader
            base = out[scale.from_scale]
            table = ins.lookups[scale.lookup]
            raw = round_half_up_array(base.values)
            values = np.array([table.get(int(r), np.nan) if r == r else np.nan for r in raw.tolist()])
            out[scale.name] = ScaleScores(scale, values, base.prorated, base.missing)
    return out


def assign_bands(scale: Scale, values: np.ndarray) -> list[str | None]:
    """Band label per row, decided on the unrounded score (None when not scored or no bands)."""
    return scale.bands_of(values)
