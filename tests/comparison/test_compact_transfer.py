"""The forked readers send answer codes back as int8 (issue 17: a bounded process tree); the parent gets the
very same float codes back, and codes that int8 cannot hold exactly travel as they are."""

from __future__ import annotations

import numpy as np
import pytest

from peerimpact.comparison.inputs import _pack_codes, _unpack_codes


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """Bit for bit (NaN equal to NaN, -0.0 told from 0.0)."""
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


@pytest.mark.parametrize("seed", range(5))
def test_round_trip_is_exact(seed: int) -> None:
    rng = np.random.default_rng(seed)
    codes = rng.integers(-3, 11, size=(200, 14)).astype(float)
    codes[rng.random((200, 14)) < 0.2] = np.nan
    packed = _pack_codes(codes)
    assert packed.dtype == np.int8
    assert _same(_unpack_codes(packed), codes)


def test_edges_round_trip() -> None:
    codes = np.array([[np.nan, -127.0, 127.0, 0.0]])
    assert _pack_codes(codes).dtype == np.int8
    assert _same(_unpack_codes(_pack_codes(codes)), codes)
    empty = np.zeros((0, 5))
    assert _same(_unpack_codes(_pack_codes(empty)), empty)
    blank = np.full((3, 2), np.nan)
    assert _same(_unpack_codes(_pack_codes(blank)), blank)


@pytest.mark.parametrize("bad", [0.5, 128.0, -128.0, -0.0, np.inf])
def test_codes_int8_cannot_hold_travel_as_they_are(bad: float) -> None:
    codes = np.array([[1.0, bad, np.nan]])
    packed = _pack_codes(codes)
    assert packed is codes
    assert _unpack_codes(packed) is codes
