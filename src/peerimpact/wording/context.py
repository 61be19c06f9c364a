"""Sentences for the figures beside an outcome that are not its effect: dose (exploratory) and a published
norm (context).  From the results only, as the verdict sentences are (reporting.md §5–7)."""

from __future__ import annotations

from peerimpact.results import DoseResponse, NormComparison, NormWave
from peerimpact.wording.numbers import fmt_ci, fmt_number, p_eq

__all__ = ["dose_sentence", "norm_sentence"]

_DOSE_REASONS = {
    "fewer_than_5_pairs": "fewer than 5 pupils had both a change and a value in {column!r}, so no slope was estimated",
    "no_variation_in_dose": "every pupil had the same value in {column!r}, so change cannot be set against it",
    "perfect_fit": "the changes lie exactly on a line in {column!r}, so no test is possible",
}


def dose_sentence(d: DoseResponse, *, title: str, dp: int, units: str = "points", alpha: float = 0.05) -> str:
    """E.g. "Dose (exploratory): each extra one of 'Sessions' went with a change in Reading age 0.17 points
    larger (slope 0.17, 95% CI [0.14, 0.19], p < .001, 12 pupils). …"."""
    head = f"Dose (exploratory), {title}: "
    if d.reason is not None or d.slope is None or d.p_value is None:
        return (
            head + _DOSE_REASONS.get(d.reason or "", "no slope was estimated").format(column=d.column) + "."
        )
    size = fmt_number(abs(d.slope), dp + 1)
    if float(size) == 0:
        how = "about the same change"
    else:
        how = f"a change {size} {units} {'larger' if d.slope > 0 else 'smaller'}"
    return (
        f"{head}each extra one of {d.column!r} went with {how} (slope {fmt_number(d.slope, dp + 1)} {units}, "
        f"{fmt_ci(d.ci95, dp + 1)}, p {p_eq(d.p_value, alpha)}, {d.n} pupils). Pupils who take part more can "
        "differ in other ways, so this is an association, not evidence that more sessions cause more change."
    )


def _gap(w: NormWave, dp: int) -> str:
    """ "3.1 points below", "0.4 points above" or "level with" (rounded to the display decimals)."""
    if w.difference is None:
        return "level with"
    size = fmt_number(abs(w.difference), dp)
    if float(size) == 0:
        return "level with"
    return f"{size} points {'below' if w.difference < 0 else 'above'}"


def _wave_figures(label: str, w: NormWave, dp: int, alpha: float) -> str:
    if w.mean is None:
        return f"{label}: no scores"
    text = f"{label} mean {fmt_number(w.mean, dp)}, n = {w.n}"
    if w.p_value is not None:
        text += f"; difference {fmt_number(w.difference or 0.0, dp)}, {fmt_ci(w.ci95, dp)}, p {p_eq(w.p_value, alpha)}"
    return text


def norm_sentence(nc: NormComparison, *, title: str, dp: int, alpha: float = 0.05) -> str:
    """E.g. "Context, not an effect of the programme: on WEMWBS total our pupils started 3.1 points below the
    published figure for pupils aged 13–16 (48.8, Clarke et al. 2011) and ended 1.2 points below it (…)."."""
    source = nc.source.split(",")[0].strip()
    who = f"pupils aged {nc.ages}" if nc.ages else "the norm sample"
    if nc.pre.mean is None or nc.post.mean is None:
        return f"Context: {title} has no scores to set beside the published figure for {who}."
    return (
        f"Context, not an effect of the programme: on {title} our pupils started {_gap(nc.pre, dp)} the "
        f"published figure for {who} ({fmt_number(nc.norm_mean, dp)}, {source}) and ended "
        f"{_gap(nc.post, dp)} it ({_wave_figures('first survey', nc.pre, dp, alpha)}; "
        f"{_wave_figures('second survey', nc.post, dp, alpha)}; one-sample t-tests). The norm sample differs "
        "from any one school's pupils, so the gap is a description, not a result."
    )
