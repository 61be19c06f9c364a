"""Display formatting for reports: re-exported from :mod:`peerimpact.wording.numbers` (one owner of all rounding)."""

from peerimpact.wording.numbers import MINUS, fmt_number, fmt_p, round_half_up

__all__ = ["MINUS", "fmt_number", "fmt_p", "round_half_up"]
