"""Pupil ids as text: their normal form, the UPN shape and the placeholder words that are no id (SPEC §3).

One rule for everything that compares or hides ids — the scorer's id column (:mod:`peerimpact.scoring.ids`)
and the pseudonymised outputs (:mod:`peerimpact.util.pseudonyms`).  Standard library only.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

__all__ = ["PLACEHOLDERS", "UPN_SHAPE", "looks_like_upn", "normalise_id"]

#: values that stand for "no id" (SPEC §3): Microsoft Forms writes ``anonymous`` in Email for an anonymous form
PLACEHOLDERS = frozenset({"anonymous", "anon", "n/a", "na", "-", "--", "unknown", "none", "null", "?"})
#: a UPN (DfE): a letter, 11 digits, then a digit or (temporary UPN) a letter
UPN_SHAPE = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$", re.ASCII)


def looks_like_upn(value: str) -> bool:
    return bool(UPN_SHAPE.match(value.replace(" ", "").upper()))


def normalise_id(value: Any, kind: str = "") -> str | None:
    """An id as matching compares it (SPEC §3): trimmed; emails case-folded; UPNs upper-cased without spaces;
    1234.0 → "1234"; blanks and placeholder words (:data:`PLACEHOLDERS`) → None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, datetime | date):
        text = value.isoformat()
    else:
        text = str(value).strip()
    if not text or text.casefold() in PLACEHOLDERS:
        return None
    if "@" in text or kind == "email":
        return text.casefold()
    compact = text.replace(" ", "")
    if kind == "upn" or looks_like_upn(compact):
        return compact.upper()
    return text
