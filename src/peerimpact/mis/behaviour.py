"""Behaviour exports read into per-pupil counts of negative events per period (SPEC §6).

Two shapes (formats.md §2.5; the export headings of Class Charts, SIMS Behaviour, Arbor and Bromcom are
UNCONFIRMED, so ``data/columns.toml`` lists the spellings seen and ``--map`` covers the rest):

- **events**: one row per behaviour event — pupil, date, type/reason, polarity and/or points, staff, comment;
- **totals**: one row per pupil with a count per period (columns headed by the period's name) or one count.

Which events count (the rule chosen here; no source prescribes one).  Referrals are *negative* events by
default (``count="positive"`` or ``"all"`` changes that).  An event's polarity is decided by, in order:

1. its polarity cell: a word of ``columns.toml [polarity_values]`` ("Negative", "Neg", "N", "-", …;
   "Positive", …) or a signed number;
2. else its points, when not 0: negative points are a negative event (Class Charts and Satchel One give each
   behaviour a points value, positive or negative — formats.md §2.5);
3. else its type text: a type the caller names in ``negative_types``, else the words of
   ``columns.toml [type_words]`` ("detention", "referral", "isolation", … / "achievement", "merit", …) when
   only one side's words occur;
4. else, when the export has neither a polarity nor a points column (an incident log, which records only
   negative events), negative, said once by ``behaviour_polarity_assumed``; otherwise unknown: the row is
   excluded with ``behaviour_polarity_unknown``.

An event counts in every period whose dates (inclusive) contain it; rows in no period are ``excluded``,
"outside the periods".  Dates are real Excel dates, ISO text or UK day-first text (never the US order).
Free-text columns (comments, notes, descriptions) and staff names are dropped on read: no result holds them,
and one ``free_text_dropped`` note says how many columns were dropped, never what they held.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np

from peerimpact.issues import Issue, PeerimpactError, make_issue
from peerimpact.mis._common import Ledger, to_date, to_number
from peerimpact.mis.columns import column_synonyms, map_columns, normalise_heading, prune
from peerimpact.readers import SourceTable, read_export
from peerimpact.scoring.ids import IdColumn, choose_id_column, normalise_ids

__all__ = [
    "BehaviourCounts",
    "behaviour_from_table",
    "looks_like_behaviour",
    "rate_per_100_sessions",
    "read_behaviour",
]

_GROUPS = ("behaviour", "pupil")
_PROSE = 25  # mean characters per text cell above which an unclaimed column with spaces is taken as free text
Counted = Literal["negative", "positive", "all"]


@dataclass(frozen=True, slots=True)
class BehaviourCounts:
    """Per-pupil event counts per period, and every row's fate.

    ``counts[period]`` is aligned with ``ids`` (pupils in first-seen order).  An event log lists only pupils
    with events: :meth:`counts_for` gives 0 to any other id.  ``source`` keeps only the id, date, type,
    polarity, points and count columns — never free text or staff names.
    """

    source: SourceTable
    id_column: IdColumn
    ids: list[str]
    counts: dict[str, np.ndarray]
    periods: dict[str, tuple[date, date]]
    status: list[str]
    reason: list[str]
    row_ids: list[str | None]
    issues: list[Issue]
    kind: str  # "events" | "totals"
    counted: str  # "negative" | "positive" | "all"
    columns: dict[str, str]  # field -> heading read
    free_text_dropped: int

    @property
    def ledger(self) -> dict[str, int]:
        """Rows read, used and excluded (read = used + excluded)."""
        used = sum(s == "used" for s in self.status)
        return {"read": len(self.status), "used": used, "excluded": len(self.status) - used}

    def counts_for(self, ids: Sequence[str | None]) -> dict[str, np.ndarray]:
        """Counts per period for the given pupil ids (e.g. an attendance file's): 0 for an id the event log
        does not list (no events), NaN for a missing id or, for a totals file, an id it does not list."""
        index = {pid: k for k, pid in enumerate(self.ids)}
        absent = 0.0 if self.kind == "events" else np.nan
        out = {}
        for name, values in self.counts.items():
            got = [values[index[p]] if p in index else (absent if p is not None else np.nan) for p in ids]
            out[name] = np.asarray(got, dtype=float)
        return out


def rate_per_100_sessions(counts: np.ndarray, possible: np.ndarray) -> np.ndarray:
    """Events per 100 possible sessions, per pupil: ``100 × counts / possible``; NaN where possible ≤ 0 or NaN.

    Sessions as the DfE counts them (two per school day; formats.md §2.4), so a rate is comparable across
    pupils with different enrolments and across terms of different lengths.
    """
    counts, possible = np.asarray(counts, dtype=float), np.asarray(possible, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(possible > 0, 100.0 * counts / possible, np.nan)


def looks_like_behaviour(
    table: SourceTable, mapping: dict[str, str] | None = None, periods: Iterable[str] = ()
) -> str | None:
    """``"events"`` (a date and a type, polarity or points column), ``"totals"`` (a count column, or a
    column headed by one of the ``periods``' names, e.g. "Autumn incidents") or None."""
    fields = map_columns(table, _GROUPS, mapping).fields
    if "date" in fields and {"type", "polarity", "points"} & fields.keys():
        return "events"
    return "totals" if "count" in fields or _period_columns(table, periods) else None


def _period_columns(table: SourceTable, periods: Iterable[str]) -> dict[str, str]:
    """{period: the first column whose heading is the period's name, or starts or ends with it}."""
    headings = [(normalise_heading(c), c) for c in table.columns]
    out = {}
    for name in periods:
        key = normalise_heading(name)
        found = [c for h, c in headings if h == key or h.startswith(key + " ") or h.endswith(" " + key)]
        if found:
            out[name] = found[0]
    return out


def read_behaviour(
    path: str,
    *,
    periods: dict[str, tuple[date, date]],
    id_column: str | None = None,
    mapping: dict[str, str] | None = None,
    count: Counted = "negative",
    negative_types: Iterable[str] = (),
    sheet: str | None = None,
) -> BehaviourCounts:
    """Read a behaviour export into :class:`BehaviourCounts` (the module docstring states the counting rule).

    Parameters
    ----------
    path : str
        xlsx/xls/ods/csv/tsv export, read with :func:`peerimpact.readers.read_export`.
    periods : dict
        ``{name: (first day, last day)}``, both inclusive, e.g. ``{"autumn": (date(2026, 9, 1), date(2026,
        12, 18))}``.  For a totals file, the count columns are found by these names.
    id_column, mapping, sheet
        As :func:`peerimpact.mis.attendance.read_attendance`.
    count : {"negative", "positive", "all"}
        Which events are counted (default negative: referrals).
    negative_types : iterable of str
        Event types (the type/reason text, whole words) that are negative whatever the word lists say.
    """
    table = read_export(path, sheet=sheet)
    return behaviour_from_table(
        table,
        periods=periods,
        id_column=id_column,
        mapping=mapping,
        count=count,
        negative_types=negative_types,
    )


def behaviour_from_table(
    table: SourceTable,
    *,
    periods: dict[str, tuple[date, date]],
    id_column: str | None = None,
    mapping: dict[str, str] | None = None,
    count: Counted = "negative",
    negative_types: Iterable[str] = (),
) -> BehaviourCounts:
    """As :func:`read_behaviour`, for a table already read."""
    for name, (start, end) in periods.items():
        if start > end:
            raise ValueError(f"period {name!r} ends before it starts")
    if count not in ("negative", "positive", "all"):
        raise ValueError(f"count must be 'negative', 'positive' or 'all', not {count!r}")
    cmap = map_columns(table, _GROUPS, mapping)
    kind = looks_like_behaviour(table, mapping, periods)
    if kind is None:
        detail = "needs a Date column with a Type, Polarity or Points column (events), or a Count column"
        raise PeerimpactError(make_issue("mis_column_missing", detail, file=table.file, sheet=table.sheet))
    idc = choose_id_column(table, id_column or cmap.id_column)
    row_ids = normalise_ids(table.column(idc.column), idc.kind)
    b = _Tally(table, idc.column, row_ids, list(periods))
    fields = dict(cmap.fields)
    if kind == "events":
        b.events(fields, periods, count, [normalise_heading(t) for t in negative_types])
        keep = [fields[f] for f in ("date", "type", "polarity", "points") if f in fields]
    else:
        keep = b.totals(fields, periods)
    keep += [fields[f] for f in ("reg_group", "year") if f in fields]
    dropped = _free_text(table, cmap.free_text, {idc.column, *fields.values()})
    if dropped:
        b.issue("free_text_dropped", f"{dropped} column(s); their content was not read into any result")
    for values in b.counts.values():
        values.flags.writeable = False
    return BehaviourCounts(
        source=prune(table, [idc.column, *keep]),
        id_column=idc,
        ids=b.ids,
        counts=b.counts,
        periods=dict(periods),
        status=b.status,
        reason=b.reason,
        row_ids=row_ids,
        issues=[*table.issues, *b.issues],
        kind=kind,
        counted=count,
        columns={f: c for f, c in fields.items() if c in keep},
        free_text_dropped=dropped,
    )


def _free_text(table: SourceTable, named: tuple[str, ...], claimed: set[str]) -> int:
    """How many columns are free text: named so (columns.toml or --map), or prose nobody claimed."""
    never = column_synonyms().never_kept
    count = len(named)
    for j, col in enumerate(table.columns):
        if col in claimed or col in named or normalise_heading(col) in never:
            continue
        texts = [v for v in table.data[j][:200] if isinstance(v, str)]
        if (
            texts
            and sum(map(len, texts)) / len(texts) > _PROSE
            and sum(" " in t for t in texts) > len(texts) / 2
        ):
            count += 1
    return count


class _Tally(Ledger):
    """Per-pupil counts per period, on top of the row ledger."""

    def __init__(self, table: SourceTable, id_col: str, row_ids: list[str | None], names: list[str]) -> None:
        super().__init__(table, id_col, row_ids)
        self.tally: dict[str, list[float]] = {name: [] for name in names}
        self.counts: dict[str, np.ndarray] = {}

    def added(self, k: int) -> None:
        for values in self.tally.values():
            values.append(0.0)

    def events(
        self, f: dict[str, str], periods: dict[str, tuple[date, date]], count: str, negative: list[str]
    ) -> None:
        """One row per event: pupil, date, polarity; counted in each period containing its date."""
        col = {
            name: self.table.column(f[name]) if name in f else None
            for name in ("date", "type", "polarity", "points")
        }
        assumed = col["polarity"] is None and col["points"] is None
        outside = n_assumed = 0
        for pos in range(self.table.n_rows):
            k = self.pupil(pos)
            if k is None:
                continue
            cell = col["date"][pos] if col["date"] is not None else None
            try:
                day = to_date(cell)
            except ValueError as exc:
                self.reject(
                    pos, f"{f['date']!r} is not a date", "mis_value_invalid", str(exc), f["date"], cell
                )
                continue
            if day is None:
                self.reject(pos, "no date", "mis_value_missing", f"{f['date']!r} is blank", f["date"])
                continue
            polarity = self._polarity(pos, col, f, negative)
            if polarity is None and assumed:
                polarity, n_assumed = "negative", n_assumed + 1
            if polarity is None:
                detail = "no polarity, no points and a type not named as negative or positive"
                value = col["type"][pos] if col["type"] is not None else None
                self.reject(
                    pos,
                    "neither positive nor negative",
                    "behaviour_polarity_unknown",
                    detail,
                    f.get("type"),
                    value,
                )
                continue
            if count != "all" and polarity != count:
                self.status[pos], self.reason[pos] = (
                    "excluded",
                    f"{polarity} event: only {count} events are counted",
                )
                continue
            inside = [name for name, (start, end) in periods.items() if start <= day <= end]
            if not inside:
                self.status[pos], self.reason[pos] = "excluded", "outside the periods"
                outside += 1
            for name in inside:
                self.tally[name][k] += 1
        if n_assumed:
            self.issue("behaviour_polarity_assumed", f"{n_assumed} event(s) counted as negative")
        if outside:
            self.issue("outside_periods", f"{outside} event(s) dated outside every period")
        self.counts = {name: np.asarray(v, dtype=float) for name, v in self.tally.items()}

    def _polarity(
        self, pos: int, col: Mapping[str, Sequence[Any] | None], f: dict[str, str], negative: list[str]
    ) -> str | None:
        """The polarity of one event — "negative", "positive" or None — by the module docstring's rule."""
        words = column_synonyms().polarity_values
        cell = col["polarity"][pos] if col["polarity"] is not None else None
        if isinstance(cell, int | float) and not isinstance(cell, bool) and cell:
            return "negative" if cell < 0 else "positive"
        if isinstance(cell, str):
            text = cell.strip().casefold()
            for side in ("negative", "positive"):
                if text in words[side]:
                    return side
        points = col["points"][pos] if col["points"] is not None else None
        try:
            value = to_number(points)
        except ValueError:
            value = None
            self.issue("mis_value_invalid", "points must be a number", pos, f["points"], points)
        if value:
            return "negative" if value < 0 else "positive"
        kind = col["type"][pos] if col["type"] is not None else None
        text = f" {normalise_heading(str(kind))} " if kind is not None else ""
        if any(f" {t} " in text for t in negative if t):
            return "negative"
        type_words = column_synonyms().type_words
        hits = {side for side, ws in type_words.items() if any(f" {w} " in text for w in ws)}
        return hits.pop() if len(hits) == 1 else None

    def totals(self, f: dict[str, str], periods: dict[str, tuple[date, date]]) -> list[str]:
        """One row per pupil: a count column per period (headed by its name), or one count for one period."""
        per = _period_columns(self.table, periods)
        if len(per) < len(periods):
            if len(periods) != 1 or "count" not in f:
                missing = ", ".join(repr(n) for n in periods if n not in per)
                detail = (
                    f"a totals file needs a count column headed by each period's name; none for {missing}"
                )
                raise PeerimpactError(
                    make_issue("mis_column_missing", detail, file=self.table.file, sheet=self.table.sheet)
                )
            per = {next(iter(periods)): f["count"]}
        for pos in range(self.table.n_rows):
            k = self.pupil(pos)
            if k is None or self.repeated(pos, k):
                continue
            for name, heading in per.items():
                cell = self.table.column(heading)[pos]
                try:
                    value = to_number(cell) or 0.0  # blank: none recorded
                except ValueError:
                    self.reject(pos, f"{heading!r} is not a number", "mis_value_invalid", "", heading, cell)
                    break
                if value < 0:
                    self.reject(pos, f"negative count in {heading!r}", "negative_count", "", heading, cell)
                    break
                self.tally[name][k] = value
            if self.status[pos] == "excluded":
                for name in per:
                    self.tally[name][k] = np.nan
        self.counts = {name: np.asarray(v, dtype=float) for name, v in self.tally.items()}
        return list(per.values())
