"""The governors' report's comparison (:mod:`peerimpact.governors.build`): ``compare_files`` for the baseline
term against the report's term, once per role (mentees, mentors) when programme.toml names a role column —
the files read once, in compare's worker processes with the other surveys the report reads, and the roles
compared at once, each in a worker of its own."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerimpact.governors.model import MIS_PREFIXES
from peerimpact.governors.programme import Programme, Term
from peerimpact.issues import PeerimpactError

if TYPE_CHECKING:
    from peerimpact.comparison.model import CompareRun
    from peerimpact.scoring.run import ScoreRun

__all__ = ["ROLE_SECTIONS", "compare_term"]


#: the report's sections by role, in the order governors read them (SPEC §6.1); "pupils" when no roles
ROLE_SECTIONS = (("mentee", "mentees"), ("mentor", "mentors"))


def compare_term(
    programme: Programme,
    base: Term,
    term: Term,
    scored: dict[Path, ScoreRun] | None = None,
    *,
    also: Sequence[Path] = (),
    keep_if: Callable[[str], bool] | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> dict[str, CompareRun]:
    """``compare_files`` for the baseline term against ``term``: the surveys both list (paired by label),
    attendance when both have it, the behaviour log over both terms' dates.  Each survey read and scored
    goes into ``scored`` by its resolved path (the trend uses them rather than reading them again), with
    the survey files ``also`` lists (the trend's other waves), read and scored beside compare's in its
    worker processes; ``keep_if`` keeps the survey columns it accepts besides compare's (the report's
    characteristics); ``meanwhile`` runs here while the workers read (the report's imports).

    With ``role_column`` (SPEC §6.1) the files are read once and compared once per role — the mentees (then
    the mentors) against the comparison pupils when there are any — keyed "mentees"/"mentors"; without it,
    one comparison of every pupil, keyed "pupils".  Pupils whose role cell is blank or not listed in
    ``[analysis.roles]`` are in neither (a warning says how many and which values)."""
    # compare_sources (scipy, statsmodels) is imported by read_sources while its workers read the files
    from peerimpact.comparison.files import read_sources

    labels = [k for k in base.surveys if k in term.surveys]
    mine = {Path(p).resolve() for k in labels for p in (base.surveys[k], term.surveys[k])}
    also = list(dict.fromkeys(p for p in also if Path(p).resolve() not in mine))
    pre: list[Any] = [base.surveys[k] for k in labels]
    post: list[Any] = [term.surveys[k] for k in labels]
    attendance = base.attendance is not None and term.attendance is not None

    def check_attendance() -> None:
        """Stop on an attendance file that is not one, as before any file is read (only called when the
        reads failed or found no attendance: compare recognises an attendance export as this does)."""
        from peerimpact.mis.attendance import looks_like_attendance
        from peerimpact.readers import read_export

        for t, path in ((base, base.attendance), (term, term.attendance)):
            if path is not None and not looks_like_attendance(read_export(str(path))):
                raise programme.error(
                    "programme_file_wrong_format",
                    f"terms.{t.key}.attendance",
                    f"{path.name} is not an attendance export (no possible-sessions and present columns)",
                )

    if attendance:
        pre.append(base.attendance)
        post.append(term.attendance)
    behaviour = term.behaviour or base.behaviour
    if not pre and behaviour is None:
        return {}
    role_column = programme.role_column if labels else None
    comparison_column = programme.comparison_column if labels else None
    try:
        try:
            read = read_sources(
                pre,
                post,
                id_column=programme.id_column,
                keep_columns=[
                    *(programme.group_columns if labels else ()),
                    *([c for c in (comparison_column, role_column) if c]),
                ],
                behaviour=behaviour,
                periods={base.key: (base.start, base.end), term.key: (term.start, term.end)},
                min_sessions=programme.min_sessions,
                keep_if=keep_if,
                also=also if scored is not None else (),
                meanwhile=meanwhile,
            )
        except PeerimpactError:
            if attendance:
                check_attendance()  # the error a file in the wrong place gives, first, as it always has
            raise
        if attendance and read.attendance is None:
            check_attendance()
        if scored is not None:  # the survey files' runs, in the order read (pre, post of each pair)
            paths = [Path(f.path).resolve() for f in read.inputs if f.role in ("pre", "post")]
            got = [r for pair in read.surveys for r in pair]
            if len(paths) == len(got):
                scored.update(zip(paths, got, strict=True))
            scored.update((Path(p).resolve(), r) for p, r in read.also.items())
        common: dict[str, Any] = {
            "attendance": read.attendance,
            "behaviour": read.behaviour,
            "periods": read.periods,
            "inputs": read.inputs,
            "primary": programme.primary if labels else None,  # a questionnaire score: none without surveys
            "alpha": programme.alpha,
            "selected_low": programme.selected_low,
            "group_columns": programme.group_columns if labels else (),
        }
        if not role_column:
            from peerimpact.comparison.build import compare_sources

            return {"pupils": compare_sources(read.surveys, comparison_column=comparison_column, **common)}
        return _by_role(programme, read.surveys, role_column, common)
    except PeerimpactError as exc:
        key = {
            "unknown_measure": "analysis.primary",
            "group_column_not_found": "analysis.role_column"
            if role_column and (exc.issue.column or "").casefold() == role_column.casefold()
            else "analysis.group_columns",
            "comparison_levels": "analysis.roles" if role_column else "analysis.comparison_column",
        }.get(exc.issue.code)
        if key is None:
            raise
        raise programme.error("programme_file_invalid", key, exc.issue.message) from None


def _present(columns: Sequence[str], runs: Sequence[tuple[Any, Any]]) -> tuple[str, ...]:
    """The group columns some of a role's questionnaires carry (a mentors-only belonging survey may carry
    none); a column no survey of the programme carries was already refused."""
    have = {c.casefold() for pair in runs for r in pair for c in r.source.columns}
    return tuple(c for c in columns if c.strip().casefold() in have)


def _by_role(
    programme: Programme, surveys: list[Any], role_column: str, common: dict[str, Any]
) -> dict[str, CompareRun]:
    from functools import partial

    from peerimpact.comparison.build import compare_sources
    from peerimpact.comparison.groups import Levels
    from peerimpact.comparison.matching import wave_positions
    from peerimpact.comparison.parallel import run_tasks
    from peerimpact.comparison.roles import only_pupils, roles_by_id
    from peerimpact.issues import make_issue

    waves = [r for pair in surveys for r in pair]
    role_of, unknown = roles_by_id(waves, role_column, programme.role_of)
    for column in common["group_columns"]:  # a misspelt group column is an error, not a silent drop
        Levels(waves).column(column)
    comparison = {pid for pid, r in role_of.items() if r == "comparison"}
    everyone = {pid for run in waves for pid in run.ids if pid is not None}
    no_role = everyone - set(role_of)
    out: dict[str, CompareRun] = {}
    jobs: list[tuple[str, Callable[[], CompareRun]]] = []
    for role, section in ROLE_SECTIONS:
        mine = {pid for pid, r in role_of.items() if r == role}
        if not mine:
            continue
        keep = mine | comparison
        runs = [
            (only_pupils(a, keep, f"not a {role}"), only_pupils(b, keep, f"not a {role}")) for a, b in surveys
        ]
        # a questionnaire only one role answers (hope or belonging for mentors) is not this role's
        runs = [(a, b) for a, b in runs if any(pid in mine for pid in wave_positions(a))]
        if not runs:
            continue
        primary = common["primary"]
        if (
            primary
            and not primary.startswith(MIS_PREFIXES)
            and not any(primary in a.measures for a, _ in runs)
        ):
            primary = None  # the primary questionnaire is another role's (belonging for mentors only)
        # comparison pupils in this role's questionnaires (none in one only mentors answer)
        arms = any(pid in comparison for a, b in runs for w in (a, b) for pid in wave_positions(w))
        job = partial(
            compare_sources,
            runs,
            comparison_column=role_column if arms else None,
            comparison_values=programme.roles["comparison"] if arms else (),
            **{**common, "primary": primary, "group_columns": _present(common["group_columns"], runs)},
        )
        jobs.append((section, job))
    # the roles compared at once, each in a forked worker process (its CompareRun comes back pickled), or
    # in turn (one role, one core, PEERIMPACT_WORKERS=1); the first role's error first either way
    for (section, _), got in zip(jobs, run_tasks([job for _, job in jobs]), strict=True):
        run = got.get()
        run.extras["role"] = section
        if no_role:
            shown = ", ".join(repr(v) for v in unknown[:5]) or "blank cells"
            run.issues.append(
                make_issue(
                    "role_not_given",
                    f"{len(no_role)} pupils have no role the programme lists in {role_column!r} ({shown}); "
                    "they are left out of every role's figures: add their values to [analysis.roles] in "
                    "programme.toml",
                    column=role_column,
                )
            )
        out[section] = run
    if not out:
        raise programme.error(
            "programme_file_invalid",
            "analysis.role_column",
            f"no pupil in the survey files is a mentee or a mentor by {role_column!r} "
            f"(values seen: {', '.join(repr(v) for v in unknown[:8]) or 'none'}); list them in [analysis.roles]",
        )
    return out
