"""The governors' report as one printable HTML file (A4, at most four pages), charts drawn as inline SVG.

A view of one :class:`~peerimpact.governors.model.GovernorsReport`: every sentence and figure comes from it, so the
HTML and the governors' workbook say the same thing.  Nothing here computes a statistic: numbers are only
formatted (:mod:`peerimpact.wording.numbers`) and placed on charts.  The style sheet is
``reports/templates/governors.css`` (print CSS for A4); no scripts, no external resources, no pupil data.
Suppressed counts appear as ``c`` in tables (legend in the footer) and "fewer than 5" in prose.
"""

from __future__ import annotations

from html import escape
from importlib import resources
from pathlib import Path

from peerimpact.governors.model import GovernorsReport
from peerimpact.reports.html_about import about_box
from peerimpact.reports.html_delivery import delivery_section, reach_by_section, targets_section
from peerimpact.reports.html_outcomes import cell as _cell
from peerimpact.reports.html_outcomes import outcome_sections
from peerimpact.reports.svg import bar, forest, trend_chart
from peerimpact.util.files import write_atomic
from peerimpact.wording.numbers import MINUS

__all__ = ["render_html", "write_html"]


def _e(text: object) -> str:
    return escape(str(text), quote=True)


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
        outcome_sections(r),
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
