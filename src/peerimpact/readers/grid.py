"""The raw grid of a sheet or text file: its first rows for layout detection, then the rest in chunks.

Workbooks (xlsx/xlsm/xlsb/xls/ods) are read with ``python_calamine.CalamineWorkbook`` directly -- never through
pandas, which costs about twice as long (SPEC §8).  ``to_python()`` (with its default ``skip_empty_area``)
returns the used range from ``sheet.start``, so the Excel row of grid row ``i`` is ``start[0] + 1 + i`` and
the Excel column of grid column ``j`` is ``start[1] + j`` even when the table does not begin at A1.  A tall
sheet's rows come in chunks (:mod:`._sheet_rows`), the same rows.

Workbooks get their :class:`Grid` from :mod:`.workbook_grid`, text files from :mod:`.text_grid`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from peerimpact.issues import Issue, PeerimpactError, make_issue
from peerimpact.readers.base import CodedColumn

__all__ = ["HEAD_ROWS", "Chunk", "ColumnChunk", "Grid", "has_value", "is_blank", "start_grid", "unreadable"]

Row = list[Any]

HEAD_ROWS = 4  # rows kept for layout detection (Qualtrics needs 3; one more to tell a header from data)


@dataclass(slots=True)
class ColumnChunk:
    """Rows of a quote-free text block already split into columns (every row as wide as the others).

    ``clean`` is true when no cell is empty or has whitespace at either end, so the cells need no cleaning.
    """

    columns: list[list[Any] | CodedColumn]
    n: int
    clean: bool
    shared: bool = False  # cells already cleaned, each distinct value one shared string (._arrow_text)

    def as_rows(self) -> list[Row]:
        """The same cells row by row (only needed when a header is longer than the first 64 KiB)."""
        return [list(row) for row in zip(*self.columns, strict=True)]


Chunk = list[Row] | ColumnChunk


@dataclass(slots=True)
class Grid:
    """A sheet as rows of raw cells, before any header is interpreted.

    ``head`` holds up to four rows from the first non-blank row on; ``first_row`` is the Excel row number of
    ``head[0]``; ``first_col`` the 0-based sheet column of grid column 0 (for ``column_<letter>`` names).
    :meth:`body` yields the rows after the header rows, in chunks.  Raw cells are calamine values (``""`` when
    empty) or csv strings.  ``merges`` are the sheet's merged ranges, ``((row, col), (row, col))`` 0-based
    sheet positions, where the format records them (xlsx, xls).
    """

    sheet: str | None
    head: list[Row]
    first_row: int
    first_col: int
    text: bool
    encoding: str | None = None
    delimiter: str | None = None
    dedupe: bool = False
    issues: list[Issue] = field(default_factory=list)
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    _buffer: list[Row] = field(default_factory=list)
    _rest: Iterator[Chunk] = field(default_factory=lambda: iter(()))
    #: reads the body after ``skip`` records at ``width`` columns (those in the set as plain text) by another
    #: route, or returns None
    _fast_body: Callable[[int, int, set[int]], tuple[list[list[Any] | CodedColumn], int] | None] | None = None

    def skip_titles(self) -> list[tuple[int, str, bool]]:
        """Drop title rows and metadata blocks above the headings; return each row's Excel row, text, and
        whether it was a metadata row.

        A title row holds one cell of text of two or more words (a merged "Year 9 wellbeing survey" banner),
        or Excel's ``sep=;`` line, and the next non-blank row holds two or more cells: that row, not the
        title, is the header.  (A lone one-word heading such as ``UPN`` over unheaded columns stays the
        header.)  At most three are dropped, with the blank rows after them.

        A metadata block is a run of rows of two cells each, the first a text label (EUSurvey's
        ``Alias | <alias>`` and ``Export Date | <date>``), ending (blank rows aside) in a row that looks like
        headings (:func:`_looks_like_headings`): the block is dropped, up to :data:`_MAX_ABOVE` rows, and each
        row is returned as ``label: value``, marked ``True``.  Without such a heading row under it nothing is dropped, so a
        two-column table keeps its header.
        """
        titles: list[tuple[int, str, bool]] = []
        while len(titles) < 3 and len(self.head) >= 2:
            filled = [v for v in self.head[0] if has_value(v)]
            following = next((r for r in self.head[1:] if not is_blank(r)), None)
            if len(filled) != 1 or filled[0].__class__ is not str or following is None:
                break
            text = filled[0].strip()
            if len(text.split()) < 2 and not text.lower().startswith("sep="):
                break
            if sum(map(has_value, following)) < 2:
                break
            titles.append((self.first_row, text, False))
            self._drop_first_row()
        block = _metadata_block(self._buffer[: _MAX_ABOVE + 1])
        for _ in range(block):
            filled = [str(v).strip() for v in self._buffer[0] if has_value(v)]
            titles.append((self.first_row, ": ".join(filled), True))
            self._drop_first_row()
        return titles

    def _drop_first_row(self) -> None:
        """Drop the first buffered row and the blank rows after it."""
        k = 1
        while k < len(self._buffer) and is_blank(self._buffer[k]):
            k += 1
        del self._buffer[:k]
        self.first_row += k
        self.head = self._buffer[:HEAD_ROWS]

    def body(self, header_rows: int) -> Iterator[Chunk]:
        """The rows after ``header_rows`` header rows, in chunks (consumable once).

        The first chunk starts at Excel row ``first_row + header_rows``.  A large UTF-8 text file is parsed
        by Arrow (:mod:`._arrow_text`) when it can be read exactly so; the Python reader is the fallback.
        """
        if self._fast_body is not None and self._buffer:
            width = max(map(len, self._buffer))
            sample = self._buffer[header_rows:]
            distinct = {  # columns whose first answers all differ (ids, times, free text): not worth coding
                j
                for j in range(width)
                if len(sample) >= 20 and len({r[j] for r in sample if j < len(r)}) > 0.9 * len(sample)
            }
            fast = self._fast_body(self.first_row - 1 + header_rows, width, distinct)
            if fast is not None:
                self.close()
                columns, n = fast
                self._buffer = []
                yield ColumnChunk(columns, n, clean=True, shared=True)
                return
        first = self._buffer[header_rows:]
        self._buffer = []
        if first:
            yield first
        yield from self._rest

    def close(self) -> None:
        """Release the file a text grid streams from (safe to call twice)."""
        close = getattr(self._rest, "close", None)
        if close is not None:
            close()


#: most rows dropped as a metadata block above the headings
_MAX_ABOVE = 10
_NUMBER = re.compile(r"[-+]?(\d+[.,]?\d*|[.,]\d+)([eE][-+]?\d+)?%?")


def _metadata_block(rows: list[Row]) -> int:
    """How many leading ``rows`` form a metadata block over a heading row (blank rows not counted); 0 if none.

    Each block row holds exactly two cells, the first of them text in the first column (a label and its
    value); the first row with more (blank rows between are allowed) must look like headings and start in the
    first column too.  A one-cell row is never a block row,
    so a lone ``UPN`` heading over unheaded columns stays the header.
    """
    n = 0
    for row in rows:
        if is_blank(row):
            continue
        filled = [v for v in row if has_value(v)]
        if not has_value(row[0]):  # labels and headings start in the first column (not so a merged
            return 0  # two-row header, whose second row is blank under a heading merged down)
        if len(filled) > 2:
            return n if n and _looks_like_headings(filled) else 0
        if len(filled) != 2 or filled[0].__class__ is not str:
            return 0
        n += 1
    return 0


def _looks_like_headings(cells: list[Any]) -> bool:
    """Four or more different cells, each text and none a number: a heading row, not a row of answers."""
    texts = [v.strip() for v in cells if v.__class__ is str]
    return (
        len(cells) >= 4
        and len(texts) == len(cells)
        and len(set(texts)) == len(texts)
        and not any(_NUMBER.fullmatch(t) for t in texts)
    )


def is_blank(row: Row) -> bool:
    return all(v is None or (v.__class__ is str and not v.strip()) for v in row)


def has_value(v: Any) -> bool:
    return v is not None and not (v.__class__ is str and not v.strip())


def start_grid(chunks: Iterator[Chunk], row_base: int) -> tuple[list[Row], int, list[Row], Iterator[Chunk]]:
    """Skip leading blank rows and buffer at least ``HEAD_ROWS`` rows; returns head, first row, buffer, rest."""
    buffer: list[Row] = []
    skipped = 0
    for item in chunks:
        chunk = item.as_rows() if isinstance(item, ColumnChunk) else item
        if not buffer:
            k = 0
            while k < len(chunk) and is_blank(chunk[k]):
                k += 1
            skipped += k
            chunk = chunk[k:]
        buffer.extend(chunk)
        if len(buffer) >= HEAD_ROWS:
            break
    return buffer[:HEAD_ROWS], row_base + skipped, buffer, chunks


def unreadable(file: str, detail: str, sheet: str | None = None) -> PeerimpactError:
    return PeerimpactError(make_issue("file_unreadable", detail, file=file, sheet=sheet))
