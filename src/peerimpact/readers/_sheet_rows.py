"""A loaded workbook sheet's rows, streamed in chunks when the sheet is tall (issue 17: bounded memory).

``CalamineSheet.to_python()`` turns the whole used range into Python lists at once: for a 1,000,000-row
sheet that is about 1.1 GiB of cell objects beside calamine's own copy of the sheet (about 1 GiB), 2.2 GiB
for one reader.  ``iter_rows()`` gives the same rows one at a time, so a tall sheet is handed on in chunks
that :func:`peerimpact.readers.table.collect_body` turns into compact columns before the next is made.
``iter_rows`` starts at the sheet's first row rather than at the used range's (``to_python``'s default
``skip_empty_area``), so the rows above ``sheet.start`` are skipped here: the rows are exactly
``to_python()``'s.  Sheets of up to :data:`STREAM_ROWS` rows are converted at once, as before.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from itertools import islice
from typing import Any

import numpy as np

from peerimpact.readers.base import CodedColumn

__all__ = ["CHUNK_ROWS", "STREAM_ROWS", "code_text", "first_and_rest", "merge_coded", "rest_of"]

#: sheets with more rows than this are streamed
STREAM_ROWS = 262_144
#: rows per chunk of a streamed sheet (about 35 MB of cell objects for 15 columns)
CHUNK_ROWS = 32_768


def first_and_rest(loaded: Any) -> tuple[list[list[Any]], Iterator[list[list[Any]]]]:
    """The rows of ``to_python()`` as (first chunk, the later chunks): all of them in the first when the
    sheet has no more than :data:`STREAM_ROWS` rows."""
    if int(loaded.height) <= STREAM_ROWS:
        return loaded.to_python(), iter(())
    rows = loaded.iter_rows()
    start = getattr(loaded, "start", None)
    if start:
        deque(islice(rows, int(start[0])), maxlen=0)  # the empty rows above the used range
    return list(islice(rows, CHUNK_ROWS)), _chunks(rows)


def _chunks(rows: Iterator[list[Any]]) -> Iterator[list[list[Any]]]:
    while chunk := list(islice(rows, CHUNK_ROWS)):
        yield chunk


def rest_of(first: list[list[Any]], rest: Iterator[list[list[Any]]]) -> list[list[Any]]:
    """Every row, ``first`` extended by the later chunks (when a decision needs the whole sheet)."""
    for chunk in rest:
        first += chunk
    return first


def code_text(col: list[Any]) -> CodedColumn | None:
    """A later chunk of a coded column, coded whatever its length when every cell is text — the cells
    ``cells.code_or_clean`` gives (stripped, ``None`` when blank) — so that the column stays coded; ``None``
    when a cell is not text (the caller cleans the chunk as usual)."""
    index: dict[Any, int] = {}
    codes = [index.setdefault(v, len(index)) for v in col]
    if not all(k.__class__ is str for k in index):
        return None
    values = [k.strip() or None for k in index]
    return CodedColumn(values, np.array(codes, dtype=np.min_scalar_type(len(index))))


def merge_coded(a: CodedColumn, b: CodedColumn) -> CodedColumn:
    """``a`` followed by ``b``: ``b``'s values already in ``a`` take ``a``'s code, new ones are added."""
    code: dict[Any, int] = {}
    for k, v in enumerate(a.values):
        code.setdefault(v, k)
    values = list(a.values)
    remap: list[int] = []
    for v in b.values:
        if v not in code:
            code[v] = len(values)
            values.append(v)
        remap.append(code[v])
    dtype = np.min_scalar_type(len(values))
    codes = np.concatenate([a.codes.astype(dtype), np.asarray(remap, dtype=dtype)[b.codes]])
    return CodedColumn(values, codes)
