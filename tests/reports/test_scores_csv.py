"""``score -o x.csv`` writes what ``csv.writer`` would, with formula-like text made safe (SPEC §7).

The expected output is built independently of peerimpact's writers: rows typed by hand (totals = sum of the
publisher's codes, SPEC §7's guard applied by hand) written by the stdlib ``csv`` module, and literal text."""

from __future__ import annotations

import csv
import io
import json
import runpy
from pathlib import Path

from tests.conftest import make_table

from peerimpact.instruments.detect import detect_instruments
from peerimpact.instruments.load import load_builtin
from peerimpact.reports.score_files import write_scores_csv, write_scores_json
from peerimpact.scoring.ids import IdColumn
from peerimpact.scoring.run import ScoreRun
from peerimpact.scoring.score import score_table

GOLDEN = runpy.run_path(str(Path(__file__).resolve().parents[1] / "golden" / "instrument_facts.py"))
# WEMWBS labels and codes 1..5, typed from the publisher's guide (tests/golden/instrument_facts.py, Warwick
# "Collect, score, analyse and interpret WEMWBS"): the total is the sum of the 14 codes.
CODE = dict(GOLDEN["WEMWBS_OPTIONS"])
W = [label for label, _ in GOLDEN["WEMWBS_OPTIONS"]]
ITEMS = GOLDEN["WEMWBS_ITEMS"]
# ids that need quoting, a formula guard (SPEC §7: text starting =, +, -, @ gets a leading ' in CSV), or both
IDS = ['=HYPERLINK("x")', "a,b", 'say "hi"', "line\nbreak", "-1", "plain", "@x"]


def _answers(k: int) -> list[str]:
    return [W[(k + j) % 5] for j in range(ITEMS)]  # varied answers: no straight-lining


def _run() -> ScoreRun:
    rows = [[pid, *_answers(k)] for k, pid in enumerate(IDS)]
    t = make_table(["pupil id", *[f"wemwbs_{i}" for i in range(1, ITEMS + 1)]], rows)
    uses, _ = detect_instruments(t, [load_builtin("wemwbs")], skip_columns=["pupil id"])
    return score_table(t, uses, IdColumn("pupil id", "pupil_id", "test"))


def _expected_rows() -> list[list[object]]:
    """The score rows built by hand.  SPEC §4: columns ``id``, ``source_row``, the scores (WEMWBS has no
    bands: instrument_facts / wemwbs.toml ship none), ``status``, ``reason``; every row fully answered, so
    "scored" with no reason; ``source_row`` is the Excel row (data from row 2, tests/conftest.py make_table);
    the total is the plain sum of the codes (Warwick's guide); SPEC §7's guard by hand."""
    out: list[list[object]] = []
    for k, pid in enumerate(IDS):
        guarded = "'" + pid if pid[:1] in "=+-@\t\r\n" else pid
        total = float(sum(CODE[a] for a in _answers(k)))
        out.append([guarded, 2 + k, total, "scored", ""])
    return out


def test_csv_bytes_are_the_csv_module_writing_rows_built_by_hand(tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    write_scores_csv(_run(), out)
    expected = io.StringIO(newline="")
    w = csv.writer(expected)  # stdlib, default "excel" dialect: minimal quoting, CRLF, floats as repr
    w.writerow(["id", "source_row", "wemwbs.total", "status", "reason"])
    w.writerows(_expected_rows())
    # SPEC §4: "CSV is written as UTF-8 with a BOM"
    assert out.read_bytes() == b"\xef\xbb\xbf" + expected.getvalue().encode("utf-8")
    # and the same, as literal text for two rows: the totals (sum of codes) are typed here by hand
    text = out.read_bytes().decode("utf-8-sig")  # (read_text would turn CRLF into LF)
    # row 2: answers start at "None of the time" (1) and cycle 1..5: 1+2+3+4+5+1+2+3+4+5+1+2+3+4 = 40
    assert '\r\n"\'=HYPERLINK(""x"")",2,40.0,scored,\r\n' in text
    # row 6: "-1" guarded; answers start at code 5: 5+1+2+3+4+5+1+2+3+4+5+1+2+3 = 41
    assert "\r\n'-1,6,41.0,scored,\r\n" in text
    assert '"line\nbreak",5,' in text and '"a,b",3,' in text and '"say ""hi""",4,' in text


def test_json_rows_are_the_rows_built_by_hand(tmp_path: Path) -> None:
    """The JSON rows (one object per data row, keys as the CSV columns) hold the unguarded ids (JSON is not
    opened by Excel) and the same scores."""
    out = tmp_path / "s.json"
    write_scores_json(_run(), out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema"] == "peerimpact.scores/1"
    got = [[r["id"], r["source_row"], r["wemwbs.total"], r["status"], r["reason"] or ""] for r in doc["rows"]]
    expected = [[pid, *rest] for pid, (_, *rest) in zip(IDS, _expected_rows(), strict=True)]
    assert got == expected
    assert all(set(r) == {"id", "source_row", "wemwbs.total", "status", "reason"} for r in doc["rows"])


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
