"""``compare`` reading its files in worker processes gives exactly what reading them in turn gives.

Parallel and sequential runs are compared on the example data through every view (the JSON text, the
workbook's bytes, the pupil rows and the issues), and errors must come back from a worker unchanged: the
same PeerimpactError (message, Issue, exit code 1), the same one first, and a crashed worker must neither
hang the run nor lose its error.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from peerimpact.cli.app import app
from peerimpact.comparison import parallel as _parallel
from peerimpact.comparison.inputs import ReadInput, slim_for_compare
from peerimpact.comparison.model import CompareRun
from peerimpact.issues import PeerimpactError, Severity, make_issue
from peerimpact.pipeline import compare_files, score_file
from peerimpact.reports.excel.compare import write_compare_workbook
from peerimpact.reports.excel.stream import number_cell, number_cells, text_cell, text_cells
from peerimpact.util.gc import gc_paused

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
PERIODS = {"autumn": (date(2026, 9, 1), date(2026, 12, 18)), "summer": (date(2027, 4, 12), date(2027, 7, 21))}

fork_only = pytest.mark.skipif(
    sys.platform == "win32" or "fork" not in multiprocessing.get_all_start_methods(),
    reason="worker processes are forked (POSIX only)",
)

CASES: list[tuple[Any, Any, dict[str, Any]]] = [
    (
        DATA / "wemwbs_autumn_forms.xlsx",
        DATA / "wemwbs_summer_forms.xlsx",
        # the second name differs in case and spacing: the worker must keep the column compare will find
        {"group_columns": ["Are you a peer mentor or a mentee?", "  year GROUP "]},
    ),
    (
        DATA / "sdq_autumn_qualtrics.csv",
        DATA / "sdq_summer_qualtrics.csv",
        {"primary": "sdq.total_difficulties"},
    ),
    (DATA / "swemwbs_autumn.xlsx", DATA / "swemwbs_summer.xlsx", {"comparison_column": "Group"}),
    (
        [DATA / "swemwbs_autumn.xlsx", DATA / "attendance_autumn_arbor.xlsx"],
        [DATA / "swemwbs_summer.xlsx", DATA / "attendance_summer_arbor.xlsx"],
        {"behaviour": DATA / "behaviour_events.xlsx", "periods": PERIODS, "group_columns": ["Year group"]},
    ),
    (
        DATA / "attendance_autumn_sims.csv",
        DATA / "attendance_summer_sims.csv",
        {"behaviour": DATA / "behaviour_events.xlsx", "periods": PERIODS},
    ),
]


def _run(monkeypatch: pytest.MonkeyPatch, workers: str, pre: Any, post: Any, **kwargs: Any) -> CompareRun:
    monkeypatch.setenv(_parallel.ENV, workers)
    return compare_files(pre, post, **kwargs)


def _error(monkeypatch: pytest.MonkeyPatch, workers: str, pre: Any, post: Any) -> PeerimpactError:
    monkeypatch.setenv(_parallel.ENV, workers)
    with pytest.raises(PeerimpactError) as err:
        compare_files(pre, post)
    return err.value


@fork_only
@pytest.mark.parametrize(
    ("pre", "post", "kwargs"), CASES, ids=["groups", "sdq", "comparison", "mixed", "mis"]
)
def test_parallel_equals_sequential(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pre: Any, post: Any, kwargs: dict[str, Any]
) -> None:
    seq = _run(monkeypatch, "1", pre, post, **kwargs)
    par = _run(monkeypatch, "2", pre, post, **kwargs)  # two workers, even on a one-core machine
    assert par.to_json() == seq.to_json()
    assert par.pupils == seq.pupils
    assert par.issues == seq.issues
    assert par.inputs == seq.inputs
    write_compare_workbook(seq, tmp_path / "seq.xlsx")
    write_compare_workbook(par, tmp_path / "par.xlsx")
    assert (tmp_path / "par.xlsx").read_bytes() == (tmp_path / "seq.xlsx").read_bytes()


@fork_only
def test_workers_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parallel case above really forks (and the switch turns it off)."""
    seen: list[int] = []
    real = _parallel.run_tasks

    def spy(tasks: Any, meanwhile: Any = None) -> Any:
        seen.append(_parallel.worker_count(len(tasks)))
        return real(tasks, meanwhile)

    monkeypatch.setattr("peerimpact.comparison.inputs.run_tasks", spy)
    _run(monkeypatch, "2", DATA / "swemwbs_autumn.xlsx", DATA / "swemwbs_summer.xlsx")
    assert seen == [2]
    monkeypatch.setenv(_parallel.ENV, "1")
    assert _parallel.worker_count(2) == 0
    assert _parallel.worker_count(1) == 0


@fork_only
@pytest.mark.parametrize("which", ["pre", "post", "both"])
def test_reading_errors_come_back_unchanged(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, which: str
) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not a workbook")
    other = tmp_path / "broken_too.csv"
    other.write_text("Name,Colour\nAmy,red\n", encoding="utf-8")  # no pupil id, no questionnaire
    good_pre, good_post = DATA / "wemwbs_autumn_forms.xlsx", DATA / "wemwbs_summer_forms.xlsx"
    pre = bad if which in ("pre", "both") else good_pre
    post = other if which in ("post", "both") else good_post
    seq = _error(monkeypatch, "1", pre, post)
    par = _error(monkeypatch, "2", pre, post)
    assert type(par) is PeerimpactError
    assert par.issue == seq.issue
    assert str(par) == str(seq)


@fork_only
def test_unknown_group_column_error_lists_the_same_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker drops the cells of unused columns, never their headings (the error lists them)."""
    pre, post = DATA / "wemwbs_autumn_forms.xlsx", DATA / "wemwbs_summer_forms.xlsx"
    errors = []
    for workers in ("1", "2"):
        monkeypatch.setenv(_parallel.ENV, workers)
        with pytest.raises(PeerimpactError) as err:
            compare_files(pre, post, group_columns=["House"])
        errors.append(err.value)
    assert errors[0].issue.code == "group_column_not_found"
    assert errors[1].issue == errors[0].issue


@fork_only
def test_same_file_pair_after_a_good_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    pres = [DATA / "swemwbs_autumn.xlsx", DATA / "wemwbs_autumn_forms.xlsx"]
    posts = [DATA / "swemwbs_summer.xlsx", DATA / "wemwbs_autumn_forms.xlsx"]
    assert _error(monkeypatch, "2", pres, posts).issue == _error(monkeypatch, "1", pres, posts).issue


@fork_only
def test_cli_exit_code_1_from_a_worker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not a workbook")
    monkeypatch.setenv(_parallel.ENV, "2")
    args = ["compare", "--pre", str(bad), "--post", str(DATA / "wemwbs_summer_forms.xlsx")]
    result = CliRunner().invoke(app, [*args, "-o", str(tmp_path / "out.xlsx"), "--quiet"])
    assert result.exit_code == 1
    assert "peerimpact: broken.xlsx" in result.output
    assert "Traceback" not in result.output


# ------------------------------------------------------------------------------------------ run_tasks
class _Unpicklable(Exception):
    def __init__(self, a: int, b: int) -> None:
        super().__init__(f"{a}/{b}")


def _raise_unpicklable() -> None:
    raise _Unpicklable(1, 2)


def _raise_peerimpact() -> None:
    raise PeerimpactError(make_issue("no_id_column", "no id", file="f.xlsx", severity=Severity.ERROR))


@fork_only
def test_run_tasks_returns_values_and_errors_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_parallel.ENV, "2")
    parent = os.getpid()
    called: list[str] = []
    out = _parallel.run_tasks(
        [lambda: ("a", os.getpid()), _raise_peerimpact, _raise_unpicklable, lambda: "d", lambda: 1 / 0],
        meanwhile=lambda: called.append("meanwhile"),
    )
    assert called == ["meanwhile"]
    got: Any = out[0].get()
    value, pid = got
    assert value == "a" and pid != parent  # really ran in a worker
    with pytest.raises(PeerimpactError) as err:
        out[1].get()
    assert err.value.issue.code == "no_id_column" and err.value.issue.file == "f.xlsx"
    with pytest.raises(RuntimeError, match="_Unpicklable: 1/2"):
        out[2].get()
    assert out[3].get() == "d"
    with pytest.raises(ZeroDivisionError):
        out[4].get()


@fork_only
def test_a_crashed_worker_neither_hangs_nor_loses_its_task(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that dies without answering (killed, out of memory, a native crash): its task runs here."""
    monkeypatch.setenv(_parallel.ENV, "2")
    parent = os.getpid()

    def crash_in_worker() -> str:
        if os.getpid() != parent:
            os._exit(70)
        return "ran in the parent"

    def error_after_crash() -> None:
        if os.getpid() != parent:
            os._exit(70)
        _raise_peerimpact()

    out = _parallel.run_tasks([crash_in_worker, error_after_crash, lambda: "fine"])
    assert out[0].get() == "ran in the parent"
    with pytest.raises(PeerimpactError):
        out[1].get()
    assert out[2].get() == "fine"


@fork_only
def test_an_unpicklable_result_is_made_again_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_parallel.ENV, "2")
    out = _parallel.run_tasks([lambda: (os.getpid(), lambda: None), lambda: 1])
    got: Any = out[0].get()
    assert got[0] == os.getpid()
    assert out[1].get() == 1


def test_sequential_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_parallel.ENV, "1")
    parent = os.getpid()
    out = _parallel.run_tasks([os.getpid, os.getpid])
    assert [o.get() for o in out] == [parent, parent]


# --------------------------------------------------------------------------------------- slim tables
def test_slim_table_keeps_what_compare_reads() -> None:
    run = score_file(DATA / "wemwbs_autumn_forms.xlsx")
    read = ReadInput("survey", run, run.source.layout, run.source.n_rows, 0, run.source.sheet)
    slim = slim_for_compare(read, [" year group"]).result
    assert slim is not run and run.source.data[0]  # the original is untouched
    t, s = run.source, slim.source
    assert s.columns == t.columns and s.rows == t.rows and s.roles == t.roles
    kept = {c for c, cells in zip(s.columns, s.data, strict=True) if len(cells)}
    assert kept == {"Year group", t.roles["completion_time"]}
    assert s.column("Year group") == t.column("Year group")


# ------------------------------------------------------------------------------------ helpers
def test_gc_paused_restores_the_collector() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


@pytest.mark.parametrize(
    "values",
    [
        ["a", None, "a", "b & <c>", " x ", "\x01bad", ""],
        ["plain", "text", None],
        [None, None, None],
        ["same", "same"],
        ["a & b", None, "a & b"],
        [1, "a", True, None, 2.5],
    ],
)
def test_text_cells_match_text_cell(values: list[Any]) -> None:
    rows = [str(r) for r in range(5, 5 + len(values))]
    assert text_cells("G", rows, values) == [text_cell(f"G{r}", v) for r, v in zip(rows, values, strict=True)]
    assert text_cells("G", rows, values, 7) == [
        text_cell(f"G{r}", v, 7) for r, v in zip(rows, values, strict=True)
    ]


@pytest.mark.parametrize(
    "values",
    [
        [1.5, 0.0, -0.0, -0.0, 0.0, None, math.nan, math.inf, 1.5, 1e-17, -2.25],
        [3, 3.0, None, True],
    ],
)
def test_number_cells_match_number_cell(values: list[Any]) -> None:
    rows = [str(r) for r in range(3, 3 + len(values))]
    for styles in (
        [4] * len(values),
        [None] * len(values),
        [4, 5] * (len(values) // 2) + [4] * (len(values) % 2),
    ):
        expected = [number_cell(f"C{r}", v, s) for r, v, s in zip(rows, values, styles, strict=True)]
        assert number_cells("C", rows, values, styles) == expected
