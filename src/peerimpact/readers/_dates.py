"""Text dates and times in start/completion-time columns (:func:`read_text_times`), for the layout readers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

__all__ = ["read_text_times"]

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


def read_text_times(cells: Sequence[Any]) -> list[Any]:
    """A start/completion-time column with its text dates turned into ``datetime`` values.

    CSV exports (Google Forms, SurveyMonkey, Qualtrics) and hand-typed sheets hold times as text, and text
    sorts wrongly: "12/10/2026" comes after "03/11/2026".  Read here: ISO 8601 (``2026-11-03 14:30:00``,
    ``…T14:30Z``), day/month/year or month/day/year with ``/``, ``.`` or ``-`` and an optional time (``2:30
    PM``), and ``3 Nov 2026`` / ``Nov 3, 2026``; a time zone is dropped.  Day or month first is decided for
    the whole column: month first only when some value cannot be day first (``11/13/2026``), else day first,
    the UK order; a column with both kinds is left as text.  A ``date`` (calamine's reading of a midnight
    date-time) becomes a midnight ``datetime``, so the column sorts as one kind.  Other cells stay as they are.
    """
    cells = [dt.datetime(v.year, v.month, v.day) if v.__class__ is dt.date else v for v in cells]
    texts = [(pos, v) for pos, v in enumerate(cells) if v.__class__ is str]
    if not texts:
        return cells
    parsed: dict[int, tuple[int, int, int, int, int, int, bool]] = {}  # pos -> (a, b, y, h, m, s, numeric)
    day_first = month_first = False
    for pos, text in texts:
        found = _parse_time_text(text)
        if found is None:
            continue
        parsed[pos] = found
        a, b, *_rest, numeric = found
        if numeric:
            day_first |= a > 12
            month_first |= b > 12
    if day_first and month_first:
        return cells
    out = cells
    for pos, (a, b, year, hour, minute, second, numeric) in parsed.items():
        day, month = (b, a) if numeric and month_first else (a, b)
        try:
            out[pos] = dt.datetime(year, month, day, hour, minute, second)
        except ValueError:
            continue
    return out


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
