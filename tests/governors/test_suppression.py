"""Small-number suppression: primary and secondary, checked against a brute-force attacker.

The attacker knows every shown cell and that every count is a whole number of 0 or more; they try every
value of the hidden inner cells (the totals follow from them) and keep the ones that fit what is shown.  A
table is safe when every hidden cell, inner or total, could still take at least two values.  A stronger
attacker who also knows which cells were hidden as *primary* (so 1 … threshold − 1) is checked too.
"""

from __future__ import annotations

import random

import pytest

from peerimpact.governors.suppression import Suppression, group_rule, legend, suppress_line, suppress_table


def brute_force(s: Suppression) -> dict[tuple[int, int], set[int]]:
    """Values each hidden cell can take, consistent with the shown cells (the attacker's view).

    A depth-first search over the hidden inner cells (row by row); the last hidden cell of a line with a
    shown total is forced by subtraction.  Totals follow from the inner cells.  It stops as soon as every
    hidden cell has shown two values.  Bounds are never looser than the attacker's, so two values found
    here are two values the attacker cannot tell apart.
    """
    R, C = s.n_rows, s.n_cols
    v = s.values
    hidden = set(s.reasons)
    cells = [(i, j) for i in range(R) for j in range(C) if (i, j) in hidden]
    grand = sum(v[i][j] for i in range(R) for j in range(C))
    low = dict.fromkeys(hidden, s.min_hidden)  # zeros always shown: a reader knows every "c" is at least 1
    overall = (R, C) if s.row_totals and s.column_totals else (0, C) if s.row_totals and R == 1 else None
    shown_total = overall is not None and overall not in hidden
    high = dict.fromkeys(
        hidden, grand if shown_total else 3 * grand + 10
    )  # the whole total bounds every cell
    row_total = {i: v[i][C] for i in range(R) if s.row_totals and (i, C) not in hidden}
    col_total = {j: v[R][j] for j in range(C) if s.column_totals and (R, j) not in hidden}
    last_in_row = {i: max((c for c in cells if c[0] == i), default=None) for i in range(R)}
    last_in_col = {j: max((c for c in cells if c[1] == j), default=None) for j in range(C)}
    grid = [list(r[:C]) for r in v[:R]]
    rows = [sum(grid[i][j] for j in range(C) if (i, j) not in hidden) for i in range(R)]
    cols = [sum(grid[i][j] for i in range(R) if (i, j) not in hidden) for j in range(C)]
    seen: dict[tuple[int, int], set[int]] = {c: set() for c in hidden}

    def finish() -> None:
        full = [r + ([sum(r)] if s.row_totals else []) for r in grid]
        if s.column_totals:
            full.append([sum(full[i][j] for i in range(R)) for j in range(len(full[0]))])
        for i, r in enumerate(full):
            for j, x in enumerate(r):
                if (i, j) in hidden:
                    if not low[(i, j)] <= x <= high[(i, j)]:
                        return
                elif x != v[i][j]:
                    return
        for c in hidden:
            seen[c].add(full[c[0]][c[1]])

    def done() -> bool:
        return all(len(x) >= 2 for x in seen.values())

    def search(k: int) -> None:
        if done():
            return
        if k == len(cells):
            finish()
            return
        i, j = cells[k]
        options: range | list[int] = range(low[(i, j)], high[(i, j)] + 1)
        if last_in_row[i] == (i, j) and i in row_total:
            options = [row_total[i] - rows[i]]
        elif last_in_col[j] == (i, j) and j in col_total:
            options = [col_total[j] - cols[j]]
        for x in options:
            if x < low[(i, j)] or x > high[(i, j)]:
                continue
            if i in row_total and rows[i] + x > row_total[i]:
                break
            if j in col_total and cols[j] + x > col_total[j]:
                break
            grid[i][j] = x
            rows[i] += x
            cols[j] += x
            search(k + 1)
            rows[i] -= x
            cols[j] -= x
            if done():
                return

    search(0)
    return seen


def assert_safe(s: Suppression) -> None:
    values = brute_force(s)
    exposed = {c: sorted(x) for c, x in values.items() if len(x) < 2}
    assert not exposed, f"hidden cells that can be worked out: {exposed} in {s.values} hiding {s.reasons}"


# ------------------------------------------------------------------------------------------ crafted tables
def test_a_row_with_one_small_cell_and_a_total_hides_a_second_cell() -> None:
    s = suppress_line([3, 12, 20])
    assert s.reasons == {(0, 0): "primary", (0, 1): "secondary"}  # the smallest other cell goes too
    assert s.shown(0, 3) == 35 and s.shown(0, 0) == "c" and s.shown(0, 1) == "c" and s.shown(0, 2) == 20
    assert_safe(s)


def test_without_a_total_nothing_else_needs_hiding() -> None:
    s = suppress_line([3, 12, 20], total=False)
    assert s.reasons == {(0, 0): "primary"}


def test_the_only_candidate_in_another_row_is_the_one_hidden() -> None:
    # column totals only: the small cell's column is its only line, so the second cell must come from
    # another row of that column — the smallest one (6), not the first one met (10)
    s = suppress_table([[3, 40], [10, 50], [6, 45]], row_totals=False)
    assert s.reasons == {(0, 0): "primary", (2, 0): "secondary"}
    assert_safe(s)


def test_two_by_two_with_both_totals_hides_the_whole_rectangle() -> None:
    s = suppress_table([[3, 7], [8, 9]])
    assert s.primary == [(0, 0)]
    assert s.secondary == [(0, 1), (1, 0), (1, 1)]
    assert all(not s.hidden(i, 2) and not s.hidden(2, j) for i in range(3) for j in range(3))  # totals stay
    assert_safe(s)


def test_three_by_three_hides_a_rectangle_of_small_cells() -> None:
    s = suppress_table([[3, 40, 7], [10, 50, 12], [6, 45, 30]])
    assert s.reasons == {(0, 0): "primary", (2, 0): "secondary", (0, 2): "secondary", (2, 2): "secondary"}
    assert_safe(s)


def test_a_small_total_is_hidden_too_and_cannot_be_rebuilt() -> None:
    # row 0 adds up to 4: its total is primary, and its cells (1 and 3) with it
    s = suppress_table([[1, 3], [9, 11], [7, 6]])
    assert s.reasons[(0, 2)] == "primary" and s.hidden(0, 0) and s.hidden(0, 1)
    assert_safe(s)


def test_a_leak_through_several_lines_is_closed() -> None:
    # after the first secondary cells a hidden cell is fixed only by combining a row and two columns
    s = suppress_table([[2, 9, 9], [9, 2, 9], [9, 9, 9]])
    assert s.primary == [(0, 0), (1, 1)]
    assert_safe(s)


def test_zeros_are_shown_unless_asked() -> None:
    assert suppress_table([[0, 12], [0, 9]]).reasons == {}
    s = suppress_table([[0, 12], [6, 9]], hide_zeros=True)
    assert s.reasons[(0, 0)] == "primary"
    assert_safe(s)


def test_secondary_cells_prefer_non_zero_cells() -> None:
    s = suppress_line([2, 0, 0, 15])
    assert s.reasons == {(0, 0): "primary", (0, 3): "secondary"}
    assert_safe(s)


def test_everything_small_is_all_hidden() -> None:
    s = suppress_table([[1, 1], [1, 1]])
    assert len(s.reasons) == 9 and set(s.reasons.values()) == {"primary"}


def test_threshold_is_configurable() -> None:
    s = suppress_line([7, 12, 20], threshold=10)
    assert s.reasons == {(0, 0): "primary", (0, 1): "secondary"}
    assert suppress_line([7, 12, 20], threshold=5).reasons == {}


def test_the_checker_catches_primary_suppression_alone() -> None:
    """The brute force is not vacuous: hiding only the small cell of a line with a total is caught."""
    unsafe = Suppression(
        values=((3, 12, 20, 35),),
        reasons={(0, 0): "primary"},
        threshold=5,
        n_rows=1,
        n_cols=3,
        row_totals=True,
        column_totals=False,
    )
    assert brute_force(unsafe) == {(0, 0): {3}}
    with pytest.raises(AssertionError):
        assert_safe(unsafe)


@pytest.mark.parametrize("seed", range(150))
def test_random_small_tables_leave_nothing_recoverable(seed: int) -> None:
    rng = random.Random(seed)
    rows, cols = rng.choice([(1, 3), (1, 4), (2, 2), (2, 3), (3, 2), (3, 3)])
    counts = [[rng.choice([0, 1, 2, 3, 4, 5, 6, 8]) for _ in range(cols)] for _ in range(rows)]
    row_totals, column_totals = (True, rows > 1) if rng.random() < 0.7 else (rng.random() < 0.5, True)
    s = suppress_table(counts, row_totals=row_totals, column_totals=column_totals)
    for (i, j), why in s.reasons.items():
        if why == "primary":
            assert 0 < s.values[i][j] < 5
    for i, row in enumerate(s.values):
        for j, v in enumerate(row):
            if 0 < v < 5:
                assert s.hidden(i, j)
    assert_safe(s)


# ----------------------------------------------------------------------------------------- group sizes
@pytest.mark.parametrize(
    ("n", "rule"), [(0, "hide"), (4, "hide"), (5, "percent_only"), (9, "percent_only"), (10, "full")]
)
def test_group_rule(n: int, rule: str) -> None:
    assert group_rule(n) == rule


def test_legend_names_the_threshold_and_secondary_hiding() -> None:
    text = legend(5)
    assert text.startswith("c = fewer than 5 pupils") and "worked out from the totals" in text


def test_bad_tables_are_refused() -> None:
    with pytest.raises(ValueError):
        suppress_table([[1, 2], [3]])
    with pytest.raises(ValueError):
        suppress_table([[1, -2]])
    with pytest.raises(ValueError):
        suppress_table([[1, 2]], threshold=0)


# --------------------------------------------------------------------- one plan over linked tables and terms
def _plan(values: dict, lines: list, **kw: object) -> dict:
    from peerimpact.governors.plan import lp_ranges
    from peerimpact.governors.ranges import plan_suppression

    return plan_suppression(values, lines, ranges=lp_ranges, **kw)  # type: ignore[arg-type]


def test_plan_hides_so_far_when_an_earlier_report_showed_the_other_terms() -> None:
    """Issue 14: the spring report's "16 mentees so far" minus the summer report's autumn figure gave
    spring's hidden 4.  With autumn's 12 public (an earlier report showed it), only "so far" can protect 4."""
    from peerimpact.governors.ranges import propagated_ranges

    values = {"autumn": 12, "spring": 4, "so far": 16}
    lines = [[("so far", -1), ("autumn", 1), ("spring", 1)]]
    got = _plan(values, lines, candidates=["autumn", "spring", "so far"], shown=["autumn"])
    assert got == {"spring": "primary", "so far": "secondary"}
    # without the earlier report, the plain plan may hide autumn instead; both protect 4 in one report
    alone = _plan(values, lines, candidates=["autumn", "spring", "so far"])
    assert set(alone) >= {"spring"} and len(alone) == 2
    # the standard-library measure agrees with the linear programme on this system
    assert propagated_ranges(values, lines, {"spring"}, {"spring": 1}) == {"spring": (4.0, 4.0)}


def test_plan_widens_a_hidden_count_to_a_range_of_three() -> None:
    """[1, 2, 30] with its total: hiding 1 and 2 leaves each between 1 and 2 (a range of 1), so a third
    count goes too; every hidden count can then be anything from 1 to at least 4."""
    from peerimpact.governors.plan import lp_ranges

    values = {"a": 1, "b": 2, "c": 30, "all": 33}
    lines = [[("all", -1), ("a", 1), ("b", 1), ("c", 1)]]
    got = _plan(values, lines, candidates=list(values))
    assert {"a", "b"} <= set(got) and len(got) == 3
    known = set(values) - set(got)
    ranges = lp_ranges(values, lines, set(got), dict.fromkeys(got, 1))
    assert known and all(hi - lo >= 3 for lo, hi in ranges.values())


def test_plan_protects_a_count_that_is_never_shown() -> None:
    """40 answered the first survey, 38 both: the 2 who missed the second are never shown, yet 40 − 38 gives
    them; the cheaper of the two shown counts is hidden (the outcome's pupils cost more)."""
    values = {"first": 40, "both": 38, "missed": 2}
    lines = [[("first", -1), ("both", 1), ("missed", 1)]]
    got = _plan(values, lines, candidates=["first", "both"], cost={"both": 100})
    assert got == {"first": "secondary"}


def test_plan_keeps_earlier_hidden_counts_hidden() -> None:
    values = {"x": 7, "y": 9, "all": 16}
    lines = [[("all", -1), ("x", 1), ("y", 1)]]
    got = _plan(values, lines, candidates=list(values), hidden=["x"])
    assert got["x"] == "earlier" and len(got) == 2  # and one more, so that x cannot be worked out
