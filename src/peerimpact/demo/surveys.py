"""The bundled example data: six survey exports of a fictional school's peer-mentoring programme.

:func:`write_examples` writes them (``peerimpact demo`` calls it before running the pipeline; so does
``examples/make_examples.py``).  Two waves — autumn 2026 (pre) and summer 2027 (post) — of three instruments,
each in a layout schools really send: WEMWBS through Microsoft Forms, the SDQ self-report through Qualtrics
(CSV, three header rows) and SWEMWBS typed into our one-header entry sheet with a comparison group.  The same
pupils answer both waves (linked by e-mail or UPN) with some attrition and a few new joiners; participants
improve a little, so ``compare`` finds something modest.  Each file carries the mess real exports carry —
duplicates, typos, blanks, platform test rows, mistyped UPNs — listed by :func:`deliberate_mess`.

Everything is synthetic: the school "Oakfield" (``oakfield.sch.example``, a domain reserved by RFC 2606),
invented surnames that read as placeholders, UPNs with valid DfE check letters that belong to nobody, IP
addresses from the RFC 5737 documentation ranges.  No item wording is shipped (WEMWBS and SDQ are licensed).

Deterministic: one fixed seed (``numpy.random.default_rng``), fixed workbook dates and fixed zip member
times, so every run writes byte-identical files.  Standard library, numpy and openpyxl only.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from peerimpact.demo import layouts
from peerimpact.demo.files import write_tables
from peerimpact.demo.roster import SEED, MessNote, Table, make_roster

__all__ = ["EXAMPLE_FILES", "deliberate_mess", "tables", "write_examples"]

#: the files :func:`write_examples` writes, in the order it returns them (pre, post of each instrument)
EXAMPLE_FILES = (
    "wemwbs_autumn_forms.xlsx",
    "wemwbs_summer_forms.xlsx",
    "sdq_autumn_qualtrics.csv",
    "sdq_summer_qualtrics.csv",
    "swemwbs_autumn.xlsx",
    "swemwbs_summer.xlsx",
)


def tables() -> list[Table]:
    """Build the six files in memory, in EXAMPLE_FILES order (each pair from its own seeded generator)."""
    roster = make_roster(np.random.default_rng([SEED, 0]))
    tables: list[Table] = []
    for k, make_pair in enumerate((layouts.forms_pair, layouts.qualtrics_pair, layouts.plain_pair)):
        tables.extend(make_pair(np.random.default_rng([SEED, k + 1]), roster))
    return tables


def deliberate_mess() -> list[MessNote]:
    """Every deliberate problem in the example files, file by file in row order (nothing is written)."""
    return [note for table in tables() for note in sorted(table.notes, key=lambda n: (n.row, n.column))]


def write_examples(out_dir: Path) -> list[Path]:
    """Write the six example files into out_dir (created if missing) and return their paths.

    Existing files of the same names are replaced; nothing else in out_dir is touched.  The bytes are the
    same on every run, on every machine with the same zlib.
    """
    return write_tables(out_dir, tables())
