"""The governors' trend is per term of the programme's calendar (issue 13 case 2) and reaches the SMHL's
workbook and JSON (so that an evaluator can audit it).

The model itself is checked against lme4 in tests/statistics/test_trend.py; here the positions are the
reference: Autumn 2026 → Spring 2027 → Autumn 2027 is 0, 1, 3 terms (no summer survey), written by hand.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import openpyxl
import pytest

from peerimpact.governors.programme import Term
from peerimpact.governors.trend import term_positions


def _term(name: str, start: date, end: date) -> Term:
    return Term(key=name.lower().replace(" ", "-"), name=name, start=start, end=end)


def test_positions_follow_the_school_calendar() -> None:
    autumn = _term("Autumn 2026", date(2026, 9, 2), date(2026, 12, 18))
    spring = _term("Spring 2027", date(2027, 1, 5), date(2027, 3, 26))
    summer = _term("Summer 2027", date(2027, 4, 12), date(2027, 7, 21))
    autumn27 = _term("Autumn 2027", date(2027, 9, 2), date(2027, 12, 17))
    assert term_positions([autumn, spring, summer]) == ([0.0, 1.0, 2.0], "term")
    assert term_positions([autumn, spring, autumn27]) == ([0.0, 1.0, 3.0], "term")  # no summer survey
    assert term_positions([spring, autumn27]) == ([0.0, 2.0], "term")
    half = _term("Autumn 2026 (2)", date(2026, 11, 1), date(2026, 12, 18))
    assert term_positions([autumn, half, spring]) == ([0.0, 1.0, 2.0], "survey")  # two surveys in one term


@pytest.fixture(scope="module")
def gap_report(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The example programme with its third survey moved from Summer 2027 to Autumn 2027."""
    from peerimpact.cli.report import write_report
    from peerimpact.demo.programme import write_example_programme

    config = write_example_programme(tmp_path_factory.mktemp("gap"))
    text = config.read_text(encoding="utf-8")
    text = (
        text.replace("[terms.summer-2027]", "[terms.autumn-2027]")
        .replace("[terms.summer-2027.surveys]", "[terms.autumn-2027.surveys]")
        .replace(
            'name = "Summer 2027"\nstart = 2027-04-12\nend = 2027-07-21',
            'name = "Autumn 2027"\nstart = 2027-09-02\nend = 2027-12-17',
        )
    )
    assert "Autumn 2027" in text
    config.write_text(text, encoding="utf-8")
    return write_report(config, "autumn-2027")


def test_trend_is_per_calendar_term_and_reaches_the_smhl_outputs(gap_report: Any) -> None:
    files, report, _ = gap_report
    t = next(t for t in report.trend if t.role == "mentees")
    assert t.terms == ("Autumn 2026", "Spring 2027", "Autumn 2027")
    assert t.positions == (0.0, 1.0, 3.0) and t.per == "term"
    assert "points a term" in t.sentence
    data = json.loads(next(f for f in files if f.name.endswith("mentees.json")).read_text(encoding="utf-8"))
    (j,) = data["extras"]["trend"]
    assert (
        j["positions"] == [0, 1, 3]
        and j["slope"] == pytest.approx(t.slope)
        and j["se"] == pytest.approx(t.se)
    )
    assert "GLS covariance" in j["method"]
    ws = openpyxl.load_workbook(next(f for f in files if f.name.endswith("mentees.xlsx")))["Trend"]
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "0, 1, 3 (per term)" in values and pytest.approx(t.slope) in values
