"""``Utf8List`` (ids with their UTF-8 bytes kept beside them): the bytes are a hint that any change drops, so
no caller can read bytes that no longer match the cells."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from peerimpact.util.utf8_list import Utf8List, utf8_of


def _ids() -> Utf8List:
    cells = ["A1", "B22", "C"]
    data = np.frombuffer("".join(cells).encode(), dtype=np.uint8)
    return Utf8List(cells, np.array([0, 2, 5, 6], dtype=np.int64), data)


def test_holds_the_cells_and_their_bytes() -> None:
    ids = _ids()
    assert ids == ["A1", "B22", "C"] and isinstance(ids, list)
    offsets, data = utf8_of(ids)  # type: ignore[misc]
    assert bytes(data[offsets[1] : offsets[2]]) == b"B22"
    assert utf8_of(["A1"]) is None


def test_bytes_that_do_not_fit_the_cells_are_not_kept() -> None:
    assert utf8_of(Utf8List(["A"], np.array([0, 1, 2]), np.zeros(2, np.uint8))) is None


@pytest.mark.parametrize(
    "change",
    [
        lambda x: x.__setitem__(0, "Z9"),
        lambda x: x.__setitem__(slice(0, 1), ["Z9"]),
        lambda x: x.__delitem__(0),
        lambda x: x.__iadd__(["D"]),
        lambda x: x.__imul__(2),
        lambda x: x.append("D"),
        lambda x: x.extend(["D"]),
        lambda x: x.insert(0, "D"),
        lambda x: x.pop(),
        lambda x: x.remove("C"),
        lambda x: x.clear(),
        lambda x: x.sort(),
        lambda x: x.reverse(),
    ],
)
def test_any_change_drops_the_bytes(change: Callable[[Any], Any]) -> None:
    ids = _ids()
    change(ids)
    assert utf8_of(ids) is None


def test_copies_slices_and_pickles() -> None:
    ids = _ids()
    copied = ids.copy()
    assert copied == ids and utf8_of(copied) is utf8_of(ids)
    copied.append("D")  # the copy's change leaves the original's bytes alone
    assert utf8_of(ids) is not None and utf8_of(copied) is None
    assert type(ids[0:2]) is list and type(list(ids)) is list
    back = pickle.loads(pickle.dumps(ids))
    assert back == ids and type(back) is list
