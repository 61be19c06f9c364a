"""Shared pieces of the workbook extent checks (:mod:`peerimpact.readers.extent`): the cell limit and the extent."""

from __future__ import annotations

from peerimpact.readers.base import column_letter

__all__ = ["MAX_CELLS", "SPARSE_FLOOR", "SPARSE_RATIO"]

#: the largest block of cells a sheet may span: 1,048,576 rows × 26 columns (about 0.9 GB inside calamine)
MAX_CELLS = 1_048_576 * 26
CHUNK = 4 << 20
#: a block of more than this many cells must be at least 1 in ``SPARSE_RATIO`` filled: calamine allocates the
#: whole block (about 32 bytes a cell, 40 with Python's row lists), so one stray cell at Z1048576 in a 3 KB
#: file cost 1.2 GB and 20 s (SPEC §8: any input under 10 MB within 600 MiB); 5,000,000 cells is ~200 MiB
SPARSE_FLOOR = 5_000_000
SPARSE_RATIO = 5


class Extent:
    """The smallest block holding every cell seen so far (0-based rows and columns)."""

    __slots__ = ("hidden", "max_col", "max_row", "min_col", "min_row", "present")

    def __init__(self) -> None:
        self.min_row = self.min_col = 1 << 62
        self.max_row = self.max_col = -1
        self.present = 0  # cells seen (an upper bound: a cell may be seen twice, never missed)
        self.hidden: set[int] = set()  # Excel rows marked hidden="1" (an xlsx filter), where scanned

    def add(self, min_row: int, max_row: int, min_col: int, max_col: int, present: int = 1) -> None:
        self.present += present
        self.min_row = min(self.min_row, min_row)
        self.max_row = max(self.max_row, max_row)
        self.min_col = min(self.min_col, min_col)
        self.max_col = max(self.max_col, max_col)

    @property
    def cells(self) -> int:
        if self.max_row < 0:
            return 0
        return (self.max_row - self.min_row + 1) * (self.max_col - self.min_col + 1)

    @property
    def sparse(self) -> bool:
        """The block is large and mostly empty (see :data:`SPARSE_FLOOR`)."""
        return self.cells > SPARSE_FLOOR and self.cells > SPARSE_RATIO * self.present

    @property
    def far_cell(self) -> str:
        return f"{column_letter(self.max_col)}{self.max_row + 1}"
