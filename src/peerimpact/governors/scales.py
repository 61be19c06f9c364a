"""The governors' report's introduction to its questionnaires (SPEC §6.1 "Plain reading"): each score
shown is named once in plain words, with its range, which way is better and a typical score where a
published norm exists.

The words come from the instrument files (each scale's ``about``), the range and direction from the
scale's own keys, and the typical score from its ``norms`` (``mean`` for the pupils' ``ages``, e.g.
WEMWBS 13–16: 48.8, Clarke et al. 2011, BMC Public Health 11:487).  Where no norm is published the
introduction says so rather than inventing one.
"""

from __future__ import annotations

from collections.abc import Iterable

from peerimpact.governors.model import ScaleIntro
from peerimpact.instruments.load import load_builtin
from peerimpact.instruments.model import Scale
from peerimpact.issues import PeerimpactError
from peerimpact.wording.numbers import fmt_number

__all__ = ["NO_TYPICAL", "scale_intros"]

NO_TYPICAL = "There is no published typical score for this age."


def _scale(measure: str) -> Scale | None:
    """The built-in scale behind a score column (``swemwbs.metric``, ``swemwbs#2.metric``), else None
    (attendance, behaviour, an already-scored ``--measure`` column)."""
    instrument, _, name = measure.partition(".")
    try:
        return load_builtin(instrument.split("#", 1)[0]).scale(name)
    except (PeerimpactError, KeyError):
        return None


def _figure(x: float) -> str:
    """A published figure with the decimals it was published with (48.8, not 48.80)."""
    text = repr(float(x))
    decimals = 0 if text.endswith(".0") else len(text.split(".", 1)[1])
    return fmt_number(x, decimals)


def intro(measure: str, scale: Scale) -> ScaleIntro | None:
    """The introduction of one scale; None when its file gives no plain words or no range."""
    if not scale.about or scale.range is None:
        return None
    low, high = scale.range
    better = scale.direction == "higher_is_better"
    about = scale.about[0].upper() + scale.about[1:]
    text = (
        f"{about.rstrip('.')}. Scores run from {_figure(low)} to {_figure(high)}; "
        f"{'higher' if better else 'lower'} is better. "
    )
    norms = scale.norms
    if norms is not None and norms.mean is not None and norms.ages:
        cite = norms.cite or norms.source
        text += f"A typical score for pupils aged {norms.ages} is {_figure(norms.mean)} ({cite})."
        return ScaleIntro(
            measure, scale.title, text, low, high, better, norms.mean, norms.ages, norms.cite or norms.source
        )
    return ScaleIntro(measure, scale.title, text + NO_TYPICAL, low, high, better)


def scale_intros(measures: Iterable[str]) -> list[ScaleIntro]:
    """The introductions of the questionnaire scores among ``measures``, each once, in their order."""
    out: list[ScaleIntro] = []
    for m in dict.fromkeys(measures):
        scale = _scale(m)
        made = intro(m, scale) if scale is not None else None
        if made is not None:
            out.append(made)
    return out
