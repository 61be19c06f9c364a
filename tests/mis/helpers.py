"""Shared helpers for the MIS tests: issue triples and every string a result object holds."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from peerimpact.issues import Issue

DATA = Path(__file__).resolve().parents[1] / "data" / "mis"


def triples(issues: list[Issue], code: str | None = None) -> set[tuple[str, int | None, str | None]]:
    """(code, row, column) of each issue (of one code when given), as frictionless' flatten tests do."""
    return {(i.code, i.row, i.column) for i in issues if code is None or i.code == code}


def strings(obj: Any, seen: set[int] | None = None) -> Iterator[str]:
    """Every string reachable from obj: dataclass fields (slotted too), containers, object arrays."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, str):
        yield obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from strings(getattr(obj, f.name), seen)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from strings(k, seen)
            yield from strings(v, seen)
    elif isinstance(obj, list | tuple | set | frozenset):
        for v in obj:
            yield from strings(v, seen)
    elif isinstance(obj, np.ndarray) and obj.dtype.kind in "OUS":
        for v in obj.ravel().tolist():
            yield from strings(v, seen)
