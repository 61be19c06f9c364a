"""One suppression plan over many tables, views and terms (SPEC §6.1): the feasible range of every hidden count.

:func:`propagated_ranges` and :func:`plan_suppression` treat every published count of a report (and of the
earlier terms' reports) as one system of equations — the same pupils in two tables are one unknown — and find,
by linear programming, the least and greatest value each hidden or derived small count can take; a count is
hidden until none can be narrowed below :data:`MIN_RANGE`.  Within one table, :mod:`.suppression` does the
exact-rank check this builds on.  τ-ARGUS and sdcTable audit tables this way (the idea, not their code).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence

from peerimpact.governors.suppression import DEFAULT_THRESHOLD, exposed_cells

__all__ = ["MIN_RANGE", "plan_suppression", "propagated_ranges"]

#: the narrowest range a reader may be able to work out for a hidden count (max − min): "between 1 and 4"
MIN_RANGE = 3

Ranges = Callable[
    [
        Mapping[Hashable, int],
        Sequence[Sequence[tuple[Hashable, int]]],
        set[Hashable],
        Mapping[Hashable, int],
        set[Hashable] | None,
    ],
    dict[Hashable, tuple[float, float]],
]


def propagated_ranges(
    values: Mapping[Hashable, int],
    lines: Sequence[Sequence[tuple[Hashable, int]]],
    unknown: set[Hashable],
    low: Mapping[Hashable, int],
    want: set[Hashable] | None = None,
) -> dict[Hashable, tuple[float, float]]:
    """What a reader can work out about each unknown count from the known ones and the equations ``lines``
    (``want``: the counts asked about; all are measured here, cheaply):
    (0, 0) when the equations fix it exactly (exact rank test, :func:`exposed_cells`), otherwise the bounds
    that interval propagation gives (an outer bound: linear programming can only narrow them)."""
    hid = sorted(unknown, key=repr)
    eqs = []
    for line in lines:
        cells = [(c, k) for c, k in line if c in unknown]
        if cells:
            eqs.append((cells, -sum(k * values[c] for c, k in line if c not in unknown)))
    index = {c: (0, i) for i, c in enumerate(hid)}
    fixed = set(exposed_cells([[(index[c], k) for c, k in cells] for cells, _ in eqs], list(index.values())))
    inf = float("inf")
    lo: dict[Hashable, float] = {c: float(low.get(c, 0)) for c in hid}
    hi: dict[Hashable, float] = dict.fromkeys(hid, inf)
    for _ in range(100):
        changed = False
        for cells, b in eqs:
            for c, k in cells:
                rest = [(v, u) for v, u in cells if v != c]
                rmin = sum(min(u * lo[v], u * hi[v]) if hi[v] < inf or u < 0 else u * lo[v] for v, u in rest)
                rmax = sum(max(u * lo[v], u * hi[v]) if hi[v] < inf or u > 0 else u * lo[v] for v, u in rest)
                if any(hi[v] == inf and u > 0 for v, u in rest):
                    rmax = inf
                if any(hi[v] == inf and u < 0 for v, u in rest):
                    rmin = -inf
                a, z = (b - rmax, b - rmin) if k > 0 else (rmin - b, rmax - b)
                if a > lo[c] + 1e-9:
                    lo[c], changed = a, True
                if z < hi[c] - 1e-9:
                    hi[c], changed = z, True
        if not changed:
            break
    out = {c: (lo[c], hi[c]) for c in hid}
    for cell in fixed:
        c = hid[cell[1]]
        out[c] = (float(values[c]), float(values[c]))
    return out


def plan_suppression(
    values: Mapping[Hashable, int],
    lines: Sequence[Sequence[tuple[Hashable, int]]],
    *,
    candidates: Iterable[Hashable],
    shown: Iterable[Hashable] = (),
    hidden: Iterable[Hashable] = (),
    threshold: int = DEFAULT_THRESHOLD,
    cost: Mapping[Hashable, int] | None = None,
    min_range: int = MIN_RANGE,
    ranges: Ranges | None = None,
) -> dict[Hashable, str]:
    """One suppression plan over linked tables: which of ``candidates`` to hide, and why.

    ``values`` holds every count of the system by key; ``lines`` the equations a reader knows (each a list
    of (key, coefficient) summing to 0: a total and its parts, the same pupils counted in two tables, a
    "so far" figure and the terms before it).  ``candidates`` are the counts this report may show;
    ``shown`` and ``hidden`` what earlier reports showed and hid (public for good, and hidden for good);
    every other key is never shown (a count a reader can only derive, such as the pupils who missed the
    second survey).  Primary: a candidate from 1 to ``threshold − 1``.  Then, while a reader can narrow a
    hidden count, or a small count never shown, to a range narrower than ``min_range`` (by ``ranges``:
    :func:`propagated_ranges` unless given, e.g. linear programming), one more candidate is hidden: on the
    equations of the narrowest such count, the candidate on most of them, cheapest (``cost``), non-zero,
    smallest.  Returns {key: "primary" | "secondary" | "earlier"} for the hidden candidates."""
    cost = cost or {}
    cand = list(dict.fromkeys(candidates))
    public = set(shown)
    reasons: dict[Hashable, str] = dict.fromkeys((k for k in hidden if k not in public), "earlier")
    for k in cand:
        if k not in public and 0 < values[k] < threshold:
            reasons.setdefault(k, "primary")
    published = set(cand) | public | set(reasons)
    measure = ranges or propagated_ranges
    stuck: set[Hashable] = set()  # given away by earlier reports: nothing here can widen them
    while True:
        known = (set(cand) - set(reasons)) | public
        unknown = set(values) - known
        low = {k: (1 if k in published and values[k] > 0 else 0) for k in unknown}
        want = {
            k
            for k in unknown
            if (k in published or 0 < values[k] < threshold) and values[k] > 0 and k not in stuck
        }
        got = measure(values, lines, unknown, low, want)
        narrow = [
            k
            for k in want
            if got.get(k, (0.0, float("inf")))[1] - got.get(k, (0.0, float("inf")))[0] < min_range - 1e-6
        ]
        if not narrow:
            return {k: reasons[k] for k in cand if k in reasons}
        target = min(narrow, key=lambda k: (got[k][1] - got[k][0], repr(k)))
        pick = _pick(values, lines, target, unknown, known - public, cost)
        if pick is None:  # nothing this report shows could widen it any more (earlier reports gave it away)
            stuck.add(target)
        else:
            reasons[pick] = "secondary"


def _pick(
    values: Mapping[Hashable, int],
    lines: Sequence[Sequence[tuple[Hashable, int]]],
    target: Hashable,
    unknown: set[Hashable],
    hideable: set[Hashable],
    cost: Mapping[Hashable, int],
) -> Hashable | None:
    """The next count to hide for ``target``: on its equations, else on equations reached through other
    unknown counts (breadth first)."""
    seen = {target}
    frontier = [target]
    while frontier:
        near = [line for line in lines if any(c in frontier for c, _ in line)]
        pool = [c for line in near for c, _ in line if c in hideable and values[c] > 0]
        if pool:
            count = {c: pool.count(c) for c in pool}
            return min(count, key=lambda c: (-count[c], cost.get(c, 1), values[c], repr(c)))
        frontier = [c for line in near for c, _ in line if c in unknown and c not in seen]
        seen |= set(frontier)
    return None
