"""Shared pieces of the workbook extent checks (:mod:`peerimpact.readers.extent`): the cell limit and the extent."""

from __future__ import annotations

from peerimpact.readers.base import column_letter

__all__ = ["MAX_CELLS"]

#: the largest block of cells a sheet may span: 1,048,576 rows × 26 columns (about 0.9 GB inside calamine)
MAX_CELLS = 1_048_576 * 26
_CHUNK = 4 << 20


class _Extent:
    """The smallest block holding every cell seen so far (0-based rows and columns)."""

    __slots__ = ("max_col", "max_row", "min_col", "min_row")

    def __init__(self) -> None:
        self.min_row = self.min_col = 1 << 62
        self.max_row = self.max_col = -1

    def add(self, min_row: int, max_row: int, min_col: int, max_col: int) -> None:
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
    def far_cell(self) -> str:
        return f"{column_letter(self.max_col)}{self.max_row + 1}"
