"""The governors' report as one printable HTML file (A4, at most four pages), charts drawn as inline SVG.

A view of one :class:`~peerimpact.governors.model.GovernorsReport`: every sentence and figure comes from it, so the
HTML and the governors' workbook say the same thing.  Nothing here computes a statistic: numbers are only
formatted (:mod:`peerimpact.wording.numbers`) and placed on charts.  The style sheet is
``reports/templates/governors.css`` (print CSS for A4); no scripts, no external resources, no pupil data.
Suppressed counts appear as ``c`` in tables (legend in the footer) and "fewer than 5" in prose.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from importlib import resources
from pathlib import Path

from peerimpact.governors.model import Count, GovernorsReport, OutcomeRow, RoleSection, fmt_change
from peerimpact.reports.html_about import about_box
from peerimpact.reports.html_delivery import delivery_section, reach_by_section, targets_section
from peerimpact.reports.svg import bar, forest, trend_chart
from peerimpact.util.files import write_atomic
from peerimpact.wording.numbers import MINUS, fmt_number, fmt_opt

__all__ = ["render_html", "write_html"]

_TAGS = {"improved": "better", "worsened": "worse"}


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _tag(verdict: str, text: str) -> str:
    return f'<span class="tag {_TAGS.get(verdict, "none")}">{_e(text)}</span>'


def _cell(c: Count | int | None) -> str:
    if isinstance(c, Count):
        return '<td class="c">c</td>' if c.value is None else f"<td>{c.value}</td>"
    return "<td>–</td>" if c is None else f"<td>{c}</td>"


def _value(v: float | None, dp: int, hidden: bool) -> str:
    return '<td class="c">c</td>' if hidden else f"<td>{fmt_opt(v, dp)}</td>"


def _kind(kind: str) -> str:
    """A change that is the typical pupil's (Hodges–Lehmann), not the average, says so in its cell."""
    return "" if kind == "mean" else " (typical pupil)"


def _range(ci: tuple[float | None, float | None] | None, dp: int) -> str:
    if ci is None or ci[0] is None or ci[1] is None:
        return "–"
    return f"{fmt_number(ci[0], dp)} to {fmt_number(ci[1], dp)}"


# charts: reports/svg.py (the names are kept here for callers and tests)
_forest, _bar, _trend_chart = forest, bar, trend_chart


# ---------------------------------------------------------------------------------------------- sections
def _reach(r: GovernorsReport) -> str:
    """Reach and delivery: four tiles, the reach by term (suppressed) and the delivery figures."""
    reach = r.reach
    if reach is None:
        return (
            '<section><h2>Reach and delivery</h2><p class="note">No activity log for this term.</p></section>'
        )
    k = r.threshold
    s, t = reach.term, reach.so_far
    planned, done = s.get("supervision_planned"), s.get("supervision_delivered")
    sessions = s.get("sessions_held")
    tiles = [
        (reach.mentors[-1].prose(k), "peer mentors so far", ""),
        (reach.mentees[-1].prose(k), "pupils mentored so far", ""),
        (
            "–" if sessions is None else str(sessions),
            f"mentoring sessions this term ({t.get('sessions_held') or 0} so far)",
            "",
        ),
        (
            "–" if not planned else f"{done or 0} of {planned}",
            "planned supervision sessions for mentors held this term",
            _bar(done or 0, planned) if planned else "",
        ),
    ]
    html = "".join(
        f'<div class="tile"><div class="big">{_e(big)}</div><div class="what">{_e(what)}</div>{extra}</div>'
        for big, what, extra in tiles
    )
    body = "".join(
        f"<tr><td>{_e(name)}</td>{_cell(m)}{_cell(e)}{_cell(x)}</tr>"
        for name, m, e, x in zip(
            (*reach.terms, "So far"), reach.mentors, reach.mentees, reach.sessions, strict=True
        )
    )
    table = (
        "<table><tr><th>Term</th><th>New mentors</th><th>New mentees</th>"
        f"<th>Sessions held</th></tr>{body}</table>"
    )
    # supervision, referrals and training by term are in the delivery table below; meetings only here
    meetings = s.get("meetings_held")
    text = f"<p>Mentor team meetings this term: {'–' if meetings is None else meetings}.</p>"
    return (
        f'<section><h2>Reach and delivery</h2><div class="tiles">{html}</div>'
        f'<div class="two" style="margin-top:2mm"><div>{table}</div><div>{text}</div></div></section>'
    )


def _lower(o: OutcomeRow) -> str:
    """A scale where lower is better says so beside its name: its change and g print as measured."""
    return '<br><span class="note">lower is better</span>' if o.direction == "lower_is_better" else ""


def _sign_note(rows: Sequence[OutcomeRow]) -> str:
    """Why a lower-is-better scale's dot sits on the other side of zero from its g in the table."""
    low = [o for o in rows if o.shown and o.direction == "lower_is_better" and o.g_av is not None]
    if not low:
        return ""
    o = low[0]
    assert o.g_av is not None and o.better_g is not None
    return (
        '<p class="note">The table gives the change and g as measured (after minus before). For a scale where '
        f"lower is better, a fall is better, so the chart turns its g round: {_e(o.title)}'s g of "
        f"{fmt_number(o.g_av, 2)} in the table is drawn at {fmt_change(o.better_g, 2)}.</p>"
    )


def _change_note(rows: Sequence[OutcomeRow]) -> str:
    """The change printed is after minus before as printed, except the typical pupil's (said here)."""
    typical = [o for o in rows if o.shown and o.change_kind != "mean"]
    if not typical:
        return ""
    names = " and ".join(_e(o.title) for o in typical)
    return (
        f'<p class="note">Change is after minus before, except for {names}: there it is the typical pupil\'s '
        "change (the test used looks at the typical pupil, not the average), so it need not equal the "
        "difference of the two averages.</p>"
    )


def _compared(sec: RoleSection, first: bool = True) -> str:
    """The strongest design first (SPEC §6.1): each outcome against the comparison pupils, adjusted."""
    if not sec.comparison:
        return ""
    body = []
    for c in sec.comparison:
        if not c.shown:
            body.append(
                f"<tr><td>{_e(c.title)}</td>{_cell(c.n_programme)}{_cell(c.n_comparison)}"
                + "<td>–</td>" * 3
                + "<td>not shown</td></tr>"
            )
            continue
        body.append(
            f"<tr><td>{_e(c.title)}</td>{_cell(c.n_programme)}{_cell(c.n_comparison)}"
            f"<td>{fmt_change(c.difference, c.dp)}</td><td>{_range(c.difference_ci, c.dp)}</td>"
            f"<td>{fmt_opt(c.g, 2)} ({_range(c.g_ci, 2)})</td><td>{_tag(c.verdict, c.clear_text)}</td></tr>"
        )
    sentences = "".join(f"<li>{_e(c.sentence)}</li>" for c in sec.comparison)
    return (
        f"<h3>{_e(sec.label)} compared with pupils who did not take part</h3>"
        f"<table><tr><th>Outcome</th><th>{_e(sec.label)}</th><th>Comparison pupils</th>"
        "<th>Difference (adjusted)</th><th>Likely range</th><th>Effect size g (range)</th><th>Result</th></tr>"
        f'{"".join(body)}</table><ul class="sentences note">{sentences}</ul>'
        + (
            '<p class="note">Difference (adjusted): how far the two groups\' averages ended apart, allowing for '
            "where each pupil started (analysis of covariance). This is the stronger evidence; the before-and-"
            "after change below does not allow for what would have happened anyway.</p>"
            if first
            else ""
        )
    )


def _attrition(sec: RoleSection) -> str:
    """One attrition figure per arm: who answered the first questionnaire and, of them, the second."""
    if not sec.attrition:
        return ""
    cells = "".join(
        f"<tr><td>{_e(a.arm.capitalize())}</td>{_cell(a.first)}{_cell(a.both)}"
        f"<td>{'c' if a.lost_pct is None else f'{a.lost_pct}%'}</td></tr>"
        for a in sec.attrition
    )
    return (
        "<table><tr><th>Who answered</th><th>First questionnaire</th><th>Both</th><th>Did not answer again</th>"
        f"</tr>{cells}</table>"
    )


def _sections(r: GovernorsReport) -> str:
    if not r.sections:
        return _outcomes(r, None)
    return "".join(
        _outcomes(r, sec, first=i == 0) + _mis(r, sec) + _groups(sec) for i, sec in enumerate(r.sections)
    )


def _outcomes(r: GovernorsReport, sec: RoleSection | None, *, first: bool = True) -> str:
    """One role's outcomes; the notes that explain a table or chart are printed with the first role's."""
    named = sec is not None and sec.role != "pupils"
    what = ": what changed" if sec is not None and sec.outcomes else ""  # no heading promising nothing
    title = f"{sec.label}{what}" if sec is not None and named else f"Wellbeing{what}"
    out = [f"<section><h2>{_e(title)}</h2>"]
    note = sec.outcome_note if sec is not None else r.outcome_note
    if note:
        out.append(f'<p class="note">{_e(note)}</p>')
    if sec is not None and sec.outcomes:
        out.append(_compared(sec, first))
        if sec.comparison:
            out.append(f"<h3>{_e(sec.label)}: before and after</h3>")
        out.append('<ul class="sentences">' + "".join(f"<li>{_e(o.sentence)}</li>" for o in sec.outcomes))
        out.append("</ul>")
        rows = [*sec.outcomes, *([sec.attendance] if sec.attendance and sec.attendance.shown else [])]
        chart = _forest(rows)
        head = (
            "<tr><th>Outcome</th><th>Pupils</th><th>Before</th><th>After</th><th>Change</th>"
            "<th>Likely range</th><th>Effect size g (as measured)</th><th>Result</th></tr>"
        )
        body = []
        for o in rows:
            if not o.shown:
                body.append(
                    f'<tr><td>{_e(o.title)}</td><td class="c">c</td>'
                    + "<td>–</td>" * 5
                    + "<td>not shown</td></tr>"
                )
                continue
            body.append(
                f"<tr><td>{_e(o.title)}{_lower(o)}</td>{_cell(o.n)}<td>{fmt_opt(o.pre_mean, o.dp)}</td>"
                f"<td>{fmt_opt(o.post_mean, o.dp)}</td><td>{fmt_change(o.change, o.dp)}{_kind(o.change_kind)}</td>"
                f"<td>{_range(o.change_ci, o.dp)}</td><td>{fmt_opt(o.g_av, 2)}</td>"
                f"<td>{_tag(o.verdict, o.clear_text)}</td></tr>"
            )
        out.append(f"<table>{head}{''.join(body)}</table>")
        note = (
            '<p class="note">The chart shows the size of each change (effect size g, the dot) and its likely range '
            "(the bar); right is better. Coloured: a clear change; grey: not a clear change. School programmes "
            "tested against a comparison group usually show effect sizes below about 0.3.</p>"
            if first
            else ""
        ) + (_sign_note(rows) + _change_note(rows))
        if any(o.shown and o.g_against_verdict for o in rows):
            note += (
                '<p class="note">‡ The effect size is based on the average change, which points the other way '
                "from the typical pupil's change that decides the result: read the result, not the dot.</p>"
            )
        reliable = [o for o in sec.outcomes if o.reliable is not None]
        if reliable:
            cells = "".join(
                f"<tr><td>{_e(o.title)}</td>{_cell(o.reliable[0])}{_cell(o.reliable[1])}{_cell(o.reliable[2])}"
                f"{_cell(o.reliable[3])}</tr>"
                for o in reliable
                if o.reliable is not None
            )
            note += (
                "<h3>Pupil by pupil: moved more than the normal ups and downs of answering</h3><table><tr>"
                f"<th>Outcome</th><th>Better</th><th>Within</th><th>Worse</th><th>Pupils</th></tr>{cells}</table>"
                + (
                    '<p class="note">About 2 or 3 pupils in 100 cross that line in each direction by chance.</p>'
                    if first
                    else ""
                )
            )
        if chart:
            out.append(f'<div class="chart-row"><div>{chart}</div><div>{note}</div></div>')
        else:
            out.append(note)
        out.append(_attrition(sec))
    out.append("</section>")
    return "".join(out)


def _mis(r: GovernorsReport, sec: RoleSection) -> str:
    if not sec.mis and not sec.mis_sentences:
        return ""
    rows = "".join(
        f"<tr><td>{_e(m.title)} ({_e(m.unit)})</td>{_cell(m.n)}{_value(m.before, m.dp, m.hidden[0])}"
        f"{_value(m.after, m.dp, m.hidden[1])}<td>{_tag(m.verdict, 'clear change' if m.verdict in _TAGS else 'no clear change')}</td></tr>"
        for m in sec.mis
    )
    table = (
        f"<table><tr><th>Measure</th><th>Pupils</th><th>{_e(r.baseline)}</th><th>{_e(r.term)}</th><th>Result</th></tr>{rows}</table>"
        if rows
        else ""
    )
    items = "".join(f"<li>{_e(s)}</li>" for s in sec.mis_sentences)
    head = "Attendance and behaviour" + (f": {sec.label.casefold()}" if sec.role != "pupils" else "")
    return f'<section><h2>{_e(head)}</h2>{table}<ul class="sentences note">{items}</ul></section>'


def _process(r: GovernorsReport) -> str:
    """The feedback survey: per indicator and role, how many pupils agreed (suppressed)."""
    if not r.process:
        return ""
    k = r.threshold
    roles = [c[0] for c in r.process[0].cells]
    head = "".join(f"<th>{_e(x)}</th>" for x in roles)
    body = "".join(
        f"<tr><td>{_e(p.title)}</td>"
        + "".join(
            ('<td class="c">c</td>' if text == "c" else f"<td>{_e(text)}</td>") for _, text, *_ in p.cells
        )
        + "</tr>"
        for p in r.process
    )
    n = r.process_n.prose(k) if r.process_n else "–"
    return (
        f'<section><h2>Pupils\' feedback ({n} pupils answered)</h2><div class="chart-row"><table><tr><th>Pupils '
        f'who agreed</th>{head}</tr>{body}</table><p class="note">A process indicator: how pupils found the '
        "programme, not evidence that wellbeing changed. Agreed: an average answer of Agree or Strongly agree."
        "</p></div></section>"
    )


def _trend(r: GovernorsReport) -> str:
    if not r.trend and not r.trend_note:  # a term without a survey: no heading over nothing
        return ""
    parts = ["<section><h2>Trend across the terms so far</h2>"]
    units = {o.measure: o.units for sec in r.sections for o in sec.outcomes}
    if len(r.trend) == 2:  # two roles' trends side by side, each chart over its sentence
        cells = "".join(
            f"<div>{_trend_chart(t, units.get(t.measure, 'points'))}<p>{_e(t.sentence)}</p></div>"
            for t in r.trend
        )
        parts.append(f'<div class="two">{cells}</div>')
    for t in r.trend if len(r.trend) != 2 else ():
        chart = _trend_chart(t, units.get(t.measure, "points"))
        parts.append(f'<div class="two"><div>{chart}</div><div><p>{_e(t.sentence)}</p></div></div>')
    parts.append(f'<p class="note">{_e(r.trend_note)}</p></section>')
    return "".join(parts)


def _groups(sec: RoleSection) -> str:
    rows = [g for g in sec.subgroups if g.measure == sec.headline_measure]
    if not rows:
        return ""
    body = "".join(
        f"<tr><td>{_e(g.label)}</td>{_cell(g.n)}"
        + (
            "<td>–</td><td>–</td><td>not shown</td>"
            if g.n.value is None
            else f"<td>{fmt_change(g.change, g.dp)}</td><td>{_range(g.change_ci, g.dp)}</td>"
            f"<td>{_tag(g.verdict, 'clear change' if g.verdict in _TAGS else 'no clear change')}</td>"
        )
        + "</tr>"
        for g in rows
    )
    return (
        f"<section><h2>{_e(sec.label + ' by' if sec.role != 'pupils' else 'By')} group (exploratory): {_e(rows[0].title)}</h2><table><tr><th>Group</th><th>Pupils</th>"
        f"<th>Change</th><th>Likely range</th><th>Result</th></tr>{body}</table></section>"
    )


def render_html(report: GovernorsReport) -> str:
    """The whole report as one HTML document (no scripts, no external resources)."""
    css = resources.files("peerimpact.reports").joinpath("templates/governors.css").read_text("utf-8")
    r = report
    by = f" · Prepared by: {_e(r.prepared_by)}" if r.prepared_by else ""
    caveats = "".join(f"<li>{_e(c)}</li>" for c in r.caveats)
    body = [
        f'<header><p class="kicker">Governors\' report · {_e(r.term)} ({_e(r.period)})</p>'
        f'<h1>{_e(r.programme)}</h1><p class="meta">{_e(r.school)} · For: {_e(r.report_for)}{by}</p></header>',
        f'<section class="first keep"><p><strong>Read this first.</strong> {_e(r.design_text)}</p></section>',
        f'<section class="brief keep"><h2>This term in brief</h2><p>{_e(r.headline)}</p></section>',
        _reach(r),
        delivery_section(r),
        reach_by_section(r),
        about_box(r),
        _sections(r),
        _process(r),
        _trend(r),
        targets_section(r),
        f'<section class="caveats"><h2>Things to bear in mind</h2><ul>{caveats}</ul></section>'
        if caveats
        else "",
        "<footer>"
        f"<p><strong>c</strong> = {_e(r.legend.removeprefix('c = '))}. Counts of pupils below {r.threshold} are "
        f"never shown; counts within groups of {r.threshold}–{2 * r.threshold - 1} pupils are given as percentages only.</p>"
        "<p><strong>Clear change</strong>: larger than chance alone would easily give, allowing for the number of "
        "outcomes looked at (statistically significant). <strong>Likely range</strong>: the 95% confidence "
        "interval, the range of values that fit the data. <strong>Effect size g</strong>: the change in standard "
        "deviations (about 0.2 small, 0.5 medium, 0.8 large: Cohen, 1988). <strong>Percentage points</strong>: "
        "the difference between two percentages.</p>"
        f"<p>Made by peerimpact {_e(r.version)} from the programme's own data. No names, pupil ids or free text "
        "appear in this report; pupil-level detail stays with the Senior Mental Health Lead.</p></footer>",
    ]
    title = f"{r.programme}: governors' report, {r.term}"
    return (
        f'<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8"><meta name="generator" content="peerimpact">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{_e(title)}</title>'
        f'<style>{css}</style></head><body><main class="page">{"".join(body)}</main></body></html>\n'
    ).replace("\u2212", MINUS)


def write_html(report: GovernorsReport, path: str | Path) -> None:
    """Write :func:`render_html` to ``path`` atomically (UTF-8)."""
    text = render_html(report)

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    write_atomic(path, write)
