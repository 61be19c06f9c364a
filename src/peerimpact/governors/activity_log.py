"""The activity log: the programme's own record, one row per week (or per session) of counts — sessions
held, new mentees and mentors, referrals, supervision planned and delivered, training completed.

:func:`read_activity_log` adds up a term's rows into an :class:`ActivitySummary`; the columns are
:data:`ACTIVITY_COLUMNS` (the template ``peerimpact init`` writes).  It holds no pupil names or ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from peerimpact.issues import Issue, PeerimpactError, Severity, make_issue
from peerimpact.mis.columns import normalise_heading

__all__ = ["ACTIVITY_COLUMNS", "ActivitySummary", "read_activity_log"]


#: (field, heading in the template, what to enter) — the activity log's columns, in template order
ACTIVITY_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("date", "Week starting", "The Monday of the week (or the date of one session): dd/mm/yyyy"),
    (
        "sessions_held",
        "Mentoring sessions held",
        "Peer-mentoring sessions that took place (1:1 or small group)",
    ),
    ("meetings_held", "Mentor team meetings held", "Meetings of the mentor team (briefings, check-ins)"),
    (
        "new_mentees",
        "New mentees",
        "Pupils who had their FIRST mentoring session (the column adds up to pupils reached)",
    ),
    ("new_mentors", "New mentors", "Pupils who started as peer mentors (the column adds up to mentors)"),
    ("self_referrals", "Self-referrals", "Pupils who asked for a mentor themselves"),
    ("staff_referrals", "Staff referrals", "Pupils referred by a member of staff"),
    (
        "supervision_planned",
        "Supervision sessions planned",
        "Supervision sessions for mentors that were planned",
    ),
    ("supervision_delivered", "Supervision sessions delivered", "Of those, the ones that took place"),
    ("mentors_trained", "Mentors completing training", "Mentors who finished their training"),
)
_COUNT_FIELDS = tuple(f for f, _, _ in ACTIVITY_COLUMNS if f != "date")
_DATE_HEADINGS = (
    "week starting",
    "week start",
    "week beginning",
    "week commencing",
    "date",
    "session date",
    "week",
)


@dataclass(slots=True)
class ActivitySummary:
    """The activity log's counts over one term; a field is None when the log has no such column."""

    rows: int = 0
    counts: dict[str, int | None] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def get(self, name: str) -> int | None:
        return self.counts.get(name)

    def __add__(self, other: ActivitySummary) -> ActivitySummary:
        out: dict[str, int | None] = {}
        for f in _COUNT_FIELDS:
            a, b = self.counts.get(f), other.counts.get(f)
            out[f] = None if a is None and b is None else (a or 0) + (b or 0)
        return ActivitySummary(self.rows + other.rows, out, self.issues + other.issues)


def read_activity_log(
    path: str | Path,
    *,
    start: date,
    end: date,
    key: str = "activity_log",
    tables: dict[Path, Any] | None = None,
) -> ActivitySummary:
    """Add up the activity log's rows dated ``start``–``end`` (a week starting before the term but
    ending in it counts, so a half-term Monday is not lost).

    Blank cells count as 0; a cell that is not a whole number ≥ 0 is left out with a warning naming its row
    and column.  A file without a date column, or without any count column, is not an activity log:
    ``programme_file_wrong_format`` (``key`` names where programme.toml points at it).  ``tables`` keeps
    each file read, by resolved path, for the next term that lists the same log (read once per report).
    """
    from datetime import timedelta

    from peerimpact.mis._common import to_date, to_number
    from peerimpact.readers import read_export

    p = Path(path)
    if tables is not None and p.resolve() in tables:
        table = tables[p.resolve()]
    else:
        try:
            table = read_export(str(p))
        except PeerimpactError as exc:
            if exc.issue.code != "no_data_rows":
                raise
            table = None
        if tables is not None:
            tables[p.resolve()] = table
    if table is None:  # no rows
        return ActivitySummary(0, {f: 0 for f in _COUNT_FIELDS})
    heads = {normalise_heading(c): c for c in table.columns}
    date_col = next((heads[h] for h in _DATE_HEADINGS if h in heads), None)
    cols = {
        f: heads[normalise_heading(h)] for f, h, _ in ACTIVITY_COLUMNS[1:] if normalise_heading(h) in heads
    }
    cols |= {
        f: heads[normalise_heading(f)]
        for f in _COUNT_FIELDS
        if f not in cols and normalise_heading(f) in heads
    }
    if date_col is None or not cols:
        missing = "a 'Week starting' date column" if date_col is None else "any of the count columns"
        raise PeerimpactError(
            make_issue(
                "programme_file_wrong_format",
                f"key {key}: {p.name} has no {missing}, so it is not an activity log (its columns are "
                f"{', '.join(table.columns[:12])}); start from the template 'peerimpact init' writes",
                file=p.name,
                sheet=table.sheet,
            )
        )
    issues: list[Issue] = []
    dates = table.column(date_col)
    keep = []
    for pos, v in enumerate(dates):
        try:
            d = to_date(v)
        except ValueError as exc:
            issues.append(
                make_issue(
                    "mis_value_invalid",
                    f"{v!r} is not a date ({exc}); the row is left out",
                    file=p.name,
                    sheet=table.sheet,
                    row=table.rows[pos],
                    column=date_col,
                    value=v,
                )
            )
            continue
        if d is not None and start - timedelta(days=6) <= d <= end:
            keep.append(pos)
    counts: dict[str, int | None] = {f: (0 if f in cols else None) for f in _COUNT_FIELDS}
    for f, col in cols.items():
        cells = table.column(col)
        total = 0
        for pos in keep:
            v = cells[pos]
            try:
                x = to_number(v)
            except ValueError:
                x = -1.0
            if x is None:
                continue
            if x < 0 or x != int(x):
                issues.append(
                    make_issue(
                        "mis_value_invalid",
                        f"{v!r} is not a whole number of 0 or more; it is not counted",
                        file=p.name,
                        sheet=table.sheet,
                        row=table.rows[pos],
                        column=col,
                        value=v,
                        severity=Severity.WARNING,
                    )
                )
                continue
            total += int(x)
        counts[f] = total
    return ActivitySummary(len(keep), counts, issues)
