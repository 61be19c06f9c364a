"""Cleaning cells and columns as they come out of a workbook or a text file (SPEC §3).

A cell becomes ``None`` when empty or blank, a stripped ``str``, or the workbook's number, bool or date;
whole-number floats become ``int`` (Excel stores every number as a float, so an admission number ``1234`` must
not turn into ``"1234.0"`` when ids are matched across waves).  Headings are stripped, NFC-normalised, with
typographic quotes made straight and runs of whitespace made one space (formats.md §1.6).  Whole columns are
cleaned at once, in C where they can be (SPEC §8); a large column of repeated answers stays coded
(:class:`~peerimpact.readers.base.CodedColumn`), each distinct value cleaned once.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from peerimpact.readers.base import CodedColumn

__all__ = [
    "CACHE_SLACK",
    "CODED_MIN_ROWS",
    "cell_text",
    "clean_cells",
    "clean_strings",
    "code_or_clean",
    "normalise_heading",
]

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
    }
)
_BIG = 1e15  # whole floats beyond this stay floats (beyond 2**53 they are not exact anyway)
CACHE_SLACK = 1_000  # a deduplicated column stops sharing once over half its values are distinct
#: a cell starting (seen forwards) or ending (seen on the reversed text) with whitespace, after a NUL separator
_EDGE = re.compile(r"\x00\s")


def cell_text(value: Any) -> str:
    """A raw cell as text, as Excel would show it: ``""`` for empty, ``1`` not ``1.0``, dates in ISO form."""
    if value is None:
        return ""
    if value.__class__ is str:
        return str(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and -_BIG < value < _BIG:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def normalise_heading(value: Any) -> str:
    """A header cell as a heading: text, NFC, straight quotes, single spaces, stripped."""
    text = cell_text(value)
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return " ".join(text.split())


def _clean_text_column(col: Sequence[Any]) -> list[Any] | None:
    """Clean a column that holds only text, or return ``None`` when it holds anything else.

    Joining the column with NUL separators and searching the result (in C) tells whether any cell is empty
    or has whitespace at either end; most survey columns have neither, and are then copied as they are,
    about a third faster than cleaning cell by cell.  A NUL inside a cell can only cause a needless slow
    path, never a missed cell.
    """
    try:
        joined = "\x00" + "\x00".join(col) + "\x00"
    except TypeError:
        return None
    edged = _EDGE.search(joined) is not None or _EDGE.search(joined[::-1]) is not None
    if edged:
        return [v.strip() or None for v in col]
    if "\x00\x00" in joined:
        return [v or None for v in col]
    return list(col)


def clean_cells(col: Sequence[Any]) -> list[Any]:
    """Clean one column of workbook cells (calamine gives ``""`` for empty cells).

    str → stripped or ``None``; whole float → ``int``; bool, int, other floats, dates and times unchanged
    (calamine already gives ``""`` for error cells such as ``#N/A``, so they read as empty) --
    except that calamine returns a ``date`` for a date-time cell at exactly midnight, so in a column that also
    holds date-times those become midnight ``datetime`` values (a column mixing the two could not be sorted,
    e.g. by completion time).
    """
    text = _clean_text_column(col)
    if text is not None:
        return text
    out = [
        (v.strip() or None)
        if (t := v.__class__) is str
        else ((int(v) if v.is_integer() and -_BIG < v < _BIG else v) if t is float else v)
        for v in col
    ]
    types = set(map(type, out))
    if dt.date in types and dt.datetime in types:
        out = [dt.datetime(v.year, v.month, v.day) if v.__class__ is dt.date else v for v in out]
    return out


#: workbook columns at least this long whose first cells repeat are kept coded (see :func:`code_or_clean`)
CODED_MIN_ROWS = 5_000
_SAMPLE = 2_000  # first cells looked at to guess whether a column repeats a few values
_SAMPLE_DISTINCT = 200


def code_or_clean(col: list[Any]) -> list[Any] | CodedColumn:
    """A workbook column as a :class:`CodedColumn` when it is text repeating a few values (answers), else
    :func:`clean_cells`.

    One pass numbers the distinct cells (``dict.setdefault``, about 0.2 µs a cell); each distinct value is
    then cleaned once.  That replaces both the cleaning pass here and the answer-to-code pass in
    :mod:`peerimpact.scoring.validation`, which then works per distinct value.  Columns holding anything but text are
    cleaned as usual: as dict keys ``True == 1``, and dates need their own care.
    """
    if len(col) >= CODED_MIN_ROWS and len(set(col[:_SAMPLE])) <= _SAMPLE_DISTINCT:
        index: dict[Any, int] = {}
        codes = [index.setdefault(v, len(index)) for v in col]
        if 2 * len(index) <= len(col) + CACHE_SLACK and all(k.__class__ is str for k in index):
            import numpy as np

            values = [k.strip() or None for k in index]
            return CodedColumn(values, np.array(codes, dtype=np.min_scalar_type(len(index))))
    return clean_cells(col)


def clean_strings(col: Sequence[str], cache: dict[str, str | None] | None) -> list[str | None]:
    """Clean one column of CSV cells: stripped text, ``None`` when blank.  CSV cells stay text.

    With a ``cache`` (large files), each distinct value is cleaned once and every cell refers to that one
    object: a 1,000,000-row file of Likert labels then holds five strings per column instead of a million,
    which keeps the read within the memory budget of SPEC §8.  The cache is filled from the column's
    distinct values, so the per-cell work stays in C (``map`` over ``dict.__getitem__``).
    """
    if cache is None:
        text = _clean_text_column(col)
        return text if text is not None else [v.strip() or None for v in col]
    try:
        return list(map(cache.__getitem__, col))
    except KeyError:
        for v in set(col):
            if v not in cache:
                cache[v] = v.strip() or None
        return list(map(cache.__getitem__, col))
