"""Display rules (reporting.md §6) and the verdict rule (SPEC §5), checked against the written rules."""

from __future__ import annotations

import pytest

from peerimpact.wording.numbers import fmt_ci, fmt_number, fmt_p, p_eq
from peerimpact.wording.verdicts import verdict


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (0.0004, "< .001"),  # "p < .001", never ".000"
        (0.0321, ".032"),  # 3 dp, no leading zero
        (0.9996, "> .999"),
        (0.04993, ".0499"),  # 3 dp would show alpha itself (".050") for a p below it: add a digit
        (0.0504, ".0504"),
        (0.5, ".500"),
    ],
)
def test_p_format(p: float, text: str) -> None:
    assert fmt_p(p, 0.05) == text


def test_p_in_a_sentence() -> None:
    assert p_eq(0.0004) == "< .001" and p_eq(0.2) == "= .200" and p_eq(0.9999) == "> .999"


def test_half_up_and_true_minus() -> None:
    assert fmt_number(2.25, 1) == "2.3"  # half away from zero (Python's round gives 2.2)
    assert fmt_number(-0.125, 2) == "\u22120.13"
    assert fmt_number(0.84, 2, leading_zero=False) == ".84"
    assert fmt_ci((0.05, 1.25), 1) == "95% CI [0.1, 1.3]"
    assert fmt_ci((None, 1.0), 1) == "95% CI not computable"


@pytest.mark.parametrize(
    ("p_adj", "better", "n", "expected"),
    [
        (0.01, 1.5, 30, "improved"),
        (0.01, -1.5, 30, "worsened"),  # significant, in the worse direction
        (0.20, 1.5, 30, "no_significant_change"),  # never "improved" without the adjusted test
        (0.049, 0.0, 30, "no_significant_change"),
        (0.001, 2.0, 4, "not_tested"),  # fewer than 5 pairs: not tested, whatever p says
        (None, 2.0, 30, "not_tested"),
    ],
)
def test_verdict_uses_adjusted_p_and_direction(
    p_adj: float | None, better: float, n: int, expected: str
) -> None:
    assert verdict(p_adj, 0.05, better, n) == expected
