"""Property tests: random tables of random types through read → validate → score.

Whatever the headings (canonical item names such as ``wemwbs_3`` among them) and whatever the cells (labels of
the right and the wrong scale, codes in and out of range, blanks, dates, long text, formula-like text,
unicode), written as CSV or as xlsx, ``score_file`` and ``validate_file`` raise nothing but
``PeerimpactError``, and every row read is scored, partly scored or excluded with a reason.  Also: the
vectorised sheet-extent check agrees with a plain recount, and text times are read back as the dates they
were written from.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peerimpact.issues import CODES, PeerimpactError, Severity
from peerimpact.pipeline import score_file, validate_file
from peerimpact.readers._extent_base import SPARSE_FLOOR, SPARSE_RATIO
from peerimpact.readers.extent import MAX_CELLS, WorkbookGuard
from peerimpact.readers.table import read_text_times

_SETTINGS = settings(
    deadline=None,
    database=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_INSTRUMENTS = {"wemwbs": 14, "swemwbs": 7, "sdq": 25, "brs": 6, "scwbs": 15}
_LABELS = [
    *("None of the time", "Rarely", "Some of the time", "Often", "All of the time"),
    *("Not True", "Somewhat True", "Certainly True", "not true", " Often "),
    *("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"),
    *("Never", "Not much of the time", "Quite a lot of the time", "Ofen", "All of the tim"),
]
_IDS = ["UPN", "Pupil ID", "Email", "Admission number", "Student number", "Name", "ID"]
_PLATFORM = ["Timestamp", "Completion time", "Start time", "Status", "Finished", "Year group", "Form"]
# text a cell may hold: no control characters (openpyxl refuses them, and no export holds them)
_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20)


def _heading() -> st.SearchStrategy[str]:
    items = st.sampled_from(sorted(_INSTRUMENTS)).flatmap(
        lambda name: st.integers(1, _INSTRUMENTS[name]).map(
            lambda i: f"{name}_{i}"
        )  # 0, n+1: see test_item_beyond
    )
    other = st.one_of(st.sampled_from([*_IDS, *_PLATFORM, "", "Q1", "Q1"]), _TEXT)
    stray = st.one_of(items, items.map(lambda h: h.upper().replace("_", " ")))
    return st.one_of(
        *[other] * 15, stray
    )  # a stray item column stops a file (missing_item_column): keep rare


def _cell() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.sampled_from(_LABELS),
        st.integers(-3, 9),
        st.floats(-1e6, 1e6, allow_nan=False),
        st.sampled_from(["", " ", "=1+1", "+44 7700", "-", "@home", "n/a", "3 or 4", "TRUE"]),
        st.sampled_from(["H801200001001", "Z801200001001", "g80120000101a", "pupil@school.example"]),
        st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2040, 1, 1)).map(
            lambda d: d.replace(microsecond=0)
        ),
        st.sampled_from(
            ["03/11/2026 14:30", "12/10/2026", "2026-11-03T14:30:00Z", "31/02/2026", "11/13/2026"]
        ),
        _TEXT,
        st.text(min_size=200, max_size=1500, alphabet="abc xyz,;\"'\n"),
    )


_OPTIONS = {
    "wemwbs": _LABELS[0:5],
    "swemwbs": _LABELS[0:5],
    "sdq": _LABELS[5:8],
    "brs": _LABELS[10:15],
    "scwbs": [
        "Never",
        "Not much of the time",
        "Some of the time",
        "Quite a lot of the time",
        "All of the time",
    ],
}


@st.composite
def _table(draw: st.DrawFn) -> tuple[list[str], list[list[Any]], str | None]:
    """Headings, rows, and the questionnaire whose items were put in (None: only random headings).

    Usually one questionnaire's item columns are there, answered mostly with its own options (with the
    wrong scale's labels, codes, blanks and junk mixed in), so that detection and scoring are reached.
    """
    headings = draw(st.lists(_heading(), max_size=6))
    name = draw(
        st.one_of(st.none(), st.sampled_from(sorted(_INSTRUMENTS)), st.sampled_from(sorted(_INSTRUMENTS)))
    )
    block: list[str] = []
    if name is not None:
        block = [f"{name}_{i}" for i in range(1, _INSTRUMENTS[name] + 1)]
        if draw(st.integers(0, 9)) == 0:
            del block[draw(st.integers(0, len(block) - 1))]  # one item column missing
        at = draw(st.integers(0, len(headings)))
        headings[at:at] = block
    if not headings:
        headings = ["Q1"]
    options = st.sampled_from(_OPTIONS[name]) if name else _cell()
    junk = draw(st.integers(0, 3))  # how often an item is answered with anything but an option: 0, 1 in 20, …
    rows = []
    for _ in range(draw(st.integers(0, 10))):
        row = []
        for h in headings:
            own = h in block and draw(st.integers(0, 19)) >= junk * 3
            row.append(draw(options if own else _cell()))
        rows.append(row)
    return headings, rows, name


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _write(folder: Path, kind: str, headings: list[str], rows: list[list[Any]]) -> Path:
    if kind == "csv":
        path = folder / "survey.csv"
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(
            [headings, *[[_csv_text(v) for v in row] for row in rows]]
        )
        path.write_text(buffer.getvalue(), encoding="utf-8")
        return path
    path = folder / "survey.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for j, heading in enumerate(headings, 1):
        if heading:
            sheet.cell(row=1, column=j, value=heading)
    for i, row in enumerate(rows, 2):
        for j, value in enumerate(row, 1):
            if value is not None:
                sheet.cell(row=i, column=j, value=value)  # "=1+1" becomes a formula with no saved result
    workbook.save(path)
    return path


def _check(path: Path, instruments: list[str] | None) -> None:
    try:
        run = score_file(path, instruments=instruments)
    except PeerimpactError as error:
        assert error.issue.code in CODES
        assert error.issue.severity is Severity.ERROR
        failed: str | None = error.issue.code
    else:
        failed = None
        counts = run.counts
        assert counts["read"] == counts["scored"] + counts["partly scored"] + counts["excluded"]
        assert counts["read"] == run.source.n_rows == len(run.records())
        for record in run.records():
            assert record["status"] in ("scored", "partly scored", "excluded")
            if record["status"] == "excluded":
                assert record["reason"], record
        assert all(issue.code in CODES for issue in run.issues)
    report = validate_file(path, instruments=instruments)  # never raises for bad data
    assert report.ok is (failed is None) or any(i.code == failed for i in report.issues)
    if failed is not None:
        assert [i.code for i in report.issues] == [failed]
    else:
        c = report.counts
        assert c["read"] == c["scored"] + c["partly scored"] + c["excluded"]


@settings(_SETTINGS, max_examples=100)
@given(_table(), st.sampled_from(["csv", "xlsx"]), st.sampled_from(["detect", "same", "other"]))
def test_random_tables_score_or_refuse_plainly(
    table: tuple[list[str], list[list[Any]], str | None], kind: str, naming: str
) -> None:
    headings, rows, name = table
    instruments = None
    if naming == "same" and name is not None:
        instruments = [name]
    elif naming == "other":
        instruments = [next(n for n in sorted(_INSTRUMENTS) if n != name)]
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), kind, headings, rows)
        before = path.read_bytes()
        _check(path, instruments)
        assert path.read_bytes() == before


# --------------------------------------------------------------------------------------------------- extent


def _letters(col: int) -> str:
    s = ""
    col += 1
    while col:
        col, r = divmod(col - 1, 26)
        s = chr(65 + r) + s
    return s


_POSITION = st.tuples(
    st.one_of(st.integers(0, 60), st.integers(0, 1_048_575)),
    st.one_of(st.integers(0, 30), st.integers(0, 800), st.integers(0, 16_383)),
)


@settings(_SETTINGS, max_examples=60)
@given(
    st.lists(_POSITION, min_size=1, max_size=30),
    st.booleans(),
    st.sampled_from(["", ' s="1"', ' t="n"']),
    st.booleans(),
)
def test_sheet_extent_matches_a_recount(
    cells: list[tuple[int, int]], lowercase: bool, attrs: str, without_refs: bool
) -> None:
    """The numpy decoder (or the tag walk it falls back to) finds the block a plain recount finds."""
    parts = []
    for r, c in sorted(set(cells)):
        ref = f"{_letters(c)}{r + 1}"
        parts.append(f'<row r="{r + 1}"><c r="{ref.lower() if lowercase else ref}"{attrs}><v>1</v></c></row>')
    if without_refs:  # a row of cells placed by counting: columns 0..4 of the row after the last
        last = max(r for r, _ in cells) + 1
        parts.append(f'<row r="{last + 1}">' + "<c><v>2</v></c>" * 5 + "</row>")
        cells = [*cells, *((last, c) for c in range(5))]
    body = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(parts)}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", body)
    guard = WorkbookGuard(buffer, "t.xlsx", "xlsx")
    expected = (max(r for r, _ in cells) - min(r for r, _ in cells) + 1) * (
        max(c for _, c in cells) - min(c for _, c in cells) + 1
    )
    # refused when too large, or large and mostly empty (a stray cell far from the rest)
    sparse = expected > SPARSE_FLOOR and expected > SPARSE_RATIO * len(set(cells))
    try:
        guard.check_sheet("Sheet1")  # no workbook part: every XML part is checked
    except PeerimpactError as error:
        assert error.issue.code == "file_too_large"
        assert expected > MAX_CELLS or sparse
    else:
        assert expected <= MAX_CELLS and not sparse


# --------------------------------------------------------------------------------------------------- text times

_FORMATS = [
    ("%d/%m/%Y %H:%M", False),
    ("%d/%m/%Y %H:%M:%S", False),
    ("%Y-%m-%d %H:%M:%S", False),
    ("%Y-%m-%dT%H:%M:%SZ", False),
    ("%Y/%m/%d %H:%M:%S", False),
    ("%d %b %Y %H:%M", False),
    ("%m/%d/%Y %I:%M:%S %p", True),
]


@_SETTINGS
@given(
    st.lists(st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2099, 12, 31)), min_size=1, max_size=8),
    st.sampled_from(_FORMATS),
)
def test_text_times_read_back_as_written(times: list[dt.datetime], fmt: tuple[str, bool]) -> None:
    pattern, month_first = fmt
    times = [t.replace(second=t.second if "%S" in pattern else 0, microsecond=0) for t in times]
    if month_first:  # month first is recognised only when some day is over 12, as a reader would need
        times.append(dt.datetime(2026, 11, 13, 14, 30))
    texts = [t.strftime(pattern) for t in times]
    assert read_text_times(texts) == times
