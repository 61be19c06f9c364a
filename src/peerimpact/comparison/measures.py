"""Already-scored numeric columns compared as they are (``--measure COL``, SPEC §2 and §5).

A reading age, a school's own score or an SDQ total scored elsewhere is compared as ``measure.<COL>`` with
every statistic a scale gets (paired t, Wilcoxon with Hodges–Lehmann, effect sizes, MDES, subgroups and the
ANCOVA of a comparison design).  No reliability is known for such a column, so no pupil's change is classed
as reliable (:data:`NO_RELIABILITY_NOTE`).  A cell that is not a number is a located ``measure_not_numeric``
warning and that pupil is left out of the measure, never a crash.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from peerimpact.comparison.matching import Matching, wave_positions
from peerimpact.comparison.outcomes import MeasureInfo
from peerimpact.comparison.pairs import MeasurePair, survey_baseline
from peerimpact.issues import Issue, PeerimpactError, Severity, make_issue
from peerimpact.scoring.run import ScoreRun

__all__ = ["NO_RELIABILITY_NOTE", "dose_by_id", "find_measure_column", "measure_pairs", "measure_values"]

NO_RELIABILITY_NOTE = (
    "{measures}: compared as already scored; no reliability is known for {them}, so no pupil's change is "
    "classed as reliable (the reliable change index needs one)."
)


def find_measure_column(run: ScoreRun, name: str) -> str:
    """The heading of ``name`` in ``run``'s table (exact, else ignoring case and surrounding spaces)."""
    for c in run.source.columns:
        if c == name or c.casefold() == name.strip().casefold():
            return c
    raise PeerimpactError(
        make_issue(
            "measure_column_not_found",
            f"--measure {name!r} is not a column of {run.source.file}; its columns are "
            + ", ".join(run.source.columns[:25]),
            file=run.source.file,
            sheet=run.source.sheet,
            column=name,
        )
    )


def measure_values(run: ScoreRun, column: str, use: str | None = None) -> tuple[np.ndarray, list[Issue]]:
    """The column's cells as floats (NaN for empty and non-numeric cells), and a located
    ``measure_not_numeric`` warning for each non-empty cell that is not a number (among the kept rows)."""
    import pandas as pd

    cells = list(run.source.column(column))
    if not cells:  # slimmed away: the caller did not keep the column
        raise ValueError(f"the cells of {column!r} were not kept")
    series = pd.Series(cells, dtype=object)
    is_bool = series.map(type).eq(bool).to_numpy()
    values = pd.to_numeric(series.where(~is_bool), errors="coerce").to_numpy(dtype=float, copy=True)
    values[~np.isfinite(values)] = np.nan
    present = series.notna().to_numpy() & series.astype(str).str.strip().ne("").to_numpy()
    bad = np.flatnonzero(present & np.isnan(values) & run.kept)
    t = run.source
    issues = [
        make_issue(
            "measure_not_numeric",
            f"{column!r} holds {cells[pos]!r}, not a number: this pupil is left out of "
            + (use or f"measure.{column}"),
            file=t.file,
            sheet=t.sheet,
            row=t.rows[pos],
            column=column,
            value=cells[pos],
            severity=Severity.WARNING,
        )
        for pos in bad.tolist()
    ]
    return values, issues


def measure_info(column: str, direction: str) -> MeasureInfo:
    return MeasureInfo(measure=f"measure.{column}", title=column, kind="score", direction=direction, dp=2)


def measure_pairs(
    pre: ScoreRun,
    post: ScoreRun,
    m: Matching,
    columns: Sequence[str],
    lower_is_better: Sequence[str] = (),
) -> tuple[list[MeasurePair], list[Issue]]:
    """One pair per ``--measure`` column for the matched pupils of one survey pair (pre, post in that order)."""
    lower = {c.strip().casefold() for c in lower_is_better}
    unknown = lower - {c.strip().casefold() for c in columns}
    if unknown:
        raise PeerimpactError(
            make_issue(
                "unknown_measure",
                f"--lower-is-better {sorted(unknown)[0]!r} is not one of the --measure columns "
                + ", ".join(columns),
                value=sorted(unknown)[0],
            )
        )
    pairs: list[MeasurePair] = []
    issues: list[Issue] = []
    for name in columns:
        col_pre, col_post = find_measure_column(pre, name), find_measure_column(post, name)
        a, found_a = measure_values(pre, col_pre)
        b, found_b = measure_values(post, col_post)
        issues += found_a + found_b
        direction = "lower_is_better" if name.strip().casefold() in lower else "higher_is_better"
        baseline, match = survey_baseline(a, m)
        pairs.append(
            MeasurePair(
                info=measure_info(col_pre, direction),
                ids=m.ids,
                pre=a[m.pre_pos],
                post=b[m.post_pos],
                source="measure",
                baseline_values=baseline,
                baseline_match=match,
            )
        )
    return pairs, issues


def dose_by_id(runs: Sequence[ScoreRun], name: str) -> tuple[dict[str, float], list[Issue]]:
    """Each pupil's dose (``--dose-column``, e.g. sessions attended) from the survey files, the first file
    that has a number for the pupil winning (the pre file, then the post file, as group levels are taken)."""
    out: dict[str, float] = {}
    issues: list[Issue] = []
    found = False
    for run in runs:
        try:
            col = find_measure_column(run, name)
        except PeerimpactError:
            continue
        found = True
        values, bad = measure_values(run, col, use="the dose analysis")
        issues += bad
        listed = values.tolist()
        for pid, pos in wave_positions(run).items():
            v = listed[pos]
            if v == v and pid not in out:
                out[pid] = v
    if not found:
        first = runs[0].source if runs else None
        raise PeerimpactError(
            make_issue(
                "measure_column_not_found",
                f"--dose-column {name!r} is in none of the survey files",
                file=first.file if first else None,
                column=name,
            )
        )
    return out, issues
