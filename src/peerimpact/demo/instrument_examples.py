"""Two small example files for the hope and belonging questionnaires (``examples/make_examples.py`` only).

The fictional school's mentors answer the Children's Hope Scale and the six PISA belonging statements, typed into
the entry sheet ``peerimpact template`` writes: ``UPN``, ``Year group``, then ``chs_1`` … ``chs_6`` or
``belonging_1`` … ``belonging_6`` holding the answer labels.  Clean files (no deliberate mess): they show the
two questionnaires being scored, not the checks.  ``peerimpact demo`` does not write them, so the demo's
outputs and the six survey exports of :mod:`peerimpact.demo.surveys` are unchanged.

Deterministic: the demo's roster (same seed) and a generator of their own (``[SEED, 11]``), CSV bytes as
:func:`peerimpact.demo.files.csv_bytes` writes them.  No item wording (only the answer labels).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from peerimpact.demo.files import write_tables
from peerimpact.demo.roster import SEED, Table, make_roster

__all__ = ["INSTRUMENT_EXAMPLE_FILES", "instrument_tables", "write_instrument_examples"]

#: the files :func:`write_instrument_examples` writes, in that order
INSTRUMENT_EXAMPLE_FILES = ("chs_mentors_autumn.csv", "belonging_mentors_autumn.csv")

CHS_LABELS = (
    "None of the time",
    "A little of the time",
    "Some of the time",
    "A lot of the time",
    "Most of the time",
    "All of the time",
)  # codes 1..6 (Snyder et al. 1997)
#: codes 1..4, higher = more agreement
AGREE_LABELS = ("Strongly disagree", "Disagree", "Agree", "Strongly agree")
BELONGING_NEGATIVE = (1, 4, 6)  # outsider, awkward and out of place, lonely: agreeing is less belonging


def instrument_tables() -> list[Table]:
    """The two files in memory, in INSTRUMENT_EXAMPLE_FILES order: one row per mentor, year-group order."""
    roster = make_roster(np.random.default_rng([SEED, 0]))
    rng = np.random.default_rng([SEED, 11])
    mentors = sorted((p for p in roster if p.role == "Mentor"), key=lambda p: (p.year, p.key))[:30]
    trait = np.array([p.trait for p in mentors])
    # hope: 1-6, centred a little above "Some of the time"; belonging: 1-4, mostly agreeing with the positives
    hope = np.clip(np.rint(3.9 + 0.8 * trait[:, None] + rng.normal(0, 0.8, (len(mentors), 6))), 1, 6)
    belong = np.clip(np.rint(2.9 + 0.5 * trait[:, None] + rng.normal(0, 0.6, (len(mentors), 6))), 1, 4)
    belong[:, [i - 1 for i in BELONGING_NEGATIVE]] = 5 - belong[:, [i - 1 for i in BELONGING_NEGATIVE]]
    head = ["UPN", "Year group"]
    chs = Table(
        INSTRUMENT_EXAMPLE_FILES[0],
        None,
        [[*head, *(f"chs_{i}" for i in range(1, 7))]],
        [
            [p.upn, p.year, *(CHS_LABELS[int(c) - 1] for c in row)]
            for p, row in zip(mentors, hope, strict=True)
        ],
    )
    belonging = Table(
        INSTRUMENT_EXAMPLE_FILES[1],
        None,
        [[*head, *(f"belonging_{i}" for i in range(1, 7))]],
        [
            [p.upn, p.year, *(AGREE_LABELS[int(c) - 1] for c in row)]
            for p, row in zip(mentors, belong, strict=True)
        ],
    )
    return [chs, belonging]


def write_instrument_examples(out_dir: Path) -> list[Path]:
    """Write the two files into out_dir (created if missing) and return their paths; same bytes every run."""
    return write_tables(out_dir, instrument_tables())
