"""Display formatting for reports: re-exported from :mod:`peerimpact._format` (one owner of all rounding)."""

from peerimpact._format import MINUS, fmt_number, fmt_p, round_half_up

__all__ = ["MINUS", "fmt_number", "fmt_p", "round_half_up"]
