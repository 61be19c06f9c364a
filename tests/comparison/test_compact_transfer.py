"""The forked readers send answer codes back as int8 (issue 17: a bounded process tree); the parent gets the
very same float codes back, and codes that int8 cannot hold exactly travel as they are."""

from __future__ import annotations

from typing import Any

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


def test_one_worker_at_a_time_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """``at_once=1``: every task still runs in a worker, never two alive together, results in order."""
    import os
    import time

    from peerimpact.comparison import parallel

    monkeypatch.setenv(parallel.ENV, "2")
    parent = os.getpid()

    def task(k: int) -> Any:
        def run() -> tuple[int, int, float, float]:
            start = time.monotonic()
            time.sleep(0.05)
            return k, os.getpid(), start, time.monotonic()

        return run

    got = [r.get() for r in parallel.run_tasks([task(k) for k in range(3)], at_once=1)]
    assert [g[0] for g in got] == [0, 1, 2]
    if parallel.worker_count(3):
        assert all(g[1] != parent for g in got)
        assert got[0][3] <= got[1][2] and got[1][3] <= got[2][2]  # one after the other


def test_expanded_size(tmp_path: Any) -> None:
    import zipfile

    from peerimpact.comparison.inputs import expanded_size

    text = tmp_path / "a.csv"
    text.write_bytes(b"x" * 1000)
    assert expanded_size(text) == 1000
    book = tmp_path / "b.xlsx"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", "a" * 50_000)
        zf.writestr("xl/sharedStrings.xml", "b" * 7_000)
    assert expanded_size(book) == 57_000
    assert expanded_size(tmp_path / "missing.xlsx") == 0
