"""The trend's pupils per survey, picked with numpy (issue 17), are exactly those of the plain loop it
replaced: every kept response's id in row order, less the other role's pupils and those without a score —
duplicates (one response kept), blank ids (None), pupils at one survey only, order and all."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from peerimpact.comparison.matching import wave_positions
from peerimpact.governors import trend
from peerimpact.governors.build import build_report
from peerimpact.governors.outcomes import ROLE_SECTIONS
from peerimpact.governors.programme import load_programme
from peerimpact.readers.base import CodedColumn


def _reference(runs: list[Any], measure: str, column: str | None, other: Any, positions: list[float]) -> Any:
    """The loop the trend had before issue 17, cell by cell."""
    ids, wave, ys = [], [], []
    for w, r in enumerate(runs):
        col = next((c for c in r.source.columns if column and c.casefold() == column.casefold()), None)
        cells = r.source.column(col) if col else None
        vals = r.scales[measure].values
        for pid, pos in wave_positions(r).items():
            if cells is not None and other(cells[pos]):
                continue
            if not np.isnan(vals[pos]):
                ids.append(pid)
                wave.append(positions[w])
                ys.append(float(vals[pos]))
    return ids, wave, ys


def test_the_trend_fits_exactly_the_pupils_the_plain_loop_picks(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fitted: list[tuple[list[str], list[float], list[float]]] = []
    seen: list[tuple[list[Any], str]] = []
    import peerimpact.statistics.trend as stats_trend

    real_fit, real_rows = stats_trend.mixed_trend, trend._trend_rows

    def fit(ids: Any, wave: Any, y: Any) -> Any:
        fitted.append((list(ids), list(wave), list(y)))
        return real_fit(ids, wave, y)

    def rows(programme: Any, waves: Any, runs: Any, run: Any, *args: Any) -> Any:
        seen.append((list(runs), args[-1] if len(args) == 4 else "pupils"))
        return real_rows(programme, waves, runs, run, *args)

    monkeypatch.setattr(stats_trend, "mixed_trend", fit)
    monkeypatch.setattr(trend, "_trend_rows", rows)
    programme = load_programme(example)
    report, _, _ = build_report(programme, "summer-2027")
    assert report.trend and len(fitted) == len(report.trend) == 2  # mentees and mentors
    roles = dict((section, one) for one, section in ROLE_SECTIONS)
    positions = [0.0, 1.0, 2.0]
    for (runs, role), got, row in zip(seen, fitted, report.trend, strict=True):
        assert row.role == role
        wanted = roles[role]

        def other(cell: object, wanted: str = wanted) -> bool:
            return programme.role_of(cell) != wanted

        want = _reference(runs, row.measure, programme.role_column, other, positions)
        assert got == want
        assert len(set(got[0])) == row.n_pupils and len(got[2]) < sum(r.source.n_rows for r in runs)
        # pupils seen at several surveys, and pupils missing from some
        per_wave = [sum(1 for w in got[1] if w == p) for p in positions]
        assert len(set(got[0])) < sum(per_wave) and min(per_wave) < len(set(got[0]))


def test_flags_calls_the_test_once_per_distinct_cell() -> None:
    calls: list[object] = []

    def is_comparison(cell: object) -> bool:
        calls.append(cell)
        return str(cell).strip().casefold() == "comparison"

    cells = ["Mentee", "Comparison", None, float("nan"), " comparison ", "Mentee", None, ["x"], 3]
    want = [is_comparison(c) for c in cells]
    calls.clear()
    assert trend._flags(cells, is_comparison).tolist() == want
    assert sum(1 for c in calls if c == "Mentee") == 1 and sum(1 for c in calls if c is None) == 1
    assert sum(1 for c in calls if isinstance(c, float) and math.isnan(c)) == 1
    coded = CodedColumn(["Mentee", "Comparison", None], np.array([0, 1, 2, 1, 0], dtype=np.uint8))
    calls.clear()
    assert trend._flags(coded, is_comparison).tolist() == [False, True, False, True, False]
    assert calls == ["Mentee", "Comparison", None]
