"""Formula-safe text (SPEC §7): the one-pass column check agrees with the cell-by-cell rule."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from peerimpact.reports._cells import any_risky, csv_safe, is_risky


def test_any_risky_examples() -> None:
    assert not any_risky(["Often", None, "", "a=b", "x-1"])
    assert any_risky(["Often", '=HYPERLINK("x")'])
    assert any_risky([None, "\tx"])
    assert any_risky(["-1 minus"])
    assert not any_risky([-1, 2.5, None, "ok"])  # numbers are never risky text
    assert any_risky([3, "@SUM(A1)"])
    assert csv_safe("=1+1") == "'=1+1" and csv_safe(-3) == -3


cells = st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.text(max_size=6))


@given(st.lists(cells, max_size=20))
def test_any_risky_agrees_with_is_risky(values: list[object]) -> None:
    exact = any(map(is_risky, values))
    if any(isinstance(v, str) and "\x00" in v for v in values):
        assert any_risky(values) or not exact  # a NUL may only cause a needless "yes"
    else:
        assert any_risky(values) == exact
