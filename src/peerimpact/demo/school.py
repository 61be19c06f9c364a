"""The example school's MIS roll and calendar: who is on roll (``Kid``) and the school days of each term."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from peerimpact.demo.roster import Pupil

__all__ = ["MIS_TERMS", "Kid", "school_days"]

#: the two terms (first and last school day), as a programme config would name them
MIS_TERMS = {
    "autumn": (date(2026, 9, 2), date(2026, 12, 18)),
    "summer": (date(2027, 4, 12), date(2027, 7, 21)),
}
_OFF = {  # half terms and bank holidays inside the terms (an invented local calendar)
    "autumn": [(date(2026, 10, 26), date(2026, 10, 30))],
    "summer": [(date(2027, 5, 3), date(2027, 5, 3)), (date(2027, 5, 31), date(2027, 6, 4))],
}


@dataclass(slots=True)
class Kid:
    """One pupil on the MIS: UPN, names as the MIS holds them, year, form, and when on roll."""

    upn: str
    surname: str
    forename: str
    year: int
    form: str
    pupil: Pupil | None
    terms: tuple[str, ...] = ("autumn", "summer")
    joined: date | None = None  # first day on roll, when after the term began


def school_days(term: str) -> list[date]:
    start, end = MIS_TERMS[term]
    days = [start + timedelta(d) for d in range((end - start).days + 1)]
    return [d for d in days if d.weekday() < 5 and not any(a <= d <= b for a, b in _OFF[term])]
