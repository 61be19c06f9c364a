"""Figures set beside an outcome, never part of its verdict (SPEC §5): change regressed on dose
(exploratory) and each wave's mean beside the instrument's published norm for the pupils' age (context).
Computed by :mod:`peerimpact.statistics.context`, worded by :mod:`peerimpact.wording.context`."""

from __future__ import annotations

import dataclasses

import numpy as np

from peerimpact.comparison.pairs import MeasurePair
from peerimpact.results import NormComparison, Outcome
from peerimpact.statistics.context import dose_response, norm_wave
from peerimpact.wording.context import dose_sentence, norm_sentence

__all__ = ["with_dose", "with_norm"]


def with_dose(
    o: Outcome, pair: MeasurePair, is_prog: np.ndarray, dose: dict[str, float], column: str, alpha: float
) -> Outcome:
    """``o`` with its change regressed on each programme pupil's dose (exploratory, SPEC §5)."""
    d = np.array([dose.get(pid, np.nan) for pid in pair.ids], dtype=float)
    res = dose_response((pair.post - pair.pre)[is_prog], d[is_prog], column=column)
    info = pair.info
    res = dataclasses.replace(
        res, summary=dose_sentence(res, title=info.title, dp=info.dp, units=info.units, alpha=alpha)
    )
    return dataclasses.replace(o, dose=res)


def with_norm(o: Outcome, pair: MeasurePair, is_prog: np.ndarray, alpha: float) -> Outcome:
    """``o`` with each wave's mean beside the instrument's published norm for the pupils' age (context)."""
    norms = pair.scale.norms if pair.scale is not None else None
    if norms is None or norms.mean is None or not norms.ages:
        return o
    both = is_prog & ~np.isnan(pair.pre) & ~np.isnan(pair.post)  # the outcome's pupils
    nc = NormComparison(
        norm_mean=norms.mean,
        norm_sd=norms.sd,
        ages=norms.ages,
        population=norms.population,
        source=norms.source,
        pre=norm_wave(pair.pre[both], norms.mean),
        post=norm_wave(pair.post[both], norms.mean),
    )
    nc = dataclasses.replace(
        nc, summary=norm_sentence(nc, title=pair.info.title, dp=pair.info.dp, alpha=alpha)
    )
    return dataclasses.replace(o, norm_comparison=nc)
