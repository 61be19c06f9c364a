"""Dates and times in start/completion-time columns (:func:`read_time_column`), for the layout readers.

Text dates keep their platform's order, decided per column (SPEC §3): a day over 12 settles day or month first
for the whole column; when every value could be either, the platform's known order is used (SurveyMonkey
writes MM/DD/YYYY even for UK accounts) and the caller says so.  Excel serial numbers (a date cell typed as
General, e.g. after pasting from another export) in the same column are read as dates too, so the column
sorts as one kind and the latest answer is found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

__all__ = ["read_text_times", "read_time_column"]

_TIME = r"(?:[ T,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?\s*([AaPp]\.?[Mm]\.?)?)?"
_ZONE = r"(?:\s*(?:Z|GMT|UTC|BST|CET|CEST)?\s*(?:[+-]\d{1,2}(?::?\d{2})?)?)?"
#: 03/11/2026 14:30, 3.11.26, 11/3/2026 2:30:00 PM GMT, 2026/11/03 14:30:00 (Google Forms, SurveyMonkey, typed)
_NUMERIC_DATE = re.compile(rf"(\d{{1,4}})[/.-](\d{{1,2}})[/.-](\d{{2,4}}){_TIME}{_ZONE}")
#: 3 Nov 2026, 3 November 2026 14:30, Nov 3, 2026
_NAMED_DATE = re.compile(
    rf"(?:(\d{{1,2}})\s+([A-Za-z]{{3,9}})\.?|([A-Za-z]{{3,9}})\.?\s+(\d{{1,2}}),?)\s+(\d{{4}}){_TIME}{_ZONE}"
)
_MONTHS = {m: k for k, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun"], 1)}
_MONTHS.update({m: k for k, m in enumerate(["jul", "aug", "sep", "oct", "nov", "dec"], 7)})


#: Excel's day 0 (serial 1 is 1 January 1900; the 1900 leap-year bug only moves dates before March 1900)
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
#: serial numbers read as dates: 3 October 1954 .. 10 January 2119 (a count or a year is not a date)
_SERIAL_MIN, _SERIAL_MAX = 20_000, 80_000


def read_text_times(cells: Sequence[Any], *, month_first: bool = False) -> list[Any]:
    """:func:`read_time_column` without the note (``month_first``: the order when every date is ambiguous)."""
    return read_time_column(cells, month_first=month_first)[0]


def read_time_column(cells: Sequence[Any], *, month_first: bool = False) -> tuple[list[Any], bool]:
    """A start/completion-time column with its text dates and Excel serial numbers turned into ``datetime``.

    CSV exports (Google Forms, SurveyMonkey, Qualtrics) and hand-typed sheets hold times as text, and text
    sorts wrongly: "12/10/2026" comes after "03/11/2026".  Read here: ISO 8601 (``2026-11-03 14:30:00``,
    ``…T14:30Z``), day/month/year or month/day/year with ``/``, ``.`` or ``-`` and an optional time (``2:30
    PM``), and ``3 Nov 2026`` / ``Nov 3, 2026``; a time zone is dropped.  Day or month first is decided for
    the whole column: a value that cannot be month first (``13/11/2026``) settles day first, one that cannot
    be day first (``11/13/2026``) settles month first, and a column with both kinds is left as text.  When
    every value could be either, ``month_first`` decides (the platform's order: SurveyMonkey's is month
    first, the UK's day first) and the second value returned is ``True``, so the caller can say so.

    Numbers from 20,000 to 80,000 are Excel serial dates (days since 30 December 1899, the fraction the time
    of day, read to the second).  A ``date`` (calamine's reading of a midnight date-time) becomes a midnight
    ``datetime``.  Other cells stay as they are.
    """
    cells = [_as_datetime(v) for v in cells]
    texts = [(pos, v) for pos, v in enumerate(cells) if v.__class__ is str]
    if not texts:
        return cells, False
    parsed: dict[int, tuple[int, int, int, int, int, int, bool]] = {}  # pos -> (a, b, y, h, m, s, numeric)
    day_first = settled_month_first = ambiguous = False
    for pos, text in texts:
        found = _parse_time_text(text)
        if found is None:
            continue
        parsed[pos] = found
        a, b, *_rest, numeric = found
        if numeric:
            day_first |= a > 12
            settled_month_first |= b > 12
            ambiguous |= a <= 12 and b <= 12 and a != b
    if day_first and settled_month_first:
        return cells, False
    assumed = ambiguous and not (day_first or settled_month_first)
    swap = settled_month_first or (assumed and month_first)
    out = cells
    for pos, (a, b, year, hour, minute, second, numeric) in parsed.items():
        day, month = (b, a) if numeric and swap else (a, b)
        try:
            out[pos] = dt.datetime(year, month, day, hour, minute, second)
        except ValueError:
            continue
    return out, assumed


def _as_datetime(value: Any) -> Any:
    """A ``date`` as a midnight ``datetime``; an Excel serial number as its date-time; anything else as is."""
    cls = value.__class__
    if cls is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    if (cls is float or cls is int) and _SERIAL_MIN <= value < _SERIAL_MAX:
        return _EXCEL_EPOCH + dt.timedelta(seconds=round(value * 86_400))
    return value


def _parse_time_text(text: str) -> tuple[int, int, int, int, int, int, bool] | None:
    """(day-or-first number, month-or-second number, year, hour, minute, second, numeric?) or None.

    ISO and year-first dates come back already as (day, month, …) with ``numeric`` false, as do named
    months, so the column's day/month decision leaves them alone.
    """
    text = text.strip()
    if len(text) < 6 or not text[0].isalnum():
        return None
    if text[4:5] == "-" and text[:4].isdigit():
        try:
            iso = dt.datetime.fromisoformat(text.replace(" UTC", "").replace(" GMT", ""))
        except ValueError:
            iso = None
        if iso is not None:
            return iso.day, iso.month, iso.year, iso.hour, iso.minute, iso.second, False
    m = _NUMERIC_DATE.fullmatch(text)
    if m is not None:
        first, second, third = m.group(1), int(m.group(2)), m.group(3)
        clock = _clock(m.group(4), m.group(5), m.group(6), m.group(7))
        if clock is None:
            return None
        if len(first) == 4:  # 2026/11/03
            return int(third), second, int(first), *clock, False
        if len(first) > 2:
            return None
        year = int(third) + (2000 if len(third) == 2 else 0)
        return int(first), second, year, *clock, True
    m = _NAMED_DATE.fullmatch(text)
    if m is not None:
        day = int(m.group(1) or m.group(4))
        month = _MONTHS.get((m.group(2) or m.group(3))[:3].lower())
        clock = _clock(m.group(6), m.group(7), m.group(8), m.group(9))
        if month is None or clock is None:
            return None
        return day, month, int(m.group(5)), *clock, False
    return None


def _clock(
    hour: str | None, minute: str | None, second: str | None, half: str | None
) -> tuple[int, int, int] | None:
    h, mi, s = int(hour or 0), int(minute or 0), int(second or 0)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half[0] in "Pp" else 0)
    if h > 23 or mi > 59 or s > 59:
        return None
    return h, mi, s
