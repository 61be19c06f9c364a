"""Two small example files for ``compare --measure`` and ``--dose-column`` (issue 16).

The fictional school's mentees have a reading age measured elsewhere (a standardised reading test) in the autumn
and the summer, and the summer file says how many mentoring sessions each attended:
``reading_age_mentees_autumn.csv`` (``UPN``, ``Year group``, ``Reading age``) and
``reading_age_mentees_summer.csv`` (``UPN``, ``Reading age``, ``Sessions attended``).  One deliberate mess:
one summer reading age is the text ``absent`` (a located ``measure_not_numeric`` warning; the pupil is left out).
Written by ``examples/make_examples.py`` and by ``peerimpact demo``; the six survey exports of
:mod:`peerimpact.demo.surveys` are unchanged.

Deterministic: the demo's roster (same seed) and a generator of their own (``[SEED, 16]``), CSV bytes as
:func:`peerimpact.demo.files.csv_bytes` writes them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from peerimpact.demo.files import write_tables
from peerimpact.demo.roster import SEED, Table, make_roster

__all__ = ["EVALUATOR_EXAMPLE_FILES", "evaluator_tables", "write_evaluator_examples"]

#: the files :func:`write_evaluator_examples` writes, in that order
EVALUATOR_EXAMPLE_FILES = ("reading_age_mentees_autumn.csv", "reading_age_mentees_summer.csv")
#: the mentee whose summer reading age is the text "absent" (position in the files)
ABSENT_POSITION = 5


def evaluator_tables() -> list[Table]:
    """The two files in memory: one row per mentee (40, year-group order), reading ages in years to 1 dp."""
    roster = make_roster(np.random.default_rng([SEED, 0]))
    rng = np.random.default_rng([SEED, 16])
    mentees = sorted((p for p in roster if p.role == "Mentee"), key=lambda p: (p.year, p.key))[:40]
    n = len(mentees)
    age = np.array([p.year + 4.5 for p in mentees])  # a pupil's age in the autumn of year Y is about Y + 4.5
    autumn = np.round(age - 0.6 + rng.normal(0, 1.2, n), 1)
    sessions = rng.integers(0, 13, n)
    # about half a year's growth in two terms, a little more with more sessions, and measurement noise
    summer = np.round(autumn + 0.4 + 0.04 * sessions + rng.normal(0, 0.4, n), 1)
    summer_cells: list[object] = [float(v) for v in summer]
    summer_cells[ABSENT_POSITION] = "absent"
    first = Table(
        EVALUATOR_EXAMPLE_FILES[0],
        None,
        [["UPN", "Year group", "Reading age"]],
        [[p.upn, p.year, float(v)] for p, v in zip(mentees, autumn, strict=True)],
    )
    second = Table(
        EVALUATOR_EXAMPLE_FILES[1],
        None,
        [["UPN", "Reading age", "Sessions attended"]],
        [[p.upn, v, int(s)] for p, v, s in zip(mentees, summer_cells, sessions, strict=True)],
    )
    return [first, second]


def write_evaluator_examples(out_dir: Path) -> list[Path]:
    """Write the two files into out_dir (created if missing) and return their paths; same bytes every run."""
    return write_tables(out_dir, evaluator_tables())
