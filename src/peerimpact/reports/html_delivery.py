"""The governors' HTML report's delivery sections (SPEC §6.1): delivery term by term (a table and a small
chart of supervision held and self-referral share by term), the pupils reached by characteristic, and the
targets with the SMHL's next steps.

Views only, like :mod:`peerimpact.reports.html`: every figure is already in the report object (suppressed
counts as ``c``, percentages worked out from hidden counts already None); here they are only formatted and
placed on a chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from peerimpact.governors.model import Count, DeliveryRow, GovernorsReport
from peerimpact.wording.numbers import fmt_opt

__all__ = ["delivery_chart", "delivery_section", "reach_by_section", "targets_section"]

_SUPERVISION, _SELF, _GRID, _MUTED = "#1b7f79", "#b4541a", "#d5dae1", "#5b6472"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _count(c: Count | None) -> str:
    if c is None:
        return "<td>–</td>"
    return '<td class="c">c</td>' if c.value is None else f"<td>{c.value}</td>"


def _opt(v: int | float | None, text: str | None = None) -> str:
    return "<td>–</td>" if v is None else f"<td>{_e(text if text is not None else v)}</td>"


def _supervision(d: DeliveryRow) -> str:
    if d.supervision_planned is None or d.supervision_pct is None:
        return "<td>–</td>"
    return f"<td>{d.supervision_delivered} of {d.supervision_planned} ({d.supervision_pct}%)</td>"


def _share(d: DeliveryRow) -> str:
    if d.self_share is not None:
        return f"<td>{d.self_share}%</td>"
    hidden = any(c is not None and c.value is None for c in (d.self_referrals, d.staff_referrals))
    return '<td class="c">c</td>' if hidden else "<td>–</td>"


def _above(point: int, other: int | None, k: int) -> bool:
    """Whether a point's label goes above it: the higher of the two series' points at a term is
    labelled above, the lower below (the first series above on a tie), so the labels never overlap."""
    return other is None or point > other or (point == other and k == 0)


def delivery_chart(rows: Sequence[DeliveryRow]) -> str:
    """Supervision sessions held (% of planned) and the self-referral share (% of referrals), term by
    term, on one 0–100% axis; a hidden or missing figure leaves a gap (no point, no line through it).
    Nothing before the second term."""
    terms = [d for d in rows if d.term != "So far"]
    series = [
        ("Supervision held (% of planned)", _SUPERVISION, "", [d.supervision_pct for d in terms]),
        ("Self-referrals (% of referrals)", _SELF, ' stroke-dasharray="5 3"', [d.self_share for d in terms]),
    ]
    if len(terms) < 2 or all(v is None for _, _, _, vs in series for v in vs):
        return ""  # a chart of one term shows no change: the table says it
    w, h, left, right, top, bottom = 330, 176, 44, 16, 40, 34
    n = len(terms)

    def x(i: int) -> float:
        return left + (w - left - right) * ((i + 0.5) / n)

    def y(v: float) -> float:
        return top + (h - top - bottom) * (1 - v / 100)

    parts = [
        f'<svg role="img" aria-label="Supervision held and self-referral share by term" width="{w}" '
        f'height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, color, dash, _) in enumerate(series):  # the legend, one line each
        ly = 7 + 12 * i
        parts.append(
            f'<line x1="{left}" y1="{ly}" x2="{left + 18}" y2="{ly}" stroke="{color}" stroke-width="2.5"{dash}/>'
            f'<text x="{left + 22}" y="{ly + 3}" font-size="12.7" fill="#1d2430">{_e(label)}</text>'
        )
    for v in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{left}" y1="{y(v):.1f}" x2="{w - right}" y2="{y(v):.1f}" stroke="{_GRID}" stroke-width="1"/>'
            f'<text x="{left - 4}" y="{y(v) + 3:.1f}" font-size="12.7" fill="{_MUTED}" text-anchor="end">{v}%</text>'
        )
    mid = (top + h - bottom) / 2
    parts.append(
        f'<text x="10" y="{mid:.1f}" font-size="12.7" fill="{_MUTED}" text-anchor="middle" '
        f'transform="rotate(-90 10 {mid:.1f})">Per cent</text>'
    )
    for i, d in enumerate(terms):
        parts.append(
            f'<text x="{x(i):.1f}" y="{h - bottom + 13}" font-size="12.7" fill="{_MUTED}" text-anchor="middle">'
            f"{_e(d.term)}</text>"
        )
    parts.append(
        f'<text x="{(left + w - right) / 2:.1f}" y="{h - 4}" font-size="12.7" fill="{_MUTED}" '
        'text-anchor="middle">Term</text>'
    )
    for k, (_, color, dash, values) in enumerate(series):
        others = series[1 - k][3]
        for i in range(n - 1):
            a, b = values[i], values[i + 1]
            if a is not None and b is not None:
                parts.append(
                    f'<line x1="{x(i):.1f}" y1="{y(a):.1f}" x2="{x(i + 1):.1f}" y2="{y(b):.1f}" '
                    f'stroke="{color}" stroke-width="2.5"{dash}/>'
                )
        for i, point in enumerate(values):
            if point is not None:
                parts.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(point):.1f}" r="3.5" fill="{color}"/>'
                    f'<text x="{x(i) + 6:.1f}" y="{y(point) + (-5 if _above(point, others[i], k) else 11):.1f}" '
                    'font-size="12.7" '
                    f'fill="{color}">{point}%</text>'
                )
    parts.append("</svg>")
    return "".join(parts)


def delivery_section(r: GovernorsReport) -> str:
    """Delivery, term by term: one row per term so far and the programme so far, with the chart."""
    if not r.delivery:
        return ""
    head = (
        "<tr><th>Term</th><th>Sessions held</th><th>New mentees</th><th>Mentees so far</th>"
        "<th>Sessions per mentee</th><th>Supervision held</th><th>Self-referrals</th><th>Staff referrals</th>"
        "<th>Self-referral share</th><th>Mentors trained</th></tr>"
    )
    body = "".join(
        f"<tr><td>{'<strong>So far</strong>' if d.term == 'So far' else _e(d.term)}</td>{_opt(d.sessions)}"
        f"{_count(d.new_mentees)}{_count(d.mentees_so_far)}{_opt(d.per_mentee, fmt_opt(d.per_mentee, 1))}"
        f"{_supervision(d)}{_count(d.self_referrals)}{_count(d.staff_referrals)}{_share(d)}{_count(d.trained)}</tr>"
        for d in r.delivery
    )
    chart = delivery_chart(r.delivery)
    note = f'<p class="note">{_e(r.delivery_note)}</p>'
    return (
        f"<section><h2>Delivery, term by term</h2><table>{head}{body}</table>"
        + (f'<div class="chart-row"><div>{chart}</div><div>{note}</div></div>' if chart else note)
        + "</section>"
    )


def reach_by_section(r: GovernorsReport) -> str:
    """The pupils reached by year group, gender, SEND and pupil premium (one column per group)."""
    if not r.reach_by:
        return ""
    roles = [c.role for c in r.reach_by[0].cells]
    head = (
        '<tr><th>Characteristic</th><th class="lvl">Group</th>'
        + "".join(f"<th>{_e(x)}</th>" for x in roles)
        + "</tr>"
    )
    body = []
    last = ""
    for row in r.reach_by:
        name = "" if row.characteristic == last else row.characteristic
        last = row.characteristic
        cells = "".join(
            '<td class="c">c</td>' if c.text == "c" else f"<td>{_e(c.text)}</td>" for c in row.cells
        )
        body.append(f'<tr><td>{_e(name)}</td><td class="lvl">{_e(row.level)}</td>{cells}</tr>')
    return (
        f"<section><h2>Pupils reached, by characteristic</h2><table>{head}{''.join(body)}</table>"
        f'<p class="note">{_e(r.reach_by_note)}</p></section>'
    )


_STATUS = {"met": "better", "not met": "worse"}


def targets_section(r: GovernorsReport) -> str:
    """Each target, met or not met with its figure, and the SMHL's next steps in a box (as written)."""
    if not r.targets and not r.next_steps:
        return ""
    items = "".join(
        f"<li>{_e(t.text.rsplit(' — ', 1)[0] if t.status in _STATUS else t.text)} "
        + (f'<span class="tag {_STATUS[t.status]}">{_e(t.status)}</span>' if t.status in _STATUS else "")
        + "</li>"
        for t in r.targets
    )
    targets = f'<ul class="sentences targets">{items}</ul>' if items else ""
    steps = (
        '<div class="steps keep"><h3>Next steps (from the Senior Mental Health Lead)</h3><ul>'
        + "".join(f"<li>{_e(s)}</li>" for s in r.next_steps)
        + "</ul></div>"
        if r.next_steps
        else ""
    )
    if targets and steps:  # side by side: the figures, and what the SMHL will do about them
        return f'<section><h2>Targets and next steps</h2><div class="two"><div>{targets}</div>{steps}</div></section>'
    return f"<section><h2>Targets and next steps</h2>{targets}{steps}</section>"
