"""Who is in which group: the level of a grouping column for each pupil id (``--group-column``), and the
programme and comparison arms (``--comparison-column``), read from the survey files."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from peerimpact.comparison.matching import wave_positions
from peerimpact.comparison.pairs import MeasurePair
from peerimpact.issues import PeerimpactError, make_issue
from peerimpact.scoring.run import ScoreRun

__all__ = ["Arms", "Levels", "arm_like_columns", "find_arms", "natural_key", "programme_mask"]

_COMPARISON_WORDS = re.compile(r"comparison|control|wait|not in|non[- ]?participant|no programme", re.I)


def natural_key(text: str) -> list[object]:
    """Sort key with numbers compared as numbers: Year 7 < Year 10."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def _cell_text(v: Any) -> str | None:
    if v is None:
        return None
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


class Levels:
    """Pupil id → level of a grouping column, from the survey files (pre first, then post)."""

    def __init__(self, runs: Sequence[ScoreRun]) -> None:
        self.runs = runs

    def column(self, name: str) -> str:
        for run in self.runs:
            for c in run.source.columns:
                if c == name or c.casefold() == name.strip().casefold():
                    return c
        first = self.runs[0].source if self.runs else None
        raise PeerimpactError(
            make_issue(
                "group_column_not_found",
                f"{name!r} is in none of the survey files"
                + (f"; the first file's columns are {', '.join(first.columns[:25])}" if first else ""),
                file=first.file if first else None,
                column=name,
            )
        )

    def by_id(self, column: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for run in self.runs:
            if column not in run.source.columns:
                continue
            cells = run.source.column(column)
            for pid, pos in wave_positions(run).items():
                level = _cell_text(cells[pos])
                if level is not None and pid not in out:
                    out[pid] = level
        return out


@dataclasses.dataclass(frozen=True, slots=True)
class Arms:
    """Programme vs comparison pupils, by pupil id (``comparison_column``); pupils not found count as
    programme pupils."""

    column: str
    comparison_value: str
    programme_values: list[str]
    programme_of: dict[str, bool]

    def programme(self, pair: MeasurePair) -> np.ndarray:
        return np.array([self.programme_of.get(pid, True) for pid in pair.ids], dtype=bool)


def programme_mask(arms: Arms | None, pair: MeasurePair) -> np.ndarray:
    return np.ones(len(pair.ids), dtype=bool) if arms is None else arms.programme(pair)


def find_arms(levels: Levels, comparison_column: str | None) -> Arms | None:
    """The two arms named by ``comparison_column``: exactly two values, one naming the comparison group."""
    if not comparison_column:
        return None
    column = levels.column(comparison_column)
    by_id = levels.by_id(column)
    distinct = sorted(set(by_id.values()), key=natural_key)
    comp_levels = [v for v in distinct if _COMPARISON_WORDS.search(v)]
    if len(distinct) != 2 or len(comp_levels) != 1:
        raise PeerimpactError(
            make_issue(
                "comparison_levels",
                f"{column!r} holds {', '.join(repr(v) for v in distinct) or 'nothing'}; it needs exactly two "
                "values, one of them naming the comparison group (e.g. 'Participant' and 'Comparison')",
                column=column,
            )
        )
    comp_value = comp_levels[0]
    return Arms(
        column=column,
        comparison_value=comp_value,
        programme_values=[v for v in distinct if v != comp_value],
        programme_of={pid: v != comp_value for pid, v in by_id.items()},
    )


def arm_like_columns(run: ScoreRun) -> list[tuple[str, list[str]]]:
    """Columns (other than the id, the platform's and the questionnaires') whose values name arms — two or three
    values, one of them a comparison group (``Comparison``, ``Control``, ``Waiting list`` …) — with those
    values: a comparison design that ``compare`` would pool if not told (SPEC §5)."""
    t = run.source
    used = set(t.roles.values()) | {c for u in run.uses for c in u.columns.values()}
    if run.id_column is not None:
        used.add(run.id_column.column)
    out = []
    for col, cells in zip(t.columns, t.data, strict=True):
        if col in used:
            continue
        seen: set[str] = set()
        for v in cells.values if hasattr(cells, "values") else cells:
            if v is None or not str(v).strip():
                continue
            seen.add(_cell_text(v) or "")
            if len(seen) > 3:
                break
        if 2 <= len(seen) <= 3:
            comparison = [v for v in seen if _COMPARISON_WORDS.search(v)]
            if len(comparison) == 1:
                out.append((col, sorted(seen, key=natural_key)))
    return out
