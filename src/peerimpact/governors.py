"""The termly governors' report as data (SPEC §6): one :class:`GovernorsReport` that the HTML and Excel
views render, so the two cannot disagree.

:func:`build_report` reads ``programme.toml``'s term, runs ``compare_files`` for the baseline term against
it (surveys, attendance and behaviour in one :class:`~peerimpact.compare_results.CompareRun`), adds up the
activity log, counts the process survey's answers, and fits the trend across the terms so far.  Every
figure about change comes from the CompareRun — the sentences are its ``Outcome.summary`` — and the
renderers compute nothing.  The trend across three or more surveys is a linear mixed model with a random
intercept per pupil (statsmodels ``MixedLM``, REML; Wald z test and CI of the slope per term).

Privacy by default (SPEC §7): no names, ids or free text reach the report object; every count of pupils
goes through :mod:`peerimpact.suppression` (below the threshold "c" / "fewer than 5", with secondary
suppression wherever totals are shown); an outcome or subgroup with fewer pupils than the threshold shows
no figures.  Pupil-level data stays in the CompareRun, for the SMHL's detail workbook only.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from peerimpact import __version__
from peerimpact._format import fmt_number, fmt_opt, round_half_up
from peerimpact.issues import Issue, PeerimpactError, make_issue
from peerimpact.programme import ActivitySummary, Programme, Term
from peerimpact.suppression import group_rule, legend, suppress_line, suppress_table

if TYPE_CHECKING:
    from peerimpact.compare_results import CompareRun
    from peerimpact.results import Outcome
    from peerimpact.score_run import ScoreRun

__all__ = [
    "Count",
    "GovernorsReport",
    "MisRow",
    "OutcomeRow",
    "ProcessRow",
    "Reach",
    "SubgroupRow",
    "TrendRow",
    "build_report",
]

MIN_WAVES_FOR_TREND = 3
_CLEAR = {
    "improved": "clear change (better)",
    "worsened": "clear change (worse)",
    "no_significant_change": "no clear change",
    "not_tested": "too few to test",
}
_SURVEY_SKIP = ("attendance.", "behaviour.")


@dataclass(frozen=True, slots=True)
class Count:
    """A count of pupils as governors may see it: ``value`` is None when hidden (``why`` primary/secondary)."""

    value: int | None
    why: str | None = None

    def table(self) -> int | str:
        return "c" if self.value is None else self.value

    def prose(self, threshold: int) -> str:
        if self.value is not None:
            return str(self.value)
        return f"fewer than {threshold}" if self.why == "primary" else "a hidden number of"


def _counts(values: Sequence[int], threshold: int, total: bool = True) -> list[Count]:
    """One line of counts (with its total last when ``total``), suppressed."""
    s = suppress_line(values, threshold=threshold, total=total)
    width = len(values) + (1 if total else 0)
    return [Count(s.value(0, j), s.reasons.get((0, j))) for j in range(width)]


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """One outcome for governors (from an ``Outcome`` of group ``all``); ``shown`` False below the threshold.

    ``better_g`` and its CI are g_av turned so that positive is better (for the chart); ``reliable`` holds
    the counts better / within / worse than measurement error, and their total, suppressed."""

    measure: str
    title: str
    n: Count
    verdict: str
    sentence: str
    shown: bool
    dp: int = 1
    units: str = "points"
    pre_mean: float | None = None
    post_mean: float | None = None
    change: float | None = None
    change_ci: tuple[float | None, float | None] | None = None
    g_av: float | None = None
    g_av_ci: tuple[float | None, float | None] | None = None
    better_g: float | None = None
    better_g_ci: tuple[float | None, float | None] | None = None
    size_label: str | None = None
    mdes_points: float | None = None
    reliable: tuple[Count, Count, Count, Count] | None = None

    @property
    def clear_text(self) -> str:
        return _CLEAR[self.verdict] if self.shown else "not shown"


@dataclass(frozen=True, slots=True)
class MisRow:
    """Attendance or behaviour before and after, as numbers (percentages, or a rate per 100 sessions);
    ``hidden`` marks a figure withheld because it would give away a small count (shown as ``c``)."""

    title: str
    unit: str
    before: float | None
    after: float | None
    verdict: str
    n: Count
    dp: int = 1
    hidden: tuple[bool, bool] = (False, False)


@dataclass(frozen=True, slots=True)
class SubgroupRow:
    """One level of a group column for one outcome (exploratory); no figures when ``n`` is hidden."""

    measure: str
    title: str
    column: str
    level: str
    n: Count
    change: float | None
    change_ci: tuple[float | None, float | None] | None
    verdict: str
    dp: int = 1
    folded: bool = False  # the hidden levels, together, without their names

    @property
    def label(self) -> str:
        return (
            f"{self.column}: {self.level}" if not self.folded else f"{self.column}: {self.level} (not shown)"
        )


@dataclass(frozen=True, slots=True)
class Reach:
    """Pupils reached and sessions held, per term and so far; pupil counts suppressed (``Count``)."""

    terms: tuple[str, ...]
    mentors: tuple[Count, ...]  # per term, then the total
    mentees: tuple[Count, ...]
    sessions: tuple[int | None, ...]
    term: ActivitySummary
    so_far: ActivitySummary
    referrals: tuple[Count, Count, Count]  # self, staff, total (this term)
    trained: Count


@dataclass(frozen=True, slots=True)
class ProcessRow:
    """One process-survey indicator: per role (and all), how many pupils are in its top band."""

    title: str
    band: str
    cells: tuple[tuple[str, str, int | None, int | None, int | None], ...]  # (role, text, k, n, pct)


@dataclass(frozen=True, slots=True)
class TrendRow:
    """The trend of one outcome across the surveys so far (mixed model slope per term)."""

    measure: str
    title: str
    terms: tuple[str, ...]
    means: tuple[float | None, ...]
    counts: tuple[Count, ...]
    slope: float | None
    ci: tuple[float, float] | None
    p_value: float | None
    n_pupils: int
    n_observations: int
    clear: bool
    sentence: str
    direction: str = "higher_is_better"
    dp: int = 1


@dataclass(slots=True)
class GovernorsReport:
    """Everything the governors' report shows, already suppressed and worded."""

    programme: str
    school: str
    report_for: str
    prepared_by: str
    term: str
    term_key: str
    period: str
    baseline: str
    threshold: int
    design: str
    design_text: str
    headline: str
    reach: Reach | None
    outcomes: list[OutcomeRow] = field(default_factory=list)
    attendance: OutcomeRow | None = None
    headline_measure: str | None = None
    comparison: list[str] = field(default_factory=list)
    outcome_note: str | None = None
    mis: list[MisRow] = field(default_factory=list)
    mis_sentences: list[str] = field(default_factory=list)
    process: list[ProcessRow] = field(default_factory=list)
    process_n: Count | None = None
    trend: list[TrendRow] = field(default_factory=list)
    trend_note: str = ""
    subgroups: list[SubgroupRow] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    legend: str = ""
    version: str = __version__


# --------------------------------------------------------------------------------------------- outcomes
def _aligned(o: Outcome) -> tuple[float | None, tuple[float | None, float | None] | None]:
    """g_av and its CI turned so that positive is better (a sign flip for lower-is-better measures)."""
    es = o.effect_size
    if es.g_av is None:
        return None, None
    if o.direction == "higher_is_better":
        return es.g_av, es.g_av_ci95
    ci = es.g_av_ci95
    flipped = None if ci is None else (None if ci[1] is None else -ci[1], None if ci[0] is None else -ci[0])
    return -es.g_av, flipped


def outcome_row(o: Outcome, threshold: int) -> OutcomeRow:
    """The governors' view of one overall outcome (figures hidden below the threshold)."""
    title = o.title or o.measure
    units = "percentage points" if o.measure == "attendance.rate" else "points"
    if o.n < threshold:
        return OutcomeRow(
            measure=o.measure,
            title=title,
            n=Count(None, "primary") if o.n else Count(0),
            verdict=o.verdict,
            sentence=f"{title}: fewer than {threshold} pupils answered both questionnaires, so no results are "
            "shown (to protect their privacy, and because so few cannot show a change).",
            shown=False,
        )
    rc = o.reliable_change
    reliable = None
    if rc is not None and rc.reason is None and None not in (rc.improved, rc.no_change, rc.deteriorated):
        c = _counts([rc.improved or 0, rc.no_change or 0, rc.deteriorated or 0], threshold)
        reliable = (c[0], c[1], c[2], c[3])
    better, better_ci = _aligned(o)
    return OutcomeRow(
        measure=o.measure,
        title=title,
        n=Count(o.n),
        verdict=o.verdict,
        sentence=o.summary or "",
        shown=True,
        dp=o.dp,
        units=units,
        pre_mean=o.pre.mean,
        post_mean=o.post.mean,
        change=o.change.mean,
        change_ci=o.change.ci95,
        g_av=o.effect_size.g_av,
        g_av_ci=o.effect_size.g_av_ci95,
        better_g=better,
        better_g_ci=better_ci,
        size_label=o.effect_size.label,
        mdes_points=o.power.mdes_points if o.power is not None else None,
        reliable=reliable,
    )


def _shown_measures(run: CompareRun, programme: Programme) -> list[str]:
    have = [o.measure for o in run.overall]
    if programme.measures:
        return [m for m in programme.measures if m in have]
    return [m for m in have if not m.startswith(_SURVEY_SKIP)]


def _subgroups(run: CompareRun, programme: Programme, measures: Sequence[str]) -> list[SubgroupRow]:
    """Exploratory rows per group column and outcome; small levels hidden, with a second level hidden
    where one alone could be worked out from the others and the total.  Hidden levels are folded into one
    row ("2 other groups") so that their names are not shown either."""
    comp = run.extras.get("comparison", {})
    comparison_group = f"{comp.get('column')}={comp.get('comparison_value')}" if comp else None
    out: list[SubgroupRow] = []
    for column in programme.group_columns:
        for measure in measures:
            rows = [
                o
                for o in run.subgroups
                if o.measure == measure
                and o.group != comparison_group
                and o.group.split("=", 1)[0].casefold() == column.casefold()
                and o.n > 0
            ]
            if not rows:
                continue
            counts = _counts([o.n for o in rows], programme.threshold)
            shown = [(o, c) for o, c in zip(rows, counts, strict=False) if c.value is not None]
            for o, c in shown:
                out.append(
                    SubgroupRow(
                        measure=measure,
                        title=o.title or measure,
                        column=o.group.split("=", 1)[0],
                        level=o.group.split("=", 1)[1],
                        n=c,
                        change=o.change.mean,
                        change_ci=o.change.ci95,
                        verdict=o.verdict,
                        dp=o.dp,
                    )
                )
            hidden = len(rows) - len(shown)
            if (
                hidden
            ):  # one line for the hidden levels: their names are not shown either (a name can identify)
                out.append(
                    SubgroupRow(
                        measure=measure,
                        title=rows[0].title or measure,
                        column=rows[0].group.split("=", 1)[0],
                        level=f"{hidden} other group{'s' if hidden > 1 else ''}",
                        n=Count(None, "primary"),
                        change=None,
                        change_ci=None,
                        verdict="not_tested",
                        dp=rows[0].dp,
                        folded=True,
                    )
                )
    return out


def _mis(run: CompareRun, threshold: int) -> tuple[list[MisRow], list[str]]:
    rows: list[MisRow] = []
    sentences: list[str] = []
    for o in run.overall:
        if not o.measure.startswith(_SURVEY_SKIP):
            continue
        if o.n < threshold:
            sentences.append(f"{o.title}: fewer than {threshold} pupils, so no figures are shown.")
            continue
        if o.measure == "attendance.rate":
            rows.append(MisRow(o.title or o.measure, "%", o.pre.mean, o.post.mean, o.verdict, Count(o.n)))
            sentences.append(o.summary or "")
        elif o.measure == "attendance.persistent_absence" and o.mcnemar is not None:
            m = o.mcnemar
            # before (rows) × after (columns), persistently absent or not: the shares before and after are
            # the table's totals, so they are shown only where the totals survive suppression
            t = suppress_table([[m.stayed, m.left], [m.became, m.never]], threshold=threshold)
            hide = (t.hidden(0, 2), t.hidden(2, 0))
            pre = None if o.pre.mean is None or hide[0] else 100 * o.pre.mean
            post = None if o.post.mean is None or hide[1] else 100 * o.post.mean
            rows.append(
                MisRow(
                    "Persistently absent", "% of pupils", pre, post, o.verdict, Count(o.n), dp=0, hidden=hide
                )
            )
            left, became = (
                Count(t.value(0, 1), t.reasons.get((0, 1))),
                Count(t.value(1, 0), t.reasons.get((1, 0))),
            )
            shares = (
                f"{fmt_opt(pre, 0)}% of {o.n} pupils before and {fmt_opt(post, 0)}% after"
                if not any(hide)
                else f"how many of the {o.n} pupils were persistently absent before and after is not shown (it would "
                f"give away a number below {threshold})"
            )
            text = (
                f"Persistent absence (missing 1 in 10 sessions or more): {shares}. "
                f"{left.prose(threshold).capitalize()} pupils stopped being persistently absent and "
                f"{became.prose(threshold)} became persistently absent"
            )
            text += "; a clear change." if o.verdict in ("improved", "worsened") else "; not a clear change."
            if t.reasons:
                text += f" Numbers below {threshold} are not shown, nor any figure that would reveal them."
            sentences.append(text)
        elif o.measure == "behaviour.referrals" and o.poisson_rate is not None:
            r = o.poisson_rate
            rows.append(
                MisRow(
                    "Behaviour referrals",
                    "per 100 sessions",
                    100 * r.rate_pre,
                    100 * r.rate_post,
                    o.verdict,
                    Count(o.n),
                )
            )
            sentences.append(o.summary or "")
        elif o.measure == "behaviour.referrals":
            sentences.append(
                "Behaviour referrals: no rate can be given without attendance figures for both terms."
            )
        elif o.summary:
            sentences.append(o.summary)
    return rows, sentences


# ------------------------------------------------------------------------------------------- the build
def build_report(
    programme: Programme, term: Term | str | None = None
) -> tuple[GovernorsReport, CompareRun | None, list[Issue]]:
    """The report for ``term`` (default: the last term with data), the CompareRun behind it (None for the
    baseline term, or when there is nothing to compare), and issues met on the way (activity log cells).

    Examples
    --------
    >>> from peerimpact.programme import load_programme
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
    reach = activity_reach(programme, t, issues)
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
    if run is not None:
        measures = _shown_measures(run, programme)
        rows = {o.measure: outcome_row(o, programme.threshold) for o in run.overall}
        report.outcomes = [rows[m] for m in measures]
        report.attendance = rows.get("attendance.rate")
        primary = programme.primary if programme.primary in measures else None
        report.headline_measure = primary or next(iter(measures), None)
        report.comparison = [o.summary or "" for o in run.comparison if o.measure in measures]
        report.mis, report.mis_sentences = _mis(run, programme.threshold)
        report.subgroups = _subgroups(run, programme, measures)
        missing = [m for m in programme.measures if m not in measures]
        if missing:
            report.outcome_note = f"Not in this term's data: {', '.join(missing)}."
    elif t.key == base.key:
        report.outcome_note = f"{t.name} is the programme's first survey (the baseline): changes are reported from the next term."
    else:
        report.outcome_note = f"No survey, attendance or behaviour data to compare {base.name} with {t.name}."
    report.process, report.process_n = process_rows(programme, t)
    report.trend, report.trend_note = trends(programme, t, run)
    report.design_text = design_text(run)
    report.headline = headline(report, run)
    report.caveats = caveats(report, run, programme)
    return report, run, issues


def _day(d: Any) -> str:
    return f"{d.day} {d:%B %Y}"


def pct(k: int, n: int) -> int:
    """k of n as a whole percentage, halves rounded up (for display)."""
    return int(round_half_up(100 * k / n, 0)) if n else 0


def share_text(k: Count, n: Count, threshold: int) -> tuple[str, int | None]:
    """ "10 of 12 (83%)", "83%" for a group of 5–9, or "c"; and the percentage shown (None when hidden)."""
    if k.value is None or n.value is None or n.value == 0:
        return "c", None
    p = pct(k.value, n.value)
    if group_rule(n.value, threshold) == "percent_only":
        return f"{p}%", p
    return f"{k.value} of {n.value} ({p}%)", p


def fmt_change(x: float | None, dp: int) -> str:
    """A change with its sign: "+1.9", "−0.4" (true minus)."""
    if x is None:
        return "–"
    text = fmt_number(x, dp)
    return text if text.startswith("−") or float(round_half_up(x, dp)) == 0 else "+" + text


# ------------------------------------------------------------------------------ inputs: activity, compare
def activity_reach(programme: Programme, term: Term, issues: list[Issue]) -> Reach | None:
    """Reach and activity from the activity logs of the terms so far (None when there is no log)."""
    from peerimpact.programme import read_activity_log

    per: list[tuple[Term, ActivitySummary]] = []
    for x in programme.terms_until(term):
        if x.activity_log is not None:
            s = read_activity_log(x.activity_log, start=x.start, end=x.end, key=f"terms.{x.key}.activity_log")
            issues += s.issues
            per.append((x, s))
    if not per:
        return None
    this = per[-1][1] if per[-1][0].key == term.key else ActivitySummary()
    so_far = per[0][1]
    for _, s in per[1:]:
        so_far = so_far + s
    table = [[s.get("new_mentors") or 0, s.get("new_mentees") or 0] for _, s in per]
    sup = suppress_table(table, threshold=programme.threshold, row_totals=False)
    rows = range(len(per) + 1)
    refs = [this.get("self_referrals") or 0, this.get("staff_referrals") or 0]
    return Reach(
        terms=tuple(x.name for x, _ in per),
        mentors=tuple(Count(sup.value(i, 0), sup.reasons.get((i, 0))) for i in rows),
        mentees=tuple(Count(sup.value(i, 1), sup.reasons.get((i, 1))) for i in rows),
        sessions=(*(s.get("sessions_held") for _, s in per), so_far.get("sessions_held")),
        term=this,
        so_far=so_far,
        referrals=tuple(_counts(refs, programme.threshold)),  # type: ignore[arg-type]
        trained=_counts([so_far.get("mentors_trained") or 0], programme.threshold, total=False)[0],
    )


def compare_term(programme: Programme, base: Term, term: Term) -> CompareRun | None:
    """``compare_files`` for the baseline term against ``term``: the surveys both list (paired by label),
    attendance when both have it, the behaviour log over both terms' dates."""
    from peerimpact.mis.attendance import looks_like_attendance
    from peerimpact.pipeline import compare_files
    from peerimpact.readers import read_export

    labels = [k for k in base.surveys if k in term.surveys]
    pre: list[Any] = [base.surveys[k] for k in labels]
    post: list[Any] = [term.surveys[k] for k in labels]
    if base.attendance is not None and term.attendance is not None:
        for t, path in ((base, base.attendance), (term, term.attendance)):
            if not looks_like_attendance(read_export(str(path))):
                raise programme.error(
                    "programme_file_wrong_format",
                    f"terms.{t.key}.attendance",
                    f"{path.name} is not an attendance export (no possible-sessions and present columns)",
                )
        pre.append(base.attendance)
        post.append(term.attendance)
    behaviour = term.behaviour or base.behaviour
    if not pre and behaviour is None:
        return None
    try:
        return compare_files(
            pre,
            post,
            id_column=programme.id_column,
            group_columns=programme.group_columns if labels else (),
            comparison_column=programme.comparison_column if labels else None,
            primary=programme.primary,
            alpha=programme.alpha,
            selected_low=programme.selected_low,
            behaviour=behaviour,
            periods={base.key: (base.start, base.end), term.key: (term.start, term.end)},
            min_sessions=programme.min_sessions,
        )
    except PeerimpactError as exc:
        key = {
            "unknown_measure": "analysis.primary",
            "group_column_not_found": "analysis.group_columns",
            "comparison_levels": "analysis.comparison_column",
        }.get(exc.issue.code)
        if key is None:
            raise
        raise programme.error("programme_file_invalid", key, exc.issue.message) from None


# ------------------------------------------------------------------------------------ process survey
def _role(value: Any) -> str:
    text = str(value or "").casefold()
    if "mentee" in text:
        return "Mentees"
    if "mentor" in text:
        return "Mentors"
    return "Not given"


def process_rows(programme: Programme, term: Term) -> tuple[list[ProcessRow], Count | None]:
    """Per process-survey scale, how many pupils (by role) are in its top band ("agree"); suppressed."""
    if term.process_survey is None:
        return [], None
    from importlib import resources

    from peerimpact.pipeline import score_file

    instrument = programme.process_instrument or resources.files("peerimpact").joinpath(
        "programme_templates/process_survey.toml"
    )
    run = score_file(term.process_survey, instrument_files=[str(instrument)])
    role_col = next(
        (c for c in run.source.columns if c.casefold() == "role" or "mentor" in c.casefold()), None
    )
    roles = [_role(v) for v in run.source.column(role_col)] if role_col else ["Not given"] * run.source.n_rows
    keep = (run.active & run.kept).tolist()
    order = [
        r
        for r in ("Mentors", "Mentees", "Not given")
        if any(k and x == r for k, x in zip(keep, roles, strict=True))
    ]
    out: list[ProcessRow] = []
    respondents = sum(keep)
    for measure, sc in run.scales.items():
        top = sc.scale.bands[-1].label
        bands = run.bands[measure]
        table = []
        for r in order:
            got = [b for b, k, x in zip(bands, keep, roles, strict=True) if k and x == r and b is not None]
            table.append([sum(b == top for b in got), sum(b != top for b in got)])
        s = suppress_table(table, threshold=programme.threshold)
        cells = []
        for i, name in [*((i, r) for i, r in enumerate(order) if len(order) > 1), (len(order), "All")]:
            k, n = Count(s.value(i, 0), s.reasons.get((i, 0))), Count(s.value(i, 2), s.reasons.get((i, 2)))
            text, p = share_text(k, n, programme.threshold)
            cells.append((name, text, k.value, n.value, p))
        out.append(ProcessRow(sc.scale.title, top, tuple(cells)))
    return out, _counts([respondents], programme.threshold, total=False)[0]


# --------------------------------------------------------------------------------------------- trend
def fit_trend(
    ids: Sequence[str], wave: Sequence[float], y: Sequence[float]
) -> tuple[float, float, float, float]:
    """Linear mixed model y ~ wave + (1 | pupil), REML (statsmodels ``MixedLM``): the slope per wave, its
    95% CI (Wald, normal) and p (Wald z).  Raises ValueError when the model cannot be estimated."""
    import numpy as np
    from statsmodels.regression.mixed_linear_model import MixedLM

    codes = {pid: i for i, pid in enumerate(dict.fromkeys(ids))}
    groups = np.array([codes[p] for p in ids])
    x = np.column_stack([np.ones(len(wave)), np.asarray(wave, dtype=float)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fit = MixedLM(np.asarray(y, dtype=float), x, groups=groups).fit(reml=True)
        except (np.linalg.LinAlgError, ValueError) as exc:
            raise ValueError(f"the mixed model could not be fitted ({exc})") from None
    slope, se = float(fit.fe_params[1]), float(fit.bse_fe[1])
    p = float(fit.pvalues[1])
    if not (fit.converged and np.isfinite(se) and np.isfinite(p)):
        raise ValueError("the mixed model did not converge")
    return slope, slope - 1.959963984540054 * se, slope + 1.959963984540054 * se, p


def _trend_sentence(
    title: str,
    terms: Sequence[str],
    slope: float,
    ci: tuple[float, float],
    clear: bool,
    direction: str,
    dp: int,
) -> str:
    better = (slope > 0) == (direction == "higher_is_better")
    way = "up" if slope > 0 else "down"
    likely = f"likely between {fmt_number(ci[0], dp)} and {fmt_number(ci[1], dp)} points a term"
    head = f"Across the {len(terms)} surveys so far ({', '.join(terms)}), programme pupils' average {title}"
    if not clear:
        return f"{head} moved by about {fmt_number(slope, dp)} points a term ({likely}): no clear trend."
    tail = (
        "on its own it cannot show that the programme caused it."
        if better
        else "these data cannot tell us why; the Senior Mental Health Lead will look into it."
    )
    return (
        f"{head} went {way} by about {fmt_number(abs(slope), dp)} points a term ({likely}). This is a clear "
        f"trend in the {'better' if better else 'worse'} direction; {tail}"
    )


def _trend_rows(
    programme: Programme,
    waves: Sequence[Term],
    runs: Sequence[ScoreRun],
    run: CompareRun | None,
    skipped: list[str],
) -> list[TrendRow]:
    import numpy as np

    from peerimpact.matching import wave_positions

    comp = run.extras.get("comparison") if run is not None else None
    comp_col = str(comp["column"]) if comp else None
    comp_value = str(comp["comparison_value"]).casefold() if comp else None
    shown = _shown_measures(run, programme) if run is not None else list(programme.measures)
    common = [
        m for m in runs[-1].measures if all(m in r.measures for r in runs) and (not shown or m in shown)
    ]
    if not common:
        skipped.append("the surveys of the terms so far share no questionnaire score shown in this report")
    info = {o.measure: o for o in run.overall} if run is not None else {}
    out = []
    for measure in common:
        ids: list[str] = []
        wave: list[float] = []
        ys: list[float] = []
        means: list[float | None] = []
        ns: list[int] = []
        for w, r in enumerate(runs):
            cells = r.source.column(comp_col) if comp_col and comp_col in r.source.columns else None
            vals = r.scales[measure].values
            got = []
            for pid, pos in wave_positions(r).items():
                if cells is not None and str(cells[pos]).strip().casefold() == comp_value:
                    continue
                if not np.isnan(vals[pos]):
                    ids.append(pid)
                    wave.append(float(w))
                    got.append(float(vals[pos]))
            ys += got
            ns.append(len(got))
            means.append(float(np.mean(got)) if got else None)
        scale = runs[-1].scales[measure].scale
        o = info.get(measure)
        title = (o.title if o is not None else None) or scale.title
        dp = o.dp if o is not None else (2 if scale.method == "mean" or scale.lookup else 1)
        terms = tuple(t.name for t in waves)
        counts = tuple(_counts(ns, programme.threshold, total=False))
        if any(c.value is None for c in counts) or len(set(ids)) < programme.threshold:
            skipped.append(f"fewer than {programme.threshold} pupils answered {title} at one of the surveys")
            continue
        try:
            slope, lo, hi, p = fit_trend(ids, wave, ys)
        except ValueError:
            skipped.append(f"the trend model for {title} could not be estimated from these data")
            continue
        clear = p < programme.alpha
        out.append(
            TrendRow(
                measure=measure,
                title=title,
                terms=terms,
                means=tuple(means),
                counts=counts,
                slope=slope,
                ci=(lo, hi),
                p_value=p,
                n_pupils=len(set(ids)),
                n_observations=len(ys),
                clear=clear,
                sentence=_trend_sentence(title, terms, slope, (lo, hi), clear, scale.direction, dp),
                direction=scale.direction,
                dp=dp,
            )
        )
    return out


def trends(programme: Programme, term: Term, run: CompareRun | None) -> tuple[list[TrendRow], str]:
    """Trend rows for every survey label with three or more waves up to ``term``, and a note otherwise."""
    from peerimpact.pipeline import score_file

    terms = programme.terms_until(term)
    rows: list[TrendRow] = []
    most = 0
    skipped: list[str] = []
    for label in term.surveys:
        waves = [t for t in terms if label in t.surveys]
        most = max(most, len(waves))
        if len(waves) >= MIN_WAVES_FOR_TREND:
            runs = [score_file(t.surveys[label], id_column=programme.id_column) for t in waves]
            rows += _trend_rows(programme, waves, runs, run, skipped)
    if most < MIN_WAVES_FOR_TREND:
        return rows, (
            f"A trend across terms is shown from the third survey onwards; so far there "
            f"{'is 1 survey' if most == 1 else f'are {most} surveys'}."
        )
    if not rows:
        why = (
            "; ".join(dict.fromkeys(skipped))
            or "the surveys of the terms so far share no questionnaire score"
        )
        return rows, f"No trend is shown: {why}."
    return rows, (
        "Trend: a mixed model fitted to every programme pupil's scores at each survey (a straight line per "
        "term, allowing each pupil their own starting level); pupils who missed a survey still count."
    )


# ---------------------------------------------------------------------------------------------- words
def design_text(run: CompareRun | None) -> str:
    """The design caveat (reporting.md §5 template 5, G), printed once near the top."""
    if run is None:
        return (
            "This report describes how the programme ran. Questionnaires answered now are a starting point: "
            "changes are reported once pupils have answered again, and even then they show what changed, not "
            "whether the programme caused it."
        )
    other = (
        "Scores can change over a term for other reasons: pupils growing older, other support, the time of "
        "year, and the tendency of pupils picked because they were struggling to score nearer average next time."
    )
    if run.design == "comparison_group":
        n_c = next((o.ancova.n_comparison for o in run.comparison if o.ancova is not None), None)
        who = f"{n_c} similar pupils" if n_c else "similar pupils"
        return (
            f"Programme pupils are compared with {who} who did not take part. The two groups were not chosen "
            f"at random, so other differences between them could explain part of any difference. {other} So "
            "this report shows what changed and how that compares, not proof that the programme caused it."
        )
    return (
        "Every pupil in these figures took part in the programme and there was no comparison group. "
        f"{other} So this report shows what changed, not whether the programme caused it."
    )


def _outcome_clause(row: OutcomeRow) -> str:
    if row.change is None:
        return "could not be compared"
    diff = fmt_number(abs(row.change), row.dp)
    move = "rose" if row.change > 0 else "fell"
    if row.verdict in ("improved", "worsened"):
        size = f" of {row.size_label} size" if row.verdict == "improved" and row.size_label else ""
        way = "better" if row.verdict == "improved" else "worse"
        return f"{move} by {diff} points — a clear change{size}, in the {way} direction"
    mdes = (
        f"; with this many pupils only changes of about {fmt_number(row.mdes_points, row.dp)} points or more "
        "could be detected"
        if row.mdes_points is not None
        else ""
    )
    return f"moved by {fmt_number(row.change, row.dp)} points — not a clear change{mdes}"


def headline(report: GovernorsReport, run: CompareRun | None) -> str:
    """The one-paragraph headline (reporting.md §5 template 11), from the report's own figures."""
    k = report.threshold
    parts = []
    r = report.reach
    if r is not None and not any(r.so_far.counts.values()):
        parts.append("The activity log has no entries yet for the terms so far.")
    elif r is not None:
        since = f"Since {r.terms[0]}" if len(r.terms) > 1 else "This term"
        mentors, mentees = r.mentors[-1].prose(k), r.mentees[-1].prose(k)
        sessions = r.so_far.get("sessions_held")
        held = f" held {sessions} sessions" if sessions is not None else " worked"
        text = f"{since}, {mentors} peer mentors{held} with {mentees} pupils"
        planned, done = r.term.get("supervision_planned"), r.term.get("supervision_delivered")
        if planned:
            text += (
                f"; {done or 0} of {planned} planned supervision sessions for mentors took place this term"
            )
        parts.append(text + ".")
    row = next((o for o in report.outcomes if o.measure == report.headline_measure), None)
    if row is not None:
        both = f"answered the questionnaire in both {report.baseline} and {report.term}"
        parts.append(
            f"{row.n.prose(k)} pupils {both}. Their average {row.title} {_outcome_clause(row)}."
            if row.shown
            else f"Fewer than {k} pupils {both}, too few to report a change."
        )
    elif report.outcome_note:
        parts.append(report.outcome_note)
    att = next((m for m in report.mis if m.unit == "%"), None)
    if att is not None and att.before is not None and att.after is not None:
        pp = att.after - att.before
        clear = "a clear change" if att.verdict in ("improved", "worsened") else "not a clear change"
        if fmt_number(abs(pp), 1) == "0.0":
            parts.append(f"Attendance stayed at about {fmt_number(att.after, 1)}%: {clear}.")
        else:
            parts.append(
                f"Attendance went from {fmt_number(att.before, 1)}% to {fmt_number(att.after, 1)}%, "
                f"{'a rise' if pp > 0 else 'a fall'} of {fmt_number(abs(pp), 1)} percentage points: {clear}."
            )
    rec = next((p for p in report.process if "recommend" in p.title.casefold()), None)
    if rec is not None:
        text, kv, nv, _ = rec.cells[-1][1:5]
        if kv is not None and nv is not None:
            parts.append(
                f"In the feedback survey, {kv} of {nv} pupils would recommend the programme to a friend."
            )
        else:
            parts.append(
                f"The feedback survey's figures are hidden because fewer than {k} pupils gave one answer."
            )
        parts.append(
            "Enjoying support and a measurable change on a wellbeing scale are different things, and both are "
            "reported here."
        )
    if run is not None:
        parts.append(
            "There was no comparison group, so these figures show what changed, not whether the programme caused it."
            if run.design == "single_group"
            else "Programme pupils are compared with similar pupils who did not take part, but the groups were "
            "not chosen at random."
        )
    return " ".join(parts)


def caveats(report: GovernorsReport, run: CompareRun | None, programme: Programme) -> list[str]:
    """Things to bear in mind, generated from the data: attrition, small samples, the detectable change,
    regression to the mean, multiplicity, seasons, feedback, data problems."""
    k = report.threshold
    out: list[str] = []
    if run is not None:
        for m in run.extras.get("matching_by_source", []):
            if not str(m.get("source", "")).startswith("survey"):
                continue
            first = m["matched"] + m["pre_only"]
            lost = _counts([m["pre_only"], m["matched"]], k)
            if first and lost[0].value:
                out.append(
                    f"Of the {first} pupils who answered a first questionnaire, {lost[0].value} "
                    f"({pct(lost[0].value, first)}%) did not answer the second. Those who left may differ from "
                    "those who stayed."
                )
            elif first and lost[0].value is None:
                out.append(
                    f"Fewer than {k} of the {first} pupils who answered a first questionnaire missed the second."
                )
        shown = {o.measure for o in report.outcomes if o.shown}
        for o in run.overall:
            if o.measure not in shown:
                continue
            if o.n < 30:
                out.append(
                    f"{o.title}: only {o.n} pupils answered both questionnaires; with so few, only large changes "
                    "show up as clear, and 'no clear change' is not evidence of no effect."
                )
            if o.regression_to_mean is not None:
                out.append(
                    f"{o.title}: pupils were chosen because they were struggling, so a rise of about "
                    f"{fmt_number(o.regression_to_mean.expected_change, o.dp)} points was expected anyway "
                    "(regression to the mean)."
                )
        for a in run.attrition:
            d = a.difference_sd
            if a.measure == report.headline_measure and d is not None and abs(d) >= 0.25:
                out.append(
                    f"Pupils who answered only the first {a.measure.split('.')[0].upper()} questionnaire had "
                    f"started {'higher' if d < 0 else 'lower'} than those who stayed (by "
                    f"{fmt_number(abs(d), 2)} standard deviations)."
                )
        if len(run.overall) > 1:
            out.append(
                f"{len(run.overall)} outcomes were looked at, so each had to pass a stricter test before being "
                "called a clear change (Holm's method)."
            )
        if any(o.measure.startswith(_SURVEY_SKIP) for o in run.overall):
            out.append(
                "Attendance and behaviour vary with the time of year (winter illness, the end of the summer "
                "term), so a change between two terms is not only the programme's doing."
            )
        if report.subgroups:
            out.append(
                "Results by group are exploratory: with several groups, some differences appear by chance. "
                f"Groups of fewer than {k} pupils are not shown (c), nor a second group where the first could "
                "be worked out from the total."
            )
        problems = sum(str(i.severity) in ("error", "warning") for i in run.issues)
        if problems:
            out.append(
                f"The data files had {problems} problems worth a look (typing errors, duplicate answers, missing "
                "answers); each was handled as the Senior Mental Health Lead's detail workbook explains."
            )
    if report.process:
        out.append(
            "Feedback shows how pupils found the programme (a process indicator); it is not evidence that "
            "wellbeing changed."
        )
    return out
