"""The termly governors' report as data (SPEC §6): one :class:`GovernorsReport` that the HTML and Excel
views render, so the two cannot disagree.

:func:`build_report` reads ``programme.toml``'s term, runs ``compare_files`` for the baseline term against
it (surveys, attendance and behaviour in one :class:`~peerimpact.comparison.model.CompareRun`), adds up the
activity log, counts the process survey's answers, and fits the trend across the terms so far.  Every
figure about change comes from the CompareRun — the sentences are its ``Outcome.summary`` — and the
renderers compute nothing.  The trend across three or more surveys is a linear mixed model with a random
intercept per pupil (REML from per-pupil sums, :mod:`peerimpact.statistics.reml`; Wald z test and CI of the
slope per term).

Privacy by default (SPEC §7): no names, ids or free text reach the report object; every count of pupils
goes through :mod:`peerimpact.governors.suppression` (below the threshold "c" / "fewer than 5", with secondary
suppression wherever totals are shown); an outcome or subgroup with fewer pupils than the threshold shows
no figures.  Pupil-level data stays in the CompareRun, for the SMHL's detail workbook only.

This module builds the report; the parts live beside it:
:mod:`~peerimpact.governors.model` (the dataclasses and display helpers),
:mod:`~peerimpact.governors.term_compare` (the comparison, by role), :mod:`~peerimpact.governors.outcomes`
(the CompareRun's figures), :mod:`~peerimpact.governors.process` (activity log and feedback survey),
:mod:`~peerimpact.governors.trend` (the trend rows; the model is :mod:`peerimpact.statistics.trend`) and
:mod:`~peerimpact.governors.text` (the sentences).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from peerimpact.governors.characteristics import is_characteristic, reach_by_characteristics
from peerimpact.governors.delivery import DOSE_NOTE, delivery_rows, target_rows
from peerimpact.governors.model import GovernorsReport
from peerimpact.governors.plan import Ledger
from peerimpact.governors.process import activity_reach, process_rows
from peerimpact.governors.programme import Programme, Term
from peerimpact.governors.scales import scale_intros
from peerimpact.governors.sections import role_section, tie_attrition
from peerimpact.governors.suppression import legend
from peerimpact.governors.term_compare import compare_term
from peerimpact.governors.text import caveats, design_text, headline, no_survey_note, register_attrition
from peerimpact.governors.trend import trend_files, trend_record, trends
from peerimpact.issues import Issue, PeerimpactError, make_issue

if TYPE_CHECKING:
    from pathlib import Path

    from peerimpact.comparison.model import CompareRun
    from peerimpact.scoring.run import ScoreRun

__all__ = ["build_report"]

T = TypeVar("T")


def build_report(
    programme: Programme, term: Term | str | None = None
) -> tuple[GovernorsReport, dict[str, CompareRun], list[Issue]]:
    """The report for ``term`` (default: the last term with data), the CompareRuns behind it by role
    ("mentees", "mentors"; "pupils" without a role column; none for the baseline term, or when there is
    nothing to compare), and issues met on the way (activity log cells).

    Examples
    --------
    >>> from peerimpact.governors.programme import load_programme
    >>> report, runs, issues = build_report(load_programme("programme.toml"), "summer-2027")  # doctest: +SKIP
    """
    t = term if isinstance(term, Term) else programme.term(term)
    if not t.has_data:
        raise PeerimpactError(
            make_issue(
                "term_without_data",
                f"{t.name} ({t.key}) lists no surveys, attendance, behaviour log or activity log",
                file=programme.path.name,
            )
        )
    base = programme.baseline_term
    issues: list[Issue] = []
    ledger = Ledger(programme.threshold)  # one suppression plan for every count of every view
    # the activity log's reach first (its counts the ledger's first, its errors before compare's), done
    # while compare's workers read the surveys; once only, whether compare calls it or not
    reach_once = _once(lambda: activity_reach(programme, t, issues, ledger))
    imports = _imports_ahead(programme, base, t)

    def meanwhile() -> None:
        imports()
        reach_once()

    scored: dict[Path, ScoreRun] = {}  # each survey read and scored once: compare's runs serve the trend
    try:
        runs = (
            compare_term(
                programme,
                base,
                t,
                scored,
                also=trend_files(programme, t),  # read beside compare's files, in its worker processes
                keep_if=is_characteristic,  # and the characteristics kept, for the reach table
                meanwhile=meanwhile,
            )
            if t.start > base.start
            else {}
        )
    except PeerimpactError:
        reach_once()  # an activity log's error comes first, as it did when read before the surveys
        raise
    reach = reach_once()
    run = next(iter(runs.values()), None)
    report = GovernorsReport(
        programme=programme.name,
        school=programme.school,
        report_for=programme.report_for,
        prepared_by=programme.prepared_by,
        term=t.name,
        term_key=t.key,
        period=f"{_day(t.start)} to {_day(t.end)}",
        baseline=base.name,
        threshold=programme.threshold,
        design="comparison_group"
        if any(r.design == "comparison_group" for r in runs.values())
        else "single_group",
        design_text="",
        headline="",
        reach=reach,
        legend=legend(programme.threshold),
    )
    available = {o.measure for r in runs.values() for o in r.overall}
    finish_sections = [role_section(programme, role, r, ledger, available) for role, r in runs.items()]
    if not runs and t.key == base.key:
        report.outcome_note = f"{t.name} is the programme's first survey (the baseline): changes are reported from the next term."
    elif not runs:
        report.outcome_note = f"No survey, attendance or behaviour data to compare {base.name} with {t.name}."
    if not t.surveys and t.key != base.key:  # delivery, attendance, behaviour only: say when outcomes come
        report.outcome_note = no_survey_note(programme, t)
    finish_process = process_rows(programme, t, ledger)
    report.trend, report.trend_note = trends(programme, t, runs, ledger, scored)
    for role, r in runs.items():  # each SMHL workbook and JSON carries its role's trend, to be audited
        r.extras["trend"] = [trend_record(x) for x in report.trend if x.role == role]
        r.extras["trend_note"] = report.trend_note
    attrition = register_attrition(run, ledger, base.key, t.key) if len(runs) == 1 else []
    tie_attrition(ledger, list(runs), base.key)
    finish_reach_by = reach_by_characteristics(programme, t, ledger, scored)
    ledger.resolve()  # every registered Count is now shown or hidden, in every table and sentence alike
    report.sections = [f() for f in finish_sections]
    if not t.surveys and t.key != base.key:  # attendance, behaviour only: say when outcomes come
        for s in report.sections:
            s.outcome_note = report.outcome_note
    shown = [
        m
        for s in report.sections
        for m in (*(o.measure for o in s.outcomes), *(c.measure for c in s.comparison))
    ]
    report.scales = scale_intros([*shown, *(r.measure for r in report.trend)])
    report.process, report.process_n = finish_process()
    report.delivery = delivery_rows(reach)
    report.delivery_note = DOSE_NOTE if report.delivery else ""
    report.reach_by, report.reach_by_note = finish_reach_by()
    report.targets = target_rows(programme, reach, report.delivery, t)
    report.next_steps = list(programme.next_steps)
    report.design_text = design_text(run, report)
    report.headline = headline(report, run)
    report.caveats = caveats(report, runs, programme, attrition)
    return report, runs, issues


def _once(f: Callable[[], T]) -> Callable[[], T]:
    """``f`` called at most once: later calls give its result, or raise its error, again."""
    done: list[tuple[T | None, BaseException | None]] = []

    def call() -> T:
        if not done:
            try:
                done.append((f(), None))
            except BaseException as exc:
                done.append((None, exc))
        value, error = done[0]
        if error is not None:
            raise error
        return value  # type: ignore[return-value]

    return call


def _imports_ahead(programme: Programme, base: Term, t: Term) -> Callable[[], None]:
    """Import what the report needs after the reads while compare's workers read its files (a second
    that would otherwise be spent after them): the suppression plan's linear programmes (scipy.optimize),
    and the statsmodels tests for attendance (McNemar), behaviour (Poisson rates) and a comparison group
    (ANCOVA) when the programme has them."""

    def imports() -> None:
        import importlib

        from peerimpact.util.gc import gc_paused

        wanted = ["scipy.optimize"]
        if base.attendance is not None and t.attendance is not None:
            wanted.append("statsmodels.stats.contingency_tables")
        if t.behaviour or base.behaviour:
            wanted.append("statsmodels.stats.rates")
        if programme.role_column or programme.comparison_column:
            wanted.append("statsmodels.regression.linear_model")
        with gc_paused():  # the new modules' objects stay alive: no collection walks them
            for name in wanted:
                importlib.import_module(name)

    return imports


def _day(d: Any) -> str:
    return f"{d.day} {d:%B %Y}"
