"""Output safety: atomic writes and "never overwrite an input" (SPEC §2).

Every output is written to a temporary file in the target folder and renamed over the target, so a
crash or a full disk never leaves half a workbook; an output whose path is one of the inputs is refused.
Standard library only (layer 0).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from peerimpact.issues import PeerimpactError, make_issue

__all__ = ["atomic_output", "check_output", "sha256_of", "write_atomic"]


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output(out: str | Path, inputs: Sequence[str | Path]) -> Path:
    """Refuse an output path that is one of the inputs (``output_is_input``)."""
    target = Path(out)
    for inp in inputs:
        p = Path(inp)
        if _same(target, p) or target.resolve() == p.resolve():
            raise PeerimpactError(
                make_issue("output_is_input", f"{target} is an input file", file=target.name)
            )
    return target


@contextlib.contextmanager
def atomic_output(path: str | Path, mode: str = "wb", **kwargs: object) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success rename it over ``path``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:  # type: ignore[call-overload]
            yield fh
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_atomic(path: str | Path, writer: Callable[[Path], None]) -> None:
    """Let ``writer`` write a temporary path (e.g. openpyxl's ``save``), then rename it over ``path``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        writer(Path(tmp))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def sha256_of(path: str | Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
