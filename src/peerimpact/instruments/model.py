"""Instruments as data: the frozen model that one generic scorer reads.

An instrument file (``instruments/data/<name>.toml``, ``format_version = 1``) declares items, response
options, reverse-keyed items, scales with their missing-item rule, lookup tables, bands, norms for the
reliable change index and the source of every fact.  :mod:`peerimpact.instruments.load` turns the TOML into
these classes and reports problems in the file as Issues; :mod:`peerimpact.scoring.engine` applies them.

Bands are ordered and each states its closed side, as effectsize's ``rules()`` do: a band with ``below = x``
holds scores ``< x``, one with ``up_to = x`` holds scores ``<= x``, and the last band (no bound) holds the
rest.  Bands are decided on the unrounded score.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

__all__ = [
    "Band",
    "Clinical",
    "Instrument",
    "Norms",
    "Scale",
    "normalise_label",
]

Direction = Literal["higher_is_better", "lower_is_better"]

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_SPACE = re.compile(r"\s+")


def normalise_label(text: str) -> str:
    """Answer text as compared with an instrument's labels: NFC, case-folded, typographic apostrophes
    straightened, inner whitespace collapsed, surrounding whitespace and a trailing full stop removed."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    return _SPACE.sub(" ", text).strip().rstrip(".").strip().casefold()


@dataclass(frozen=True, slots=True)
class Band:
    """One band: ``below`` (score < x) or ``up_to`` (score <= x) or neither (the rest)."""

    label: str
    below: float | None = None
    up_to: float | None = None

    def holds(self, scores: np.ndarray) -> np.ndarray:
        """Which scores the band's bound admits (the first band that admits a score is its band)."""
        if self.below is not None:
            return np.asarray(scores < self.below)
        if self.up_to is not None:
            return np.asarray(scores <= self.up_to)
        return np.ones(len(scores), dtype=bool)


@dataclass(frozen=True, slots=True)
class Norms:
    """Published figures used for reliable change and regression to the mean."""

    mean: float | None = None
    sd: float | None = None
    reliability: float | None = None  # internal consistency (alpha) used for the RCI
    test_retest: float | None = None  # used for the expected regression to the mean
    population: str = ""
    source: str = ""
    ages: str = ""  # the pupils' ages the norm is for, e.g. "13–16" (compare sets wave means beside it)
    cite: str = (
        ""  # the short citation printed beside the typical score for governors, e.g. "Clarke et al. 2011"
    )


@dataclass(frozen=True, slots=True)
class Clinical:
    """The cut-off for clinically significant change: a score ``op value`` is in the clinical range.

    The loader accepts only an ``op`` on the scale's worse side, so ``is_clinical`` and the statistics'
    rule (direction + :attr:`includes_cutoff`, :func:`peerimpact.statistics.reliability.clinical_change`)
    always agree."""

    op: Literal["<", "<=", ">", ">="]
    value: float
    source: str = ""

    @property
    def includes_cutoff(self) -> bool:
        return self.op in ("<=", ">=")

    def is_clinical(self, score: float) -> bool:
        return {
            "<": score < self.value,
            "<=": score <= self.value,
            ">": score > self.value,
            ">=": score >= self.value,
        }[self.op]


@dataclass(frozen=True, slots=True)
class Scale:
    """A score computed from items (``items``), from other scales (``scales``) or by a lookup table
    applied to another scale (``lookup`` + ``from_scale``).

    Missing-item rule: the scale is scored when at most ``max_missing`` of its items (or component
    scales) are missing.  ``method = "sum"`` with ``prorate = true`` scales the mean of the answered items
    up to the full item count; ``rounding = "half_up"`` then rounds to a whole number, halves upwards (as
    SPSS ``RND`` does, unlike Python's ``round``).  ``method = "mean"`` averages the answered items.
    """

    name: str
    title: str
    items: tuple[int, ...] = ()
    scales: tuple[str, ...] = ()
    from_scale: str | None = None
    lookup: str | None = None
    method: Literal["sum", "mean"] = "sum"
    max_missing: int = 0
    prorate: bool = False
    rounding: Literal["none", "half_up"] = "none"
    direction: Direction = "higher_is_better"
    range: tuple[float, float] | None = None
    bands: tuple[Band, ...] = ()
    bands_source: str = ""
    norms: Norms | None = None
    clinical: Clinical | None = None
    mic: float | None = None  # minimal important change, in score points
    mic_source: str = ""
    missing_rule: str = ""  # the rule in words, for `peerimpact instruments NAME`
    source: str = ""
    #: what the score measures, in plain words for governors (SPEC §6.1 "Plain reading"); the range, the
    #: direction and the typical score (``norms``) are added from their own fields, never typed twice
    about: str = ""

    def bands_of(self, scores: np.ndarray) -> list[str | None]:
        """Band label per score, decided on the unrounded score; None when not scored (NaN) or no bands.
        The one rule for band membership: the scorer and ``band_of`` both use it."""
        if not self.bands:
            return [None] * len(scores)
        labels = np.select([b.holds(scores) for b in self.bands], [b.label for b in self.bands], default="")
        return [
            None if v != v or not lab else str(lab)
            for v, lab in zip(scores.tolist(), labels.tolist(), strict=True)
        ]

    def band_of(self, score: float) -> str | None:
        return self.bands_of(np.array([score], dtype=float))[0]


@dataclass(frozen=True, slots=True)
class Instrument:
    """A questionnaire: items numbered 1..n as printed, response options, keys and scales."""

    name: str
    title: str
    n_items: int
    options: tuple[tuple[str, int], ...]  # (label as printed, code)
    scales: tuple[Scale, ...]
    reverse: tuple[int, ...] = ()
    unscored: tuple[int, ...] = ()  # read but not scored (e.g. social-desirability items)
    lookups: dict[str, dict[int, float]] = field(default_factory=dict)
    aliases: tuple[tuple[str, int], ...] = ()  # extra accepted spellings of options
    column_prefixes: tuple[str, ...] = ()  # canonical column prefixes besides the name
    version: str = ""
    age: str = ""
    licence: str = ""
    citation: str = ""
    source: str = ""
    reverse_source: str = ""
    options_source: str = ""
    notes: str = ""
    path: str = ""  # the file it was loaded from

    @property
    def code_min(self) -> int:
        return min(code for _, code in self.options)

    @property
    def code_max(self) -> int:
        return max(code for _, code in self.options)

    @property
    def prefixes(self) -> tuple[str, ...]:
        return (self.name, *self.column_prefixes)

    def label_codes(self) -> dict[str, int]:
        """Normalised label -> code, options and aliases together."""
        return {normalise_label(label): code for label, code in (*self.options, *self.aliases)}

    def scale(self, name: str) -> Scale:
        for s in self.scales:
            if s.name == name:
                return s
        raise KeyError(name)

    def measure(self, scale: Scale | str) -> str:
        """The score column name: ``<instrument>.<scale>``."""
        return f"{self.name}.{scale if isinstance(scale, str) else scale.name}"
