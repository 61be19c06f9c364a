"""``CompareRun.pupils`` is kept as columns (:class:`PupilRows`) but reads as the list of PupilChange it was."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest

from peerimpact.comparison.model import PupilChange, PupilColumns, PupilRows
from peerimpact.pipeline import compare_files

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"


def _rows() -> PupilRows:
    a = PupilColumns(
        "wemwbs.total",
        ["A1", "A2"],
        [40.0, 50.0],
        [45.0, 49.0],
        [5.0, -1.0],
        [1.2, -0.24],
        ["reliably improved", None],
        [None, None],
    )
    b = PupilColumns("sdq.total", ["A1"], [12.0], [10.0], [-2.0], [None], [None], ["programme"])
    return PupilRows([a, b])


def test_reads_as_a_list_of_pupil_changes() -> None:
    rows = _rows()
    expected = [
        PupilChange("A1", "wemwbs.total", 40.0, 45.0, 5.0, 1.2, "reliably improved", None),
        PupilChange("A2", "wemwbs.total", 50.0, 49.0, -1.0, -0.24, None, None),
        PupilChange("A1", "sdq.total", 12.0, 10.0, -2.0, None, None, "programme"),
    ]
    assert len(rows) == 3
    assert list(rows) == expected
    assert rows == expected and expected == rows
    assert rows != expected[:2]
    assert [rows[i] for i in range(3)] == expected
    assert rows[-1] == expected[-1] and rows[-3] == expected[0]
    assert rows[1:] == expected[1:]
    assert rows.columns() == tuple(
        [getattr(p, f.name) for p in expected] for f in dataclasses.fields(PupilChange)
    )
    with pytest.raises(IndexError):
        rows[3]
    with pytest.raises(IndexError):
        rows[-4]
    assert PupilRows() == [] and len(PupilRows()) == 0


def test_compare_rows_match_the_scores() -> None:
    run = compare_files(DATA / "wemwbs_autumn_forms.xlsx", DATA / "wemwbs_summer_forms.xlsx")
    assert isinstance(run.pupils, PupilRows)
    assert len(run.pupils) == next(o.n for o in run.overall if o.measure == "wemwbs.total")
    for p in run.pupils:
        assert p.pre is not None and p.post is not None and p.change == p.post - p.pre
        assert p.rci is None or math.isfinite(p.rci)
