"""Governors' figures are stored at the precision they are shown (SPEC §6.1, issue 14 item 1): the report
object holds every mean, change, range and effect size already rounded, and the workbook stores exactly
those values, so no cell holds more digits than its number format shows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from peerimpact.governors.model import GovernorsReport

_DP = {"0.0": 1, "0.00": 2, "0": 0}


def _decimals(x: float) -> int:
    exp = Decimal(repr(x)).normalize().as_tuple().exponent
    return max(0, -int(exp))


def test_every_number_in_the_workbook_is_stored_as_shown(summer: tuple[list[Path], Any, Any]) -> None:
    files, _, _ = summer
    xlsx = next(p for p in files if p.name.startswith("governors") and p.suffix == ".xlsx")
    wb = openpyxl.load_workbook(xlsx)
    floats = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, float):
                    floats += 1
                    dp = _DP[c.number_format.split(";")[0]]
                    assert _decimals(c.value) <= dp, (ws.title, c.coordinate, c.value, c.number_format)
    assert floats > 10


def test_report_object_holds_rounded_figures(summer: tuple[list[Path], GovernorsReport, Any]) -> None:
    _, report, _ = summer
    seen = 0
    for o in report.outcomes:
        if not o.shown:
            continue
        for v in (o.pre_mean, o.post_mean, o.change, *(o.change_ci or ()), o.mdes_points):
            if v is not None:
                assert _decimals(v) <= o.dp, (o.measure, v)
                seen += 1
        for v in (o.g_av, *(o.g_av_ci or ()), o.better_g, *(o.better_g_ci or ())):
            if v is not None:
                assert _decimals(v) <= 2, (o.measure, v)
    for t in report.trend:
        for v in (*t.means, t.slope, *(t.ci or ())):
            if v is not None:
                assert _decimals(v) <= t.dp, (t.measure, v)
                seen += 1
    for m in report.mis:
        for v in (m.before, m.after):
            if v is not None:
                assert _decimals(v) <= m.dp, (m.title, v)
    for g in report.subgroups:
        for v in (g.change, *(g.change_ci or ())):
            if v is not None:
                assert _decimals(v) <= g.dp, (g.label, v)
    assert seen > 5
