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

from peerimpact._format import fmt_ci, fmt_number, fmt_opt, p_eq
from peerimpact.results import Outcome

__all__ = [
    "COMPARISON_NOTE",
    "MIN_PAIRS_TO_TEST",
    "SINGLE_GROUP_NOTE",
    "ancova_sentences",
    "detail_sentence",
    "plain_sentence",
    "verdict",
]

MIN_PAIRS_TO_TEST = 5

SINGLE_GROUP_NOTE = (
    "Design: single-group pre/post. No comparison group, so change cannot be attributed to the programme."
)
COMPARISON_NOTE = (
    "Design: pre/post with a comparison group (not randomised): the adjusted difference compares similar "
    "pupils, but other differences between the groups could explain part of it."
)

_TEST_NAMES = {"paired_t": "paired t-test", "wilcoxon": "Wilcoxon signed-rank test"}
_ADJ_NAMES = {"holm": "Holm", "fdr_bh": "Benjamini–Hochberg"}


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


def _tests_text(o: Outcome, alpha: float) -> str:
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
        parts.append(f"Wilcoxon signed-rank V = {vtxt}, p {p_eq(w.p_value, alpha)} ({how})")
    text = "; ".join(parts)
    if o.primary_test in _TEST_NAMES:
        text += f"; primary test: {_TEST_NAMES[o.primary_test]}"
    if o.p_adjusted is not None and o.adjustment in _ADJ_NAMES:
        text += f", {_ADJ_NAMES[o.adjustment]}-adjusted p {p_eq(o.p_adjusted, alpha)}"
    return text


def detail_sentence(o: Outcome, *, title: str, alpha: float, dp: int = 1) -> str:
    """The SMHL's sentence (reporting.md §5 S): figures, tests, effect sizes and the verdict."""
    n = o.n
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
        f"M = {fmt_opt(o.post.mean, dp)} (SD = {fmt_opt(o.post.sd, dp)}) after, among {n} pupils with both "
        f"surveys; mean change {fmt_opt(o.change.mean, dp)} points, {fmt_ci(o.change.ci95, dp)}"
    )
    tests = _tests_text(o, alpha)
    sizes = f"g_av = {fmt_opt(es.g_av, 2)}, {fmt_ci(es.g_av_ci95, 2)}; d_z = {fmt_opt(es.d_z, 2)}"
    text = f"{head}; {tests}; {sizes}."
    if o.verdict in ("improved", "worsened"):
        word = "improvement" if o.verdict == "improved" else "worsening"
        size = f" of {es.label} size (Cohen, 1988)" if es.label else ""
        text += f" A statistically significant {word}{size}."
    else:
        text += " Not statistically significant."
        if o.power is not None and o.power.mdes_d_z is not None:
            pts = f" (about {fmt_number(o.power.mdes_points, dp)} points)" if o.power.mdes_points else ""
            text += (
                f" With {n} pairs this analysis had 80% power (α = {fmt_number(alpha, 2, leading_zero=False)}) "
                f"only for changes of d_z ≥ {fmt_number(o.power.mdes_d_z, 2)}{pts}."
            )
    return text


def _likely(lo: float | None, hi: float | None, dp: int) -> str:
    if lo is None or hi is None:
        return ""
    return f"; the true average change is likely to be between {fmt_number(lo, dp)} and {fmt_number(hi, dp)} points"


def plain_sentence(o: Outcome, *, title: str, scale_range: str | None, dp: int = 1) -> str:
    """The governors' sentence (reporting.md §5 G): no p-values, "clear change" / "no clear change"."""
    n = o.n
    if o.verdict == "not_tested":
        return f"Only {n} pupils answered both {title} questionnaires, too few to say whether scores changed."
    diff = o.change.mean or 0.0
    lo, hi = o.change.ci95 if o.change.ci95 else (None, None)
    on = f" on a {scale_range} scale" if scale_range else ""
    if o.verdict == "improved":
        label = f", of {o.effect_size.label} size" if o.effect_size.label else ""
        return (
            f"{title}: scores improved. The average {'rose' if diff > 0 else 'fell'} by "
            f"{fmt_number(abs(diff), dp)} points{on} among {n} pupils{_likely(lo, hi, dp)}. "
            f"This is a clear change{label}."
        )
    if o.verdict == "worsened":
        return (
            f"{title}: scores got worse. The average {'rose' if diff > 0 else 'fell'} by "
            f"{fmt_number(abs(diff), dp)} points{on} among {n} pupils{_likely(lo, hi, dp)}. This is a clear "
            "change. These data cannot tell us whether the programme, the time of year or something else lies "
            "behind it."
        )
    mdes = ""
    if o.power is not None and o.power.mdes_points is not None:
        mdes = (
            f" This does not show the programme has no effect: with this many pupils only a change of about "
            f"{fmt_number(o.power.mdes_points, dp)} points or more could have been spotted."
        )
    return (
        f"{title}: no clear change. The average moved by {fmt_number(diff, dp)} points among {n} pupils, "
        f"which could easily happen by chance.{mdes}"
    )


def ancova_sentences(o: Outcome, *, title: str, alpha: float, dp: int = 1) -> tuple[str, str]:
    """(SMHL sentence, governors' sentence) for a comparison-group ANCOVA row (reporting.md §5 template 6)."""
    a = o.ancova
    if a is None or a.adjusted_difference is None:
        text = f"{title}: too few pupils in one of the groups for a comparison-group analysis."
        return text, text
    diff = a.adjusted_difference
    side = "higher" if diff > 0 else "lower"
    ci = fmt_ci(a.ci95, dp)
    f_text = (
        f"F(1, {a.df}) = {fmt_number(a.statistic, 2)}, p {p_eq(a.p_value, alpha)}"
        if a.statistic is not None and a.p_value is not None and a.df is not None
        else "not computable"
    )
    adj = f", Holm-adjusted p {p_eq(o.p_adjusted, alpha)}" if o.p_adjusted is not None else ""
    g = f"; Hedges' g = {fmt_opt(a.hedges_g, 2)}, {fmt_ci(a.hedges_g_ci95, 2)}"
    clear = o.verdict in ("improved", "worsened")
    detail = (
        f"{title}: adjusting for the first survey, programme pupils' second-survey scores were "
        f"{fmt_number(abs(diff), dp)} points {side} than the comparison group's ({ci}; {f_text}{adj}{g}; "
        f"{a.n_treatment} programme and {a.n_comparison} comparison pupils). "
        + ("A statistically significant difference." if clear else "Not statistically significant.")
    )
    lo, hi = a.ci95 if a.ci95 else (None, None)
    plain = (
        f"Compared with {a.n_comparison} similar pupils who did not take part, and allowing for where each pupil "
        f"started, programme pupils ended {fmt_number(abs(diff), dp)} points {side} on {title} (likely between "
        f"{fmt_opt(lo, dp)} and {fmt_opt(hi, dp)}): "
        + ("a clear difference." if clear else "not a clear difference.")
        + " The groups were not chosen at random, so other differences between them could explain part of this."
    )
    return detail, plain
