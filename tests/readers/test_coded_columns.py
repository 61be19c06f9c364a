"""Coded columns give exactly the tables the plain readers give.

Text files of 1 MiB and more have their body read by Arrow (``readers/_arrow_text.py``), and workbook
columns of 5,000+ rows that repeat a few values are kept coded (``cells.code_or_clean``).  Here the
thresholds are lowered so every example, every file of the bad-input corpus and random CSV text goes both
ways, and the two tables must be equal: headings, cells (coded columns read as lists), Excel row numbers,
issues, layout -- and the scores.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peerimpact.issues import PeerimpactError
from peerimpact.pipeline import score_file
from peerimpact.readers import _arrow_text, cells, read_export
from peerimpact.readers.base import CodedColumn

ROOT = Path(__file__).resolve().parents[2]
WORKBOOKS = sorted(
    [p for p in (ROOT / "examples" / "data").glob("*.xlsx")]
    + [p for p in (ROOT / "tests" / "data" / "real").glob("*.xlsx")]
    + [
        p
        for p in (ROOT / "tests" / "data" / "bad" / "files").iterdir()
        if p.suffix in (".xlsx", ".xls", ".ods")
    ]
)
TEXT_FILES = sorted(
    [p for p in (ROOT / "examples" / "data").glob("*.csv")]
    + [p for p in (ROOT / "tests" / "data" / "bad" / "files").iterdir() if p.suffix in (".csv", ".txt")]
    + [p for p in (ROOT / "tests" / "data" / "real").glob("*.csv")]  # real exports (provenance beside them)
)


def _both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """(table or error code) read with plain lists, then with coded columns wherever they may be used."""
    out = []
    for threshold in (1 << 62, 0):
        monkeypatch.setattr(_arrow_text, "ARROW_MIN_BYTES", threshold)
        monkeypatch.setattr(cells, "CODED_MIN_ROWS", threshold)
        try:
            t = read_export(str(path))
        except PeerimpactError as exc:
            out.append(exc.issue.code)
            continue
        out.append(
            (
                t.layout,
                t.columns,
                [list(c) for c in t.data],
                t.rows,
                t.roles,
                t.excluded,
                [(i.code, i.row, i.column, i.message) for i in t.issues],
            )
        )
    return out[0], out[1]


@pytest.mark.parametrize("path", TEXT_FILES + WORKBOOKS, ids=lambda p: p.name)
def test_every_file_reads_the_same_both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain, coded = _both(path, monkeypatch)
    assert coded == plain


@pytest.mark.parametrize(
    "name", ["sdq_autumn_qualtrics.csv", "wemwbs_autumn_forms.xlsx", "swemwbs_summer.xlsx"]
)
def test_examples_score_the_same_both_ways(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    runs = []
    for threshold in (1 << 62, 0):
        monkeypatch.setattr(_arrow_text, "ARROW_MIN_BYTES", threshold)
        monkeypatch.setattr(cells, "CODED_MIN_ROWS", threshold)
        run = score_file(ROOT / "examples" / "data" / name)
        runs.append(
            (
                run.ids,
                run.status,
                run.reason,
                {m: sc.values.tolist() for m, sc in run.scales.items()},
                [(i.code, i.row, i.column, i.message) for i in run.issues],
            )
        )
    assert repr(runs[1]) == repr(runs[0])  # repr: NaN == NaN


@pytest.mark.parametrize(
    "path", sorted((ROOT / "tests" / "data" / "real").glob("*.csv")), ids=lambda p: p.name
)
def test_real_exports_score_and_write_the_same_both_ways(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each real text export read the plain way, then by Arrow (ids keeping their bytes) with the scores CSV
    joined by Arrow too: the same error, or the same scores, issues and CSV bytes."""
    from peerimpact.reports import score_files

    out = []
    for threshold in (1 << 62, 0):
        monkeypatch.setattr(_arrow_text, "ARROW_MIN_BYTES", threshold)
        monkeypatch.setattr(score_files, "_ARROW_MIN_ROWS", threshold)
        try:
            run = score_file(path)
        except PeerimpactError as exc:
            out.append(exc.issue.code)
            continue
        score_files.write_scores_csv(run, tmp_path / f"{threshold}.csv")
        issues = [(i.code, i.row, i.column, i.message) for i in run.issues]
        out.append(repr((run.counts, issues, (tmp_path / f"{threshold}.csv").read_bytes())))
    assert out[1] == out[0]


def test_large_file_takes_the_arrow_route_with_coded_answers(tmp_path: Path) -> None:
    labels = ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]
    path = tmp_path / "big.csv"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["upn", *[f"wemwbs_{i}" for i in range(1, 15)]])
        for k in range(40_000):
            w.writerow([f"P{k:07d}", *[labels[(k + i) % 5] for i in range(14)]])
        w.writerow([])  # a blank line between answers: skipped, and counted
        w.writerow(["P9999999", *[" often "] * 14])
    assert path.stat().st_size >= _arrow_text.ARROW_MIN_BYTES
    t = read_export(str(path))
    assert isinstance(t.data[1], CodedColumn) and not isinstance(t.data[0], CodedColumn)
    assert t.rows[-1] == 40_003 and t.rows[-2] == 40_001  # Excel rows: header 1, blank line 40,002
    assert t.data[1][-1] == "often" and t.data[0][-1] == "P9999999"
    assert any(i.code == "empty_rows_skipped" for i in t.issues)


def test_upn_csv_keeps_its_id_bytes_and_writes_the_same_scores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clean UPN column read by Arrow keeps its bytes through scoring (``Utf8List``: issue 17) and
    ``score -o x.csv`` writes exactly what the plain route writes, including a duplicate and a wrong check
    letter among the ids."""
    from peerimpact.reports import score_files
    from peerimpact.util.utf8_list import utf8_of

    labels = ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]
    upns = ["H801200001001", "G80120000101A", "Z801200001001", "H801200001001"]  # DfE: valid, valid, wrong
    path = tmp_path / "upn.csv"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["UPN", *[f"wemwbs_{i}" for i in range(1, 15)]])
        for k in range(3_000):
            upn = upns[k] if k < len(upns) else f"A{k:012d}"
            w.writerow([upn, *[labels[(k + i) % 5] for i in range(14)]])
    monkeypatch.setattr(score_files, "_ARROW_MIN_ROWS", 0)
    written = []
    for threshold in (1 << 62, 0):
        monkeypatch.setattr(_arrow_text, "ARROW_MIN_BYTES", threshold)
        run = score_file(path)
        assert (utf8_of(run.ids) is not None) == (threshold == 0)
        score_files.write_scores_csv(run, tmp_path / f"out{threshold}.csv")
        written.append(((tmp_path / f"out{threshold}.csv").read_bytes(), run.counts, run.issues))
    assert written[1] == written[0]
    assert any(i.code == "invalid_upn" for i in written[0][2])
    assert written[0][1]["excluded"] == 1  # the repeated UPN


_CELL = st.one_of(
    st.text(alphabet="abXY09 .-'\"_,;\téü’\n", max_size=8),
    st.sampled_from(["", " ", "Often", " Often", "Rarely ", "1"]),
)


@st.composite
def _csv_text(draw: st.DrawFn) -> bytes:
    width = draw(st.integers(1, 4))
    body = draw(st.lists(st.lists(_CELL, min_size=width, max_size=width), min_size=1, max_size=10))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(
        [[f"h{j}" for j in range(width)], *body]
    )
    return buffer.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig"])))


@settings(deadline=None, database=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(_csv_text())
def test_random_csv_reads_the_same_both_ways(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder, _patched() as patch:
        path = Path(folder) / "t.csv"
        path.write_bytes(data)
        python, arrow = _both(path, patch)
    assert arrow == python


class _patched:
    """A MonkeyPatch usable inside a hypothesis test (the fixture is function-scoped)."""

    def __enter__(self) -> pytest.MonkeyPatch:
        self.mp = pytest.MonkeyPatch()
        return self.mp

    def __exit__(self, *exc: object) -> None:
        self.mp.undo()
