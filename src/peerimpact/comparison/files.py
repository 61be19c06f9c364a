"""``compare_files``: read, score and match two periods' files and compare them (SPEC §5–6).

The files are read and scored by :mod:`peerimpact.comparison.inputs` (in worker processes where possible), then
:func:`peerimpact.comparison.build.compare_sources` matches pupils and computes every outcome.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerimpact.issues import PeerimpactError, make_issue
from peerimpact.scoring.score import resolve_instruments

if TYPE_CHECKING:
    from peerimpact.comparison.model import CompareRun, InputFile
    from peerimpact.scoring.run import ScoreRun

__all__ = ["ReadSources", "compare_files", "read_sources"]


def compare_files(
    pre: str | Path | Sequence[str | Path],
    post: str | Path | Sequence[str | Path],
    *,
    instruments: Sequence[str] | None = None,
    instrument_files: Sequence[str | Path] | None = None,
    id_column: str | None = None,
    sheet: str | None = None,
    group_columns: Sequence[str] = (),
    comparison_column: str | None = None,
    primary: str | None = None,
    alpha: float = 0.05,
    selected_low: bool = False,
    behaviour: str | Path | None = None,
    periods: dict[str, tuple[date, date]] | None = None,
    mapping: dict[str, str] | None = None,
    min_sessions: int = 20,
    measures: Sequence[str] = (),
    lower_is_better: Sequence[str] = (),
    dose_column: str | None = None,
    comparison_values: Sequence[str] = (),
) -> CompareRun:
    """Compare two periods for the same pupils (SPEC §5–6).

    ``pre`` and ``post`` are one file each or lists of files, paired in order by kind: survey exports are
    scored and matched by pupil id; attendance exports (recognised by their columns, as questionnaires are)
    give ``attendance.rate`` and ``attendance.persistent_absence``.  ``behaviour`` is an event log (or
    per-pupil totals) counted in the two ``periods`` (``{"autumn": (start, end), "summer": (start, end)}``,
    in that order), giving ``behaviour.referrals``.  ``measures`` are already-scored numeric columns of the
    survey files compared as they are (``measure.<column>``; higher is better unless named in
    ``lower_is_better``), with every statistic a scale gets; a file holding only such columns and pupil ids
    need not hold a questionnaire.  ``dose_column`` (e.g. sessions attended, from the pre file or else the
    post file) gives each score outcome its change regressed on dose (exploratory).  A register (session-level attendance) given in both
    ``pre`` and ``post`` is cut by the same periods.

    The files are read and scored in worker processes at once where possible (forked, on Linux), while this
    process imports the statistics libraries; the results are those of reading them in turn, which
    ``PEERIMPACT_WORKERS=1`` in the environment asks for (:mod:`peerimpact.comparison.parallel`).
    ``comparison_values`` names the values of ``comparison_column`` that mean a comparison pupil (every
    other value is a programme pupil), where the column holds more than the two values it can tell apart.

    Examples
    --------
    >>> run = compare_files("autumn.xlsx", "summer.xlsx")   # doctest: +SKIP
    >>> run.to_frame()                                       # doctest: +SKIP
    """
    from peerimpact.util.phases import phase

    with phase("reads"):
        read = read_sources(
            pre,
            post,
            instruments=instruments,
            instrument_files=instrument_files,
            id_column=id_column,
            sheet=sheet,
            keep_columns=[
                *group_columns,
                *([comparison_column] if comparison_column else []),
                *measures,
                *([dose_column] if dose_column else []),
            ],
            measures_only_ok=bool(measures),
            behaviour=behaviour,
            periods=periods,
            mapping=mapping,
            min_sessions=min_sessions,
        )
        from peerimpact.comparison.build import compare_sources

    with phase("matching_statistics"):
        return compare_sources(
            read.surveys,
            attendance=read.attendance,
            behaviour=read.behaviour,
            periods=read.periods,
            alpha=alpha,
            primary=primary,
            group_columns=group_columns,
            comparison_column=comparison_column,
            comparison_values=comparison_values,
            selected_low=selected_low,
            inputs=read.inputs,
            measures=measures,
            lower_is_better=lower_is_better,
            dose_column=dose_column,
        )


@dataclass(frozen=True, slots=True)
class ReadSources:
    """Two periods' files read and scored, ready for :func:`~peerimpact.comparison.build.compare_sources`
    (which the governors' report calls once per role on the same files)."""

    surveys: list[tuple[ScoreRun, ScoreRun]]
    attendance: Any
    behaviour: Any
    periods: tuple[str, str]
    inputs: list[InputFile]
    #: the ``also`` files read and scored in the workers, by path as given (those that failed are left out)
    also: dict[str, ScoreRun] = field(default_factory=dict)


def read_sources(
    pre: str | Path | Sequence[str | Path],
    post: str | Path | Sequence[str | Path],
    *,
    instruments: Sequence[str] | None = None,
    instrument_files: Sequence[str | Path] | None = None,
    id_column: str | None = None,
    sheet: str | None = None,
    keep_columns: Sequence[str] = (),
    measures_only_ok: bool = False,
    behaviour: str | Path | None = None,
    periods: dict[str, tuple[date, date]] | None = None,
    mapping: dict[str, str] | None = None,
    min_sessions: int = 20,
    keep_if: Callable[[str], bool] | None = None,
    also: Sequence[str | Path] = (),
    meanwhile: Callable[[], object] | None = None,
) -> ReadSources:
    """Read and score the files of :func:`compare_files` (arguments as there; ``keep_columns`` are the
    survey columns the comparison needs besides the questionnaires: groups, arms, roles, measures, dose).

    For the governors' report, which reads more from the same files: ``keep_if`` keeps the columns whose
    heading it accepts too; ``also`` are other survey files read and scored in the same worker processes
    (as ``score_file`` would, into ``ReadSources.also``; a file that fails is left for the caller to read
    again and report); ``meanwhile`` runs here, after the comparison's imports, while the workers read."""
    from peerimpact.comparison.inputs import ReadOptions, prefetch_inputs, read_input, score_task
    from peerimpact.comparison.model import InputFile

    pres = [pre] if isinstance(pre, str | Path) else list(pre)
    posts = [post] if isinstance(post, str | Path) else list(post)
    if len(pres) != len(posts):
        raise PeerimpactError(
            make_issue("unpaired_inputs", f"{len(pres)} --pre file(s) but {len(posts)} --post file(s)")
        )
    candidates, given = resolve_instruments(instruments, instrument_files)
    period_list = list((periods or {}).items())
    opts = ReadOptions(
        sheet=sheet,
        candidates=candidates,
        given=given,
        id_column=id_column,
        mapping=mapping,
        min_sessions=min_sessions,
        periods=[span for _, span in period_list],
        keep_columns=list(keep_columns),
        keep_if=keep_if,
        measures_only_ok=measures_only_ok,
    )
    pairs = list(zip(pres, posts, strict=True))
    digests = _distinct_digests(pairs)
    extra: dict[str, tuple[str | Path, Callable[[], Any]]] = {
        f"also:{j}": (path, score_task(path, opts)) for j, path in enumerate(also)
    }
    if behaviour is not None and len(period_list) == 2:
        extra["behaviour"] = (
            behaviour,
            partial(_read_behaviour, behaviour, dict(period_list), id_column, mapping),
        )

    def imports() -> None:
        _import_comparison()
        if meanwhile is not None:
            meanwhile()

    # read and score the files in worker processes while this one imports the statistics libraries
    ahead = prefetch_inputs(pairs, digests, opts, meanwhile=imports, extra=extra)
    surveys: list[tuple[ScoreRun, ScoreRun]] = []
    attendance: list[Any] = []
    inputs: list[InputFile] = []
    for i, (a, b) in enumerate(pairs):
        digests_i = digests[i] if i < len(digests) else (_digest(a), _digest(b))
        if digests_i[0] == digests_i[1]:
            raise PeerimpactError(
                make_issue(
                    "same_file",
                    f"{Path(a).name} and {Path(b).name} have the same contents",
                    file=Path(b).name,
                )
            )
        pair: list[Any] = []
        kinds = []
        for role, path, k in (("pre", a, 0), ("post", b, 1)):
            got = ahead[(i, k)].get() if (i, k) in ahead else read_input(path, k, opts)
            pair.append(got.result)
            kinds.append(got.kind)
            inputs.append(
                InputFile(
                    role=role if got.kind == "survey" else f"attendance_{role}",
                    path=str(path),
                    sha256=digests_i[k],
                    layout=got.layout,
                    rows=got.rows,
                    excluded_rows=got.excluded,
                    sheet=got.sheet,
                )
            )
        if kinds[0] != kinds[1]:
            raise PeerimpactError(
                make_issue(
                    "unpaired_inputs",
                    f"{Path(a).name} is {'an attendance export' if kinds[0] == 'attendance' else 'a survey'} but "
                    f"{Path(b).name} is {'an attendance export' if kinds[1] == 'attendance' else 'a survey'}: "
                    "give --pre and --post files in the same order",
                )
            )
        if kinds[0] == "survey":
            surveys.append((pair[0], pair[1]))
        else:
            attendance.append((pair[0], pair[1]))
    if len(attendance) > 1:
        raise PeerimpactError(make_issue("unpaired_inputs", "give one attendance export per period"))
    counts = None
    names: tuple[str, str] = ("pre", "post")
    if behaviour is not None:
        if len(period_list) != 2:
            raise PeerimpactError(
                make_issue(
                    "periods_needed",
                    "behaviour referrals are counted in two periods",
                )
            )
        got = ahead.get("behaviour")  # read in a worker beside the others; its error raised here, in turn
        counts = (
            got.get()
            if got is not None
            else _read_behaviour(behaviour, dict(period_list), id_column, mapping)
        )
        names = (period_list[0][0], period_list[1][0])
        inputs.append(
            InputFile(
                role="behaviour",
                path=str(behaviour),
                sha256=_digest(behaviour),
                layout=f"behaviour_{counts.kind}",
                rows=counts.ledger["read"],
                excluded_rows=counts.ledger["excluded"],
                sheet=counts.source.sheet,
            )
        )
    done = {str(path): ahead.get(f"also:{j}") for j, path in enumerate(also)}
    runs = {path: r.value.result for path, r in done.items() if r is not None and r.value is not None}
    return ReadSources(surveys, attendance[0] if attendance else None, counts, names, inputs, runs)


def _read_behaviour(
    path: str | Path,
    periods: dict[str, tuple[date, date]],
    id_column: str | None,
    mapping: dict[str, str] | None,
) -> Any:
    from peerimpact.mis.behaviour import read_behaviour

    return read_behaviour(str(path), periods=periods, id_column=id_column, mapping=mapping)


def _distinct_digests(pairs: Sequence[tuple[str | Path, str | Path]]) -> list[tuple[str, str]]:
    """The contents' digests of each pair, up to (not including) the first pair whose files cannot be read
    or are the same file: the pairs a sequential run would read before it stops."""
    from peerimpact.util.files import sha256_of

    out = []
    for a, b in pairs:
        try:
            d = (sha256_of(a), sha256_of(b))
        except OSError:
            break
        if d[0] == d[1]:
            break
        out.append(d)
    return out


def _import_comparison() -> None:
    """Import the comparison code (scipy, statsmodels: the slow part of start-up) and openpyxl, which its
    workbook needs, ahead of their use; without the garbage collector, which would spend a tenth of the
    time walking the new modules' objects (they stay alive anyway)."""
    from peerimpact.util.gc import gc_paused

    with gc_paused():
        import openpyxl  # noqa: F401

        import peerimpact.comparison.build  # noqa: F401


def _digest(path: str | Path) -> str:
    """The file's SHA-256, or the reader's own located error when it cannot be read (missing, a folder, not a
    regular file, no permission): never a raw OSError."""
    from peerimpact.readers.sniff import sniff_kind
    from peerimpact.util.files import sha256_of

    name = Path(path).name
    if not Path(path).is_file():
        sniff_kind(str(path), name)  # raises file_not_found / file_unreadable with the path
    try:
        return sha256_of(path)
    except OSError as exc:
        sniff_kind(str(path), name)
        raise PeerimpactError(
            make_issue("file_unreadable", f"{name} could not be read ({exc.strerror or exc})", file=name)
        ) from None
