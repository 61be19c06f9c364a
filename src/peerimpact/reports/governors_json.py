"""The governors' report as JSON (``governors-report-<term>.json``, SPEC §6.1 "Machine-readable"): a view of
one :class:`~peerimpact.governors.model.GovernorsReport`, so that a trust can collect the same figures across
its schools.

Generic over the report's dataclasses: every field of every dataclass is written under its own name, so a
section added to the report object appears here without more code.  A :class:`~peerimpact.governors.model.Count`
becomes ``{"value": n}``, or ``{"value": null, "suppressed": "primary" | "secondary"}`` when the one
suppression plan hides it (the HTML and the workbook print ``c`` there).  Figures are written exactly as the
report object holds them, already rounded as shown (``shown_value``); nothing here computes or rounds.

What the governors' views do not show is not written either (:data:`WITHHELD`): the trend's model internals,
and of the activity log's summary only the counts of events (sessions, meetings, supervision) — its counts
of pupils reach governors only as suppressed ``Count`` objects in ``Reach``.  An object of a type this module
does not know is an error (``TypeError``), so that a new kind of figure is decided on here, not leaked.

The format is described by ``reports/templates/governors-report.schema.json`` (JSON Schema, draft 2020-12),
which :func:`schema` loads.
"""

from __future__ import annotations

import json
import math
from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Any

from peerimpact._version import __version__
from peerimpact.governors.model import Count, GovernorsReport
from peerimpact.issues import Issue
from peerimpact.util.files import atomic_output

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "NAMED_PARTS",
    "WITHHELD",
    "render_json",
    "report_dict",
    "schema",
    "write_json",
]

FORMAT = "peerimpact governors report"
#: bumped when a field is renamed or removed (a new section or field does not change it)
FORMAT_VERSION = 1
SCHEMA_FILE = "templates/governors-report.schema.json"

#: fields of the report's dataclasses that no governors' view prints, so the JSON leaves them out too.
#: TrendRow.n_observations is the sum of the pupils at each survey, which would undo a hidden ``c``;
#: n_pupils (everyone seen at any survey) less the first survey's pupils would pin a few newcomers; the
#: p-value, standard error and variance components are the SMHL's (smhl-detail-<term>.json has them).
WITHHELD: dict[str, frozenset[str]] = {
    "TrendRow": frozenset({"n_observations", "n_pupils", "p_value", "se", "var_pupil", "var_residual"}),
}

#: tuples whose parts have names: written as objects so that a reader need not know the order
NAMED_PARTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("Reach", "referrals"): ("self", "staff", "total"),
    ("OutcomeRow", "reliable"): ("better", "within", "worse", "total"),
    ("ProcessRow", "cells"): ("role", "text", "agreed", "answered", "percent"),
}

#: the activity log's counts of events (not of pupils), the only ones its summary gives governors
EVENT_COUNTS = ("sessions_held", "meetings_held", "supervision_planned", "supervision_delivered")


def _count(c: Count) -> dict[str, Any]:
    if c.value is not None:
        return {"value": c.value}
    return {"value": None, "suppressed": c.why or "primary"}


def _dataclass(obj: Any) -> dict[str, Any]:
    name = type(obj).__name__
    skip = WITHHELD.get(name, frozenset())
    out: dict[str, Any] = {}
    for f in fields(obj):
        if f.name in skip:
            continue
        value = getattr(obj, f.name)
        parts = NAMED_PARTS.get((name, f.name))
        if parts is not None and value is not None:
            value = (
                [dict(zip(parts, v, strict=True)) for v in value]
                if value and isinstance(value[0], tuple)
                else dict(zip(parts, value, strict=True))
            )
        out[f.name] = _plain(value)
    if name == "ReachCell" and not obj.count_shown:  # a group of 5–9: its percentage only, as printed
        out["n"] = {"value": None, "suppressed": "percent_only"}
    return out


def _activity(obj: Any) -> dict[str, Any]:
    """An activity log summary: its counts of events only (see :data:`EVENT_COUNTS`)."""
    return {name: obj.get(name) for name in EVENT_COUNTS}


def _plain(obj: Any) -> Any:
    """``obj`` as JSON values: dataclasses by field, Counts as value and reason, tuples as lists."""
    if obj is None or isinstance(obj, bool | int | str):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, Count):
        return _count(obj)
    if isinstance(obj, Issue):
        raise TypeError("an Issue (with file names and cell values) has no place in the governors' JSON")
    if type(obj).__name__ == "ActivitySummary":  # governors.activity_log, which views may not import
        return _activity(obj)
    if is_dataclass(obj) and not isinstance(obj, type):
        return _dataclass(obj)
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    if isinstance(obj, Enum):
        return _plain(obj.value)
    if isinstance(obj, date):
        return obj.isoformat()
    raise TypeError(f"the governors' JSON does not know how to write a {type(obj).__name__}")


def report_dict(report: GovernorsReport) -> dict[str, Any]:
    """The report as a JSON object: the format's name and version, the peerimpact version that wrote it,
    then every field of the report (programme, term, threshold, legend, reach, outcomes, …)."""
    body = _dataclass(report)
    version = body.pop("version", None) or __version__
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "peerimpact_version": version, **body}


def render_json(report: GovernorsReport) -> str:
    """:func:`report_dict` as indented UTF-8 JSON text (no NaN: a figure that is not a number is null)."""
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def write_json(report: GovernorsReport, path: str | Path) -> None:
    """Write :func:`render_json` to ``path`` atomically (UTF-8)."""
    text = render_json(report)
    with atomic_output(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) the governors' JSON follows."""
    text = resources.files("peerimpact.reports").joinpath(SCHEMA_FILE).read_text("utf-8")
    return dict(json.loads(text))
