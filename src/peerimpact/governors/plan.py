"""One suppression plan for everything a governors' report publishes (SPEC §6.1, issue 14 item 2).

Each part of the report (reach, outcomes, attendance, feedback, trend, groups, the caveats) registers the
counts it would show in a :class:`Ledger` — by key, so the same pupils counted in two tables or two views are
one count, hidden in all or none — with the equations that tie them (a total and its parts, "so far" and the
terms before it, the pupils who missed the second survey as the first survey's count less those in both).
:meth:`Ledger.resolve` chooses primary and secondary suppression over all of them at once
(:func:`~peerimpact.governors.ranges.plan_suppression`), measuring what a reader could work out by linear
programming (:func:`lp_ranges`, as τ-ARGUS audits a table), and fills in every registered :class:`Count`.

Earlier terms' reports are published too: the reach table repeats every term's row and "so far" changes each
term, so :func:`~peerimpact.governors.process.activity_reach` replays each earlier term's plan and passes what
it showed and hid on (``shown``/``hidden``): a count hidden once stays hidden.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from peerimpact.governors.model import Count
from peerimpact.governors.ranges import MIN_RANGE, plan_suppression, propagated_ranges

__all__ = ["Ledger", "lp_ranges"]

#: the cost of hiding a count that the report's sentences are built around (the pupils behind an outcome)
HEADLINE = 100


def lp_ranges(
    values: Mapping[Hashable, int],
    lines: Sequence[Sequence[tuple[Hashable, int]]],
    unknown: set[Hashable],
    low: Mapping[Hashable, int],
    want: set[Hashable] | None = None,
    cache: dict[Any, tuple[float, float]] | None = None,
) -> dict[Hashable, tuple[float, float]]:
    """The least and the most each unknown count in ``want`` (default: all) can be, given the known counts
    and the equations: two linear programmes per count (``scipy.optimize.linprog``), only over the
    equations that reach it.  A count whose bounds interval propagation already puts closer than
    :data:`MIN_RANGE` needs no programme (linear programming can only narrow them); ``cache`` keeps the
    answers for groups of counts whose equations have not changed (a plan asks again after each count it
    hides)."""
    import numpy as np
    from scipy.optimize import linprog

    out: dict[Hashable, tuple[float, float]] = {}
    # connected groups of unknown counts (through shared equations): each solved on its own
    eqs = []
    for line in lines:
        cells = [(c, k) for c, k in line if c in unknown]
        if cells:
            eqs.append((cells, -sum(k * values[c] for c, k in line if c not in unknown)))
    parent = {c: c for c in unknown}

    def find(c: Hashable) -> Hashable:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for cells, _ in eqs:
        for c, _k in cells[1:]:
            parent[find(c)] = find(cells[0][0])
    groups: dict[Hashable, list[Hashable]] = {}
    for c in sorted(unknown, key=repr):
        groups.setdefault(find(c), []).append(c)
    outer = propagated_ranges(values, lines, unknown, low)
    for members in groups.values():
        asked = [c for c in members if want is None or c in want]
        if not asked:
            continue
        mine = [(cells, b) for cells, b in eqs if find(cells[0][0]) == find(members[0])]
        if not mine:
            for c in asked:
                out[c] = (float(low.get(c, 0)), float("inf"))
            continue
        sign_key = (
            tuple(repr(c) for c in members),
            tuple(low.get(c, 0) for c in members),
            tuple((tuple((repr(c), k) for c, k in cells), b) for cells, b in mine),
        )
        index = {c: i for i, c in enumerate(members)}
        a_eq = np.zeros((len(mine), len(members)))
        b_eq = np.zeros(len(mine))
        for r, (cells, b) in enumerate(mine):
            for c, k in cells:
                a_eq[r, index[c]] += k
            b_eq[r] = b
        bounds = [(float(low.get(c, 0)), None) for c in members]
        for c in asked:
            lo_out, hi_out = outer[c]
            if hi_out - lo_out < MIN_RANGE - 1e-6:
                out[c] = (lo_out, hi_out)
                continue
            if cache is not None and (sign_key, repr(c)) in cache:
                out[c] = cache[(sign_key, repr(c))]
                continue
            e = np.zeros(len(members))
            e[index[c]] = 1.0
            ends = []
            for sign in (1.0, -1.0):
                res = linprog(sign * e, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
                if res.status == 0:
                    ends.append(sign * res.fun)
                elif res.status == 3:  # unbounded: no least is possible (bounds below), so no most
                    ends.append(-sign * float("inf"))
                else:  # pragma: no cover - the true counts always satisfy the equations
                    raise ValueError(f"suppression plan: no solution for {c!r} ({res.message})")
            out[c] = (ends[0], ends[1])
            if cache is not None:
                cache[(sign_key, repr(c))] = out[c]
    return out


@dataclass
class Ledger:
    """The counts a report would show, by key, and the equations a reader knows between them."""

    threshold: int
    values: dict[Hashable, int] = field(default_factory=dict)
    lines: list[list[tuple[Hashable, int]]] = field(default_factory=list)
    counts: dict[Hashable, list[Count]] = field(default_factory=dict)
    cost: dict[Hashable, int] = field(default_factory=dict)
    shown: set[Hashable] = field(default_factory=set)
    hidden: set[Hashable] = field(default_factory=set)
    reasons: dict[Hashable, str] = field(default_factory=dict)

    def _value(self, key: Hashable, value: int) -> None:
        old = self.values.setdefault(key, int(value))
        if old != value:
            raise ValueError(f"two different counts registered as {key!r}: {old} and {value}")

    def count(self, key: Hashable, value: int, *, cost: int = 1) -> Count:
        """A count this report shows: a :class:`Count` filled in by :meth:`resolve`."""
        self._value(key, value)
        self.cost[key] = max(cost, self.cost.get(key, 1))
        c = Count(int(value))
        self.counts.setdefault(key, []).append(c)
        return c

    def derived(self, key: Hashable, value: int) -> None:
        """A count never shown that a reader could work out (protected when small)."""
        self._value(key, value)

    def line(self, total: Hashable, parts: Iterable[Hashable]) -> None:
        """``total`` = the sum of ``parts`` (each already registered)."""
        self.lines.append([(total, -1), *((p, 1) for p in parts)])

    def same(self, a: Hashable, b: Hashable) -> None:
        """Two registered counts that are the same pupils (a reader assumes so when they agree)."""
        if a != b:
            self.lines.append([(a, 1), (b, -1)])

    def earlier(self, shown: Iterable[Hashable], hidden: Iterable[Hashable]) -> None:
        """What earlier terms' reports showed and hid (of the counts registered here)."""
        self.shown |= set(shown)
        self.hidden |= set(hidden)

    def resolve(self) -> dict[Hashable, str]:
        """Choose the suppression over every registered count and fill in each :class:`Count`."""
        self.reasons = plan_suppression(
            self.values,
            self.lines,
            candidates=list(self.counts),
            shown=self.shown & set(self.values),
            hidden=self.hidden & set(self.values),
            threshold=self.threshold,
            cost=self.cost,
            min_range=MIN_RANGE,
            ranges=partial(lp_ranges, cache={}),
        )
        for key, counts in self.counts.items():
            why = self.reasons.get(key)
            if why is not None:
                why = "primary" if self.values[key] < self.threshold else "secondary"
            for c in counts:
                c.hide(why)
        return self.reasons

    def decisions(self) -> tuple[set[Hashable], set[Hashable]]:
        """(shown, hidden): the counts this report showed and hid, for the next term's plan."""
        return set(self.counts) - set(self.reasons), set(self.reasons)

    def is_hidden(self, key: Hashable) -> bool:
        return key in self.reasons
