"""Session-level registers read into the per-pupil attendance tallies (SPEC §6).

A register is either **long** (one row per pupil per session: date, optional AM/PM session, mark) or **wide**
(one row per pupil, one column per session headed by its date and optionally AM/PM).  Marks are resolved
against the DfE code table (``data/attendance_codes.toml``, formats.md §2.4); a code from the other table
(before/after 19 August 2024), a blank or unknown mark and sessions outside the period are reported once per
file.  :class:`RegisterMixin` gives :class:`peerimpact.mis.attendance._Builder` its register methods.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from peerimpact.mis._common import Ledger, to_date
from peerimpact.mis.codes import POSSIBLE, AttendanceCode, attendance_codes

__all__ = ["RegisterMixin"]

_SESSION = re.compile(r"\s*[(\[]?\b(am|pm)\b[)\]]?\s*$", re.I)


def session_heading(heading: str) -> tuple[date, str] | None:
    """(date, "AM"/"PM"/"") for a wide-register heading such as ``Mon 05/10/2026 AM``; None otherwise."""
    m = _SESSION.search(heading)
    body = heading[: m.start()] if m else heading
    try:
        day = to_date(body)
    except ValueError:
        return None
    return (day, m[1].upper() if m else "") if day else None


def marks(text: str, on: date | None, pair: bool = False) -> list[AttendanceCode] | None:
    """The DfE code(s) in a mark cell; None when unknown.

    With ``pair`` (a cell for a whole day: a grid column or register row without AM/PM), two one-character
    codes such as ``/\\`` or ``LN`` are the morning and afternoon marks, as SIMS shows a day.
    """
    table = attendance_codes()
    found = table.lookup(text, on)
    if found:
        return [found]
    two = [table.lookup(c, on) for c in text] if pair and len(text) == 2 else []
    return [c for c in two if c] if two and all(two) else None


class RegisterMixin(Ledger):
    """The register readers of the attendance builder: marks counted into ``tally`` (the five counts)."""

    tally: dict[str, list[float]]

    def register_long(self, f: dict[str, str], period: tuple[date, date] | None) -> None:
        """One row per pupil per session: date, optional session, mark."""
        dates, marks = self.table.column(f["date"]), self.table.column(f["mark"])
        sessions = self.table.column(f["session"]) if "session" in f else None
        seen: dict[tuple[int, date, str], int] = {}
        tracker = _MarkTracker(self)
        days: dict[Any, date | None] = {}  # each distinct date cell parsed once
        for pos in range(self.table.n_rows):
            k = self.pupil(pos)
            if k is None:
                continue
            try:
                cell = dates[pos]
                day = days[cell] if cell in days else days.setdefault(cell, to_date(cell))
            except ValueError as exc:
                self.reject(
                    pos, f"{f['date']!r} is not a date", "mis_value_invalid", str(exc), f["date"], dates[pos]
                )
                continue
            if day is None:
                self.reject(pos, "no date", "mis_value_missing", f"{f['date']!r} is blank", f["date"])
                continue
            if period and not period[0] <= day <= period[1]:
                self.status[pos], self.reason[pos] = "excluded", "outside the period"
                tracker.outside += 1
                continue
            if sessions is not None:
                key = (k, day, str(sessions[pos] or "").strip().upper())
                if key in seen:
                    first = self.table.rows[seen[key]]
                    why, detail = f"duplicate of row {first}", f"session already marked on row {first}"
                    self.reject(pos, why, "duplicate_mis_row", detail, f["mark"], marks[pos])
                    continue
            if not tracker.mark(pos, k, marks[pos], day, f["mark"], pair=sessions is None):
                self.status[pos] = "excluded"
                self.reason[pos] = f"unknown attendance code {str(marks[pos]).strip()!r}: counted as no mark"
            elif sessions is not None:
                seen[key] = pos
        tracker.finish("rows")

    def register_wide(self, period: tuple[date, date] | None) -> list[str]:
        """One row per pupil, one column per session (heading: a date, optionally AM/PM); returns its columns."""
        columns = [(j, c, s) for j, c in enumerate(self.table.columns) if (s := session_heading(c))]
        inside = [(j, c, s) for j, c, s in columns if not period or period[0] <= s[0] <= period[1]]
        tracker = _MarkTracker(self)
        tracker.outside = len(columns) - len(inside)
        for pos in range(self.table.n_rows):
            k = self.pupil(pos)
            if k is None or self.repeated(pos, k):
                continue
            unknown = sum(
                not tracker.mark(pos, k, self.table.data[j][pos], day, c, pair=not half)
                for j, c, (day, half) in inside
            )
            if unknown:
                self.note(pos, f"{unknown} unknown attendance code(s) counted as no mark")
        tracker.finish("session columns")
        return [c for _, c, _ in columns]


class _MarkTracker:
    """Reads register marks into the tallies; collects legacy codes, missing marks and the period's edges.

    Each distinct (cell, before 19/08/2024?, day cell?) is resolved against the code table once.
    """

    def __init__(self, b: RegisterMixin) -> None:
        self.b = b
        self.outside = 0
        self.no_mark = 0
        self.legacy: dict[tuple[str, str], list[Any]] = {}  # (code, table) -> [count, first pos, column, day]
        self.cutoff = attendance_codes().current_from
        self.cache: dict[
            tuple[Any, bool, bool], tuple[tuple[str, ...], int, tuple[tuple[str, str], ...], str | None]
        ] = {}

    def _resolve(
        self, text: str, day: date, pair: bool
    ) -> tuple[tuple[str, ...], int, tuple[tuple[str, str], ...], str | None]:
        """(categories counted as possible, no-mark sessions, codes from the other table, unknown text)."""
        codes = marks(text, day, pair) if text else []
        if codes is None:
            return (), 1, (), text
        wanted = "legacy" if day < self.cutoff else "current"
        counted = tuple(c.category for c in codes if c.category in POSSIBLE)
        odd = tuple((c.code, c.table) for c in codes if c.table != wanted)
        return counted, sum(c.category == "no_mark" for c in codes) + (not codes), odd, None

    def mark(self, pos: int, k: int, cell: Any, day: date, column: str, pair: bool = False) -> bool:
        """Count one mark cell for pupil ``k``; False (with an issue) when it holds no DfE code."""
        key = (cell, day < self.cutoff, pair)
        hit = self.cache.get(key)
        if hit is None:
            hit = self.cache[key] = self._resolve("" if cell is None else str(cell).strip(), day, pair)
        counted, no_mark, odd, unknown = hit
        self.no_mark += no_mark
        if unknown is not None:
            self.b.issue(
                "attendance_code_unknown",
                f"{unknown!r} on {day:%d/%m/%Y}: counted as no mark",
                pos,
                column,
                unknown,
            )
            return False
        tally = self.b.tally
        for category in counted:
            tally["possible"][k] += 1
            tally[category][k] += 1
        for code in odd:
            self.legacy.setdefault(code, [0, pos, column, day])[0] += 1
        return True

    def finish(self, what: str) -> None:
        """Raise the file-level issues: legacy codes (one per code), sessions without a mark, the period."""
        for (code, table), (count, pos, column, day) in self.legacy.items():
            when = "before" if table == "current" else "from"
            detail = f"{code!r} ({table} table) on {count} session(s) {when} 19/08/2024, first {day:%d/%m/%Y}"
            self.b.issue("attendance_code_legacy", detail, pos, column, code)
        if self.no_mark:
            self.b.issue("no_mark_recorded", f"{self.no_mark} session(s) blank, '-' or an unknown code")
        if self.outside:
            self.b.issue("outside_periods", f"{self.outside} {what} dated outside the period")
