"""Small-number suppression for everything governors get (SPEC §6–7, evaluation-rules B.8, formats §3.1).

Pure functions on tables of counts of pupils.  :func:`suppress_table` takes the inner cells of a table, adds
the totals the table shows (row totals, column totals, grand total) and decides which cells to hide:

- **primary**: a count from 1 to ``threshold − 1`` (default 1–4: "fewer than 5").  Zeros are shown unless
  ``hide_zeros`` is set: a zero is not a pupil to protect, and hiding zeros only hides more real figures;
- **secondary**: further cells hidden so that no hidden cell can be worked out from the totals and the cells
  still shown.  A table with totals is a set of equations (each row's cells add up to its total, each
  column's likewise, and the totals to the grand total); a hidden cell is *exposed* when those equations
  and the shown values fix its value.  This is tested exactly, with rational arithmetic: the cell is
  exposed when hiding it adds one to the rank of the equations' hidden columns.  While any hidden cell is
  exposed, one more cell is hidden: among the shown cells of the lines that hold a single hidden cell (else
  of the exposed cells' lines, else of the whole table), the one on most such lines, non-zero before zero,
  inner cells before totals, then the smallest.  A cell on a line whose shown total is 0 is never chosen:
  everyone knows it is 0.

In tables the hidden cells are shown as ``c`` (the DfE/GSS symbol) with the legend :data:`LEGEND`; in prose
as "fewer than 5".  :func:`group_rule` says how a group of ``n`` pupils may be reported at all: not at all
below the threshold, percentages only from the threshold to twice it less one (5–9 by default: Wales'
governors' reports rule), in full above.  One plan over many tables and terms, with linear programming, is
:mod:`peerimpact.governors.ranges`.  Standard library only (layer 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

__all__ = [
    "DEFAULT_THRESHOLD",
    "LEGEND",
    "SYMBOL",
    "Suppression",
    "bounded_cells",
    "exposed_cells",
    "group_rule",
    "legend",
    "suppress_line",
    "suppress_table",
]

DEFAULT_THRESHOLD = 5
SYMBOL = "c"
LEGEND = (
    "c = fewer than {k} pupils, or a figure hidden so that one of those cannot be worked out from the totals"
)

Cell = tuple[int, int]


def legend(threshold: int = DEFAULT_THRESHOLD) -> str:
    """The legend for ``c`` in a table, for ``threshold``."""
    return LEGEND.format(k=threshold)


def group_rule(n: int, threshold: int = DEFAULT_THRESHOLD) -> str:
    """How a group of ``n`` pupils may be reported: ``"hide"`` (n < threshold), ``"percent_only"``
    (threshold ≤ n < 2·threshold: 5–9 by default) or ``"full"``."""
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    if n < threshold:
        return "hide"
    if n < 2 * threshold:
        return "percent_only"
    return "full"


@dataclass(frozen=True, slots=True)
class Suppression:
    """A table of counts with its totals, and which cells to hide and why.

    ``values[i][j]`` is the table as shown: the inner ``n_rows`` × ``n_cols`` cells, then (when
    ``row_totals``) a last column of row totals, then (when ``column_totals``) a last row of column totals.
    ``reasons`` maps each hidden cell ``(i, j)`` to ``"primary"`` or ``"secondary"``; ``min_hidden`` is the
    least a reader can assume a hidden cell holds (1 when zeros are always shown, so a ``c`` is never 0).
    """

    values: tuple[tuple[int, ...], ...]
    reasons: dict[Cell, str]
    threshold: int
    n_rows: int
    n_cols: int
    row_totals: bool
    column_totals: bool
    min_hidden: int = 1  # what a reader may assume of a "c": at least 1 when zeros are always shown

    def hidden(self, i: int, j: int) -> bool:
        return (i, j) in self.reasons

    def shown(self, i: int, j: int, symbol: str = SYMBOL) -> int | str:
        """The cell as a table shows it: the count, or ``symbol`` when hidden."""
        return symbol if (i, j) in self.reasons else self.values[i][j]

    def value(self, i: int, j: int) -> int | None:
        """The count, or None when hidden."""
        return None if (i, j) in self.reasons else self.values[i][j]

    @property
    def secondary(self) -> list[Cell]:
        return sorted(c for c, why in self.reasons.items() if why == "secondary")

    @property
    def primary(self) -> list[Cell]:
        return sorted(c for c, why in self.reasons.items() if why == "primary")


def _grid(counts: Sequence[Sequence[int]], row_totals: bool, column_totals: bool) -> list[list[int]]:
    rows = [list(r) for r in counts]
    if not rows or not rows[0]:
        raise ValueError("a table needs at least one cell")
    width = len(rows[0])
    for r in rows:
        if len(r) != width:
            raise ValueError("every row needs the same number of cells")
        for v in r:
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise ValueError(f"counts must be whole numbers of 0 or more, got {v!r}")
    if row_totals:
        for r in rows:
            r.append(sum(r[:width]))
    if column_totals:
        rows.append([sum(r[j] for r in rows) for j in range(len(rows[0]))])
    return rows


def _lines(n_rows: int, n_cols: int, row_totals: bool, column_totals: bool) -> list[list[tuple[Cell, int]]]:
    """The table's equations, each as [(cell, coefficient)] summing to zero: cells − total = 0."""
    lines: list[list[tuple[Cell, int]]] = []
    rows = n_rows + (1 if column_totals else 0)
    cols = n_cols + (1 if row_totals else 0)
    if row_totals:
        for i in range(rows):
            lines.append([((i, j), 1) for j in range(n_cols)] + [((i, n_cols), -1)])
    if column_totals:
        for j in range(cols):
            lines.append([((i, j), 1) for i in range(n_rows)] + [((n_rows, j), -1)])
    return lines


def _rref(rows: list[list[Fraction]]) -> tuple[list[list[Fraction]], list[int]]:
    """Reduced row echelon form by exact Gauss–Jordan elimination, and the pivot column of each row."""
    m = [r[:] for r in rows if any(r)]
    pivots: list[int] = []
    width = len(m[0]) if m else 0
    for col in range(width):
        rank = len(pivots)
        pivot = next((i for i in range(rank, len(m)) if m[i][col] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        p = m[rank]
        lead = p[col]
        if lead != 1:
            p = m[rank] = [a / lead for a in p]
        for i in range(len(m)):
            if i != rank and m[i][col] != 0:
                f = m[i][col]
                m[i] = [a - f * b for a, b in zip(m[i], p, strict=True)]
        pivots.append(col)
        if len(pivots) == len(m):
            break
    return m[: len(pivots)], pivots


def exposed_cells(lines: Sequence[Sequence[tuple[Cell, int]]], hidden: Sequence[Cell]) -> list[Cell]:
    """Hidden cells whose value the equations ``lines`` fix once every other cell is known.

    With the shown cells moved to the right-hand side, the hidden cells solve A_H x = b; cell k is fixed
    exactly when every solution of A_H x = 0 has x_k = 0 (rank(A_H) = rank(A_H without k) + 1).  In the
    reduced row echelon form of A_H that is a pivot column whose row has no entry in a free column: one
    elimination for all the cells, not one per cell (a group column with a level per pupil has hundreds).
    """
    order = sorted(hidden)
    index = {c: k for k, c in enumerate(order)}
    matrix = []
    for line in lines:
        row = [Fraction(0)] * len(order)
        for cell, coef in line:
            if cell in index:
                row[index[cell]] += coef
        if any(row):
            matrix.append(row)
    if not matrix:
        return []
    reduced, pivots = _rref(matrix)
    free = [j for j in range(len(order)) if j not in set(pivots)]
    return [order[col] for row, col in zip(reduced, pivots, strict=True) if all(row[j] == 0 for j in free)]


def bounded_cells(
    lines: Sequence[Sequence[tuple[Cell, int]]],
    grid: Sequence[Sequence[int]],
    hidden: Sequence[Cell],
    low: int,
    high: int,
) -> list[Cell]:
    """Hidden cells whose value is forced once a reader also knows every hidden cell lies in [low, high]
    (e.g. two "c" cells adding up to 2 when zeros are always shown: both are 1).

    Interval propagation over the equations: each hidden cell's bounds are narrowed from the others'
    until nothing changes; a cell whose bounds meet is forced.
    """
    hid = set(hidden)
    lo = dict.fromkeys(hid, low)
    hi = dict.fromkeys(hid, high)
    eqs = []
    for line in lines:
        cells = [(c, k) for c, k in line if c in hid]
        if cells:
            eqs.append((cells, -sum(k * grid[c[0]][c[1]] for c, k in line if c not in hid)))
    for _ in range(100):
        changed = False
        for cells, b in eqs:
            for c, k in cells:
                rest_min = sum(min(u * lo[v], u * hi[v]) for v, u in cells if v != c)
                rest_max = sum(max(u * lo[v], u * hi[v]) for v, u in cells if v != c)
                a, z = (b - rest_max, b - rest_min) if k > 0 else (rest_min - b, rest_max - b)
                if a > lo[c]:
                    lo[c], changed = a, True
                if z < hi[c]:
                    hi[c], changed = z, True
        if not changed:
            break
    return sorted(c for c in hid if lo[c] >= hi[c])


def _overall_cell(n_rows: int, n_cols: int, row_totals: bool, column_totals: bool) -> Cell | None:
    """The cell holding the whole table's total, if the table shows one."""
    if row_totals and column_totals:
        return (n_rows, n_cols)
    if row_totals and n_rows == 1:
        return (0, n_cols)
    if column_totals and n_cols == 1:
        return (n_rows, 0)
    return None


def _rank_key(cell: Cell, cover: int, value: int, inner: bool) -> tuple[int, int, int, int, Cell]:
    """Which shown cell to hide next: the one closing most lines, non-zero, inner before totals, smallest."""
    return (-cover, 0 if value > 0 else 1, 0 if inner else 1, value, cell)


def _primary(grid: list[list[int]], threshold: int, hide_zeros: bool) -> dict[Cell, str]:
    """Primary suppression: counts from 1 to ``threshold − 1`` (and zeros when ``hide_zeros``)."""
    return {
        (i, j): "primary"
        for i, row in enumerate(grid)
        for j, v in enumerate(row)
        if 0 < v < threshold or (hide_zeros and v == 0)
    }


def _exposed(
    lines: Sequence[Sequence[tuple[Cell, int]]],
    grid: list[list[int]],
    reasons: dict[Cell, str],
    low: int,
    grand: int,
    overall: Cell | None,
) -> tuple[list[Cell], list[Sequence[tuple[Cell, int]]]]:
    """The hidden cells a reader can work out, and the lines that hide a single cell.

    A hidden cell is exposed when the equations fix it (subtraction), or, failing that, when they do once a
    reader adds that every "c" holds between ``low`` and the grand total (known when the table shows it).
    """
    exposed = exposed_cells(lines, list(reasons))
    if exposed:
        return exposed, [line for line in lines if sum(c in reasons for c, _ in line) == 1]
    known = overall is not None and overall not in reasons
    return bounded_cells(lines, grid, list(reasons), low, grand if known else 10 * grand + 10), []


def _known_zero(
    lines: Sequence[Sequence[tuple[Cell, int]]],
    grid: list[list[int]],
    reasons: dict[Cell, str],
    hide_zeros: bool,
) -> set[Cell]:
    """Cells that hiding would not protect: on a line whose shown total is 0, or any zero when zeros are
    always shown (a reader knows they hold 0)."""
    useless = {
        c
        for line in lines
        for c, _ in line
        if any(t not in reasons and grid[t[0]][t[1]] == 0 for t, k in line if k < 0)
    }
    if not hide_zeros:
        useless |= {(i, j) for i, r in enumerate(grid) for j, v in enumerate(r) if v == 0}
    return useless


def _next_secondary(
    lines: Sequence[Sequence[tuple[Cell, int]]],
    grid: list[list[int]],
    reasons: dict[Cell, str],
    exposed: list[Cell],
    single: list[Sequence[tuple[Cell, int]]],
    hide_zeros: bool,
    inner_shape: tuple[int, int],
) -> Cell | None:
    """The shown cell to hide next: of a line that gives a hidden cell away, the one closing most such lines
    (:func:`_rank_key`); never a cell known to be 0.  None when nothing left could help."""
    mine = [line for line in lines if any(c in exposed for c, _ in line)]
    useless = _known_zero(lines, grid, reasons, hide_zeros)
    pool = [c for line in (single or mine) for c, _ in line if c not in reasons and c not in useless]
    if not pool:
        pool = [
            (i, j)
            for i, r in enumerate(grid)
            for j in range(len(r))
            if (i, j) not in reasons and (i, j) not in useless
        ]
    if not pool:
        return None
    n_rows, n_cols = inner_shape
    cover = {c: pool.count(c) for c in pool}
    ranked = sorted(
        cover, key=lambda c: _rank_key(c, cover[c], grid[c[0]][c[1]], c[0] < n_rows and c[1] < n_cols)
    )
    return ranked[0]


def suppress_table(
    counts: Sequence[Sequence[int]],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    row_totals: bool = True,
    column_totals: bool = True,
    hide_zeros: bool = False,
) -> Suppression:
    """Primary and secondary suppression of a table of counts of pupils (see the module docstring).

    Parameters
    ----------
    counts : rows of whole numbers ≥ 0, the inner cells (no totals).
    threshold : counts from 1 to ``threshold − 1`` are hidden (primary); default 5.
    row_totals, column_totals : which totals the table shows (they are added here, and protected too).
    hide_zeros : hide zero counts as well (primary).

    Examples
    --------
    >>> s = suppress_table([[3, 12, 20]], column_totals=False)
    >>> s.reasons
    {(0, 0): 'primary', (0, 1): 'secondary'}
    """
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    grid = _grid(counts, row_totals, column_totals)
    n_rows, n_cols = len(counts), len(counts[0])
    lines = _lines(n_rows, n_cols, row_totals, column_totals)
    reasons = _primary(grid, threshold, hide_zeros)
    low = 0 if hide_zeros else 1
    grand = sum(v for r in grid[:n_rows] for v in r[:n_cols])
    overall = _overall_cell(n_rows, n_cols, row_totals, column_totals)
    while True:
        exposed, single = _exposed(lines, grid, reasons, low, grand, overall)
        if not exposed:
            break
        nxt = _next_secondary(lines, grid, reasons, exposed, single, hide_zeros, (n_rows, n_cols))
        if nxt is None:  # everything that could help is hidden already
            break
        reasons[nxt] = "secondary"
    return Suppression(
        values=tuple(tuple(r) for r in grid),
        reasons=reasons,
        threshold=threshold,
        n_rows=n_rows,
        n_cols=n_cols,
        row_totals=row_totals,
        column_totals=column_totals,
        min_hidden=low,
    )


def suppress_line(
    counts: Sequence[int], *, threshold: int = DEFAULT_THRESHOLD, total: bool = True
) -> Suppression:
    """One line of counts (e.g. pupils by category), with its total shown when ``total``: a 1-row table."""
    return suppress_table([list(counts)], threshold=threshold, row_totals=total, column_totals=False)
