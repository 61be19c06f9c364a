"""Issue 15's "plain reading" (SPEC §6.1): printed figures add up as printed, one size word per printed g,
one sign convention per view, labelled chart axes.

Expected values are worked out by hand in each test from numbers chosen so that naive rounding would not
add up; none is taken from the code under test.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from tests.comparison.test_issue13_cases import wemwbs_files

from peerimpact.governors.model import Count, GovernorsReport, OutcomeRow, RoleSection, TrendRow
from peerimpact.reports.html import render_html
from peerimpact.reports.svg import FOREST_AXIS, forest, nice_ticks, trend_chart
from peerimpact.wording.numbers import printed_change

#: 50 pupils: pre totals sum to 2263 (mean 45.26, printed 45.3); the changes sum to 53 (mean 1.06), so the
#: post mean is 46.32, printed 46.3.  Naive rounding prints the change as 1.1 (1.06 rounded) beside
#: 45.3 → 46.3; as printed it is 46.3 − 45.3 = 1.0.
PRE = [40, 50] * 18 + [46] * 13 + [45]
CHANGES = [-8, -7, -6, -5, -4, -4, -4, -3, -3, -3, -2, -2, -2, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 1, 1]
CHANGES += [2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 8, 9, 10]


def test_the_hand_made_numbers_are_what_the_tests_say() -> None:
    assert len(PRE) == len(CHANGES) == 50
    assert sum(PRE) == 2263 and sum(CHANGES) == 53  # means 45.26 and 1.06; post mean 46.32


@pytest.mark.parametrize(
    ("pre", "post", "dp", "expected"),
    [
        (45.26, 46.32, 1, 1.0),  # naive: round(1.06, 1) = 1.1
        (21.724, 22.886, 2, 1.17),  # naive: round(1.162, 2) = 1.16 (issue 15's "21.72 → 22.89, +1.16")
        (92.94, 92.66, 1, -0.2),  # naive: round(−0.28, 1) = −0.3
        (0.454, 0.336, 2, -0.11),  # naive: round(−0.118, 2) = −0.12
    ],
)
def test_printed_change_is_printed_after_minus_printed_before(
    pre: float, post: float, dp: int, expected: float
) -> None:
    assert printed_change(pre, post, dp) == pytest.approx(expected, abs=1e-12)
    assert printed_change(None, post, dp) is None


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from peerimpact.pipeline import compare_files

    tmp = tmp_path_factory.mktemp("plain")
    pre, post = wemwbs_files(tmp, PRE, [a + b for a, b in zip(PRE, CHANGES, strict=True)])
    o = compare_files([pre], [post]).overall[0]
    assert o.dp == 1 and o.primary_test != "wilcoxon"  # the mean change is the one printed
    return o


def test_governors_row_and_sentence_print_the_change_that_adds_up(outcome) -> None:  # type: ignore[no-untyped-def]
    from peerimpact.governors.outcomes import outcome_row
    from peerimpact.governors.plan import Ledger

    ledger = Ledger(5)
    row = outcome_row(outcome, 5, ledger)
    ledger.resolve()
    assert (row.pre_mean, row.post_mean) == (45.3, 46.3)
    assert row.change == pytest.approx(1.0)  # 46.3 − 45.3, not round(1.06) = 1.1
    assert "1.0 points" in row.sentence and "1.1 points" not in row.sentence
    page = render_html(_report([row]))
    assert "<td>45.3</td><td>46.3</td><td>+1.0</td>" in page


def test_the_size_word_describes_g_as_printed(outcome) -> None:  # type: ignore[no-untyped-def]
    # g_av 0.1996 prints as 0.20: Cohen (1988) calls 0.20 "small" (0.2 ≤ |g| < 0.5); the unrounded
    # 0.1996 would be "very small", the word issue 15 found beside "0.20"
    from peerimpact.comparison.outcomes import MeasureInfo, finish

    es = dataclasses.replace(outcome.effect_size, g_av=0.1996, g_av_ci95=(0.01, 0.39))
    o = dataclasses.replace(outcome, effect_size=es, p_value=0.001)
    info = MeasureInfo(o.measure, "WEMWBS total", "score", "higher_is_better", dp=1, scale_range="14–70")
    (done,) = finish([o], None, 0.05, {o.measure: info})
    assert done.verdict == "improved" and done.effect_size.label == "small"


@pytest.mark.parametrize(
    ("counts", "note"),
    [
        # 227 and 168 referrals over 50,000 sessions: 0.454 and 0.336 per 100, printed 0.45 and 0.34;
        # rate ratio 168/227 = 0.740 (26% fewer) but 0.34/0.45 = 0.756 (24%): the sentence says why
        ((227, 168), True),
        # 200 and 150: 0.40 and 0.30 per 100; 0.75 either way (25% fewer): nothing to explain
        ((200, 150), False),
    ],
)
def test_a_rate_sentence_says_when_its_share_is_not_from_the_printed_rates(
    outcome, counts: tuple[int, int], note: bool
) -> None:  # type: ignore[no-untyped-def]
    from peerimpact.results.groups import PoissonRates
    from peerimpact.wording.designs import count_sentences

    a, b = counts
    rates = PoissonRates(a, 50_000.0, b, 50_000.0, a / 50_000, b / 50_000, b / a, (0.6, 0.9), 0.01)
    o = dataclasses.replace(outcome, poisson_rate=rates, verdict="improved", p_adjusted=0.01)
    _, plain = count_sentences(o, title="Behaviour referrals", alpha=0.05)
    pct = round(100 * (1 - b / a))
    assert f"about {pct}% fewer" in plain
    assert ("(worked out from the rates before rounding)" in plain) is note
    if note:
        assert "from 0.45 to 0.34" in plain


# ------------------------------------------------------------------------------------------- the charts
def _row(**kw: object) -> OutcomeRow:
    base: dict[str, object] = dict(
        measure="sdq.total_difficulties",
        title="SDQ total difficulties",
        n=Count(40),
        verdict="no_significant_change",
        sentence="SDQ: no clear change.",
        shown=True,
        dp=1,
        pre_mean=14.2,
        post_mean=13.6,
        change=-0.6,
        change_ci=(-1.5, 0.3),
        g_av=-0.16,
        g_av_ci=(-0.40, 0.08),
        better_g=0.16,
        better_g_ci=(-0.08, 0.40),
        direction="lower_is_better",
    )
    base.update(kw)
    return OutcomeRow(**base)  # type: ignore[arg-type]


def _report(rows: list[OutcomeRow], trend: list[TrendRow] | None = None) -> GovernorsReport:
    return GovernorsReport(
        programme="P",
        school="S",
        report_for="Governors",
        prepared_by="",
        term="Summer 2027",
        term_key="summer-2027",
        period="April to July 2027",
        baseline="Autumn 2026",
        threshold=5,
        design="single_group",
        design_text="No comparison group.",
        headline="Headline.",
        reach=None,
        sections=[RoleSection("pupils", "Programme pupils", "single_group", outcomes=rows)],
        trend=trend or [],
    )


def test_the_forest_chart_has_a_labelled_x_axis_with_tick_values() -> None:
    svg = forest([_row()])
    assert FOREST_AXIS in svg and "right = better" in svg
    ticks = re.findall(r'text-anchor="middle">([^<]+)</text>', svg)
    assert ticks[:5] == ["−1.0", "−0.5", "0.0", "0.5", "1.0"]  # span ±1, ticks every 0.5


def test_a_lower_is_better_g_is_drawn_turned_round_and_labelled_in_both_views() -> None:
    # SDQ fell (−0.6 points, g −0.16 as measured): better.  The chart's x runs from −1 at x = 178 to +1 at
    # x = 178 + 276 = 454 (left margin 178, plot 276 px), so +0.16 sits at 178 + 276 × 1.16 / 2 = 338.08
    # and −0.16 would sit at 178 + 276 × 0.84 / 2 = 293.92
    svg = forest([_row()])
    assert 'cx="338.1"' in svg and 'cx="293.9"' not in svg
    assert "(lower is better)" in svg
    page = render_html(_report([_row()]))
    assert "<td>−0.16</td>" in page  # the table: g as measured …
    assert "Effect size g (as measured)" in page and "lower is better" in page
    # … and a note that ties the two figures together
    assert "g of −0.16 in the table is drawn at +0.16" in page


def test_a_higher_is_better_g_is_drawn_where_the_table_puts_it() -> None:
    row = _row(direction="higher_is_better", g_av=0.16, g_av_ci=(-0.08, 0.40), change=0.6)
    svg = forest([row])
    assert 'cx="338.1"' in svg and "(lower is better)" not in svg
    assert "is drawn at" not in render_html(_report([row]))


def test_nice_ticks_by_hand() -> None:
    # 21.1–23.2 in about 5 ticks: raw step 2.1 / 5 = 0.42 → the next nice step is 0.5
    assert nice_ticks(21.1, 23.2, 5) == [21.5, 22.0, 22.5, 23.0]
    # 0–100: raw 20 → step 20
    assert nice_ticks(0, 100, 5) == [0, 20, 40, 60, 80, 100]


def test_the_trend_chart_has_a_y_axis_with_units_and_the_terms_on_x() -> None:
    t = TrendRow(
        measure="sdq.total_difficulties",
        title="SDQ total difficulties",
        terms=("Autumn 2026", "Spring 2027", "Summer 2027"),
        means=(14.2, 13.9, 13.6),
        counts=(Count(40), Count(38), Count(40)),
        slope=-0.3,
        ci=(-0.6, 0.0),
        p_value=0.06,
        n_pupils=40,
        n_observations=118,
        clear=False,
        sentence="No clear trend.",
        direction="lower_is_better",
    )
    svg = trend_chart(t)
    assert "Average score (points; lower is better)" in svg
    for term in t.terms:
        assert f">{term}</text>" in svg
    # y ticks: the means ± padding (0.6 × 0.35 = 0.21, at least 0.5): 13.1–14.7, raw step 1.6 / 5 = 0.32 →
    # nice step 0.5: 13.5, 14.0, 14.5
    labels = re.findall(r'text-anchor="end"[^>]*>([^<]+)</text>', svg)
    assert labels == ["13.5", "14.0", "14.5"]
    assert "Average score (points; lower is better)" in render_html(_report([_row()], [t]))
    # with roles, whose average it is
    mentees = dataclasses.replace(t, role="mentees")
    assert "Mentees: Average score (points; lower is better)" in trend_chart(mentees)
