"""Run a few independent, CPU-bound tasks in forked worker processes while the parent does other work.

Reading an xlsx export holds the GIL (calamine), so threads cannot overlap two reads; ``compare`` reads and
scores its input files in worker processes instead, while the parent imports the statistics libraries.

Workers are forked (POSIX only), so a task is any callable and its arguments are never pickled; only what it
returns comes back (pickled), so a task should return only what the caller needs.  Everything runs in the
calling process instead when fork is unavailable, when there is one task, when the machine has one core, or
when the environment variable ``PEERIMPACT_WORKERS`` is ``1`` (``0`` or unset: one worker per core, on
Linux; elsewhere only a setting of 2 or more forks).

Errors come back intact: a :class:`~peerimpact.issues.PeerimpactError` is sent as its Issue and raised
again in the parent (its ``__init__`` takes an Issue, so the exception itself does not survive pickling);
any other exception is sent as it is, or, when it cannot be pickled, as a RuntimeError carrying its
traceback.  A worker that dies without answering (killed, out of memory, a crash in native code) has its
task run again in the parent, so a crash never hangs the run and never loses the error a sequential run
would have raised.  Results are returned in task order; the caller decides which error to raise first.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from peerimpact.issues import Issue, PeerimpactError

__all__ = ["TaskResult", "run_tasks", "worker_count"]

T = TypeVar("T")

ENV = "PEERIMPACT_WORKERS"


@dataclass(slots=True)
class TaskResult(Generic[T]):
    """One task's result, or the exception it raised (never both)."""

    value: T | None = None
    error: BaseException | None = None

    def get(self) -> T:
        """The result, or raise the task's exception."""
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[return-value]


def worker_count(tasks: int) -> int:
    """How many worker processes to use for ``tasks`` tasks: 0 means run them in this process.

    Linux forks by default; other POSIX systems only when ``PEERIMPACT_WORKERS`` asks for 2 or more
    (macOS system libraries, Accelerate among them, are not safe to use in a forked child)."""
    if tasks < 2 or sys.platform == "win32" or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    if multiprocessing.current_process().daemon:
        return 0  # a daemonic process may not have children
    setting = os.environ.get(ENV, "").strip()
    try:
        wanted = int(setting) if setting else 0
    except ValueError:
        wanted = 0
    if wanted <= 0 and not sys.platform.startswith("linux"):
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    limit = wanted if wanted > 0 else cores
    if limit < 2:
        return 0
    return min(limit, tasks)


def _call(task: Callable[[], T]) -> TaskResult[T]:
    """Run ``task`` here, catching what it raises (KeyboardInterrupt and SystemExit pass through)."""
    try:
        return TaskResult(value=task())
    except Exception as exc:
        return TaskResult(error=exc)


def _encode(result: TaskResult[Any]) -> bytes:
    """What a worker sends back: its value, the Issue of a PeerimpactError, or a picklable error."""
    if result.error is None:
        return pickle.dumps(("value", result.value), protocol=pickle.HIGHEST_PROTOCOL)
    exc = result.error
    if isinstance(exc, PeerimpactError):
        return pickle.dumps(("peerimpact", exc.issue), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        data = pickle.dumps(("error", exc), protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(data)  # exceptions with a custom __init__ often fail only here
    except Exception:
        text = "".join(traceback.format_exception(exc))
        data = pickle.dumps(("error", RuntimeError(f"in a worker process:\n{text}")))
    return data


def _decode(data: bytes) -> TaskResult[Any]:
    """The parent's side of :func:`_encode`."""
    kind, payload = pickle.loads(data)
    if kind == "value":
        return TaskResult(value=payload)
    if kind == "peerimpact":
        assert isinstance(payload, Issue)
        return TaskResult(error=PeerimpactError(payload))
    return TaskResult(error=payload)


def _worker(task: Callable[[], Any], conn: Connection) -> None:
    """The body of a forked worker: run the task and send back its result."""
    # Ctrl-C reaches the whole process group: the parent stops the workers, which need not print tracebacks
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # a thread in the parent (e.g. a progress spinner) may have held the stdio locks when we forked: start
    # afresh on the same file descriptors so that a warning written here cannot deadlock
    for name, fd in (("stdout", 1), ("stderr", 2)):
        try:
            setattr(sys, name, open(os.dup(fd), "w", encoding="utf-8", errors="replace", buffering=1))  # noqa: SIM115
        except OSError:
            setattr(sys, name, open(os.devnull, "w"))  # noqa: SIM115
    try:
        data = _encode(_call(task))
    except Exception:
        conn.close()  # a result that cannot be pickled: say nothing, and the parent runs the task itself
        return
    conn.send_bytes(data)
    conn.close()


def run_tasks(
    tasks: Sequence[Callable[[], T]],
    meanwhile: Callable[[], object] | None = None,
    *,
    at_once: int | None = None,
) -> list[TaskResult[T]]:
    """Run ``tasks`` (in worker processes when :func:`worker_count` allows), calling ``meanwhile`` in this
    process while they run; the results come back in task order.  An exception from ``meanwhile`` is
    raised after the workers have been stopped.  ``at_once`` caps the workers alive at one time (1: one
    after the other, each still in its own process, whose memory is given back when it ends)."""
    n = worker_count(len(tasks))
    if at_once is not None and n > 0:
        n = max(1, min(n, at_once))
    if n == 0:
        if meanwhile is not None:
            meanwhile()
        return [_call(t) for t in tasks]
    ctx = multiprocessing.get_context("fork")
    results: dict[int, TaskResult[T]] = {}
    running: dict[Connection, tuple[int, Any]] = {}
    pending = list(range(len(tasks)))

    def start() -> None:
        # every object alive now frozen while forking: a worker's garbage collections then pass over all it
        # inherits instead of walking (and so copying, page by page) the parent's whole heap, which cost a
        # forked worker of the governors' report about 0.2 s of CPU; thawed here again right after
        thaw = gc.get_freeze_count() == 0
        gc.freeze()
        try:
            while pending and len(running) < n:
                i = pending.pop(0)
                recv, send = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_worker, args=(tasks[i], send), daemon=True)
                proc.start()
                send.close()  # the worker holds the only write end: its death means EOF here
                running[recv] = (i, proc)
        finally:
            if thaw:
                gc.unfreeze()

    try:
        start()
        if meanwhile is not None:
            meanwhile()
        while running:
            for conn in wait(list(running)):
                assert isinstance(conn, Connection)
                i, proc = running.pop(conn)
                try:
                    got: TaskResult[T] | None = _decode(conn.recv_bytes())
                except Exception:  # EOF: the worker died without answering (or its answer is unreadable)
                    got = None
                finally:
                    conn.close()
                proc.join()
                # run a lost task here, as a sequential run would: same result, or the same error
                results[i] = got if got is not None else _call(tasks[i])
                start()
    finally:
        for conn, (_, proc) in running.items():
            proc.terminate()
            proc.join()
            conn.close()
    return [results[i] for i in range(len(tasks))]
