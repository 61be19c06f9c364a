"""Linking pupils across two waves, and who was lost on the way (SPEC §5 "Matching", "Attrition").

Pupils are counted by normalised id after duplicate submissions are dropped, whether or not every scale
could be scored: ``matched`` ids are in both files, ``pre_only`` and ``post_only`` in one.  Platform rows
(previews, tests, spam), dropped duplicates and rows without an id take no part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress
from operator import not_

import numpy as np

from peerimpact.scoring.run import ScoreRun

__all__ = ["Matching", "match_waves", "wave_positions"]


def wave_positions(run: ScoreRun) -> dict[str, int]:
    """Normalised id -> row position of the response kept for that pupil (one per pupil)."""
    ids = run.ids
    if len(ids) != run.source.n_rows:
        raise ValueError(f"{len(ids)} ids for {run.source.n_rows} rows")
    return {pid: pos for pos in np.flatnonzero(run.kept).tolist() if (pid := ids[pos]) is not None}


@dataclass(frozen=True, slots=True)
class Matching:
    """Who is in both waves.  ``pre_pos[i]`` and ``post_pos[i]`` are the rows of matched pupil ``ids[i]``;
    ``pre_positions`` and ``post_positions`` are each wave's :func:`wave_positions` (kept so that the
    comparison need not work them out again)."""

    id_column_pre: str
    id_column_post: str
    ids: tuple[str, ...]
    pre_pos: np.ndarray
    post_pos: np.ndarray
    pre_only: tuple[str, ...]
    post_only: tuple[str, ...]
    duplicates_dropped: dict[str, int] = field(default_factory=dict)
    pre_positions: dict[str, int] = field(default_factory=dict, repr=False)
    post_positions: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def matched(self) -> int:
        return len(self.ids)

    def to_dict(self) -> dict[str, object]:
        col = (
            self.id_column_pre
            if self.id_column_pre == self.id_column_post
            else (f"{self.id_column_pre} / {self.id_column_post}")
        )
        return {
            "id_column": col,
            "matched": self.matched,
            "pre_only": len(self.pre_only),
            "post_only": len(self.post_only),
            "duplicates_dropped": dict(self.duplicates_dropped),
        }


def match_waves(pre: ScoreRun, post: ScoreRun) -> Matching:
    """Match the two waves by normalised pupil id (in the pre file's order)."""
    a = wave_positions(pre)
    b = wave_positions(post)
    # one membership test per pre pupil (dict lookups on 100,000 ids are bound by memory latency)
    in_b = [pid in b for pid in a]
    ids = tuple(compress(a, in_b))
    post_pos = np.array(list(map(b.__getitem__, ids)), dtype=np.int64)
    matched_post = np.zeros(post.source.n_rows, dtype=bool)
    matched_post[post_pos] = True
    b_pos = np.fromiter(b.values(), dtype=np.int64, count=len(b))
    return Matching(
        id_column_pre=pre.id_column.column if pre.id_column else "",
        id_column_post=post.id_column.column if post.id_column else "",
        ids=ids,
        pre_pos=np.fromiter(a.values(), dtype=np.int64, count=len(a))[np.array(in_b, dtype=bool)],
        post_pos=post_pos,
        pre_only=tuple(compress(a, map(not_, in_b))),
        post_only=tuple(compress(b, (~matched_post[b_pos]).tolist())),
        duplicates_dropped={"pre": len(pre.duplicates), "post": len(post.duplicates)},
        pre_positions=a,
        post_positions=b,
    )
