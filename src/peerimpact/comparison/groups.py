"""Who is in which group: the level of a grouping column for each pupil id (``--group-column``), and the
programme and comparison arms (``--comparison-column``), read from the survey files."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from peerimpact.comparison.arm_words import COMPARISON_WORDS, arm_like_values, cell_text, natural_key
from peerimpact.comparison.matching import wave_positions
from peerimpact.comparison.pairs import MeasurePair
from peerimpact.issues import Issue, PeerimpactError, make_issue
from peerimpact.scoring.run import ScoreRun

__all__ = [
    "Arms",
    "Levels",
    "arm_like_values",
    "find_arms",
    "natural_key",
    "pooled_arms_issues",
    "programme_mask",
]


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
                level = cell_text(cells[pos])
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


def find_arms(
    levels: Levels, comparison_column: str | None, comparison_values: Sequence[str] = ()
) -> Arms | None:
    """The two arms named by ``comparison_column``: exactly two values, one naming the comparison group —
    or, when ``comparison_values`` are given (the governors' roles), those values (any case) against the
    rest."""
    if not comparison_column:
        return None
    column = levels.column(comparison_column)
    by_id = levels.by_id(column)
    distinct = sorted(set(by_id.values()), key=natural_key)
    if comparison_values:
        wanted = {" ".join(v.split()).casefold() for v in comparison_values}
        comp_of = {pid: " ".join(v.split()).casefold() in wanted for pid, v in by_id.items()}
        if not any(comp_of.values()) or all(comp_of.values()):
            raise PeerimpactError(
                make_issue(
                    "comparison_levels",
                    f"{column!r} holds {', '.join(repr(v) for v in distinct) or 'nothing'}; the comparison "
                    f"values ({', '.join(comparison_values)}) and the programme's must both be there",
                    column=column,
                )
            )
        comp_seen = sorted({v for pid, v in by_id.items() if comp_of[pid]}, key=natural_key)
        return Arms(
            column=column,
            comparison_value=" / ".join(comp_seen),
            programme_values=sorted({v for pid, v in by_id.items() if not comp_of[pid]}, key=natural_key),
            programme_of={pid: not c for pid, c in comp_of.items()},
        )
    comp_levels = [v for v in distinct if COMPARISON_WORDS.search(v)]
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


def pooled_arms_issues(levels: Levels, group_columns: Sequence[str] = ()) -> list[Issue]:
    """A warning for each survey column whose values look like arms — one naming a comparison group
    (Comparison, Control, …) and one naming the programme (Participant, Mentee, …) — when the run has no
    ``--comparison-column``: every pupil is being pooled into one programme group (SPEC §5)."""
    out: list[Issue] = []
    seen: set[str] = set()
    for run in levels.runs:
        for name in run.source.columns:
            if name in seen:
                continue
            seen.add(name)
            values = arm_like_values(run.source.column(name))
            if values:
                used = (
                    " (it is used as a subgroup column, which keeps the pooling)"
                    if name in group_columns
                    else ""
                )
                out.append(
                    make_issue(
                        "arms_pooled",
                        f"{name!r} holds {', '.join(repr(v) for v in values)}: the comparison pupils are counted as "
                        f"programme pupils in every result{used}",
                        file=run.source.file,
                        column=name,
                        severity=None,
                    )
                )
    return out
