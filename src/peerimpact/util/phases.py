"""An opt-in record of how long each phase of a command took, for ``benchmarks/scaling.py``.

Set the environment variable ``PEERIMPACT_PHASES`` to a file path and ``compare`` appends one JSON line per
phase to it — ``{"phase": "reads", "seconds": 1.23}`` — for its reads, its matching and statistics, and
its outputs.  Unset (the default), :func:`phase` does nothing but time the block: nothing is printed and
nothing is written, so the normal output never changes.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["ENV", "phase"]

ENV = "PEERIMPACT_PHASES"


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Time the block and, when ``PEERIMPACT_PHASES`` names a file, append ``{"phase", "seconds"}`` to it
    (only when the block finishes without an error: a failed run has no phase times)."""
    path = os.environ.get(ENV)
    start = time.perf_counter()
    yield
    if path:
        seconds = time.perf_counter() - start
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"phase": name, "seconds": round(seconds, 6), "pid": os.getpid()}) + "\n")
