"""Plain tables: one header row, then one row per response.

Our own data-entry templates, MIS exports and hand-made sheets (SPEC §3).  No metadata roles are guessed here:
choosing the pupil-id column is the job of :mod:`peerimpact.ids`.
"""

from __future__ import annotations

from peerimpact.readers.base import SourceTable
from peerimpact.readers.grid import Grid
from peerimpact.readers.table import assemble, head_texts

__all__ = ["read_plain"]


def read_plain(grid: Grid, *, file: str, path: str) -> SourceTable:
    """Read ``grid`` as a table whose first non-blank row is the header."""
    headings = head_texts(grid.head[0] if grid.head else None)
    return assemble(grid, file=file, path=path, layout="plain", header_rows=1, headings=headings)
