"""Formula-safe text for spreadsheets (SPEC §7, OWASP CSV injection).

Text that starts with ``=``, ``+``, ``-``, ``@``, tab or CR could be run as a formula by Excel.  In xlsx
such text is stored as a string cell (openpyxl otherwise turns ``=…`` into a live formula); in CSV it is
prefixed with a single quote, as OWASP recommends.  Numbers stay numbers, negative ones included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["FORMULA_STARTS", "RISKY_AFTER_NUL", "any_risky", "csv_safe", "is_risky"]

#: the one list of characters that make a spreadsheet read text as a formula; the patterns below derive from it
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_STARTS_CLASS = "[" + re.escape("".join(FORMULA_STARTS)) + "]"


def is_risky(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


_RISKY = re.compile(_STARTS_CLASS)


#: a value that starts like a formula, in a column joined with NUL separators (NUL first)
RISKY_AFTER_NUL = re.compile("\x00" + _STARTS_CLASS)


def any_risky(values: Iterable[Any]) -> bool:
    """Whether any text value in a column starts like a formula.

    A column of text (and empty cells) is joined with NUL separators and searched once, in C; a NUL inside a
    value can only give a needless "yes" (the caller then checks cell by cell), never a missed one.
    """
    values = values if isinstance(values, list) else list(values)
    try:
        joined = "\x00".join(filter(None, values))
    except TypeError:  # numbers among the text
        return any(map(_RISKY.match, (v for v in values if type(v) is str)))
    return RISKY_AFTER_NUL.search("\x00" + joined) is not None


def csv_safe(value: Any) -> Any:
    """Prefix risky text with ``'`` for CSV output."""
    return "'" + value if is_risky(value) else value
