"""The governors' HTML report's outcome sections (SPEC §6.1): against the comparison pupils, before and
after, pupil by pupil, who answered again, attendance and behaviour, and groups.

Mentees and mentors are never pooled, but they share one table of each kind, with a "Who" column, and one
chart: a report with both roles then prints on four A4 pages instead of five (issue 15).  A report with
one role (or none) has no "Who" column and names the role in its headings.  Views only: every figure is
the report object's, formatted here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import TypeVar

from peerimpact.governors.model import (
    ArmAttrition,
    ComparisonRow,
    Count,
    GovernorsReport,
    MisRow,
    OutcomeRow,
    RoleSection,
    SubgroupRow,
    fmt_change,
)
from peerimpact.reports.svg import forest
from peerimpact.wording.numbers import fmt_number, fmt_opt

__all__ = ["outcome_sections"]

TAGS = {"improved": "better", "worsened": "worse"}
_Row = TypeVar("_Row")


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def tag(verdict: str, text: str) -> str:
    return f'<span class="tag {TAGS.get(verdict, "none")}">{_e(text)}</span>'


def cell(c: Count | int | None) -> str:
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


def _clear(verdict: str) -> str:
    return tag(verdict, "clear change" if verdict in TAGS else "no clear change")


def _table(
    head: str,
    secs: Sequence[RoleSection],
    rows_of: Callable[[RoleSection], Sequence[_Row]],
    row: Callable[[_Row], str],
    who: Callable[[RoleSection], str] = lambda s: s.label,
) -> str:
    """One table for every role: with several roles a first "Who" column names the role on its first row."""
    multi = len(secs) > 1
    body = []
    for sec in secs:
        for i, item in enumerate(rows_of(sec)):
            lead = (f'<td class="who">{_e(who(sec))}</td>' if i == 0 else "<td></td>") if multi else ""
            body.append(f"<tr>{lead}{row(item)}</tr>")
    if not body:
        return ""
    opening = '<table class="roles"><tr><th>Who</th>' if multi else "<table><tr>"
    return f"{opening}{head}</tr>{''.join(body)}</table>"


# ------------------------------------------------------------------------------------------------ notes
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
    typical = list(dict.fromkeys(o.title for o in rows if o.shown and o.change_kind != "mean"))
    if not typical:
        return ""
    names = " and ".join(_e(t) for t in typical)
    return (
        f'<p class="note">Change is after minus before, except for {names}: there it is the typical pupil\'s '
        "change (the test used looks at the typical pupil, not the average), so it need not equal the "
        "difference of the two averages.</p>"
    )


# --------------------------------------------------------------------------------------------- sections
def _compared(secs: Sequence[RoleSection]) -> str:
    """The strongest design first (SPEC §6.1): each outcome against the comparison pupils, adjusted."""
    secs = [s for s in secs if s.comparison]
    if not secs:
        return ""

    def row(c: ComparisonRow) -> str:
        lead = f"<td>{_e(c.title)}</td>{cell(c.n_programme)}{cell(c.n_comparison)}"
        if not c.shown:
            return lead + "<td>–</td>" * 3 + "<td>not shown</td>"
        return (
            f"{lead}<td>{fmt_change(c.difference, c.dp)}</td><td>{_range(c.difference_ci, c.dp)}</td>"
            f"<td>{fmt_opt(c.g, 2)} ({_range(c.g_ci, 2)})</td><td>{tag(c.verdict, c.clear_text)}</td>"
        )

    arm = secs[0].label if len(secs) == 1 else "Pupils"
    head = (
        f"<th>Outcome</th><th>{_e(arm)}</th><th>Comparison pupils</th><th>Difference (adjusted)</th>"
        "<th>Likely range</th><th>Effect size g (range)</th><th>Result</th>"
    )
    sentences = "".join(f"<li>{_e(c.sentence)}</li>" for s in secs for c in s.comparison)
    title = f"{secs[0].label} compared" if len(secs) == 1 else "Compared"
    return (
        f"<h3>{_e(title)} with pupils who did not take part</h3>"
        + _table(head, secs, lambda s: s.comparison, row)
        + f'<ul class="sentences note">{sentences}</ul>'
        '<p class="note">Difference (adjusted): how far the two groups\' averages ended apart, allowing for '
        "where each pupil started (analysis of covariance). This is the stronger evidence; the before-and-"
        "after change below does not allow for what would have happened anyway.</p>"
    )


def _rows(sec: RoleSection) -> list[OutcomeRow]:
    return [*sec.outcomes, *([sec.attendance] if sec.attendance and sec.attendance.shown else [])]


def _change_row(o: OutcomeRow) -> str:
    if not o.shown:
        return f'<td>{_e(o.title)}</td><td class="c">c</td>' + "<td>–</td>" * 5 + "<td>not shown</td>"
    return (
        f"<td>{_e(o.title)}{_lower(o)}</td>{cell(o.n)}<td>{fmt_opt(o.pre_mean, o.dp)}</td>"
        f"<td>{fmt_opt(o.post_mean, o.dp)}</td><td>{fmt_change(o.change, o.dp)}{_kind(o.change_kind)}</td>"
        f"<td>{_range(o.change_ci, o.dp)}</td><td>{fmt_opt(o.g_av, 2)}</td>"
        f"<td>{tag(o.verdict, o.clear_text)}</td>"
    )


def _reliable_row(o: OutcomeRow) -> str:
    assert o.reliable is not None
    return f"<td>{_e(o.title)}</td>" + "".join(cell(c) for c in o.reliable)


def _attrition(secs: Sequence[RoleSection]) -> str:
    """One attrition figure per arm: who answered the first questionnaire and, of them, the second.  The
    comparison pupils' row is printed once when it is the same beside every role, else once per role, named."""
    comparison = [
        (a.first, a.both, a.lost_pct) for s in secs for a in s.attrition if a.arm == "comparison pupils"
    ]
    differ = any(c != comparison[0] for c in comparison)
    arms: list[tuple[str, ArmAttrition]] = []
    for sec in secs:
        for a in sec.attrition:
            name = a.arm.capitalize()
            if a.arm == "comparison pupils" and differ:
                name = f"{name} (beside {sec.who})"
            elif a.arm == "comparison pupils" and any(n == name for n, _ in arms):
                continue
            arms.append((name, a))
    if not arms:
        return ""
    cells = "".join(
        f"<tr><td>{_e(name)}</td>{cell(a.first)}{cell(a.both)}"
        f"<td>{'c' if a.lost_pct is None else f'{a.lost_pct}%'}</td></tr>"
        for name, a in arms
    )
    return (
        "<table><tr><th>Who answered</th><th>First questionnaire</th><th>Both</th><th>Did not answer again</th>"
        f"</tr>{cells}</table>"
    )


def _changes(secs: Sequence[RoleSection]) -> str:
    """Before and after: sentences, one table, one chart beside the notes and the pupil-by-pupil table."""
    secs = [s for s in secs if s.outcomes]
    multi = len(secs) > 1
    out = []
    if any(s.comparison for s in secs):
        out.append(f"<h3>{_e(secs[0].label) + ': b' if not multi else 'B'}efore and after</h3>")
    out.append(
        '<ul class="sentences">'
        + "".join(
            f"<li>{f'<strong>{_e(s.label)}.</strong> ' if multi else ''}{_e(o.sentence)}</li>"
            for s in secs
            for o in s.outcomes
        )
        + "</ul>"
    )
    head = (
        "<th>Outcome</th><th>Pupils</th><th>Before</th><th>After</th><th>Change</th>"
        "<th>Likely range</th><th>Effect size g (as measured)</th><th>Result</th>"
    )
    out.append(_table(head, secs, _rows, _change_row))
    rows = [o for s in secs for o in _rows(s)]
    chart = forest(rows, [(s.label, _rows(s)) for s in secs] if multi else ())
    note = (
        '<p class="note">The chart shows the size of each change (effect size g, the dot) and its likely range '
        "(the bar); right is better. Coloured: a clear change; grey: not a clear change. School programmes "
        "tested against a comparison group usually show effect sizes below about 0.3.</p>"
    ) + (_sign_note(rows) + _change_note(rows))
    if any(o.shown and o.g_against_verdict for o in rows):
        note += (
            '<p class="note">‡ The effect size is based on the average change, which points the other way '
            "from the typical pupil's change that decides the result: read the result, not the dot.</p>"
        )
    reliable = _table(
        "<th>Outcome</th><th>Better</th><th>Within</th><th>Worse</th><th>Pupils</th>",
        secs,
        lambda s: [o for o in s.outcomes if o.reliable is not None],
        _reliable_row,
    )
    if reliable:
        note += (
            "<h3>Pupil by pupil: moved more than the normal ups and downs of answering</h3>"
            f'{reliable}<p class="note">About 2 or 3 pupils in 100 cross that line in each direction by chance.</p>'
        )
    out.append(f'<div class="chart-row"><div>{chart}</div><div>{note}</div></div>' if chart else note)
    out.append(_attrition(secs))
    return "".join(out)


def _mis(r: GovernorsReport, secs: Sequence[RoleSection]) -> str:
    secs = [s for s in secs if s.mis or s.mis_sentences]
    if not secs:
        return ""

    def row(m: MisRow) -> str:
        return (
            f"<td>{_e(m.title)} ({_e(m.unit)})</td>{cell(m.n)}{_value(m.before, m.dp, m.hidden[0])}"
            f"{_value(m.after, m.dp, m.hidden[1])}<td>{_clear(m.verdict)}</td>"
        )

    head = f"<th>Measure</th><th>Pupils</th><th>{_e(r.baseline)}</th><th>{_e(r.term)}</th><th>Result</th>"
    multi = len(secs) > 1
    items = "".join(
        f"<li>{f'<strong>{_e(s.label)}.</strong> ' if multi else ''}{_e(text)}</li>"
        for s in secs
        for text in s.mis_sentences
    )
    one = secs[0]
    title = "Attendance and behaviour" + (
        f": {one.label.casefold()}" if not multi and one.role != "pupils" else ""
    )
    return (
        f"<section><h2>{_e(title)}</h2>{_table(head, secs, lambda s: s.mis, row)}"
        f'<ul class="sentences note">{items}</ul></section>'
    )


def _groups(secs: Sequence[RoleSection]) -> str:
    parts = [(s, [g for g in s.subgroups if g.measure == s.headline_measure]) for s in secs]
    parts = [(s, rows) for s, rows in parts if rows]
    if not parts:
        return ""

    def row(g: SubgroupRow) -> str:
        if g.n.value is None:
            return f"<td>{_e(g.label)}</td>{cell(g.n)}<td>–</td><td>–</td><td>not shown</td>"
        return (
            f"<td>{_e(g.label)}</td>{cell(g.n)}<td>{fmt_change(g.change, g.dp)}</td>"
            f"<td>{_range(g.change_ci, g.dp)}</td><td>{_clear(g.verdict)}</td>"
        )

    titles = {rows[0].title for _, rows in parts}
    one = parts[0][0]
    if len(parts) == 1:
        lead = f"{one.label} by" if one.role != "pupils" else "By"
        title = f"{lead} group (exploratory): {parts[0][1][0].title}"
    else:
        title = "By group (exploratory)" + (f": {next(iter(titles))}" if len(titles) == 1 else "")
    rows_of = {id(s): rows for s, rows in parts}
    table = _table(
        "<th>Group</th><th>Pupils</th><th>Change</th><th>Likely range</th><th>Result</th>",
        [s for s, _ in parts],
        lambda s: rows_of[id(s)],
        row,
        who=lambda s: s.label if len(titles) == 1 else f"{s.label}: {rows_of[id(s)][0].title}",
    )
    return f"<section><h2>{_e(title)}</h2>{table}</section>"


def outcome_sections(r: GovernorsReport) -> str:
    """What changed, for every role: one section of each kind, the roles side by side in its tables."""
    secs = r.sections
    if not secs:
        note = f'<p class="note">{_e(r.outcome_note)}</p>' if r.outcome_note else ""
        return f"<section><h2>Wellbeing</h2>{note}</section>"
    shown = [s for s in secs if s.outcomes]
    if len(secs) == 1:
        one = secs[0]
        name = one.label if one.role != "pupils" else "Wellbeing"
    else:
        name = " and ".join(s.label.casefold() for s in secs).capitalize()
    title = f"{name}: what changed" if shown else name
    notes = "".join(f'<p class="note">{_e(n)}</p>' for n in dict.fromkeys(s.outcome_note for s in secs) if n)
    body = (_compared(shown) + _changes(shown)) if shown else ""
    return f"<section><h2>{_e(title)}</h2>{notes}{body}</section>" + _mis(r, secs) + _groups(secs)
