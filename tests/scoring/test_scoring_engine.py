"""The generic scorer on small instruments built in the test, checked by hand calculation."""

from __future__ import annotations

import tomllib

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from peerimpact.instruments.load import parse
from peerimpact.scoring.engine import assign_bands, score_codes
from peerimpact.util.rounding import round_half_up, round_half_up_array

NaN = np.nan

TOY = """
format_version = 1
name = "toy"
title = "Toy five-item scale"
licence = "test"
items = 6
reverse = [2]
unscored = [6]
[options]
labels = [["Not True", 0], ["Somewhat True", 1], ["Certainly True", 2]]
[[scales]]
name = "sub"
items = [1, 2, 3, 4, 5]
method = "sum"
max_missing = 2
prorate = true
rounding = "half_up"
direction = "lower_is_better"
bands = [{label = "close to average", up_to = 4}, {label = "slightly raised", up_to = 5}, {label = "high"}]
[[scales]]
name = "double"
scales = ["sub", "sub"]
[lookups.t]
table = [[0, 0.0], [1, 1.5], [2, 2.5], [3, 3.5], [4, 4.5], [5, 5.5], [6, 6.5], [7, 7.5], [8, 8.5], [9, 9.5], [10, 10.5]]
[[scales]]
name = "looked"
from = "sub"
lookup = "t"
"""


@pytest.fixture
def toy():  # type: ignore[no-untyped-def]
    return parse(tomllib.loads(TOY), "toy.toml")


def test_reverse_and_sum_by_hand(toy) -> None:  # type: ignore[no-untyped-def]
    # item 2 reversed: 0↔2, 1 stays; row: 1, 0→2, 2, 1, 0 → 6; item 6 unscored
    out = score_codes(toy, np.array([[1, 0, 2, 1, 0, 2]], dtype=float))
    assert out["sub"].values.tolist() == [6.0]
    assert out["double"].values.tolist() == [12.0]
    assert out["looked"].values.tolist() == [6.5]


def test_prorate_half_up_like_spss_rnd(toy) -> None:  # type: ignore[no-untyped-def]
    # 4 answered: 1 + (2-1=1) + 0 + 0 = 2 → 2 × 5/4 = 2.5 → RND → 3 (Python's round would give 2)
    # 3 answered: 1, 2→0, 2 → 3 × 5/3 = 5.0 → 5
    # 2 answered: not scored (at least 3 of 5 needed)
    codes = np.array(
        [
            [1, 1, 0, 0, NaN, 0],
            [1, 2, 2, NaN, NaN, 0],
            [1, 1, NaN, NaN, NaN, 0],
        ]
    )
    out = score_codes(toy, codes)["sub"]
    assert out.values[:2].tolist() == [3.0, 5.0]
    assert np.isnan(out.values[2])
    assert out.prorated.tolist() == [True, True, False]
    assert out.missing.tolist() == [1, 2, 3]
    assert round(2.5) == 2  # the trap the half-up rule avoids


def test_round_half_up() -> None:
    # SPSS RND: halves away from zero (hand values)
    assert round_half_up_array(np.array([0.5, 1.5, 2.5, 2.4999, -0.5, NaN])).tolist()[:5] == [1, 2, 3, 2, -1]


@given(st.integers(-40, 40), st.sampled_from([0.0, 0.25, 0.5, 0.75, 0.4999]))
@example(2, 0.5)
@example(-3, 0.5)
def test_the_two_spellings_of_half_up_agree(whole: int, frac: float) -> None:
    x = whole + frac if whole >= 0 else whole - frac
    assert float(round_half_up_array(np.array([x]))[0]) == float(round_half_up(x, 0))


def test_bands_on_unrounded_edges(toy) -> None:  # type: ignore[no-untyped-def]
    scale = toy.scale("sub")
    assert assign_bands(scale, np.array([4.0, 4.0001, 5.0, 5.5, NaN])) == [
        "close to average",
        "slightly raised",
        "slightly raised",
        "high",
        None,
    ]


def test_mean_scale_with_missing_rule() -> None:
    ins = parse(
        tomllib.loads(
            """
format_version = 1
name = "m"
title = "m"
licence = "t"
items = 3
reverse = [3]
[options]
labels = [["a", 1], ["b", 2], ["c", 3], ["d", 4], ["e", 5]]
[[scales]]
name = "mean"
items = [1, 2, 3]
method = "mean"
max_missing = 1
bands = [{label = "low", below = 3.0}, {label = "normal", up_to = 4.3}, {label = "high"}]
"""
        )
    )
    # (4 + 3 + (6-2=4)) / 3 = 3.666…; (5 + 5)/2 = 5; one answered only: not scored
    out = score_codes(ins, np.array([[4, 3, 2], [5, 5, NaN], [5, NaN, NaN]]))["mean"]
    assert out.values[0] == pytest.approx(11 / 3, rel=1e-12)
    assert out.values[1] == 5.0 and np.isnan(out.values[2])
    assert assign_bands(ins.scale("mean"), np.array([2.999, 3.0, 4.3, 4.31])) == [
        "low",
        "normal",
        "normal",
        "high",
    ]


def test_wrong_shape_is_a_value_error(toy) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        score_codes(toy, np.zeros((2, 3)))
