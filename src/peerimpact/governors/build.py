"""The termly governors' report as data (SPEC §6): one :class:`GovernorsReport` that the HTML and Excel
views render, so the two cannot disagree.

:func:`build_report` reads ``programme.toml``'s term, runs ``compare_files`` for the baseline term against
it (surveys, attendance and behaviour in one :class:`~peerimpact.comparison.model.CompareRun`), adds up the
activity log, counts the process survey's answers, and fits the trend across the terms so far.  Every
figure about change comes from the CompareRun — the sentences are its ``Outcome.summary`` — and the
renderers compute nothing.  The trend across three or more surveys is a linear mixed model with a random
intercept per pupil (statsmodels ``MixedLM``, REML; Wald z test and CI of the slope per term).

Privacy by default (SPEC §7): no names, ids or free text reach the report object; every count of pupils
goes through :mod:`peerimpact.governors.suppression` (below the threshold "c" / "fewer than 5", with secondary
suppression wherever totals are shown); an outcome or subgroup with fewer pupils than the threshold shows
no figures.  Pupil-level data stays in the CompareRun, for the SMHL's detail workbook only.

This module builds the report; the parts live beside it:
:mod:`~peerimpact.governors.model` (the dataclasses and display helpers), :mod:`~peerimpact.governors.outcomes`
(the CompareRun's figures), :mod:`~peerimpact.governors.process` (activity log and feedback survey),
:mod:`~peerimpact.governors.trend` (the trend rows; the model is :mod:`peerimpact.statistics.trend`) and
:mod:`~peerimpact.governors.text` (the sentences).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from peerimpact.governors.characteristics import reach_by_characteristics
from peerimpact.governors.delivery import DOSE_NOTE, delivery_rows, target_rows
from peerimpact.governors.model import GovernorsReport, OutcomeRow
from peerimpact.governors.outcomes import compare_term, mis_rows, outcome_row, shown_measures, subgroup_rows
from peerimpact.governors.plan import Ledger
from peerimpact.governors.process import activity_reach, process_rows
from peerimpact.governors.programme import Programme, Term
from peerimpact.governors.suppression import legend
from peerimpact.governors.text import caveats, design_text, headline, register_attrition
from peerimpact.governors.trend import trend_record, trends
from peerimpact.issues import Issue, PeerimpactError, make_issue

if TYPE_CHECKING:
    from peerimpact.comparison.model import CompareRun

__all__ = ["build_report"]


def build_report(
    programme: Programme, term: Term | str | None = None
) -> tuple[GovernorsReport, CompareRun | None, list[Issue]]:
    """The report for ``term`` (default: the last term with data), the CompareRun behind it (None for the
    baseline term, or when there is nothing to compare), and issues met on the way (activity log cells).

    Examples
    --------
    >>> from peerimpact.governors.programme import load_programme
    >>> report, run, issues = build_report(load_programme("programme.toml"), "summer-2027")  # doctest: +SKIP
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
    reach = activity_reach(programme, t, issues, ledger)
    run = compare_term(programme, base, t) if t.start > base.start else None
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
        design="single_group" if run is None or run.design == "single_group" else "comparison_group",
        design_text="",
        headline="",
        reach=reach,
        legend=legend(programme.threshold),
    )
    finish_mis = finish_groups = None
    if run is not None:
        measures = shown_measures(run, programme)
        rows = {o.measure: outcome_row(o, programme.threshold, ledger) for o in run.overall}
        report.outcomes = [rows[m] for m in measures]
        report.attendance = rows.get("attendance.rate")
        primary = programme.primary if programme.primary in measures else None
        report.headline_measure = primary or next(iter(measures), None)
        report.comparison = [o.summary or "" for o in run.comparison if o.measure in measures]
        finish_mis = mis_rows(run, programme.threshold, ledger)
        finish_groups = subgroup_rows(run, programme, measures, ledger)
        missing = [m for m in programme.measures if m not in measures]
        if missing:
            report.outcome_note = f"Not in this term's data: {', '.join(missing)}."
    elif t.key == base.key:
        report.outcome_note = f"{t.name} is the programme's first survey (the baseline): changes are reported from the next term."
    else:
        report.outcome_note = f"No survey, attendance or behaviour data to compare {base.name} with {t.name}."
    finish_process = process_rows(programme, t, ledger)
    report.trend, report.trend_note = trends(programme, t, run, ledger)
    if run is not None:  # the SMHL's workbook and JSON carry the trend too, so that it can be audited
        run.extras["trend"] = [trend_record(r) for r in report.trend]
        run.extras["trend_note"] = report.trend_note
    attrition = register_attrition(run, ledger, base.key, t.key)
    finish_reach_by = reach_by_characteristics(programme, t, ledger)
    ledger.resolve()  # every registered Count is now shown or hidden, in every table and sentence alike
    report.outcomes = [_hidden_n(o) for o in report.outcomes]
    if finish_mis is not None and finish_groups is not None:
        report.mis, report.mis_sentences = finish_mis()
        report.subgroups = finish_groups()
    report.process, report.process_n = finish_process()
    report.delivery = delivery_rows(reach)
    report.delivery_note = DOSE_NOTE if report.delivery else ""
    report.reach_by, report.reach_by_note = finish_reach_by()
    report.targets = target_rows(programme, reach, report.delivery, t)
    report.next_steps = list(programme.next_steps)
    report.design_text = design_text(run)
    report.headline = headline(report, run)
    report.caveats = caveats(report, run, programme, attrition)
    return report, run, issues


def _hidden_n(row: OutcomeRow) -> OutcomeRow:
    """An outcome whose number of pupils the plan hides keeps its figures but not its sentence (which
    names the number)."""
    if not row.shown or row.n.value is not None:
        return row
    return replace(
        row,
        sentence=f"{row.title}: {row.clear_text} (the number of pupils is not shown: with the other figures "
        "it would reveal a smaller number).",
    )


def _day(d: Any) -> str:
    return f"{d.day} {d:%B %Y}"
