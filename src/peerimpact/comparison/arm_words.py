"""Which survey column looks like arms (Participant / Comparison), and the helpers it needs: a module that
imports nothing heavy, because the file readers use it in worker processes before the statistics libraries
are loaded (:mod:`peerimpact.comparison.inputs`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

__all__ = ["COMPARISON_WORDS", "arm_like_values", "cell_text", "natural_key"]

COMPARISON_WORDS = re.compile(r"comparison|control|wait|not in|non[- ]?participant|no programme", re.I)
#: a value naming the programme arm, beside one naming the comparison arm, marks a column of arms
_PROGRAMME_WORDS = re.compile(r"particip|programme|program\b|intervention|treatment|mentee|mentor|peer", re.I)
_MAX_ARM_VALUES = 3


def natural_key(text: str) -> list[object]:
    """Sort key with numbers compared as numbers: Year 7 < Year 10."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def cell_text(v: Any) -> str | None:
    if v is None:
        return None
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _arm_values(cells: Sequence[Any]) -> list[str] | None:
    """The distinct texts of a column when it holds at most three of them, else None (stops early)."""
    seen: set[str] = set()
    for v in cells:
        text = cell_text(v)
        if text is None or not text.strip():
            continue
        seen.add(text.strip())
        if len(seen) > _MAX_ARM_VALUES:
            return None
    return sorted(seen, key=natural_key)


def arm_like_values(cells: Sequence[Any]) -> list[str] | None:
    """The column's values when they look like arms — at most three, one naming a comparison group
    (Comparison, Control, …) and one naming the programme (Participant, Mentee, …) — else None."""
    values = _arm_values(cells)
    if not values or len(values) < 2:
        return None
    comparison = [v for v in values if COMPARISON_WORDS.search(v)]
    programme = [v for v in values if v not in comparison and _PROGRAMME_WORDS.search(v)]
    return values if comparison and programme else None
