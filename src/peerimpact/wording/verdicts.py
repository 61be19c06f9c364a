"""Verdicts and sentences, written from results only (reporting.md §4–7).

Rules kept here, in one place:

- the verdict comes from the *adjusted* p of the primary test, in the instrument's direction: "improved"
  only when the adjusted test is significant and the change is in the better direction;
- a size word ("small", …) comes from |g_av| on Cohen's (1988) cut-points and is used only when the
  adjusted test is significant; d_z is never labelled;
- every non-significant result states the smallest change the sample could have detected (MDES);
- fewer than 5 pairs: descriptive figures only, never a test;
- no "trend towards", no "proves/caused/impact", no EEF months of progress for wellbeing.

``detail`` is the SMHL sentence (template S of reporting.md §5), ``plain`` the governors' one (template G).
"""

from __future__ import annotations

from peerimpact.results import Outcome
from peerimpact.wording.numbers import fmt_ci, fmt_number, fmt_opt, p_eq, printed_change

__all__ = [
    "ADJUSTMENT_NAMES",
    "COMPARISON_NOTE",
    "MIN_PAIRS_TO_TEST",
    "NOT_TESTED_WORDS",
    "SINGLE_GROUP_NOTE",
    "detail_sentence",
    "not_tested_reason",
    "not_tested_words",
    "plain_sentence",
    "verdict",
]

MIN_PAIRS_TO_TEST = 5

SINGLE_GROUP_NOTE = (
    "Design: single-group pre/post. No comparison group, so change cannot be attributed to the programme."
)
COMPARISON_NOTE = (
    "Design: pre/post with a comparison group (not randomised): the adjusted difference allows for where "
    "each pupil started, but other differences between the groups could explain part of it."
)

_TEST_NAMES = {"paired_t": "paired t-test", "wilcoxon": "Wilcoxon signed-rank test"}
ADJUSTMENT_NAMES = {"holm": "Holm", "fdr_bh": "Benjamini–Hochberg"}


def verdict(p_adjusted: float | None, alpha: float, improvement: float | None, n: int) -> str:
    """``improved`` / ``worsened`` / ``no_significant_change`` / ``not_tested``.

    ``improvement`` is the mean change turned so that positive is better (instrument direction).
    """
    if n < MIN_PAIRS_TO_TEST or p_adjusted is None or improvement is None:
        return "not_tested"
    if p_adjusted < alpha:
        if improvement > 0:
            return "improved"
        if improvement < 0:
            return "worsened"
    return "no_significant_change"


#: each ``Outcome.not_tested_reason`` in words, for every view ("not tested (…)")
NOT_TESTED_WORDS = {
    "fewer_than_5_pairs": f"fewer than {MIN_PAIRS_TO_TEST} pairs",
    "no_variation_in_changes": "no variation in the changes",
    "no_exposure": "no exposure to compare rates",
    "rate_ratio_not_computable": "no events before, so no rate ratio",
}


def not_tested_words(o: Outcome) -> str:
    """ "not tested (why)" for a not-tested outcome, the same in the terminal and the workbook."""
    why = NOT_TESTED_WORDS.get(o.not_tested_reason or "")
    return f"not tested ({why})" if why else "not tested"


def not_tested_reason(o: Outcome, kind: str) -> str:
    """Why an outcome was not tested (SPEC §5: "not tested" always says why), from its results only.

    ``fewer_than_5_pairs``; ``no_exposure`` (counts without any exposure to turn them into rates);
    ``rate_ratio_not_computable`` (no events before, so no ratio); otherwise the changes do not vary
    (``no_variation_in_changes``: every pupil's change the same, typically all 0), so no test has a p.
    """
    if o.n < MIN_PAIRS_TO_TEST:
        return "fewer_than_5_pairs"
    if kind == "count":
        return "no_exposure" if o.poisson_rate is None else "rate_ratio_not_computable"
    return "no_variation_in_changes"


def _no_variation(o: Outcome, *, title: str, dp: int, units: str, who: str = "") -> str:
    mean = o.change.mean or 0.0
    moved = (
        "scored the same at both times" if mean == 0 else f"changed by exactly {fmt_number(mean, dp)} {units}"
    )
    return (
        f"{title}: all {o.n} pupils{(' ' + who) if who else ''} {moved}, so there is no variation in the changes "
        "to test"
    )


def _tests_text(o: Outcome, alpha: float, dp: int = 1, units: str = "points") -> str:
    t = o.tests
    if t is None:
        return ""
    parts = []
    pt, w = t.paired_t, t.wilcoxon
    if pt.statistic is not None and pt.p_value is not None and pt.df is not None:
        parts.append(f"t({int(pt.df)}) = {fmt_number(pt.statistic, 2)}, p {p_eq(pt.p_value, alpha)}")
    if w.statistic is not None and w.p_value is not None:
        how = "exact" if w.exact else "normal approx."
        v = w.statistic
        vtxt = str(int(v)) if float(v).is_integer() else fmt_number(v, 1)
        wtext = f"Wilcoxon signed-rank V = {vtxt}, p {p_eq(w.p_value, alpha)} ({how})"
        if w.estimate is not None:
            wtext += f", Hodges–Lehmann estimate {fmt_number(w.estimate, dp)} {units}"
            if w.ci95 is not None:
                level = round(100 * (w.ci_level or 0.95))
                wtext += f", {fmt_ci(w.ci95, dp).replace('95%', f'{level}%')}"
        parts.append(wtext)
    text = "; ".join(parts)
    if o.primary_test in _TEST_NAMES:
        text += f"; primary test: {_TEST_NAMES[o.primary_test]}"
    if o.p_adjusted is not None and o.adjustment in ADJUSTMENT_NAMES:
        text += f", {ADJUSTMENT_NAMES[o.adjustment]}-adjusted p {p_eq(o.p_adjusted, alpha)}"
    return text


def detail_sentence(
    o: Outcome,
    *,
    title: str,
    alpha: float,
    dp: int = 1,
    units: str = "points",
    who: str = "with both surveys",
) -> str:
    """The SMHL's sentence (reporting.md §5 S): figures, tests, effect sizes and the verdict."""
    n = o.n
    if o.verdict == "not_tested" and o.not_tested_reason == "no_variation_in_changes":
        return (
            _no_variation(o, title=title, dp=dp, units=units, who=who)
            + f" (M = {fmt_opt(o.pre.mean, dp)} → {fmt_opt(o.post.mean, dp)}); not tested."
        )
    if o.verdict == "not_tested":
        if n < 2:
            return f"{title}: {n} pupil(s) with both surveys — nothing to compare."
        return (
            f"{title}: only {n} pupils completed it at both times: too few to test for change "
            f"(≥ {MIN_PAIRS_TO_TEST} pairs needed); descriptive figures only "
            f"(M = {fmt_opt(o.pre.mean, dp)} → {fmt_opt(o.post.mean, dp)})."
        )
    es = o.effect_size
    head = (
        f"{title}: M = {fmt_opt(o.pre.mean, dp)} (SD = {fmt_opt(o.pre.sd, dp)}) before and "
        f"M = {fmt_opt(o.post.mean, dp)} (SD = {fmt_opt(o.post.sd, dp)}) after, among {n} pupils {who}; "
        f"mean change {fmt_opt(o.change.mean, dp)} {units}, {fmt_ci(o.change.ci95, dp)}"
    )
    tests = _tests_text(o, alpha, dp, units)
    sizes = f"g_av = {fmt_opt(es.g_av, 2)}, {fmt_ci(es.g_av_ci95, 2)}; d_z = {fmt_opt(es.d_z, 2)}"
    text = f"{head}; {tests}; {sizes}."
    if o.verdict in ("improved", "worsened"):
        word = "improvement" if o.verdict == "improved" else "worsening"
        size = f" of {es.label} size (Cohen, 1988)" if es.label else ""
        text += f" A statistically significant {word}{size}."
    else:
        text += " Not statistically significant."
        if o.power is not None and o.power.mdes_d_z is not None:
            pts = f" (about {fmt_number(o.power.mdes_points, dp)} {units})" if o.power.mdes_points else ""
            text += (
                f" With {n} pairs this analysis had 80% power (α = {fmt_number(alpha, 2, leading_zero=False)}) "
                f"only for changes of d_z ≥ {fmt_number(o.power.mdes_d_z, 2)}{pts}."
            )
    return text


def _likely(lo: float | None, hi: float | None, dp: int, units: str = "points") -> str:
    if lo is None or hi is None:
        return ""
    return f"; the true average change is likely to be between {fmt_number(lo, dp)} and {fmt_number(hi, dp)} {units}"


def plain_sentence(
    o: Outcome, *, title: str, scale_range: str | None, dp: int = 1, units: str = "points"
) -> str:
    """The governors' sentence (reporting.md §5 G): no p-values, "clear change" / "no clear change"."""
    n = o.n
    if o.verdict == "not_tested" and o.not_tested_reason == "no_variation_in_changes":
        return _no_variation(o, title=title, dp=dp, units=units) + "."
    if o.verdict == "not_tested":
        return f"Only {n} pupils answered both {title} questionnaires, too few to say whether scores changed."
    on = f" on a {scale_range} scale" if scale_range else ""
    if o.primary_test == "wilcoxon" and o.tests is not None and o.tests.wilcoxon.estimate is not None:
        return _plain_typical(o, title=title, on=on, dp=dp, units=units)
    diff = o.change.mean or 0.0
    # the change as printed averages give it (SPEC §6.1): the views print these averages beside it
    shown = printed_change(o.pre.mean, o.post.mean, dp)
    if shown:
        diff = shown
    lo, hi = o.change.ci95 if o.change.ci95 else (None, None)
    if o.verdict == "improved":
        label = f", of {o.effect_size.label} size" if o.effect_size.label else ""
        return (
            f"{title}: scores improved. The average {'rose' if diff > 0 else 'fell'} by "
            f"{fmt_number(abs(diff), dp)} {units}{on} among {n} pupils{_likely(lo, hi, dp, units)}. "
            f"This is a clear change{label}."
        )
    if o.verdict == "worsened":
        return (
            f"{title}: scores got worse. The average {'rose' if diff > 0 else 'fell'} by "
            f"{fmt_number(abs(diff), dp)} {units}{on} among {n} pupils{_likely(lo, hi, dp, units)}. This is a clear "
            "change. These data cannot tell us whether the programme, the time of year or something else lies "
            "behind it."
        )
    mdes = ""
    if o.power is not None and o.power.mdes_points is not None:
        mdes = (
            f" This does not show the programme has no effect: with this many pupils only a change of about "
            f"{fmt_number(o.power.mdes_points, dp)} {units} or more could have been spotted."
        )
    return (
        f"{title}: no clear change. The average moved by {fmt_number(diff, dp)} {units} among {n} pupils, "
        f"which could easily happen by chance.{mdes}"
    )


def _plain_typical(o: Outcome, *, title: str, on: str, dp: int, units: str) -> str:
    """Governors' sentence when the Wilcoxon test is primary: the typical change (Hodges–Lehmann estimate)
    gives the direction and the figure; the mean is named only when it points the other way."""
    w = o.tests.wilcoxon if o.tests is not None else None
    est = w.estimate if w is not None and w.estimate is not None else 0.0
    lo, hi = w.ci95 if w is not None and w.ci95 is not None else (None, None)
    n = o.n
    zero = fmt_number(0.0, dp)

    def shown_zero(v: float) -> bool:  # judged on the figure the reader sees (uniroot leaves ±5e-5)
        return fmt_number(abs(v), dp) == zero

    moved = (
        f"no change ({zero} {units})"
        if shown_zero(est)
        else f"a {'rise' if est > 0 else 'fall'} of {fmt_number(abs(est), dp)} {units}"
    )
    typical = f"The typical change{on} among {n} pupils was {moved}"
    if lo is not None and hi is not None:
        typical += f", likely between {fmt_number(lo, dp)} and {fmt_number(hi, dp)} {units}"
    mean = o.change.mean
    note = ""
    if mean is not None and not shown_zero(est) and not shown_zero(mean) and (mean > 0) != (est > 0):
        note = (
            f" The average {'rose' if mean > 0 else 'fell'} by {fmt_number(abs(mean), dp)} {units}, pulled the other "
            "way by a few large changes; the test used here looks at the typical change."
        )
    if o.verdict == "improved":
        label = f", of {o.effect_size.label} size" if o.effect_size.label else ""
        return f"{title}: scores improved. {typical}. This is a clear change{label}.{note}"
    if o.verdict == "worsened":
        return (
            f"{title}: scores got worse. {typical}. This is a clear change.{note} These data cannot tell us whether "
            "the programme, the time of year or something else lies behind it."
        )
    mdes = ""
    if o.power is not None and o.power.mdes_points is not None:
        mdes = (
            f" This does not show the programme has no effect: with this many pupils only a change of about "
            f"{fmt_number(o.power.mdes_points, dp)} {units} or more could have been spotted."
        )
    return f"{title}: no clear change. {typical}, which could easily happen by chance.{note}{mdes}"
