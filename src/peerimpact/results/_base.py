"""Layer-0 base of the results model: the plain-value contract every result dataclass keeps.

Standard library only.  See :mod:`peerimpact.results`.
"""

from __future__ import annotations

import math
from dataclasses import fields
from typing import Any

__all__ = ["CI", "ResultBase", "_jsonable", "check_value"]

#: a 95% confidence interval (low, high); either end may be None when not computable
CI = tuple[float | None, float | None]

_PLAIN = (float, int, bool, str, type(None))


def check_value(obj: Any) -> None:
    """Reject NaN, numpy scalars and other non-plain values in a result's fields (the layer-0 contract)."""
    for f in fields(obj):
        value = getattr(obj, f.name)
        if type(value) in _PLAIN:
            if type(value) is float and math.isnan(value):
                raise ValueError(f"{type(obj).__name__}.{f.name} is NaN: store None and give a reason")
            continue
        if type(value) is tuple:
            if len(value) <= 2:  # a CI or a pair; long tuples are per-pupil fields, typed by the builder
                for v in value:
                    if type(v) not in _PLAIN:
                        raise ValueError(f"{type(obj).__name__}.{f.name} holds {type(v).__name__}")
                    if type(v) is float and math.isnan(v):
                        raise ValueError(f"{type(obj).__name__}.{f.name} holds NaN")
            continue
        if hasattr(value, "to_dict"):  # a nested result, checked when it was made
            continue
        raise ValueError(f"{type(obj).__name__}.{f.name} holds {type(value).__name__}, not a plain value")


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return value


class ResultBase:
    """Shared behaviour: the layer-0 check after construction and a field-by-field ``to_dict``.

    ``to_dict`` gives every field under its own name (CIs as 2-item lists, nested results as dicts) except
    the per-pupil fields named in ``_PUPIL_FIELDS``.
    """

    __slots__ = ()
    _PUPIL_FIELDS: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_value(self)

    def to_dict(self) -> dict[str, Any]:
        skip = self._PUPIL_FIELDS
        return {f.name: _jsonable(getattr(self, f.name)) for f in fields(self) if f.name not in skip}  # type: ignore[arg-type]
