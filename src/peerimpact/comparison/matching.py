"""Linking pupils across two waves, and who was lost on the way (SPEC §5 "Matching", "Attrition").

Pupils are counted by normalised id after duplicate submissions are dropped, whether or not every scale
could be scored: ``matched`` ids are in both files, ``pre_only`` and ``post_only`` in one.  Platform rows
(previews, tests, spam), dropped duplicates and rows without an id take no part.

The join is done on arrays, so that it stays linear at a million pupils: each id's Python hash (computed
once per string, in C) is sorted and searched with numpy, and every hash match is then confirmed by comparing
the id strings themselves, so a hash collision can never pair two pupils.  Anything out of the ordinary — two
kept rows with equal hashes in one wave, or a confirmed mismatch — falls back to the plain dictionary join,
which gives the same result by definition (:func:`wave_positions` is that reference).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter

import numpy as np

from peerimpact.scoring.run import ScoreRun

__all__ = ["Matching", "match_waves", "wave_positions", "wave_rows"]

_EMPTY = np.zeros(0, dtype=np.int64)


def _check(run: ScoreRun) -> list[str | None]:
    ids = run.ids
    if len(ids) != run.source.n_rows:
        raise ValueError(f"{len(ids)} ids for {run.source.n_rows} rows")
    return ids


def wave_positions(run: ScoreRun) -> dict[str, int]:
    """Normalised id -> row position of the response kept for that pupil (one per pupil)."""
    ids = _check(run)
    return {pid: pos for pos in np.flatnonzero(run.kept).tolist() if (pid := ids[pos]) is not None}


def _take(ids: list[str | None], rows: np.ndarray) -> tuple[str, ...]:
    """``ids`` at ``rows`` as a tuple (references to the same strings: nothing is copied per id)."""
    if rows.size == 0:
        return ()
    if rows.size == 1:
        return (ids[int(rows[0])],)  # type: ignore[return-value]
    return itemgetter(*rows.tolist())(ids)


def _hashes(ids: list[str | None]) -> np.ndarray:
    return np.fromiter(map(hash, ids), dtype=np.int64, count=len(ids))


def _wave(run: ScoreRun) -> tuple[np.ndarray, np.ndarray] | None:
    """The kept rows with an id, in row order, and their ids' hashes; ``None`` when two of them share a hash
    (a repeated id among kept rows, or a collision): the caller then uses the dictionary join."""
    ids = _check(run)
    h = _hashes(ids)
    keep = np.array(run.kept, dtype=bool)  # a copy: rows without an id are cleared below
    maybe_none = np.flatnonzero(h == hash(None))  # hash(None) is one value; a string may collide: check
    for pos in maybe_none.tolist():
        if ids[pos] is None:
            keep[pos] = False
    rows = np.flatnonzero(keep)
    h = h[rows]
    s = np.sort(h)
    if s.size > 1 and bool((s[1:] == s[:-1]).any()):
        return None
    return rows, h


def wave_rows(run: ScoreRun) -> np.ndarray:
    """The rows of :func:`wave_positions` (its values, in its order) as an int64 array, without building the
    dictionary."""
    got = _wave(run)
    if got is not None:
        return got[0]
    return np.fromiter(wave_positions(run).values(), dtype=np.int64)


@dataclass(frozen=True, slots=True)
class Matching:
    """Who is in both waves.  ``pre_pos[i]`` and ``post_pos[i]`` are the rows of matched pupil ``ids[i]``;
    ``pre_rows`` and ``post_rows`` are each wave's pupils' rows (:func:`wave_rows`), and ``pre_positions`` and
    ``post_positions`` the same as :func:`wave_positions` dictionaries, built when asked for."""

    id_column_pre: str
    id_column_post: str
    ids: tuple[str, ...]
    pre_pos: np.ndarray
    post_pos: np.ndarray
    pre_only: tuple[str, ...]
    post_only: tuple[str, ...]
    duplicates_dropped: dict[str, int] = field(default_factory=dict)
    pre_rows: np.ndarray = field(default_factory=lambda: _EMPTY, repr=False)
    post_rows: np.ndarray = field(default_factory=lambda: _EMPTY, repr=False)
    pre_ids: list[str | None] = field(default_factory=list, repr=False)  # the pre run's ids, by row
    post_ids: list[str | None] = field(default_factory=list, repr=False)

    @property
    def matched(self) -> int:
        return len(self.ids)

    @property
    def pre_positions(self) -> dict[str, int]:
        """Normalised id -> row of each pre pupil (:func:`wave_positions` of the pre run)."""
        return dict(zip(_take(self.pre_ids, self.pre_rows), self.pre_rows.tolist(), strict=True))

    @property
    def post_positions(self) -> dict[str, int]:
        """Normalised id -> row of each post pupil (:func:`wave_positions` of the post run)."""
        return dict(zip(_take(self.post_ids, self.post_rows), self.post_rows.tolist(), strict=True))

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


def _join(
    pre: ScoreRun, post: ScoreRun
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]] | None:
    """(pre rows, post rows, pre_pos, post_pos, matched ids) by sorting the id hashes of both waves and
    searching one in the other, or ``None`` when the dictionary join must decide (see the module docstring).
    Both sides sorted: a binary search for sorted keys stays in cache, for random ones it does not."""
    a, b = _wave(pre), _wave(post)
    if a is None or b is None:
        return None
    (rows_a, ha), (rows_b, hb) = a, b
    if rows_b.size == 0 or rows_a.size == 0:
        return rows_a, rows_b, _EMPTY, _EMPTY, ()
    order_a = np.argsort(ha)
    order_b = np.argsort(hb)
    sa, sb = ha[order_a], hb[order_b]
    at = np.searchsorted(sb, sa)
    at[at == sb.size] = 0
    hit = np.zeros(sa.size, dtype=bool)
    hit[order_a] = sb[at] == sa  # back in the pre wave's row order
    partner = np.empty(sa.size, dtype=np.int64)
    partner[order_a] = order_b[at]
    pre_pos = rows_a[hit]
    post_pos = rows_b[partner[hit]]
    # equal hashes are not yet equal ids: compare the strings (a C-level tuple comparison)
    ids = _take(pre.ids, pre_pos)
    if ids != _take(post.ids, post_pos):
        return None
    return rows_a, rows_b, pre_pos, post_pos, ids


def _dict_join(
    pre: ScoreRun, post: ScoreRun
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]]:
    """The same as :func:`_join`, from :func:`wave_positions` dictionaries (the reference)."""
    a = wave_positions(pre)
    b = wave_positions(post)
    in_b = [pid in b for pid in a]
    rows_a = np.fromiter(a.values(), dtype=np.int64, count=len(a))
    rows_b = np.fromiter(b.values(), dtype=np.int64, count=len(b))
    post_pos = np.fromiter(map(b.__getitem__, compress(a, in_b)), dtype=np.int64)
    return rows_a, rows_b, rows_a[np.array(in_b, dtype=bool)], post_pos, tuple(compress(a, in_b))


def match_waves(pre: ScoreRun, post: ScoreRun) -> Matching:
    """Match the two waves by normalised pupil id (in the pre file's order)."""
    rows_a, rows_b, pre_pos, post_pos, ids = _join(pre, post) or _dict_join(pre, post)
    matched_pre = np.zeros(pre.source.n_rows, dtype=bool)
    matched_pre[pre_pos] = True
    matched_post = np.zeros(post.source.n_rows, dtype=bool)
    matched_post[post_pos] = True
    return Matching(
        id_column_pre=pre.id_column.column if pre.id_column else "",
        id_column_post=post.id_column.column if post.id_column else "",
        ids=ids,
        pre_pos=pre_pos,
        post_pos=post_pos,
        pre_only=_take(pre.ids, rows_a[~matched_pre[rows_a]]),
        post_only=_take(post.ids, rows_b[~matched_post[rows_b]]),
        duplicates_dropped={"pre": len(pre.duplicates), "post": len(post.duplicates)},
        pre_rows=rows_a,
        post_rows=rows_b,
        pre_ids=pre.ids,
        post_ids=post.ids,
    )
