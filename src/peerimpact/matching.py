"""Linking pupils across two waves, and who was lost on the way (SPEC §5 "Matching", "Attrition").

Pupils are counted by normalised id after duplicate submissions are dropped, whether or not every scale
could be scored: ``matched`` ids are in both files, ``pre_only`` and ``post_only`` in one.  Platform rows
(previews, tests, spam), dropped duplicates and rows without an id take no part.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from peerimpact.score_run import ScoreRun

__all__ = ["Matching", "match_waves", "wave_positions"]


def wave_positions(run: ScoreRun) -> dict[str, int]:
    """Normalised id -> row position of the response kept for that pupil (one per pupil)."""
    out: dict[str, int] = {}
    for pos, (pid, kept) in enumerate(zip(run.ids, run.kept.tolist(), strict=True)):
        if pid is not None and kept:
            out[pid] = pos
    return out


@dataclass(frozen=True, slots=True)
class Matching:
    """Who is in both waves.  ``pre_pos[i]`` and ``post_pos[i]`` are the rows of matched pupil ``ids[i]``."""

    id_column_pre: str
    id_column_post: str
    ids: tuple[str, ...]
    pre_pos: np.ndarray
    post_pos: np.ndarray
    pre_only: tuple[str, ...]
    post_only: tuple[str, ...]
    duplicates_dropped: dict[str, int] = field(default_factory=dict)

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
    ids = tuple(pid for pid in a if pid in b)
    return Matching(
        id_column_pre=pre.id_column.column if pre.id_column else "",
        id_column_post=post.id_column.column if post.id_column else "",
        ids=ids,
        pre_pos=np.fromiter((a[i] for i in ids), dtype=np.int64, count=len(ids)),
        post_pos=np.fromiter((b[i] for i in ids), dtype=np.int64, count=len(ids)),
        pre_only=tuple(pid for pid in a if pid not in b),
        post_only=tuple(pid for pid in b if pid not in a),
        duplicates_dropped={"pre": len(pre.duplicates), "post": len(post.duplicates)},
    )
