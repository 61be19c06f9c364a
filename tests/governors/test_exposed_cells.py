"""``exposed_cells`` (one elimination for every cell) against the definition it implements, written here
with a rank per cell: a hidden cell is fixed by the equations exactly when rank(A_H) = rank(A_H without
its column) + 1 (every solution of A_H x = 0 has x_k = 0)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from peerimpact.governors.suppression import exposed_cells


def _rank(rows: list[list[Fraction]]) -> int:
    m = [r[:] for r in rows if any(r)]
    rank = 0
    for col in range(len(m[0]) if m else 0):
        pivot = next((i for i in range(rank, len(m)) if m[i][col] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for i in range(len(m)):
            if i != rank and m[i][col] != 0:
                f = m[i][col] / m[rank][col]
                m[i] = [a - f * b for a, b in zip(m[i], m[rank], strict=True)]
        rank += 1
    return rank


def _by_definition(lines: list[list[tuple[int, int]]], hidden: list[int]) -> list[int]:
    order = sorted(hidden)
    matrix = [[Fraction(sum(c for cell, c in line if cell == h)) for h in order] for line in lines]
    matrix = [r for r in matrix if any(r)]
    if not matrix:
        return []
    full = _rank(matrix)
    return [h for k, h in enumerate(order) if _rank([r[:k] + r[k + 1 :] for r in matrix]) < full]


lines_st = st.lists(
    st.lists(st.tuples(st.integers(0, 7), st.sampled_from([-1, 1, 2])), min_size=1, max_size=5),
    max_size=7,
)


@settings(max_examples=300, deadline=None)
@given(lines=lines_st, hidden=st.sets(st.integers(0, 7), max_size=8))
def test_exposed_cells_match_the_rank_definition(
    lines: list[list[tuple[int, int]]], hidden: set[int]
) -> None:
    assert sorted(exposed_cells(lines, sorted(hidden))) == _by_definition(lines, sorted(hidden))


def test_a_total_and_one_hidden_part_is_exposed() -> None:
    # total (cell 9) = 0 + 1 + 2; hiding cell 1 alone exposes it; hiding 1 and 2 exposes neither
    line = [(0, 1), (1, 1), (2, 1), (9, -1)]
    assert exposed_cells([line], [1]) == [1]
    assert exposed_cells([line], [1, 2]) == []
