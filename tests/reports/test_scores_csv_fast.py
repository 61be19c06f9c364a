"""The scores CSV's rows joined by Arrow (util/csv_rows.py, issue 17) are byte for byte what the stdlib
``csv.writer`` writes from the rows (minimal quoting, CRLF, floats as ``repr``, None as empty, SPEC §7's
formula guard by hand), and what the Python path writes: tricky text (commas, quotes, line breaks,
formula-start characters, tab and CR, None, non-ASCII), scores (NaN, -0.0, fractions, large and tiny), and
chunks where one path or the other is taken."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import peerimpact.reports.score_files as score_files
from peerimpact.pipeline import score_file
from peerimpact.reports.score_files import write_scores_csv
from peerimpact.util.utf8_list import Utf8List, utf8_of

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"
TRICKY = [
    "plain",
    "a,b",
    'say "hi"',
    "line\nbreak",
    "cr\rhere",
    "=SUM(A1)",
    "+44",
    "-1",
    "@x",
    "\tx",
    "\rx",
    "\nx",
    "",
    " spaced ",
    "é",
    "日本",
    "emoji 🙂",
    "x=1",
    "'quoted'",
]


def _guard(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r", "\n") else value


def _reference(run: Any) -> bytes:
    """The CSV the plain way: one ``csv.writer`` row per data row, from the run's lists."""
    out = io.StringIO(newline="")
    w = csv.writer(out)
    w.writerow(run.columns())
    for pos in range(run.source.n_rows):
        row: list[Any] = [run.ids[pos], run.source.rows[pos]]
        for measure, sc in run.scales.items():
            v = float(sc.values[pos])
            row.append(None if math.isnan(v) else v)
            if sc.scale.bands:
                row.append(run.bands[measure][pos])
        row += [run.status[pos], run.reason[pos]]
        w.writerow([_guard(c) if isinstance(c, str) else c for c in row])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


class FakeRun(SimpleNamespace):
    """What the CSV writers read from a ScoreRun."""

    def columns(self) -> list[str]:
        cols = ["id", "source_row"]
        for measure, sc in self.scales.items():
            cols += [measure, f"{measure}.band"] if sc.scale.bands else [measure]
        return [*cols, "status", "reason"]


def _run(
    ids: list[str | None],
    values: list[float],
    bands: list[str | None],
    status: list[str],
    reason: list[str],
) -> FakeRun:
    n = len(ids)
    return FakeRun(
        ids=ids,
        source=SimpleNamespace(rows=list(range(2, n + 2)), n_rows=n),
        scales={
            "x.total": SimpleNamespace(values=np.array(values, dtype=float), scale=SimpleNamespace(bands=())),
            "x.mean": SimpleNamespace(
                values=np.array(values, dtype=float) / 3, scale=SimpleNamespace(bands=("low",))
            ),
        },
        bands={"x.total": [None] * n, "x.mean": bands},
        status=status,
        reason=reason,
    )


@pytest.fixture(autouse=True)
def _arrow_for_small_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Arrow joins the rows of files of any size here (the writer uses it from 200,000 rows)."""
    monkeypatch.setattr(score_files, "_ARROW_MIN_ROWS", 0)


def _write(run: Any, path: Path) -> bytes:
    write_scores_csv(run, path)
    return path.read_bytes()


@pytest.mark.parametrize("chunk", [1, 3, 1 << 16])
def test_tricky_text_and_numbers_are_written_as_csv_writer_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Every tricky value alone among clean rows: the chunk holding it goes the Python way, the others Arrow's;
    with chunks of 1 and 3 rows both paths meet at every boundary."""
    monkeypatch.setattr(score_files, "_ROWS_PER_WRITE", chunk)
    texts: list[str | None] = [*TRICKY, None]
    n = len(texts) * 4
    ids: list[str | None] = [f"A{k:012d}" for k in range(n)]
    reason = [""] * n
    bands: list[str | None] = ["low"] * n
    for k, t in enumerate(texts):
        ids[4 * k] = t
        reason[4 * k + 1] = t or ""
        bands[4 * k + 2] = t
    numbers = [51.0, math.nan, -3.0, 0.0, -0.0, 14.5, 1e20, 5e-324, -1e-7, 1 / 3, 2.0**53, 1e6]
    values = [numbers[k % len(numbers)] for k in range(n)]
    status = ["scored", "partly scored", "excluded"] * (n // 3) + ["scored"] * (n % 3)
    run = _run(ids, values, bands, status, reason)
    assert _write(run, tmp_path / "s.csv") == _reference(run)


def test_clean_columns_take_the_arrow_path_and_match(tmp_path: Path) -> None:
    """Ids, reasons and bands with nothing to quote or guard, non-ASCII among them: Arrow writes every row."""
    n = 300
    ids: list[str | None] = [
        None if k % 7 == 0 else f"é{k}" if k % 11 == 0 else f"H{k:012d}" for k in range(n)
    ]
    reason = [f"duplicate submission (row {k} kept)" if k % 3 == 0 else "" for k in range(n)]  # > 64 distinct
    bands: list[str | None] = [None if k % 5 == 0 else "high" if k % 2 else "low" for k in range(n)]
    values = [float(k % 40) if k % 9 else math.nan for k in range(n)]
    run = _run(ids, values, bands, ["scored"] * n, reason)
    assert score_files._arrow_rows(run, 0, n) is not None
    assert _write(run, tmp_path / "s.csv") == _reference(run)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.none() | st.text(max_size=6) | st.sampled_from(TRICKY) | st.from_regex(r"\A[A-Z][0-9]{12}\Z"),
            st.floats(allow_infinity=False, width=64) | st.integers(-50, 120).map(float),
            st.sampled_from(["", "no answers", "a, b", "=x", "wemwbs.total prorated (1 item missing)"]),
        ),
        max_size=12,
    )
)
def test_random_rows_match_csv_writer_and_the_python_path(rows: list[tuple[str | None, float, str]]) -> None:
    ids = [r[0] for r in rows]
    values = [r[1] for r in rows]
    reason = [r[2] for r in rows]
    bands: list[str | None] = [r[2] or None for r in rows]
    run = _run(ids, values, bands, ["scored"] * len(rows), reason)
    try:
        "".join(i or "" for i in ids).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: neither path can write it
        return
    fast = score_files._arrow_rows(run, 0, len(rows))
    python = score_files._python_rows(run, 0, len(rows)).encode("utf-8") if rows else b""
    if fast is not None:
        assert bytes(fast) == python
    buf = io.BytesIO()
    buf.write(b"\xef\xbb\xbf" + ",".join(run.columns()).encode() + b"\r\n" + python)
    assert buf.getvalue() == _reference(run)


@pytest.mark.parametrize(
    ("pre", "post"),
    [
        ("wemwbs_autumn_forms.xlsx", "wemwbs_summer_forms.xlsx"),
        ("sdq_autumn_qualtrics.csv", "sdq_summer_qualtrics.csv"),
        ("swemwbs_autumn.xlsx", "swemwbs_summer.xlsx"),
    ],
)
def test_example_files_are_written_as_csv_writer_would(tmp_path: Path, pre: str, post: str) -> None:
    """Real runs (bands, excluded rows with reasons, prorated scores), each file."""
    for name in (pre, post):
        run = score_file(EXAMPLES / name)
        assert _write(run, tmp_path / "s.csv") == _reference(run)


def _utf8_ids(ids: list[str]) -> Utf8List:
    """Ids as the Arrow reader hands them over: a list carrying its UTF-8 bytes."""
    encoded = [i.encode("utf-8") for i in ids]
    offsets = np.concatenate([[0], np.cumsum([len(e) for e in encoded])]).astype(np.int64)
    return Utf8List(ids, offsets, np.frombuffer(b"".join(encoded) or b"\0", dtype=np.uint8)[: offsets[-1]])


@pytest.mark.parametrize("chunk", [1, 4, 1 << 16])
@pytest.mark.parametrize("odd", [None, "a,b", 'q"x', "=SUM(A1)", "-1", "é-ok", ""])
def test_ids_with_their_bytes_are_written_as_csv_writer_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, odd: str | None
) -> None:
    """The reader's ids with their bytes kept (``Utf8List``) are written from those bytes, chunk by chunk;
    an id that needs quotes or the guard sends its chunk the Python way.  Same bytes as ``csv.writer``."""
    monkeypatch.setattr(score_files, "_ROWS_PER_WRITE", chunk)
    ids = [f"H{k:012d}" for k in range(10)]
    if odd is not None:
        ids[5] = odd
    run = _run(_utf8_ids(ids), [float(k) for k in range(10)], ["low"] * 10, ["scored"] * 10, [""] * 10)
    assert utf8_of(run.ids) is not None
    assert (score_files._arrow_rows(run, 0, 10) is None) == (odd not in (None, "é-ok", ""))
    assert _write(run, tmp_path / "s.csv") == _reference(run)
