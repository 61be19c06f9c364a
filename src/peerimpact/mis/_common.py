"""What the MIS readers share that is not MIS data: the row ledger and cell parsing.

- :class:`Ledger`: every row's fate (``used`` / ``excluded`` + reason), the pupils seen and the located issues;
- :func:`to_number`: counts and percentages, text or not;
- :func:`to_date`: real Excel dates, ISO text and UK ``dd/mm/yyyy`` text, never the US order.

Re-exported by :mod:`peerimpact.mis`; the submodules import from here directly.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from peerimpact.issues import Issue, make_issue
from peerimpact.readers.base import SourceTable
from peerimpact.scoring.ids import upn_issues

__all__ = ["Ledger", "to_date", "to_number"]


# --- the row ledger ------------------------------------------------------------------------------------------


class Ledger:
    """Every row's fate (``used`` / ``excluded`` + reason), the pupils seen and the located issues.

    Shared by the attendance and behaviour readers.  Pupils are indexed in first-seen order; a UPN with a
    wrong check letter gives one ``invalid_upn`` warning per pupil (not one per register row) and a note in
    the reason of the rows that carry it.
    """

    def __init__(self, table: SourceTable, id_col: str, row_ids: list[str | None]) -> None:
        self.table, self.id_col, self.row_ids = table, id_col, row_ids
        self.ids: list[str] = []
        self.index: dict[str, int] = {}
        self.first_row: list[int] = []  # each pupil's first row position
        self.status = ["used"] * table.n_rows
        self.reason = [""] * table.n_rows
        self.issues: list[Issue] = []
        pos_of = {row: pos for pos, row in enumerate(table.rows)}
        seen: set[str | None] = set()
        for issue in upn_issues(table, id_col, row_ids):
            if issue.value not in seen:
                seen.add(issue.value)
                self.issues.append(issue)
            if issue.row in pos_of:
                self.reason[pos_of[issue.row]] = "UPN check letter is wrong"

    def issue(
        self, code: str, detail: str, pos: int | None = None, column: str | None = None, value: Any = None
    ) -> None:
        """Add a located issue (``pos`` is the data row position; the issue carries its Excel row)."""
        row = None if pos is None else self.table.rows[pos]
        t = self.table
        self.issues.append(
            make_issue(code, detail, file=t.file, sheet=t.sheet, row=row, column=column, value=value)
        )

    def reject(
        self, pos: int, why: str, code: str, detail: str = "", column: str | None = None, value: Any = None
    ) -> None:
        """Exclude row ``pos`` with reason ``why`` and raise the issue that says so."""
        self.status[pos], self.reason[pos] = "excluded", why
        self.issue(code, detail or why, pos, column, value)

    def note(self, pos: int, why: str) -> None:
        """Add to a row's reason without changing its status."""
        self.reason[pos] = f"{self.reason[pos]}; {why}" if self.reason[pos] else why

    def added(self, k: int) -> None:
        """Called when pupil ``k`` is first seen (subclasses grow their tallies here)."""

    def pupil(self, pos: int) -> int | None:
        """The pupil index of row ``pos`` (added on first sight); None, row excluded, when it has no id."""
        pid = self.row_ids[pos]
        if pid is None:
            self.reject(pos, "no pupil id", "missing_id", "the row cannot be linked to a pupil", self.id_col)
            return None
        k = self.index.get(pid)
        if k is None:
            k = self.index[pid] = len(self.ids)
            self.ids.append(pid)
            self.first_row.append(pos)
            self.added(k)
        return k

    def repeated(self, pos: int, k: int) -> bool:
        """True, row excluded, when pupil ``k`` already had a row (files with one row per pupil)."""
        if self.first_row[k] == pos:
            return False
        first = self.table.rows[self.first_row[k]]
        self.reject(
            pos,
            f"duplicate of row {first}",
            "duplicate_mis_row",
            f"pupil already on row {first}",
            self.id_col,
            self.row_ids[pos],
        )
        return True

    def rows_of(self) -> dict[str, list[int]]:
        """Row positions of each pupil id."""
        out: dict[str, list[int]] = {}
        for pos, pid in enumerate(self.row_ids):
            if pid is not None:
                out.setdefault(pid, []).append(pos)
        return out


# --- cells ---------------------------------------------------------------------------------------------------

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def to_number(value: Any) -> float | None:
    """A count or percentage cell as a float; None when blank or ``-``.  Raises ValueError for anything else.

    Text numbers as CSV exports give them are accepted (``"180"``, ``"1,234"``, ``"86.7%"``); booleans and
    dates are not numbers.
    """
    if value is None:
        return None
    if isinstance(value, bool | date):
        raise ValueError("not a number")
    if isinstance(value, int | float):
        return None if value != value else _plausible(float(value))
    text = str(value).strip()
    if text in ("", "-"):
        return None
    if text.endswith("%"):
        text = text[:-1].strip()
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    return _plausible(float(text))  # raises ValueError on text


#: no count of sessions, absences or points in a school's export comes near this (a school year is ~380
#: sessions); 1e308 or "inf" would overflow every sum and rate after it
_LARGEST = 1e7


def _plausible(x: float) -> float:
    if not -_LARGEST <= x <= _LARGEST:  # also false for inf and nan
        raise ValueError("not a plausible count")
    return x


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]m)?z?)?"
_ISO = re.compile(rf"^{_WEEKDAY}(\d{{4}})[-/](\d{{1,2}})[-/](\d{{1,2}}){_TIME}$")
_UK = re.compile(rf"^{_WEEKDAY}(\d{{1,2}})[/.-](\d{{1,2}})[/.-](\d{{4}}|\d{{2}}){_TIME}$")
_WORDS = re.compile(
    rf"^{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?[\s-]+([a-z]{{3}})[a-z]*\.?[\s-]+(\d{{4}}|\d{{2}}){_TIME}$"
)
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's 1900 date system, serial 1 = 1900-01-01 after the leap-year bug


@lru_cache(maxsize=4096)
def _text_date(text: str) -> date:
    t = " ".join(text.strip().casefold().split())
    if m := _ISO.match(t):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _UK.match(t):  # day first, always: a UK school's dd/mm/yyyy, never the US mm/dd/yyyy
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
        y += 2000 if len(m[3]) == 2 else 0
    elif (m := _WORDS.match(t)) and m[2] in _MONTHS:
        d, mo, y = int(m[1]), _MONTHS[m[2]], int(m[3])
        y += 2000 if len(m[3]) == 2 else 0
    else:
        raise ValueError("not a date (use dd/mm/yyyy or yyyy-mm-dd)")
    try:
        return date(y, mo, d)
    except ValueError:  # 31/02, or a month 13: a US-order date such as 10/13/2026
        raise ValueError("not a real day (dates are read day first: dd/mm/yyyy)") from None


def to_date(value: Any) -> date | None:
    """A date cell as a date; None when blank.  Raises ValueError when it is not a date.

    Accepts real Excel dates (and date-times), Excel serial numbers (20000–80000, years 1954–2119), ISO text
    (``2026-10-05``, with or without a time), UK text day first (``05/10/2026``, ``5.10.26``, ``5 Oct 2026``,
    a leading weekday allowed).  ``10/13/2026`` is rejected, never read as 13 October.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError("not a date")
    if isinstance(value, int | float):
        if 20000 <= value <= 80000:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError("not a date")
    text = str(value).strip()
    return _text_date(text) if text else None
