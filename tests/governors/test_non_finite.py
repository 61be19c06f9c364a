"""A scale with no spread gives an infinite g: it is not shown ("–"), and the effect-size chart still ends
(issue 15: an infinite likely range once made the chart's tick loop run until memory ran out)."""

from __future__ import annotations

import math

from peerimpact.governors.model import Count, OutcomeRow, shown_ci, shown_value
from peerimpact.reports.svg import forest


def test_a_figure_that_is_not_finite_is_not_shown() -> None:
    assert shown_value(math.inf, 2) is None and shown_value(-math.inf, 1) is None
    assert shown_value(math.nan, 2) is None
    assert shown_ci((0.1, math.inf), 2) == (0.1, None)


def test_the_chart_ends_with_an_endless_range() -> None:
    row = OutcomeRow(
        measure="x.total",
        title="X",
        n=Count(20),
        verdict="improved",
        sentence="",
        shown=True,
        better_g=0.4,
        better_g_ci=(0.1, math.inf),
    )
    svg = forest([row])
    assert svg.startswith("<svg") and svg.count("<text") < 60
