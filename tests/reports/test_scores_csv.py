"""``score -o x.csv`` writes what ``csv.writer`` would, with formula-like text made safe (SPEC §7)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.conftest import make_table

from peerimpact.instruments.detect import detect_instruments
from peerimpact.instruments.load import load_builtin
from peerimpact.reports._cells import csv_safe
from peerimpact.reports.score_files import score_columns, write_scores_csv
from peerimpact.scoring.ids import IdColumn
from peerimpact.scoring.score import score_table

W = ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]


def test_csv_bytes_match_the_csv_module(tmp_path: Path) -> None:
    ids = ['=HYPERLINK("x")', "a,b", 'say "hi"', "line\nbreak", "-1", None, "plain"]
    rows = [[pid, *([W[k % 5]] * 14)] for k, pid in enumerate(ids)]
    t = make_table(["pupil id", *[f"wemwbs_{i}" for i in range(1, 15)]], rows)
    uses, _ = detect_instruments(t, [load_builtin("wemwbs")], skip_columns=["pupil id"])
    run = score_table(t, uses, IdColumn("pupil id", "pupil_id", "test"))
    out = tmp_path / "s.csv"
    write_scores_csv(run, out)
    cols = score_columns(run)
    expected = io.StringIO(newline="")
    w = csv.writer(expected)
    w.writerow([h for h, _ in cols])
    text = {0, len(cols) - 2, len(cols) - 1}
    w.writerows(
        zip(*[[csv_safe(v) for v in c] if j in text else c for j, (_, c) in enumerate(cols)], strict=True)
    )
    assert out.read_bytes() == b"\xef\xbb\xbf" + expected.getvalue().encode()
    back = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert [r[0] for r in back[1:]] == [
        '\'=HYPERLINK("x")',
        "a,b",
        'say "hi"',
        "line\nbreak",
        "'-1",
        "",
        "plain",
    ]


def test_json_rows_are_json_dumps_of_the_records(tmp_path: Path) -> None:
    """The column-built JSON rows equal ``json.dumps`` of each record (quotes, backslashes, emoji, None,
    an unscored row), and the file loads to ``scores_to_dict``."""
    import json

    from peerimpact.reports.score_files import _json_rows, scores_to_dict, write_scores_json

    ids = ["=x", 'a "q" \\ é 😀', None, "line\nbreak", "p"]
    rows = [[pid, *[W[k % 5]] * 14] for k, pid in enumerate(ids)]
    rows[4][14] = None  # 13 of 14 answered: not scored
    t = make_table(["pupil id", *[f"wemwbs_{i}" for i in range(1, 15)]], rows)
    uses, _ = detect_instruments(t, [load_builtin("wemwbs")], skip_columns=["pupil id"])
    run = score_table(t, uses, IdColumn("pupil id", "pupil_id", "test"))
    doc = scores_to_dict(run)
    assert _json_rows(run) == [json.dumps(r, ensure_ascii=False) for r in doc["rows"]]
    out = tmp_path / "s.json"
    write_scores_json(run, out)
    assert json.loads(out.read_text(encoding="utf-8")) == doc


def test_number_fields_are_repr_or_empty() -> None:
    """Whole-number scores come from a lookup table; the text must still be ``repr`` (as csv.writer)."""
    import numpy as np

    from peerimpact.reports.score_files import _number_fields

    for values in (
        np.array([51.0, np.nan, -3.0, 0.0, -0.0, 14.0]),
        np.array([19.98, np.nan, 7.0]),
        np.array([np.nan, np.nan]),
        np.array([1e6, 2.0]),
        np.arange(0, 41, dtype=float),
    ):
        assert _number_fields(values) == [repr(v) if v == v else "" for v in values.tolist()]
