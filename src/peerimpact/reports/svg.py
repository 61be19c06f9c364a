"""The governors' report's charts as inline SVG: the effect-size (forest) chart, a trend line and a bar.

Views only: they place figures already in the report object (rounded as shown) and compute nothing but
positions.  Every chart has labelled axes (SPEC §6.1, "Plain reading"): the forest chart an x axis with
tick values and the label "effect size g: right = better", the trend chart a y axis with ticks and the
scale's units, and the terms along its x axis.

Sign convention (one for the chart, one for the tables, each labelled): the forest chart draws g turned so
that right is better ("better-direction g"); the tables print g and the change as measured (after minus
before), and mark a scale where lower is better.  For SDQ a fall of g −0.16 in the table is drawn at +0.16.

Text is drawn at :data:`TEXT_PX` px, 9.5 pt in print (1 px = 0.75 pt in CSS), the report's smallest type.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from peerimpact.governors.model import OutcomeRow, TrendRow
from peerimpact.wording.numbers import fmt_number

__all__ = ["FOREST_AXIS", "TEXT_PX", "bar", "forest", "nice_ticks", "trend_axis", "trend_chart"]

BETTER, WORSE, NEUTRAL, LINE = "#1b7f79", "#b4541a", "#8a929e", "#d5dae1"
MUTED, INK, AXIS = "#4f5866", "#1d2430", "#6b7380"
#: chart text size in CSS px: 12.7 px = 9.5 pt, the smallest type of the printed report
TEXT_PX = 12.7
#: the forest chart's x-axis label
FOREST_AXIS = "effect size g: right = better"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _text(x: float, y: float, text: str, *, anchor: str = "start", fill: str = MUTED, extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{TEXT_PX}" fill="{fill}" text-anchor="{anchor}"{extra}>'
        f"{_e(text)}</text>"
    )


def _wrap(text: str, width: int, most: int) -> list[str]:
    """``text`` in lines of about ``width`` characters, ``most`` lines at most (the last ends "…")."""
    lines = [""]
    for word in text.split():
        if len(lines[-1]) + len(word) > width and lines[-1]:
            lines.append("")
        lines[-1] = (lines[-1] + " " + word).strip()
    return lines if len(lines) <= most else [*lines[: most - 1], lines[most - 1] + "…"]


def nice_ticks(lo: float, hi: float, most: int = 5) -> list[float]:
    """Round tick values inside ``lo``–``hi``, about ``most`` of them: the step is the smallest of 1, 2, 5
    or 10 × 10^k not below the range / ``most`` — the usual "nice numbers" axis (Heckbert, Graphics Gems,
    1990)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo]
    raw = (hi - lo) / max(1, most)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw - 1e-12)
    first = math.ceil(lo / step - 1e-9) * step
    ticks, v = [], first
    while v <= hi + 1e-9:
        ticks.append(round(v, 10))
        v += step
    return ticks


def _tick_dp(ticks: Sequence[float]) -> int:
    """Decimals enough to tell the ticks apart (0.5 steps need one, 2 steps none)."""
    if len(ticks) < 2:
        return 1
    step = abs(ticks[1] - ticks[0])
    return max(0, -math.floor(math.log10(step) + 1e-9))


# ------------------------------------------------------------------------------------------------ forest
def forest(rows: Sequence[OutcomeRow], groups: Sequence[tuple[str, Sequence[OutcomeRow]]] = ()) -> str:
    """Effect sizes turned so that right is better (``better_g``) with their likely ranges, one line per
    outcome; an x axis with tick values and the label :data:`FOREST_AXIS`.  A scale where lower is better
    says so in its label, so its dot (turned round) cannot be read against the table's g as measured.

    ``groups`` (heading, rows) draws several roles' outcomes in one chart, each under its heading
    ("Mentees"), on one shared axis; ``rows`` is then ignored."""
    parts_in = list(groups) if groups else [("", rows)]
    items: list[tuple[str, OutcomeRow | None]] = []
    for heading, some in parts_in:
        shown = [r for r in some if r.shown and r.better_g is not None]
        if shown and heading:
            items.append((heading, None))
        items += [("", r) for r in shown]
    rows = [r for _, r in items if r is not None]
    if not rows:
        return ""
    ends = [
        abs(v)
        for r in rows
        for v in (r.better_g, *(r.better_g_ci or ()))
        if v is not None and math.isfinite(v)
    ]
    span = min(max(ends, default=1.0), 10.0)  # an endless range would never finish its ticks
    ends = [span]
    span = max(1.0, *ends) if ends else 1.0
    span = float(int(span * 2 + 0.999)) / 2  # whole halves
    w, left, right, top = 470, 178, 16, 24
    labels = []
    for heading, r in items:
        if r is None:
            labels.append([heading])
            continue
        name = r.title + (" ‡" if r.g_against_verdict else "")
        lines = _wrap(name, 24, 2)
        if r.direction == "lower_is_better":
            lines.append("(lower is better)")
        labels.append(lines)
    steps = [
        18.0 if r is None else max(26.0, 15.0 * len(lines) + 4)
        for (_, r), lines in zip(items, labels, strict=True)
    ]
    plot_bottom = top + sum(steps)
    h = plot_bottom + 40
    plot = w - left - right

    def x(v: float) -> float:
        return left + (v + span) / (2 * span) * plot

    parts = [
        f'<svg role="img" aria-label="Effect sizes (g, right = better) with their likely ranges" width="{w}" '
        f'height="{h:.0f}" viewBox="0 0 {w} {h:.0f}" xmlns="http://www.w3.org/2000/svg">',
        _text(left, 14, "◀ worse"),
        _text(w - right, 14, "better ▶", anchor="end"),
    ]
    tick = 0.5 if span <= 2 else 1.0
    v = -span
    while v <= span + 1e-9:
        xv = x(v)
        color = "#9aa3ae" if abs(v) < 1e-9 else LINE
        parts.append(
            f'<line x1="{xv:.1f}" y1="{top - 4}" x2="{xv:.1f}" y2="{plot_bottom + 4:.1f}" stroke="{color}" '
            'stroke-width="1"/>'
        )
        parts.append(_text(xv, plot_bottom + 18, fmt_number(v, 1), anchor="middle"))
        v += tick
    parts.append(
        f'<line x1="{left}" y1="{plot_bottom + 4:.1f}" x2="{w - right}" y2="{plot_bottom + 4:.1f}" '
        f'stroke="{AXIS}" stroke-width="1"/>'
    )
    parts.append(_text(left + plot / 2, plot_bottom + 35, FOREST_AXIS, anchor="middle", fill=INK))
    y0 = float(top)
    for (_, r), lines, step in zip(items, labels, steps, strict=True):
        y = y0 + step / 2
        y0 += step
        if r is None:  # a role's heading
            parts.append(_text(0, y + 4.5, lines[0], fill=INK, extra=' font-weight="700"'))
            continue
        color = BETTER if r.verdict == "improved" else WORSE if r.verdict == "worsened" else NEUTRAL
        for j, text in enumerate(lines):
            dy = 4.5 + (j - (len(lines) - 1) / 2) * 15
            parts.append(_text(0, y + dy, text, fill=INK if j < 2 or len(lines) < 3 else MUTED))
        if r.better_g_ci and r.better_g_ci[0] is not None and r.better_g_ci[1] is not None:
            lo, hi = x(max(-span, r.better_g_ci[0])), x(min(span, r.better_g_ci[1]))
            parts.append(
                f'<line x1="{lo:.1f}" y1="{y:.1f}" x2="{hi:.1f}" y2="{y:.1f}" stroke="{color}" stroke-width="3"/>'
            )
        assert r.better_g is not None
        parts.append(f'<circle cx="{x(r.better_g):.1f}" cy="{y:.1f}" r="5" fill="{color}"/>')
    parts.append("</svg>")
    return "".join(parts)


def bar(done: int, total: int, width: int = 150, color: str = BETTER) -> str:
    """A progress bar: ``done`` of ``total``."""
    share = 0.0 if total <= 0 else min(1.0, done / total)
    return (
        f'<svg role="img" aria-label="{done} of {total}" width="{width}" height="9" viewBox="0 0 {width} 9">'
        f'<rect width="{width}" height="9" rx="4.5" fill="#dfe3e8"/>'
        f'<rect width="{width * share:.1f}" height="9" rx="4.5" fill="{color}"/></svg>'
    )


# ------------------------------------------------------------------------------------------------- trend
def trend_axis(t: TrendRow, units: str = "points") -> str:
    """The trend chart's y-axis label: whose average (mentees, mentors) when the programme has roles, in
    which units, and which way is better."""
    way = "higher" if t.direction == "higher_is_better" else "lower"
    whose = "" if t.role == "pupils" else f"{t.role.capitalize()}: "
    return f"{whose}Average score ({units}; {way} is better)"


def trend_chart(t: TrendRow, units: str = "points") -> str:
    """Average score at each survey joined by a line (programme pupils): a y axis with round ticks and the
    label :func:`trend_axis`, the terms along the x axis, each point labelled with its printed average."""
    pts = [(i, m) for i, m in enumerate(t.means) if m is not None]
    if len(pts) < 2:
        return ""
    w, h, left, right, top, bottom = 340, 150, 40, 6, 30, 26
    lo, hi = min(m for _, m in pts), max(m for _, m in pts)
    pad = max((hi - lo) * 0.35, 0.5)
    ticks = nice_ticks(lo - pad, hi + pad, 5)
    lo, hi = min(lo - pad, ticks[0]), max(hi + pad, ticks[-1])
    n = len(t.means)
    dp = _tick_dp(ticks)

    inset = 34  # the first and last points (and their labels) clear of the y axis and its tick values

    def x(i: int) -> float:
        return left + inset + (w - left - right - 2 * inset) * (i / (n - 1))

    def y(v: float) -> float:
        return top + (h - top - bottom) * (1 - (v - lo) / (hi - lo))

    better = (t.slope or 0) * (1 if t.direction == "higher_is_better" else -1) > 0
    color = BETTER if t.clear and better else (WORSE if t.clear else NEUTRAL)
    parts = [
        f'<svg role="img" aria-label="Average {_e(t.heading)} at each survey" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg">',
        _text(0, 12, trend_axis(t, units), fill=INK),
        f'<line x1="{left}" y1="{top - 6}" x2="{left}" y2="{h - bottom}" stroke="{AXIS}"/>',
        f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" stroke="{AXIS}"/>',
    ]
    for v in ticks:
        yv = y(v)
        parts.append(f'<line x1="{left - 4}" y1="{yv:.1f}" x2="{w - right}" y2="{yv:.1f}" stroke="{LINE}"/>')
        parts.append(_text(left - 7, yv + 4.5, fmt_number(v, dp), anchor="end"))
    path = " ".join(f"{'M' if k == 0 else 'L'}{x(i):.1f},{y(m):.1f}" for k, (i, m) in enumerate(pts))
    parts.append(f'<path d="{path}" fill="none" stroke="{color}" stroke-width="2.5"/>')
    for i, m in pts:
        parts.append(f'<circle cx="{x(i):.1f}" cy="{y(m):.1f}" r="4" fill="{color}"/>')
        parts.append(_text(x(i), y(m) - 9, fmt_number(m, t.means_dp), anchor="middle", fill=INK))
    for i, name in enumerate(t.terms):
        parts.append(_text(x(i), h - 8, name, anchor="middle"))
    parts.append("</svg>")
    return "".join(parts)
