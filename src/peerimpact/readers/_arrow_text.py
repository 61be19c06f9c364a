"""The body of a large, regular UTF-8 text export parsed by Apache Arrow's CSV reader (SPEC §8).

The Python reader (:mod:`.text_grid`) splits lines in Python and builds one string per cell: about 0.4 s for a
100,000 × 15 export before any scoring.  Arrow parses the same file in C++ on every core and keeps each
column dictionary-encoded, so each distinct answer is cleaned once and every cell refers to that one
string (a million-row file of Likert labels holds five strings per column).  Downstream, answer-to-code
lookups on shared strings are several times faster than on a million separate ones.

Only the body is read this way; the head rows (layout detection) always come from the Python reader, and
any file Arrow cannot read *exactly* as the Python reader would -- rows of another width, bytes that are not
UTF-8 -- makes :func:`read_body` return ``None`` so the caller reads it the usual way.  Blank lines are kept
as rows (``ignore_empty_lines=False``) and the header records are skipped as records, not lines, so row
numbers agree with a spreadsheet's.  tests/readers/test_coded_columns.py checks both paths give identical
tables on every example and corpus file and on random CSV text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from peerimpact.readers.base import CodedColumn
from peerimpact.util.utf8_list import Utf8List

if TYPE_CHECKING:
    import numpy as np

__all__ = ["ARROW_MIN_BYTES", "eligible", "read_body"]

#: text files at least this large have their body parsed by Arrow (smaller ones gain nothing measurable)
ARROW_MIN_BYTES = 1 << 20
_ENCODINGS = {"utf-8", "utf-8-sig"}
_BLOCK = 4 << 20  # bytes Arrow parses per block (both cores busy from ~10 MB); converted block by block
_DISTINCT_SLACK = 1_000  # a column stays coded while at most half its values (+ this) are distinct


def eligible(encoding: str, size: int) -> bool:
    """Whether a text file of this encoding and size is worth trying with Arrow."""
    return encoding in _ENCODINGS and size >= ARROW_MIN_BYTES


def read_body(
    path: str, *, delimiter: str, quoted: bool, width: int, skip: int, distinct: set[int] | None = None
) -> tuple[list[list[str | None] | CodedColumn], int] | None:
    """Columns of the records after the first ``skip`` ones, cleaned (stripped, blank → ``None``).

    Columns in ``distinct`` (ids, times: values that rarely repeat) are parsed as plain text and come back as
    lists; the others are dictionary-encoded while parsing and come back coded when their values repeat.

    Returns ``(columns, n_rows)``, or ``None`` when Arrow is not installed or cannot read the file exactly
    (it then raises ``ArrowInvalid`` before any row is returned, so nothing is half-read).
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pa_csv
    except ImportError:  # pragma: no cover - pyarrow is a dependency; a stripped install still reads
        return None
    names = [f"c{j}" for j in range(width)]
    text_dict = pa.dictionary(pa.int32(), pa.string())
    try:
        table = pa_csv.read_csv(
            path,
            read_options=pa_csv.ReadOptions(
                column_names=names, skip_rows_after_names=skip, block_size=_BLOCK
            ),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                quote_char='"' if quoted else False,
                newlines_in_values=quoted,
                ignore_empty_lines=False,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types={
                    name: pa.string() if j in (distinct or ()) else text_dict for j, name in enumerate(names)
                },
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError, OSError, ValueError):
        return None
    n = table.num_rows
    columns: list[list[str | None] | CodedColumn] = []
    parsed: list[Any] = table.columns
    del table
    for j in range(width):
        chunked, parsed[j] = parsed[j], None  # release each column's buffers once converted
        columns.append(_plain(chunked) if j in (distinct or ()) else _cells(chunked))
        del chunked
    pa.default_memory_pool().release_unused()  # hand the parse buffers back to the system (SPEC §8 memory)
    return columns, n


def _plain(chunked: Any) -> list[str | None]:
    """A plain-text column as a list of cleaned cells (a :class:`~peerimpact.util.utf8_list.Utf8List`), which
    keeps Arrow's bytes when no cell needed cleaning (ids, mostly)."""
    import numpy as np

    from peerimpact.readers.cells import clean_strings

    out = Utf8List((), np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.uint8))  # filled in place: no copy
    offsets: list[Any] | None = [np.zeros(1, dtype=np.int64)]
    data: list[Any] = []
    size = 0
    for chunk in chunked.chunks:
        cells = chunk.to_pylist()
        buffers = _clean_buffers(chunk)
        if buffers is None:
            cells, offsets = clean_strings(cells, None), None
        elif offsets is not None:
            offsets.append(buffers[0][1:] + size)
            data.append(buffers[1])
            size += len(buffers[1])
        list.extend(out, cells)  # (Utf8List.extend would drop the bytes)
    out.utf8 = None if offsets is None or not out else (np.concatenate(offsets), np.concatenate(data))
    return out


_ASCII_SPACE = [chr(b).isspace() for b in range(128)]  # what str.strip() removes, among ASCII bytes


def _already_clean(chunk: Any) -> bool:
    """Whether every cell of a string chunk is what cleaning leaves unchanged (see :func:`_clean_buffers`)."""
    return _clean_buffers(chunk) is not None


def _clean_buffers(chunk: Any) -> tuple[Any, Any] | None:
    """``(offsets, data)`` (int64 from 0, uint8) of a string chunk whose every cell is what cleaning leaves
    unchanged -- ASCII, not empty, no space at either end -- seen on the chunk's bytes (a million ids: about
    0.1 s less than cleaning them as strings); ``None`` for any other chunk, which is cleaned as usual."""
    import numpy as np

    n = len(chunk)
    if not n:
        return np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.uint8)
    _, offsets_buffer, data_buffer = chunk.buffers()
    if chunk.null_count or data_buffer is None:
        return None
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32, count=n + 1, offset=4 * chunk.offset)
    data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]]
    offsets = offsets.astype(np.int64) - offsets[0]
    if (offsets[1:] == offsets[:-1]).any() or data.max() >= 128:
        return None  # an empty cell (None once cleaned), or text that may hold Unicode spaces
    space = np.array(_ASCII_SPACE + [False] * 128)
    if space[data[offsets[:-1]]].any() or space[data[offsets[1:] - 1]].any():
        return None
    return offsets, data


def _cells(chunked: Any) -> list[str | None] | CodedColumn:
    """One dictionary-encoded column as cells: a :class:`CodedColumn` when its values repeat (answers), else
    a list (ids, free text).  Each distinct value is cleaned once."""
    import numpy as np

    from peerimpact.readers.cells import clean_strings

    parts: list[np.ndarray] = []
    values: list[str | None] = []
    where: dict[str | None, int] = {}
    plain: list[str | None] | None = None
    for chunk in chunked.chunks:
        cleaned = clean_strings(chunk.dictionary.to_pylist(), None)
        indices = chunk.indices  # int32, never null (strings_can_be_null=False)
        # from the buffer itself: Array.to_numpy() would import pandas (0.25 s) to convert
        codes = np.frombuffer(
            indices.buffers()[1], dtype=np.int32, count=len(indices), offset=4 * indices.offset
        )
        if plain is None and 2 * len(cleaned) > len(indices) + _DISTINCT_SLACK:
            plain = CodedColumn(values, np.concatenate(parts)).cells() if parts else []
        if plain is not None:  # mostly distinct values: nothing worth sharing
            plain += map(cleaned.__getitem__, codes.tolist())
            continue
        remap = np.array([where.setdefault(v, len(where)) for v in cleaned], dtype=np.int32)
        values[len(values) :] = list(where)[len(values) :]
        same = remap.size and remap[-1] == remap.size - 1 and (remap == np.arange(remap.size)).all()
        parts.append(codes if same else remap[codes])  # a chunk numbering its values as before: as they are
    if plain is not None:
        return plain
    codes = np.concatenate(parts) if parts else np.zeros(0, np.int32)
    return CodedColumn(values, codes.astype(np.min_scalar_type(max(len(values) - 1, 0))))
