"""The example behaviour event log: negative and positive events of both terms (and a few of spring, since
the log was exported for the whole year so far), in date order, with the planted mess."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import numpy as np

from peerimpact.demo.roster import MessNote
from peerimpact.demo.school import MIS_TERMS, Kid, school_days

__all__ = ["EVENTS_FILE", "events"]

EVENTS_FILE = "behaviour_events.xlsx"
_EVENTS = ["UPN", "Date", "Type", "Polarity", "Points", "Staff", "Comment"]
_NEGATIVE = [("Disruption in lesson", -1), ("Late to lesson", -1), ("Homework not completed", -1)]
_NEGATIVE += [("Detention", -2), ("Removal from lesson", -3), ("Internal exclusion", -5)]
_POSITIVE = [("Merit", 1), ("Achievement point", 1), ("Praise postcard", 2), ("House point", 1)]
_COMMENTS = ["Example comment (synthetic): reminder given.", "Synthetic note: followed up with tutor."]
_COMMENTS += ["Placeholder text: discussed in tutor time.", "Stock comment for the demo: no action needed."]

_EVENT_MESS = (
    ("date_as_text", "Date", "date typed as text dd/mm/yyyy (read as that date)"),
    ("mis_value_invalid", "Date", "'31/09/2026': September has 30 days"),
    ("missing_id", "UPN", "event without a UPN"),
    ("behaviour_polarity_unknown", "Polarity", "type 'Other', no polarity, 0 points"),
)


def events(rng: np.random.Generator, kids: list[Kid]) -> tuple[list[list[Any]], list[MessNote]]:
    """Behaviour events of both terms and a few of spring, in date order, with the planted mess."""
    events: list[tuple[datetime, str, tuple[str, int]]] = []
    other = np.array([k.pupil.other if k.pupil else 0.0 for k in kids])
    level = np.exp(rng.normal(-0.7, 0.9, len(kids)) + 0.3 * other)  # negative events per term, per pupil
    for term in MIS_TERMS:
        days = school_days(term)
        for i, kid in enumerate(kids):
            helped = 0.8 if term == "summer" and kid.pupil and kid.pupil.role else 1.0
            for menu, lam in ((_NEGATIVE, level[i] * helped), (_POSITIVE, 0.9)):
                for _ in range(int(rng.poisson(lam)) if term in kid.terms else 0):
                    day = days[int(rng.integers(len(days)))]
                    when = datetime.combine(day, time(9 + int(rng.integers(6)), 5 * int(rng.integers(12))))
                    events.append((when, kid.upn, menu[int(rng.integers(len(menu)))]))
    for _ in range(8):  # the log was exported for the whole year so far
        events.append(
            (
                datetime(2027, 2, 1 + int(rng.integers(20)), 11),
                kids[int(rng.integers(len(kids)))].upn,
                _NEGATIVE[0],
            )
        )
    rows: list[list[Any]] = [list(_EVENTS)]
    for when, upn, (kind, points) in sorted(events):
        staff, comment = (
            f"Staff {'ABCDEFGH'[int(rng.integers(8))]}",
            _COMMENTS[int(rng.integers(len(_COMMENTS)))],
        )
        rows.append([upn, when, kind, "Negative" if points < 0 else "Positive", points, staff, comment])
    notes = [MessNote(EVENTS_FILE, 1, "", "free_text_dropped", "Comment", "free-text comments (stock text)")]
    notes += [
        MessNote(EVENTS_FILE, r + 1, row[0], "outside_periods", "Date", "spring-term event")
        for r, row in enumerate(rows)
        if r and row[1].year == 2027 and row[1].month < 4
    ]
    in_term = [r for r in range(1, len(rows)) if not (rows[r][1].year == 2027 and rows[r][1].month < 4)]
    for r, (kind, column, what) in zip(
        sorted(rng.choice(in_term, 4, replace=False).tolist()), _EVENT_MESS, strict=True
    ):
        row = rows[r]
        notes.append(MessNote(EVENTS_FILE, r + 1, "" if kind == "missing_id" else row[0], kind, column, what))
        if kind == "date_as_text":
            row[1] = f"{row[1]:%d/%m/%Y}"
        elif kind == "mis_value_invalid":
            row[1] = "31/09/2026"
        elif kind == "missing_id":
            row[0] = None
        else:
            row[2:5] = ["Other", None, 0]
    return rows, sorted(notes, key=lambda n: (n.row, n.column))
