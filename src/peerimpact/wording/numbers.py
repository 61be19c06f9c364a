"""All rounding and number formatting for display (reporting.md §6).

Values are computed unrounded; they are rounded only here, half away from zero via ``Decimal`` (as DfE's
``roundFiveUp``), never with Python's banker's ``round``.  A true minus sign is used for negatives.
"""

from __future__ import annotations

from peerimpact.util.rounding import round_half_up

__all__ = ["MINUS", "fmt_ci", "fmt_number", "fmt_opt", "fmt_p", "p_eq", "printed_change", "round_half_up"]

MINUS = "\u2212"


def fmt_number(x: float, dp: int, *, leading_zero: bool = True) -> str:
    """``x`` to ``dp`` decimals; '−' for negatives; optionally no leading zero (".84")."""
    d = round_half_up(x, dp)
    text = f"{abs(d):.{dp}f}"
    if not leading_zero and text.startswith("0."):
        text = text[1:]
    return (MINUS if d < 0 else "") + text


def fmt_p(p: float, alpha: float = 0.05) -> str:
    """APA p: 3 dp without leading zero, "< .001", "> .999"; 4 dp when 3 dp would show alpha itself."""
    if p < 0.001:
        return "< .001"
    if p > 0.999:
        return "> .999"
    text = fmt_number(p, 3, leading_zero=False)
    if float("0" + text) == alpha and p != alpha:
        text = fmt_number(p, 4, leading_zero=False)
    return text


def fmt_ci(ci: tuple[float | None, float | None] | None, dp: int) -> str:
    """The CI as "95% CI [lo, hi]" with the estimate's decimals; "95% CI not computable" when missing."""
    if ci is None or ci[0] is None or ci[1] is None:
        return "95% CI not computable"
    return f"95% CI [{fmt_number(ci[0], dp)}, {fmt_number(ci[1], dp)}]"


def fmt_opt(x: float | None, dp: int, *, leading_zero: bool = True, missing: str = "–") -> str:
    """A number, or ``missing`` (never "nan")."""
    return missing if x is None else fmt_number(x, dp, leading_zero=leading_zero)


def p_eq(p: float, alpha: float = 0.05) -> str:
    """p for a sentence: "= .036", "< .001" or "> .999" (never "= < .001")."""
    text = fmt_p(p, alpha)
    return text if text[0] in "<>" else f"= {text}"


def printed_change(pre: float | None, post: float | None, dp: int) -> float | None:
    """``post − pre`` as a reader works it out from the printed figures: each rounded to ``dp`` first.

    A mean change of 1.165 between averages of 21.724 and 22.889 prints as "21.72 → 22.89, +1.17", not
    "+1.16": a before, after and change printed side by side then add up as printed (SPEC §6.1, "Plain
    reading"; GSS guidance is to make published figures consistent or say why not).  For paired pupils the
    mean change is exactly the difference of the two means, so this differs from the rounded change by at
    most one unit in the last decimal.  None when either figure is missing.
    """
    if pre is None or post is None:
        return None
    return float(round_half_up(post, dp) - round_half_up(pre, dp))
