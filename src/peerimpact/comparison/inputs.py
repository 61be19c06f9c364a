"""Reading and scoring ``compare``'s input files, in worker processes when there are several.

:func:`read_input` does what ``compare`` does to one --pre/--post file: read it, then either turn it into
attendance figures or score it as a survey.  :func:`prefetch_inputs` runs it for every file at once (see
:mod:`peerimpact.comparison.parallel`) while the parent imports the statistics libraries, and returns the results for
``compare_files`` to use in its usual order, so errors and results are those of a sequential run.

A survey read in a worker comes back with its table slimmed (:func:`slim_for_compare`): the cells of the
columns ``compare`` never looks at are dropped, because pickling 1.5 million cells would cost more than the
parallel read saves; its answer codes travel as int8 and are restored to the same doubles here.  Large files
(:data:`TOGETHER_BYTES`) are read one after the other, each in its own worker, to bound the memory of the
whole process tree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from peerimpact.comparison.arm_words import arm_like_values
from peerimpact.comparison.parallel import TaskResult, run_tasks, worker_count
from peerimpact.instruments.model import Instrument
from peerimpact.issues import PeerimpactError, make_issue
from peerimpact.readers import read_export
from peerimpact.scoring.run import ScoreRun

if TYPE_CHECKING:
    from datetime import date

    from peerimpact.mis.attendance import AttendancePeriod

__all__ = [
    "ReadInput",
    "ReadOptions",
    "prefetch_inputs",
    "read_input",
    "score_task",
    "slim_for_compare",
    "unpack",
]


@dataclass(slots=True)
class ReadInput:
    """One --pre/--post file read: a scored survey or an attendance export, and what ``InputFile`` records."""

    kind: str  # "survey" | "attendance"
    result: ScoreRun | AttendancePeriod
    layout: str
    rows: int
    excluded: int
    sheet: str | None


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Everything :func:`read_input` needs besides the path (the same for every file of one comparison)."""

    sheet: str | None
    candidates: Sequence[Instrument]
    given: bool
    id_column: str | None
    mapping: dict[str, str] | None
    min_sessions: int
    periods: Sequence[tuple[date, date]]  # the two periods, or () when none were given
    keep_columns: Sequence[str] = ()  # group/comparison/--measure columns compare reads from the table
    keep_if: Callable[[str], bool] | None = None  # other columns a caller reads (the report's reach table)
    measures_only_ok: bool = False  # --measure given: a survey file need hold no questionnaire


def read_input(path: str | Path, k: int, opts: ReadOptions) -> ReadInput:
    """Read one file (``k`` = 0 for --pre, 1 for --post): attendance figures, or a scored survey."""
    from peerimpact.mis.attendance import attendance_from_table, looks_like_attendance
    from peerimpact.scoring.score import score_source

    table = read_export(str(path), sheet=opts.sheet)
    if looks_like_attendance(table, opts.mapping):
        span = opts.periods[k] if len(opts.periods) == 2 else None
        att = attendance_from_table(
            table, id_column=opts.id_column, mapping=opts.mapping, min_sessions=opts.min_sessions, period=span
        )
        return ReadInput(
            "attendance",
            att,
            f"attendance_{att.kind}",
            att.counts["read"],
            att.counts["excluded"],
            table.sheet,
        )
    try:
        run = score_source(
            table,
            opts.candidates,
            given=opts.given,
            id_column=opts.id_column,
            questionnaire_optional=opts.measures_only_ok,
        )
    except PeerimpactError as exc:
        from peerimpact.mis.attendance import attendance_hint

        hint = attendance_hint(table) if exc.issue.code == "no_instrument_found" else None
        if hint is None:
            raise
        raise PeerimpactError(
            make_issue("attendance_not_recognised", hint, file=table.file, sheet=table.sheet)
        ) from None
    return ReadInput("survey", run, table.layout, run.source.n_rows, run.counts["excluded"], table.sheet)


def _wanted(column: str, names: Sequence[str]) -> bool:
    """Whether ``compare`` may read ``column`` for one of ``names`` (as its group-column lookup matches)."""
    return any(column == n or column.casefold() == n.strip().casefold() for n in names)


def slim_for_compare(
    read: ReadInput, keep_columns: Sequence[str], keep_if: Callable[[str], bool] | None = None
) -> ReadInput:
    """``read`` with a survey table's cells dropped (an empty list) in every column that ``compare`` does not
    read: it keeps the group and comparison columns (``keep_columns``), any heading ``keep_if`` accepts (the
    governors' report reads characteristics from the same tables), the completion time, and any column
    whose values look like arms (for the pooling warning, :func:`~peerimpact.comparison.groups.
    pooled_arms_issues`).  Headings,
    row numbers, roles and everything scored are kept."""
    run = read.result
    if read.kind != "survey" or not isinstance(run, ScoreRun):
        return read
    t = run.source
    completion = t.roles.get("completion_time")
    data = [
        cells
        if c == completion
        or _wanted(c, keep_columns)
        or (keep_if is not None and keep_if(c))
        or arm_like_values(cells)
        else []
        for c, cells in zip(t.columns, t.data, strict=True)
    ]
    slim = dataclasses.replace(run, source=dataclasses.replace(t, data=data))
    return dataclasses.replace(read, result=slim)


#: files whose expanded size together passes this are read one after the other, each in its own worker
#: process: a reader's peak is about 4-5 times its file's expanded size (calamine's copy of the sheet and
#: the cells as Python objects), so two 1,000,000-row workbooks (576 MB of XML each) side by side peaked at
#: 4.6 GiB for the process tree, one after the other at about half that; two 100,000-row ones (56 MB each)
#: still overlap.
TOGETHER_BYTES = 256 * 1024 * 1024


def expanded_size(path: str | Path) -> int:
    """The bytes a reader has to parse: a zip-based workbook's entries unpacked (as its directory declares
    them), any other file's size; 0 when the file cannot be looked at (the reader reports that)."""
    import os
    import zipfile

    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                return sum(info.file_size for info in zf.infolist())
        return os.path.getsize(path)
    except (OSError, zipfile.BadZipFile, ValueError):
        return 0


#: a packed answer code for "missing" (every real code fits in -127..127 when a column is packed)
_PACKED_MISSING = -128


def _pack_codes(codes: np.ndarray) -> np.ndarray:
    """``codes`` (float, NaN = missing) as int8 when that loses nothing — every code a whole number in
    -127..127, no negative zero — else unchanged.  A million pupils' 14 answers: 112 MB -> 14 MB to pickle."""
    if codes.dtype != np.float64:
        return codes
    present = ~np.isnan(codes)
    vals = codes[present]
    if vals.size and not (
        bool((vals == np.rint(vals)).all())
        and float(vals.min()) >= -127
        and float(vals.max()) <= 127
        and not bool(np.signbit(vals[vals == 0]).any())
    ):
        return codes
    packed = np.full(codes.shape, _PACKED_MISSING, dtype=np.int8)
    packed[present] = vals.astype(np.int8)
    return packed


def _unpack_codes(codes: np.ndarray) -> np.ndarray:
    """The float codes :func:`_pack_codes` packed (the same doubles); float codes pass through."""
    if codes.dtype != np.int8:
        return codes
    out = codes.astype(np.float64)
    out[codes == _PACKED_MISSING] = np.nan
    return out


def _repack(read: ReadInput, how: Callable[[np.ndarray], np.ndarray]) -> ReadInput:
    run = read.result
    if read.kind != "survey" or not isinstance(run, ScoreRun) or not run.answers:
        return read
    answers = {k: dataclasses.replace(a, codes=how(a.codes)) for k, a in run.answers.items()}
    return dataclasses.replace(read, result=dataclasses.replace(run, answers=answers))


def _task(path: str | Path, k: int, opts: ReadOptions) -> Callable[[], ReadInput]:
    def task() -> ReadInput:
        # compact arrays travel back to the parent: the answer codes as int8 (restored there)
        read = read_input(path, k, opts)
        return _repack(slim_for_compare(read, opts.keep_columns, opts.keep_if), _pack_codes)

    return task


def score_task(path: str | Path, opts: ReadOptions) -> Callable[[], ReadInput]:
    """A task for :func:`prefetch_inputs`' ``extra``: a survey file read and scored as ``score_file`` does
    (no attendance check), slimmed and packed as the --pre/--post files are; :func:`unpack` restores it.
    The governors' report reads its trend's earlier surveys so, beside compare's files."""

    def task() -> ReadInput:
        from peerimpact.scoring.score import score_source

        table = read_export(str(path), sheet=opts.sheet)
        run = score_source(table, opts.candidates, given=opts.given, id_column=opts.id_column)
        read = ReadInput("survey", run, table.layout, run.source.n_rows, run.counts["excluded"], table.sheet)
        return _repack(slim_for_compare(read, opts.keep_columns, opts.keep_if), _pack_codes)

    return task


def unpack(read: ReadInput) -> ReadInput:
    """A worker's :class:`ReadInput` with its answer codes restored to doubles (see :func:`_pack_codes`)."""
    return _repack(read, _unpack_codes)


def prefetch_inputs(
    pairs: Sequence[tuple[str | Path, str | Path]],
    digests: Sequence[tuple[str, str]],
    opts: ReadOptions,
    meanwhile: Callable[[], object] | None = None,
    extra: Mapping[str, tuple[str | Path, Callable[[], Any]]] | None = None,
) -> dict[Any, TaskResult[Any]]:
    """Read the files of the first ``len(digests)`` pairs at once (in worker processes where possible),
    calling ``meanwhile`` here while they run.  Keyed by (pair index, 0 for pre / 1 for post); the caller
    raises the errors in its own order.  ``extra`` tasks (name -> (the file it reads, the task): the
    behaviour log, the report's other surveys) run in the same workers, keyed by name; a ReadInput they
    return comes back unpacked.  Nothing is read ahead (only ``meanwhile`` runs, and the result is
    empty) when the files would be read in this process anyway (:func:`~peerimpact.comparison.parallel.worker_count`)."""
    keys: list[Any] = [(i, k) for i in range(len(digests)) for k in (0, 1)]
    extra = extra or {}
    if worker_count(len(keys) + len(extra)) == 0:
        if meanwhile is not None:
            meanwhile()
        return {}  # read in turn by the caller, with whole tables
    # import the readers here, once, rather than in every worker
    import peerimpact.mis.attendance
    import peerimpact.readers.detect  # noqa: F401

    tasks = [_task(pairs[i][k], k, opts) for i, k in keys] + [task for _, task in extra.values()]
    files = [pairs[i][k] for i, k in keys] + [path for path, _ in extra.values()]
    keys += list(extra)
    if sum(expanded_size(f) for f in files) > TOGETHER_BYTES:
        results = run_tasks(tasks, meanwhile, at_once=1)
    else:
        results = run_tasks(tasks, meanwhile)
    for r in results:
        if isinstance(r.value, ReadInput):
            r.value = unpack(r.value)
    return dict(zip(keys, results, strict=True))
