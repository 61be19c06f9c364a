"""The governors' report's plain-English sentences (:mod:`peerimpact.governors.build`): the design caveat, the
headline paragraph, the things to bear in mind and the trend sentence — worded from the report's own
(already suppressed) figures, computing nothing new."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from peerimpact.governors.model import (
    MIS_PREFIXES,
    ComparisonRow,
    Count,
    GovernorsReport,
    OutcomeRow,
    RoleSection,
    pct,
)
from peerimpact.governors.plan import Ledger
from peerimpact.governors.programme import Programme, Term
from peerimpact.wording.numbers import fmt_number

if TYPE_CHECKING:
    from peerimpact.comparison.model import CompareRun

__all__ = ["caveats", "design_text", "headline"]


def trend_sentence(
    title: str,
    terms: Sequence[str],
    slope: float,
    ci: tuple[float, float],
    clear: bool,
    direction: str,
    dp: int,
    *,
    per: str = "term",
    who: str = "programme pupils",
) -> str:
    better = (slope > 0) == (direction == "higher_is_better")
    way = "up" if slope > 0 else "down"
    likely = f"likely between {fmt_number(ci[0], dp)} and {fmt_number(ci[1], dp)} points a {per}"
    head = f"Across the {len(terms)} surveys so far ({', '.join(terms)}), {who}' average {title}"
    if not clear:
        return f"{head} moved by about {fmt_number(slope, dp)} points a {per} ({likely}): no clear trend."
    tail = (
        "on its own it cannot show that the programme caused it."
        if better
        else "these data cannot tell us why; the Senior Mental Health Lead will look into it."
    )
    return (
        f"{head} went {way} by about {fmt_number(abs(slope), dp)} points a {per} ({likely}). This is a clear "
        f"trend in the {'better' if better else 'worse'} direction; {tail}"
    )


def design_text(run: CompareRun | None, report: GovernorsReport | None = None) -> str:
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
    roles = [sec.who for sec in report.sections] if report is not None and len(report.sections) > 1 else []
    apart = (
        f"Mentors and mentees are different pupils with different aims, so {' and '.join(roles)} are reported "
        "separately. "
        if roles
        else ""
    )
    if run.design == "comparison_group":
        n_c = next((o.ancova.n_comparison for o in run.comparison if o.ancova is not None), None)
        # "similar" only when every outcome's arms were baseline-equivalent (SPEC §5)
        similar = bool(run.comparison) and all(
            o.baseline_equivalence is not None and o.baseline_equivalence.classification == "satisfied"
            for o in run.comparison
        )
        kind = "similar pupils" if similar else "pupils"
        who = f"{n_c} {kind}" if n_c else kind
        return apart + (
            f"Programme pupils are compared with {who} who did not take part. The two groups were not chosen "
            f"at random, so other differences between them could explain part of any difference. {other} So "
            "this report shows what changed and how that compares, not proof that the programme caused it."
        )
    return apart + (
        "Every pupil in these figures took part in the programme and there was no comparison group. "
        f"{other} So this report shows what changed, not whether the programme caused it."
    )


def _outcome_clause(row: OutcomeRow, *, short: bool = False) -> str:
    if row.change is None:
        return "could not be compared"
    diff = fmt_number(abs(row.change), row.dp)
    move = "rose" if row.change > 0 else "fell"
    if row.verdict in ("improved", "worsened"):
        size = f" of {row.size_label} size" if row.verdict == "improved" and row.size_label else ""
        way = "better" if row.verdict == "improved" else "worse"
        if short:
            return f"{move} by {diff} points, a clear change in the {way} direction"
        return f"{move} by {diff} points — a clear change{size}, in the {way} direction"
    if short:
        return f"moved by {fmt_number(row.change, row.dp)} points, not a clear change"
    mdes = (
        f"; with this many pupils only changes of about {fmt_number(row.mdes_points, row.dp)} points or more "
        "could be detected"
        if row.mdes_points is not None
        else ""
    )
    return f"moved by {fmt_number(row.change, row.dp)} points — not a clear change{mdes}"


def no_survey_note(programme: Programme, term: Term) -> str:
    """What a term without a survey says instead of wellbeing outcomes (SPEC §6.1, issue 15): when they come,
    naming the next term that lists a survey, if any."""
    later = next((t for t in programme.terms if t.start > term.start and t.surveys), None)
    when = f" ({later.name})" if later is not None else ""
    return f"No wellbeing survey this term. Wellbeing outcomes are reported after the next survey{when}."


def _comparison_clause(c: ComparisonRow, who: str, k: int) -> str:
    """ "Mentees ended 1.3 points higher on SWEMWBS than comparison pupils who started at the same level
    (likely 0.1 to 2.5; g 0.39; 45 mentees, 45 comparison pupils): a clear difference." """
    if not c.shown or c.difference is None:
        return c.sentence
    arms = f"{c.n_programme.prose(k)} {who}, {c.n_comparison.prose(k)} comparison pupils"
    rng = ""
    lo, hi = c.difference_ci or (None, None)
    if lo is not None and hi is not None:
        rng = f"likely {fmt_number(lo, c.dp)} to {fmt_number(hi, c.dp)}; "
    g = f"g {fmt_number(c.g, 2)}; " if c.g is not None else ""
    verdict = {
        "improved": "a clear difference, in the better direction",
        "worsened": "a clear difference, in the worse direction",
    }.get(c.verdict, "not a clear difference")
    size = fmt_number(abs(c.difference), c.dp)
    if size.strip("0.") == "":
        moved = f"ended level with comparison pupils on the {c.title}"
    else:
        way = "higher" if c.difference > 0 else "lower"
        moved = (
            f"ended {size} points {way} on the {c.title} than comparison pupils who started at the same level"
        )
    return f"{who.capitalize()} {moved} ({rng}{g}{arms}): {verdict}."


def _section_headline(report: GovernorsReport, sec: RoleSection) -> str:
    """One role's headline outcome, strongest design first (SPEC §6.1): the comparison, then the role's
    own change, each saying whose it is."""
    k = report.threshold
    row = next((o for o in sec.outcomes if o.measure == sec.headline_measure), None)
    if row is None:
        return sec.outcome_note or ""
    comp = next((c for c in sec.comparison if c.measure == row.measure), None)
    if not row.shown:
        return f"Fewer than {k} {sec.who} answered the questionnaire both times, too few to report a change."
    if comp is not None and comp.shown:
        return f"{_comparison_clause(comp, sec.who, k)} Their own average {_outcome_clause(row, short=True)}."
    among = f"the {row.n.prose(k)} {sec.who} who answered both times" if row.n.value is not None else sec.who
    return f"Among {among}, the average {row.title} {_outcome_clause(row)}."


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
        if r.mentors[-1].value is None and r.mentors[-1].why != "primary":  # hidden to protect another count
            text = (
                f"{since}, peer mentors{held} with {mentees} pupils (how many mentors is not shown: with the "
            )
            text += "other figures it would reveal a small number)"
        else:
            text = f"{since}, {mentors} peer mentors{held} with {mentees} pupils"
        planned, done = r.term.get("supervision_planned"), r.term.get("supervision_delivered")
        if planned:
            text += (
                f"; {done or 0} of {planned} planned supervision sessions for mentors took place this term"
            )
        parts.append(text + ".")
    outcome_parts = [p for p in (_section_headline(report, sec) for sec in report.sections) if p]
    if not outcome_parts and report.outcome_note:  # e.g. a term without a survey: when outcomes come
        outcome_parts.append(report.outcome_note)
    parts = [*outcome_parts, *parts]  # is it working, for whom — then is it being delivered
    steady = []
    for sec in report.sections:
        att = next((m for m in sec.mis if m.unit == "%"), None)
        if att is None or att.before is None or att.after is None:
            continue
        whose = "Attendance" if sec.role == "pupils" else f"{sec.label}' attendance"
        if att.verdict not in ("improved", "worsened"):
            steady.append(sec.who)
            continue
        # the printed change is the printed after less the printed before (they add up as shown)
        pp = round(att.after - att.before, 1)
        parts.append(
            f"{whose} went from {fmt_number(att.before, 1)}% to {fmt_number(att.after, 1)}%, "
            f"{'a rise' if pp > 0 else 'a fall'} of {fmt_number(abs(pp), 1)} percentage points: a clear change."
        )
    if steady:
        whom = "" if steady == ["programme pupils"] else f" for {' or '.join(steady)}"
        parts.append(f"Attendance did not change clearly{whom}.")
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
        parts.append("Enjoying support and a measurable change in wellbeing are different things.")
    if run is not None:
        parts.append(
            "There was no comparison group, so these figures show what changed, not whether the programme caused it."
            if report.design == "single_group"
            else "The comparison pupils did not take part, but the groups were not chosen at random."
        )
    return " ".join(p for p in parts if p)


def register_attrition(
    run: CompareRun | None, ledger: Ledger, base: str, term: str
) -> list[tuple[Count, Count]]:
    """The pupils who answered a first questionnaire and those of them who missed the second, per survey,
    into ``ledger`` (the ones in both are the outcome's pupils when the counts agree).  The first survey's
    pupils are one count in every term's report (keyed by the first file and the baseline term)."""
    out: list[tuple[Count, Count]] = []
    if run is None:
        return out
    for m in run.extras.get("matching_by_source", []):
        source = str(m.get("source", ""))
        if not source.startswith("survey"):
            continue
        first = m["matched"] + m["pre_only"]
        if not first:
            continue
        pre_file = source.removeprefix("survey ").split(" → ")[0]
        keys = [("first", pre_file, base), ("missed", pre_file, term), ("matched", pre_file, term)]
        counts = (ledger.count(keys[0], first), ledger.count(keys[1], m["pre_only"]))
        ledger.derived(keys[2], m["matched"])
        ledger.line(keys[0], keys[1:])
        for o in run.overall:  # a reader takes equal counts for the same pupils
            if ("n", o.measure) in ledger.values and ledger.values[("n", o.measure)] == m["matched"]:
                ledger.same(keys[2], ("n", o.measure))
        for key, v in list(ledger.values.items()):
            if isinstance(key, tuple) and key[0] == "responded" and v == first and key[2] == base:
                ledger.same(keys[0], key)
        out.append(counts)
    return out


def caveats(
    report: GovernorsReport,
    runs: Mapping[str, CompareRun],
    programme: Programme,
    attrition: Sequence[tuple[Count, Count]] = (),
) -> list[str]:
    """Things to bear in mind, generated from the data: attrition, small samples, the detectable change,
    regression to the mean, multiplicity, seasons, feedback, data problems."""
    out: list[str] = []
    for sec in report.sections:
        if sec.role in runs:
            out += _run_caveats(report, sec, runs[sec.role], attrition, len(runs) > 1)
    if len(runs) > 1:  # one sentence each for what every role's figures share
        holm = [c for c in out if " outcomes were looked at" in c]
        problems = [c for c in out if c.startswith("The data files had ")]
        out = [c for c in out if c not in holm and c not in problems]
        if holm:
            out.append(
                "Several outcomes were looked at for each group of pupils, so each had to pass a stricter test "
                "before being called a clear change (Holm's method)."
            )
        if problems:
            out.append(max(problems, key=lambda c: int(c.split()[4])))
    if report.process:
        out.append(
            "Feedback shows how pupils found the programme (a process indicator); it is not evidence that "
            "wellbeing changed."
        )
    return list(dict.fromkeys(out))


def _run_caveats(
    report: GovernorsReport,
    sec: RoleSection,
    run: CompareRun,
    attrition: Sequence[tuple[Count, Count]],
    roles: bool,
) -> list[str]:
    k = report.threshold
    out: list[str] = []
    whose = f"{sec.label}, " if roles else ""
    if run is not None:
        for first, lost in attrition:
            if lost.value == 0:
                continue
            of = f"Of the {first.value} pupils who answered a first questionnaire, " if first.value else ""
            if lost.value is not None and first.value:
                out.append(
                    f"{of}{lost.value} ({pct(lost.value, first.value)}%) did not answer the second. Those who "
                    "left may differ from those who stayed."
                )
            elif lost.value is not None:
                out.append(
                    f"{lost.value} pupils who answered a first questionnaire did not answer the second. Those "
                    "who left may differ from those who stayed."
                )
            else:
                whole = f" of the {first.value}" if first.value else ""
                out.append(
                    f"{lost.prose(k).capitalize()}{whole} pupils who answered a first questionnaire missed the "
                    "second."
                )
        shown = {o.measure for o in sec.outcomes if o.shown}
        for o in run.overall:
            if o.measure not in shown:
                continue
            if o.n < 30:
                out.append(
                    f"{whose}{o.title}: only {o.n} pupils answered both questionnaires; with so few, only large changes "
                    "show up as clear, and 'no clear change' is not evidence of no effect."
                )
            if o.regression_to_mean is not None:
                out.append(
                    f"{whose}{o.title}: pupils were chosen because they were struggling, so a rise of about "
                    f"{fmt_number(o.regression_to_mean.expected_change, o.dp)} points was expected anyway "
                    "(regression to the mean)."
                )
        for a in run.attrition:
            d = a.difference_sd
            few = any(lost.value is None or lost.value < k for _, lost in attrition)
            # with a handful of leavers, their difference from the stayers (2 dp of an SD) is their scores
            if a.measure == sec.headline_measure and d is not None and abs(d) >= 0.25 and not few:
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
        if any(o.measure.startswith(MIS_PREFIXES) for o in run.overall):
            out.append(
                "Attendance and behaviour vary with the time of year (winter illness, the end of the summer "
                "term), so a change between two terms is not only the programme's doing."
            )
        if sec.subgroups:
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
    return out
