"""The catalogue of issue codes: each code's severity, title and what to do, declared once.

The catalogue itself is data, ``issue_codes.toml`` beside this module (as the instruments are).  The shape
follows frictionless-py's ``errors/`` modules, so codes can be filtered, counted, documented (the README's
table is checked against it) and tested.  Standard library only; :mod:`peerimpact.issues` builds the records.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources

__all__ = ["CODES", "Code", "Severity"]


class Severity(StrEnum):
    """How bad an issue is: errors stop a file or a row, warnings are worth a look, info is a note."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Code:
    """One entry of the issue catalogue: what the code means and what the user should do."""

    code: str
    severity: Severity
    title: str
    advice: str


def _load() -> dict[str, Code]:
    data = tomllib.loads(resources.files("peerimpact").joinpath("issue_codes.toml").read_text("utf-8"))
    if data.pop("format_version", None) != 1:
        raise RuntimeError("issue_codes.toml: format_version 1 expected")
    return {
        code: Code(code, Severity(entry["severity"]), entry["title"], entry["advice"])
        for code, entry in data.items()
    }


#: code → :class:`Code`, in catalogue order (``issue_codes.toml``)
CODES: dict[str, Code] = _load()
