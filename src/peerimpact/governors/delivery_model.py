"""The governors' report's delivery part (:mod:`peerimpact.governors.delivery` and
:mod:`peerimpact.governors.characteristics` build it): delivery term by term, reach by characteristic and
the targets — dataclasses of :mod:`peerimpact.governors.model`'s report, kept apart to keep that module to
one screenful of concerns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from peerimpact.governors.model import Count

__all__ = ["DeliveryRow", "ReachCell", "ReachRow", "TargetRow"]


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    """One term's delivery from its activity log (``term`` "So far": the programme to date).

    Pupil counts (mentees, referrals, mentors trained) are :class:`Count` (suppressed); sessions and
    supervision sessions are not counts of pupils and are always shown.  ``per_mentee`` is the dose:
    the sessions held in the term divided by the mentees mentored so far at the end of it (the log records
    a mentee's first session, not their last, so every mentee so far is taken to be still seen), rounded
    to one decimal; None when that number of mentees is hidden (the ratio would give it away) or 0.
    ``supervision_pct`` and ``self_share`` are whole percentages, None when a count they need is hidden."""

    term: str
    sessions: int | None
    new_mentees: Count
    mentees_so_far: Count
    per_mentee: float | None
    supervision_planned: int | None
    supervision_delivered: int | None
    supervision_pct: int | None
    self_referrals: Count | None  # None on the "So far" row: referrals are not added up over the terms
    staff_referrals: Count | None
    self_share: int | None
    trained: Count


@dataclass(frozen=True, slots=True)
class ReachCell:
    """One role's pupils at one level of a characteristic: ``n`` (suppressed), ``pct`` of the role's
    pupils (None when hidden), and ``count_shown`` False when the role has 5–9 pupils (percentage only)."""

    role: str
    n: Count
    pct: int | None
    count_shown: bool = True

    @property
    def text(self) -> str:
        """ "12 (23%)", "43%" (a group of 5–9) or "c"."""
        if self.n.value is None:
            return "c"
        if not self.count_shown:
            return "–" if self.pct is None else f"{self.pct}%"
        return str(self.n.value) if self.pct is None else f"{self.n.value} ({self.pct}%)"


@dataclass(frozen=True, slots=True)
class ReachRow:
    """One level of a pupil characteristic (year group, gender, SEND, pupil premium) among the pupils
    who answered the term's questionnaires, per role; ``level`` "All" is the role's total."""

    characteristic: str
    level: str
    cells: tuple[ReachCell, ...]


@dataclass(frozen=True, slots=True)
class TargetRow:
    """One ``[targets]`` entry against its figure: ``status`` "met", "not met", "not shown (small
    numbers)" or "no figure yet"; ``text`` the line governors read ("Supervision delivered this term: 50%
    (target 90%) — not met")."""

    key: str
    label: str
    figure: float | None
    target: float
    unit: str  # "%" or "" (a number)
    dp: int
    status: str
    text: str
