"""Pupils' roles in a peer-support programme (SPEC §6.1): mentors and mentees are different populations, so
the governors' report compares each apart, with the comparison pupils as the other arm.

:func:`roles_by_id` reads each pupil's role from a survey column (the first wave that gives one: a mentee who
becomes a mentor in the summer is reported with the mentees they started with); :func:`only_pupils` keeps one
role's pupils in a scored wave, marking every other row excluded with the reason, so that matching, attrition,
attendance and behaviour (which follow the survey pupils) all describe the same pupils."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Sequence

from peerimpact.comparison.groups import Levels
from peerimpact.scoring.run import ScoreRun

__all__ = ["only_pupils", "roles_by_id"]


def roles_by_id(
    runs: Sequence[ScoreRun], column: str, role_of: Callable[[object], str | None]
) -> tuple[dict[str, str], list[str]]:
    """Pupil id → role (``role_of`` of the cell, from the first run giving the pupil one), and the column's
    values that mean no role (listed once each, in the order met) — blank cells excepted."""
    levels = Levels(runs)
    name = levels.column(column)
    out: dict[str, str] = {}
    unknown: list[str] = []
    for run in runs:
        if name not in run.source.columns:
            continue
        for pid, level in Levels([run]).by_id(name).items():
            role = role_of(level)
            if role is None:
                if level not in unknown:
                    unknown.append(level)
            elif pid not in out:
                out[pid] = role
    return out, unknown


def only_pupils(run: ScoreRun, keep: Collection[str], reason: str) -> ScoreRun:
    """``run`` with every row whose pupil is not in ``keep`` excluded for ``reason`` (the file is not read
    again; the scores are shared, not copied)."""
    drop = {pos: reason for pos, pid in enumerate(run.ids) if pid is None or pid not in keep}
    if not drop:
        return run
    status, why = list(run.status), list(run.reason)
    for pos in drop:
        if status[pos] != "excluded":
            status[pos], why[pos] = "excluded", reason
    source = dataclasses.replace(run.source, excluded={**drop, **run.source.excluded})
    return dataclasses.replace(run, source=source, status=status, reason=why)
