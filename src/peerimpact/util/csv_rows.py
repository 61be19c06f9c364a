"""CSV rows joined by Arrow's C++ CSV writer, the text of each column made without a Python object per cell
(issue 17, SPEC §8).

``score -o x.csv`` on a million rows spent about half a second joining the text in Python, one ``join`` per
row.  Here each column becomes an Arrow string array: mostly distinct text (ids) from one joined, encoded
string; whole numbers printed by Arrow's writer; floats and few-valued text (bands, status, reason) as
dictionary arrays over their distinct texts (no ``take``, which would import ``pyarrow.compute``, 0.1 s);
``pyarrow.csv.write_csv`` then writes the rows.  The caller asks :func:`worth_arrow` first.  The bytes are what
``csv.writer`` (minimal quoting, CRLF, floats as ``repr``, None as empty) writes after the caller's formula
guard, checked byte for byte in tests/reports/test_scores_csv_fast.py.  Arrow is asked never to quote, so
rows with any field that needs quotes or the guard -- rare: an id typed with a comma or a leading ``-`` --
give ``None``, and the caller formats them itself.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

__all__ = ["ARROW_LOADED_MIN_ROWS", "ARROW_MIN_ROWS", "Column", "csv_rows", "worth_arrow"]

#: rows from which Arrow is worth it when pyarrow is not loaded yet (a file read from a workbook): importing it
#: costs about 0.08 s, which writing 200,000 rows saves
ARROW_MIN_ROWS = 200_000
#: rows from which Arrow is worth it once pyarrow is loaded (a large text file was read with it): 100,000 rows
#: take 0.045 s against 0.073 s in Python
ARROW_LOADED_MIN_ROWS = 20_000

#: (kind, cells): "text" mostly distinct text or None; "utf8" text (never None) as ``(offsets, data)`` arrays of
#: its bytes (:class:`peerimpact.util.utf8_list.Utf8List`); "few" text or None with few distinct
#: values; "int" whole numbers; "float" a float ndarray (NaN written empty)
Column = tuple[str, Any]

_STRUCTURAL = (b'"', b",", b"\r", b"\n")  # what csv.writer quotes (delimiter, quote, line ends)
_FEW = 64  # distinct values up to which a text column is written from a dictionary of its texts
_BASES_COUNTED = 8  # up to this many distinct values, the commonest is found by counting


def worth_arrow(
    n_rows: int, *, least: int = ARROW_MIN_ROWS, loaded_least: int = ARROW_LOADED_MIN_ROWS
) -> bool:
    """Whether ``n_rows`` rows are worth joining with Arrow: from ``least`` rows, or from ``loaded_least`` once
    pyarrow has been imported (its import is then already paid)."""
    return n_rows >= least or (n_rows >= loaded_least and "pyarrow" in sys.modules)


def csv_rows(columns: Sequence[Column], *, guard: Callable[[str], str], risky: Sequence[str]) -> Any | None:
    """The rows of ``columns`` (all of one length) as UTF-8 bytes (a buffer), CRLF after each row.

    ``guard`` makes text safe (a formula-like value prefixed), ``risky`` the characters it acts on when they
    start a value (ASCII).  ``None`` when a field would need quotes or the guard, or pyarrow cannot write
    the rows: then the caller formats them.
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pa_csv
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return None
    if not columns or not len(columns[0][1]):
        return b""
    risky_first = np.zeros(256, dtype=bool)  # a first byte that starts a formula
    risky_first[[ord(c) for c in risky]] = True
    arrays = []
    for kind, cells in columns:
        if kind == "text":
            arrays.append(_text_column(pa, cells, risky_first))
        elif kind == "utf8":
            arrays.append(_utf8_column(pa, cells[0], cells[1], risky_first))
        elif kind == "few":
            arrays.append(_few_column(pa, cells, guard, risky_first))
        elif kind == "int":
            arrays.append(_int_column(pa, cells))
        else:
            arrays.append(_float_column(pa, cells))
        if arrays[-1] is None:
            return None
    table = pa.table(arrays, names=[f"c{j}" for j in range(len(arrays))])
    sink = pa.BufferOutputStream()
    try:
        options = pa_csv.WriteOptions(include_header=False, quoting_style="none", eol="\r\n")
        pa_csv.write_csv(table, sink, write_options=options)
    except (TypeError, pa.ArrowException):  # an older pyarrow without these options; a character it refuses
        return None
    return sink.getvalue()


def _strings(pa: Any, data: bytes, lengths: Any) -> Any:
    """A string array over ``data`` cut into pieces of ``lengths`` bytes (no copy of the text)."""
    offsets = np.zeros(len(lengths) + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    return pa.StringArray.from_buffers(len(lengths), pa.py_buffer(offsets), pa.py_buffer(data))


def _text_column(pa: Any, cells: Sequence[str | None], risky_first: Any) -> Any | None:
    """A column of mostly distinct text (ids): ``None`` (blank) written empty; ``None`` back when any field
    needs quotes or the formula guard."""
    fields: Sequence[str] = ["" if v is None else v for v in cells] if None in cells else cells  # type: ignore[assignment]
    try:
        joined = "".join(fields)
        data = joined.encode("utf-8")
    except (TypeError, UnicodeEncodeError):  # not text: the Python path says what it does with it
        return None
    if any(c in data for c in _STRUCTURAL):
        return None
    if joined.isascii():
        lengths = np.fromiter(map(len, fields), dtype=np.int32, count=len(fields))
    else:
        lengths = np.fromiter((len(f.encode("utf-8")) for f in fields), dtype=np.int32, count=len(fields))
    starts = (np.cumsum(lengths) - lengths)[lengths > 0]
    if risky_first[np.frombuffer(data, dtype=np.uint8)[starts]].any():
        return None
    return _strings(pa, data, lengths)


def _utf8_column(pa: Any, offsets: Any, data: Any, risky_first: Any) -> Any | None:
    """Text already held as UTF-8 (``data[offsets[i]:offsets[i + 1]]``: the reader's ids), as
    :func:`_text_column` makes it from strings, without joining or encoding them again."""
    part = data[offsets[0] : offsets[-1]]
    starts = offsets[:-1] - offsets[0]
    text = part.tobytes()
    first = starts[offsets[1:] > offsets[:-1]]  # where each non-empty cell begins
    if any(c in text for c in _STRUCTURAL) or risky_first[part[first]].any():
        return None
    return pa.StringArray.from_buffers(
        starts.size, pa.py_buffer((offsets - offsets[0]).astype(np.int32)), pa.py_buffer(part)
    )


def _few_column(
    pa: Any, cells: Sequence[str | None], guard: Callable[[str], str], risky_first: Any
) -> Any | None:
    """A column of few distinct values (status, reason, band): each made safe once, then looked up."""
    distinct = set(cells)
    if len(distinct) > _FEW:
        return _text_column(pa, cells, risky_first)
    if len(distinct) <= _BASES_COUNTED:
        base = max(distinct, key=cells.count)  # each count one C-level pass
    else:
        base = "" if "" in distinct else cells[0]
    order = [base, *(v for v in distinct if v != base)]
    texts = [guard("" if v is None else v) for v in order]
    data = "".join(texts).encode("utf-8")
    if any(c in data for c in _STRUCTURAL):
        return None
    sizes = [len(t.encode("utf-8")) for t in texts]
    if len(order) == 1:  # one value throughout (status "scored", reason ""): its bytes repeated
        return _strings(pa, data * len(cells), np.full(len(cells), sizes[0], dtype=np.int32))
    dictionary = _strings(pa, data, sizes)
    index = np.zeros(len(cells), dtype=np.int32)  # the base value's code
    cell_objects = np.fromiter(cells, dtype=object, count=len(cells))
    rest = np.flatnonzero(cell_objects != base)
    code = {v: k for k, v in enumerate(order)}
    index[rest] = np.fromiter(
        map(code.__getitem__, cell_objects[rest].tolist()), dtype=np.int32, count=rest.size
    )
    return pa.DictionaryArray.from_arrays(_int32(pa, index), dictionary)


def _int32(pa: Any, values: Any) -> Any:
    return pa.Array.from_buffers(pa.int32(), values.size, [None, pa.py_buffer(values)])


def _int_column(pa: Any, rows: Sequence[int]) -> Any | None:
    """Whole numbers, which Arrow's writer prints as ``str`` does; ``None`` for anything else (a bool, a
    float, a number beyond 64 bits)."""
    values = np.asarray(rows)
    if values.dtype.kind != "i" or values.ndim != 1:
        return None
    values = values.astype(np.int64, copy=False)
    return pa.Array.from_buffers(pa.int64(), values.size, [None, pa.py_buffer(values)])


def _float_column(pa: Any, values: Any) -> Any:
    """Scores as ``repr`` writes the floats, empty where not scored (NaN): each distinct value's text is
    made once (sum scores: a short range of whole numbers, found without sorting)."""
    nan = values != values
    scored = values[~nan]
    whole = (
        scored.size and (scored == scored.round()).all() and -10_000 <= scored.min() <= scored.max() <= 10_000
    )
    index = np.empty(values.size, dtype=np.int64)
    if whole:
        low = int(scored.min())
        texts = [repr(float(k)) for k in range(low, int(scored.max()) + 1)]
        index[~nan] = (scored - low).round().astype(np.int64)
    else:
        distinct, inverse = np.unique(scored, return_inverse=True)  # -0.0 and 0.0 fall together: see below
        texts = [repr(v) for v in distinct.tolist()]
        index[~nan] = inverse.reshape(-1)
    texts += ["", "0.0", "-0.0"]
    index[nan] = len(texts) - 3
    zero = np.flatnonzero(values == 0)
    index[zero] = np.where(np.signbit(values[zero]), len(texts) - 1, len(texts) - 2)
    encoded = [t.encode("ascii") for t in texts]
    dictionary = _strings(pa, b"".join(encoded), [len(t) for t in encoded])
    return pa.DictionaryArray.from_arrays(
        pa.Array.from_buffers(pa.int64(), index.size, [None, pa.py_buffer(index)]), dictionary
    )
