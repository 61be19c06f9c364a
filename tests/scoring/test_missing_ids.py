"""Rows scored without a pupil id get the note "no pupil id" and a ``missing_id`` warning, found without a
loop over every row (issue 17): exactly the rows a one-by-one reading picks -- id missing, some answer
given, not a platform row -- in row order."""

from __future__ import annotations

import runpy
from pathlib import Path

from tests.conftest import make_table

from peerimpact.instruments.detect import detect_instruments
from peerimpact.instruments.load import load_builtin
from peerimpact.scoring.ids import IdColumn
from peerimpact.scoring.score import score_table

GOLDEN = runpy.run_path(str(Path(__file__).resolve().parents[1] / "golden" / "instrument_facts.py"))
W = [label for label, _ in GOLDEN["WEMWBS_OPTIONS"]]
ITEMS = GOLDEN["WEMWBS_ITEMS"]


def test_missing_ids_are_the_answered_rows_without_an_id() -> None:
    ids = ["p1", None, "p3", None, None, "p6", None]
    answered = [True, True, True, False, True, True, True]
    excluded = {6: "preview"}  # a platform row: not scored, so no warning
    rows = [
        [pid, *([W[(k + j) % 5] for j in range(ITEMS)] if ok else [None] * ITEMS)]
        for k, (pid, ok) in enumerate(zip(ids, answered, strict=True))
    ]
    t = make_table(["pupil id", *[f"wemwbs_{i}" for i in range(1, ITEMS + 1)]], rows, excluded=excluded)
    uses, _ = detect_instruments(t, [load_builtin("wemwbs")], skip_columns=["pupil id"])
    run = score_table(t, uses, IdColumn("pupil id", "pupil_id", "test"))
    expected = [
        pos
        for pos, (pid, ok) in enumerate(zip(ids, answered, strict=True))
        if pid is None and ok and pos not in excluded
    ]
    assert [i.row for i in run.issues if i.code == "missing_id"] == [t.rows[p] for p in expected]
    assert [pos for pos, r in enumerate(run.reason) if "no pupil id" in r] == expected
    assert run.status == ["scored", "scored", "scored", "excluded", "scored", "scored", "excluded"]


def test_no_missing_ids_no_warning() -> None:
    rows = [[f"p{k}", *[W[(k + j) % 5] for j in range(ITEMS)]] for k in range(5)]
    t = make_table(["pupil id", *[f"wemwbs_{i}" for i in range(1, ITEMS + 1)]], rows)
    uses, _ = detect_instruments(t, [load_builtin("wemwbs")], skip_columns=["pupil id"])
    run = score_table(t, uses, IdColumn("pupil id", "pupil_id", "test"))
    assert not [i for i in run.issues if i.code == "missing_id"]
    assert run.status == ["scored"] * 5 and run.reason == [""] * 5
