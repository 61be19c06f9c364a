"""The score workbook: deterministic bytes, every value back as written, formula-like text kept as text."""

from __future__ import annotations

import csv
import random
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from peerimpact.pipeline import score_file
from peerimpact.reports.excel.scores import write_scores_workbook
from peerimpact.reports.score_files import score_columns
from peerimpact.scoring.run import ScoreRun

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"
W = ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]
RISKY = ["=1+2", '=HYPERLINK("http://example.com/x","click")', "+44 7700", "-5", "@SUM(A1)", "<b>&amp;</b>"]


@pytest.fixture(scope="module")
def run_20k(tmp_path_factory: pytest.TempPathFactory) -> ScoreRun:
    """20,000 WEMWBS rows: some unscorable (too many missing answers), some ids that look like formulas."""
    path = tmp_path_factory.mktemp("data") / "big.csv"
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["Pupil ID", *[f"wemwbs_{i}" for i in range(1, 15)]])
        for k in range(20_000):
            answers = [W[rng.randrange(5)] for _ in range(14)]
            if k % 50 == 3:
                answers[2:9] = [""] * 7
            pupil = RISKY[k // 1000] if k % 1000 == 0 and k // 1000 < len(RISKY) else f"P{k:05d}"
            out.writerow([pupil, *answers])
    return score_file(path)


@pytest.fixture(scope="module")
def book_20k(run_20k: ScoreRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("book") / "scores.xlsx"
    write_scores_workbook(run_20k, path)
    return path


def _rows(ws: Any, width: int) -> list[tuple[Any, ...]]:
    """Every row after the marking (row 1) and the header (row 2), padded to ``width`` (a row's trailing
    empty cells are not stored)."""
    return [tuple(row) + (None,) * (width - len(row)) for row in ws.iter_rows(min_row=3, values_only=True)]


def test_bytes_identical_across_two_writes_a_second_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = score_file(EXAMPLES / "sdq_autumn_qualtrics.csv")
    write_scores_workbook(run, tmp_path / "a.xlsx")
    time.sleep(1.1)  # the document's modified time is kept to the second
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 86_400 * 400)  # zip entry times, to two seconds
    write_scores_workbook(run, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]  # no temporary files left


def test_20000_rows_round_trip_through_openpyxl(run_20k: ScoreRun, book_20k: Path) -> None:
    cols = score_columns(run_20k)
    assert len(cols[0][1]) == 20_000
    wb = openpyxl.load_workbook(book_20k, read_only=True)
    assert wb.sheetnames == ["Scores", "Issues", "About"]

    scores = wb["Scores"]
    header = next(scores.iter_rows(min_row=2, max_row=2, values_only=True))
    assert list(header) == [h for h, _ in cols]
    expected = [tuple(None if v == "" else v for v in row) for row in zip(*[c for _, c in cols], strict=True)]
    assert _rows(scores, len(cols)) == expected
    total = [h for h, _ in cols].index("wemwbs.total")
    for row in scores.iter_rows(min_row=3, max_row=60):
        assert row[0].data_type == "s"  # ids are text, even the formula-like ones
        if row[total].value is not None:
            assert row[total].number_format == "0"

    issues = run_20k.issues
    assert len(issues) > 300
    got = _rows(wb["Issues"], 9)
    assert len(got) == len(issues)
    for i, row in zip(issues, got, strict=True):
        assert row[:8] == (str(i.severity), i.code, i.file, i.sheet, i.row, i.column, i.value, i.message)
    wb.close()


def test_formula_like_text_stays_text(run_20k: ScoreRun, book_20k: Path) -> None:
    ids = {v for v in run_20k.ids if isinstance(v, str) and not v.startswith("P")}
    assert len(ids) == len(RISKY)  # the fixture's formula-like ids reached the run
    with zipfile.ZipFile(book_20k) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(r"<f[ >]", z.read(name).decode("utf-8")), name
    wb = openpyxl.load_workbook(book_20k, read_only=True)
    last = 1000 * len(RISKY) + 2  # the risky ids are on every 1000th row
    cells = wb["Scores"].iter_rows(min_row=3, max_row=last, max_col=1)
    found = {c.value: c.data_type for (c,) in cells if c.value in ids}
    wb.close()
    assert found == dict.fromkeys(ids, "s")
