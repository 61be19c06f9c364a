"""The array join of ``match_waves`` (sorted id hashes) gives exactly what a plain-Python dictionary join gives:
the same matched ids in the pre file's order, the same rows, the same pupils in one wave only — with
repeated ids, missing ids (None), excluded rows, empty waves and hash collisions (issue 17)."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from peerimpact.comparison import matching
from peerimpact.comparison.matching import match_waves, wave_positions, wave_rows
from peerimpact.comparison.outcomes import MeasureInfo
from peerimpact.comparison.pairs import MeasurePair, survey_baseline
from peerimpact.comparison.support import attrition_row


def _run(ids: list[str | None], kept: list[bool]) -> Any:
    """What matching reads from a ScoreRun: ids by row, the kept mask, duplicates and the id column."""
    mask = np.array(kept, dtype=bool)
    return SimpleNamespace(
        ids=ids,
        source=SimpleNamespace(n_rows=len(ids)),
        kept=mask,  # a fresh copy is not needed: matching copies before writing (checked below)
        duplicates={},
        id_column=SimpleNamespace(column="upn"),
    )


class _Run:
    """Like :func:`_run`, but ``kept`` is a new array on each access, as ScoreRun.kept is."""

    def __init__(self, ids: list[str | None], kept: list[bool]) -> None:
        self.ids = ids
        self._kept = kept
        self.source = SimpleNamespace(n_rows=len(ids))
        self.duplicates: dict[int, int] = {}
        self.id_column = SimpleNamespace(column="upn")

    @property
    def kept(self) -> np.ndarray:
        return np.array(self._kept, dtype=bool)


def reference(
    pre_ids: list[str | None], pre_kept: list[bool], post_ids: list[str | None], post_kept: list[bool]
) -> dict[str, Any]:
    """The dictionary join written out in plain Python: the last kept row of each id, ids in the order they
    first appear; matched in the pre file's order."""
    a: dict[str, int] = {}
    for pos, (pid, k) in enumerate(zip(pre_ids, pre_kept, strict=True)):
        if k and pid is not None:
            a[pid] = pos
    b: dict[str, int] = {}
    for pos, (pid, k) in enumerate(zip(post_ids, post_kept, strict=True)):
        if k and pid is not None:
            b[pid] = pos
    ids = [pid for pid in a if pid in b]
    return {
        "ids": tuple(ids),
        "pre_pos": [a[pid] for pid in ids],
        "post_pos": [b[pid] for pid in ids],
        "pre_only": tuple(pid for pid in a if pid not in b),
        "post_only": tuple(pid for pid in b if pid not in a),
        "pre_positions": a,
        "post_positions": b,
    }


def _check(
    pre_ids: list[str | None], pre_kept: list[bool], post_ids: list[str | None], post_kept: list[bool]
) -> None:
    want = reference(pre_ids, pre_kept, post_ids, post_kept)
    pre, post = _Run(pre_ids, pre_kept), _Run(post_ids, post_kept)
    m = match_waves(pre, post)  # type: ignore[arg-type]
    assert m.ids == want["ids"]
    assert m.pre_pos.tolist() == want["pre_pos"]
    assert m.post_pos.tolist() == want["post_pos"]
    assert m.pre_only == want["pre_only"]
    assert m.post_only == want["post_only"]
    assert m.matched == len(want["ids"])
    assert m.pre_positions == want["pre_positions"]
    assert list(m.pre_positions) == list(want["pre_positions"])  # same order
    assert m.post_positions == want["post_positions"]
    assert list(m.post_positions) == list(want["post_positions"])
    assert wave_positions(pre) == want["pre_positions"]  # type: ignore[arg-type]
    assert wave_rows(pre).tolist() == list(want["pre_positions"].values())  # type: ignore[arg-type]
    assert m.pre_rows.tolist() == list(want["pre_positions"].values())
    assert m.post_rows.tolist() == list(want["post_positions"].values())


def test_plain_case_in_pre_order() -> None:
    pre = ["C", "A", "B", "D"]
    post = ["B", "E", "C", "F"]
    _check(pre, [True] * 4, post, [True] * 4)
    m = match_waves(_Run(pre, [True] * 4), _Run(post, [True] * 4))  # type: ignore[arg-type]
    assert m.ids == ("C", "B")
    assert m.pre_only == ("A", "D")
    assert m.post_only == ("E", "F")


def test_missing_ids_excluded_rows_and_one_wave_only() -> None:
    pre: list[str | None] = [None, "A", "B", None, "C", "X"]
    post: list[str | None] = ["X", None, "C", "Q", "A", None]
    _check(pre, [True, True, False, True, True, True], post, [True, True, True, True, False, True])


def test_repeated_ids_take_the_dictionary_meaning() -> None:
    # a repeated id among kept rows: the last row wins, in the order of its first appearance
    pre = ["A", "B", "A", "C", "B"]
    post = ["B", "C", "C", "D"]
    _check(pre, [True] * 5, post, [True] * 4)


def test_empty_waves() -> None:
    _check([], [], ["A"], [True])
    _check(["A"], [True], [], [])
    _check([None, None], [True, True], ["A", None], [True, True])
    _check(["A", "B"], [False, False], ["A", "B"], [True, True])


def test_hash_collisions_never_pair_different_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    # every id hashes to one of three values: matches must still be decided by the ids themselves
    monkeypatch.setattr(matching, "_hashes", lambda ids: np.array([hash(p) % 3 for p in ids], dtype=np.int64))
    _check(["A", "B", "C", "D"], [True] * 4, ["E", "D", "F"], [True] * 3)
    _check(["A"], [True], ["B"], [True])  # one id each, equal hashes, different ids


def test_an_id_hashing_like_none(monkeypatch: pytest.MonkeyPatch) -> None:
    none_hash = hash(None)
    monkeypatch.setattr(
        matching, "_hashes", lambda ids: np.array([none_hash if p in (None, "N") else hash(p) for p in ids])
    )
    _check(["N", None, "A"], [True] * 3, ["A", "N", None], [True] * 3)


def test_does_not_write_into_the_runs_kept_mask() -> None:
    run = _run([None, "A"], [True, True])
    match_waves(run, _run(["A"], [True]))
    assert run.kept.tolist() == [True, True]


@pytest.mark.parametrize("seed", range(40))
def test_random_waves_match_the_reference(seed: int) -> None:
    rng = random.Random(seed)
    pool = [f"P{k:04d}" for k in range(rng.randint(0, 60))]

    def wave() -> tuple[list[str | None], list[bool]]:
        n = rng.randint(0, 80)
        ids: list[str | None] = [rng.choice(pool) if pool and rng.random() > 0.1 else None for _ in range(n)]
        return ids, [rng.random() > 0.15 for _ in range(n)]

    _check(*wave(), *wave())


@pytest.mark.parametrize("seed", range(20))
def test_attrition_from_arrays_matches_the_dictionary(seed: int) -> None:
    """The survey pairs' baseline arrays give the attrition row the dictionary of pre values gave."""
    rng = random.Random(seed)
    n_pre, n_post = rng.randint(2, 60), rng.randint(2, 60)
    pool = [f"P{k:03d}" for k in range(70)]
    pre_ids: list[str | None] = [rng.choice(pool) if rng.random() > 0.1 else None for _ in range(n_pre)]
    post_ids: list[str | None] = [rng.choice(pool) if rng.random() > 0.1 else None for _ in range(n_post)]
    pre_kept = [rng.random() > 0.1 for _ in range(n_pre)]
    post_kept = [rng.random() > 0.1 for _ in range(n_post)]
    m = match_waves(_Run(pre_ids, pre_kept), _Run(post_ids, post_kept))  # type: ignore[arg-type]
    pre_v = np.array([rng.choice([np.nan, 1.0 + rng.random() * 4]) for _ in range(n_pre)])
    post_v = np.array([rng.choice([np.nan, 1.0 + rng.random() * 4]) for _ in range(n_post)])
    info = MeasureInfo(measure="x.total", title="X", kind="score", direction="higher_is_better")
    pre, post = pre_v[m.pre_pos], post_v[m.post_pos]
    # the old way: id -> pre value of every kept pre pupil with a value
    a = reference(pre_ids, pre_kept, post_ids, post_kept)["pre_positions"]
    old = MeasurePair(
        info,
        m.ids,
        pre,
        post,
        "survey",
        baseline={p: float(pre_v[r]) for p, r in a.items() if pre_v[r] == pre_v[r]},
    )
    values, match = survey_baseline(pre_v, m)
    new = MeasurePair(info, m.ids, pre, post, "survey", baseline_values=values, baseline_match=match)
    assert new.has_baseline == old.has_baseline
    if old.has_baseline:
        assert attrition_row(new) == attrition_row(old)
