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
    "COMPARISON_NOTE",
    "MIN_PAIRS_TO_TEST",
    "NOT_TESTED_WORDS",
    "SINGLE_GROUP_NOTE",
    "ancova_sentences",
    "count_sentences",
    "detail_sentence",
    "not_tested_reason",
    "not_tested_words",
    "plain_sentence",
    "rate_dp",
    "status_sentences",
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
    if o.p_adjusted is not None and o.adjustment in _ADJ_NAMES:
        text += f", {_ADJ_NAMES[o.adjustment]}-adjusted p {p_eq(o.p_adjusted, alpha)}"
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


_WWC_WORDS = {
    "satisfied": "satisfied",
    "adjustment_required": "satisfied only with the first-survey adjustment",
    "not_satisfied": "not satisfied",
}


def _compared_with(o: Outcome, n_c: int, dp: int) -> str:
    """Who the programme pupils are compared with: "similar" only when WWC baseline equivalence holds."""
    be = o.baseline_equivalence
    cls = None if be is None else be.classification
    gap = None if be is None else be.effect_size
    if cls == "satisfied":
        return f"{n_c} similar pupils who did not take part"
    if gap is None or cls is None:
        return f"{n_c} pupils who did not take part"
    side = "higher" if gap > 0 else "lower"
    size = fmt_number(abs(gap), 2)
    if cls == "adjustment_required":
        return (
            f"{n_c} pupils who did not take part (programme pupils started {size} SD {side}, a gap the "
            "comparison allows for)"
        )
    return (
        f"{n_c} pupils who did not take part, although programme pupils started {size} SD {side} — too far "
        "apart for a fair comparison (What Works Clearinghouse)"
    )


def ancova_sentences(o: Outcome, *, title: str, alpha: float, dp: int = 1) -> tuple[str, str]:
    """(SMHL sentence, governors' sentence) for a comparison-group ANCOVA row (reporting.md §5 template 6).

    The ANCOVA is the outcome's primary result in a comparison design; pupils are called "similar" only when
    baseline equivalence is satisfied (otherwise the gap is given), and a result that is not clear states
    the smallest difference between the arms this sample could detect (80% power, pre-test R²)."""
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
    adj = (
        f", {_ADJ_NAMES[o.adjustment]}-adjusted p {p_eq(o.p_adjusted, alpha)}"
        if o.p_adjusted is not None and o.adjustment in _ADJ_NAMES
        else ""
    )
    g = f"; Hedges' g = {fmt_opt(a.hedges_g, 2)}, {fmt_ci(a.hedges_g_ci95, 2)}"
    be = o.baseline_equivalence
    base = ""
    if be is not None and be.effect_size is not None:
        base = (
            f" Baseline difference {fmt_number(be.effect_size, 2)} SD "
            f"({_WWC_WORDS.get(be.classification or '', 'not classified')})."
        )
    clear = o.verdict in ("improved", "worsened")
    mdd = ""
    mdd_plain = ""
    pw = o.power
    if not clear and pw is not None and pw.mdes_d_z is not None:
        pts = f" (about {fmt_number(pw.mdes_points, dp)} points)" if pw.mdes_points is not None else ""
        mdd = (
            f" With {a.n_treatment} and {a.n_comparison} pupils this comparison had 80% power "
            f"(α = {fmt_number(alpha, 2, leading_zero=False)}) only for differences of g ≥ "
            f"{fmt_number(pw.mdes_d_z, 2)}{pts}."
        )
        if pw.mdes_points is not None:
            mdd_plain = (
                " With this many pupils only a difference of about "
                f"{fmt_number(pw.mdes_points, dp)} points or more could have been spotted."
            )
    detail = (
        f"{title}: adjusting for the first survey, programme pupils' second-survey scores were "
        f"{fmt_number(abs(diff), dp)} points {side} than the comparison group's ({ci}; {f_text}{adj}{g}; "
        f"{a.n_treatment} programme and {a.n_comparison} comparison pupils)."
        + base
        + (" A statistically significant difference." if clear else " Not statistically significant.")
        + mdd
    )
    lo, hi = a.ci95 if a.ci95 else (None, None)
    plain = (
        f"Compared with {_compared_with(o, a.n_comparison, dp)}, and allowing for where each pupil "
        f"started, programme pupils ended {fmt_number(abs(diff), dp)} points {side} on {title}, likely between "
        f"{fmt_opt(lo, dp)} and {fmt_opt(hi, dp)} points: "
        + ("a clear difference." if clear else "not a clear difference.")
        + mdd_plain
        + " The groups were not chosen at random, so other differences between them could explain part of this."
    )
    return detail, plain


def status_sentences(o: Outcome, *, title: str, alpha: float, state: str) -> tuple[str, str]:
    """A yes/no status before and after (persistent absence; reporting.md §5 template 8)."""
    m = o.mcnemar
    n = o.n
    if m is None or n == 0:
        text = f"{title}: no pupils with a status at both times."
        return text, text
    pre = round(100 * (o.pre.mean or 0))
    post = round(100 * (o.post.mean or 0))
    moves = (
        f"{m.left} pupils stopped being {state} and {m.became} became {state}; {m.stayed} were {state} both "
        f"times and {m.never} neither time"
    )
    if o.verdict == "not_tested" or o.p_value is None:
        why = "too few pupils to test" if n < MIN_PAIRS_TO_TEST else "no pupil changed status"
        detail = f"{title}: {pre}% → {post}% of {n} pupils; {moves}. Not tested ({why})."
        return detail, f"{title}: {pre}% of {n} pupils before and {post}% after; {moves}."
    adj = f", Holm-adjusted p {p_eq(o.p_adjusted, alpha)}" if o.p_adjusted is not None else ""
    clear = o.verdict in ("improved", "worsened")
    detail = (
        f"{title}: {pre}% → {post}% of {n} pupils; {moves}; exact McNemar test p {p_eq(o.p_value, alpha)}{adj}. "
        + ("A statistically significant change." if clear else "Not statistically significant.")
    )
    plain = f"{title}: {pre}% of {n} pupils before and {post}% after; {moves}. " + (
        "This is a clear change." if clear else "This is not a clear change."
    )
    return detail, plain


def rate_dp(rate_pre: float, rate_post: float) -> int:
    """Decimals for a rate per 100 sessions: two when both are below 10 (keep two figures when small), else
    one.  The one rule for the sentences and for every table that prints the same rates beside them."""
    return 2 if max(rate_pre, rate_post) < 0.1 else 1


def count_sentences(o: Outcome, *, title: str, alpha: float) -> tuple[str, str]:
    """Events per pupil in two periods (behaviour referrals; reporting.md §5 template 9)."""
    r = o.poisson_rate
    if r is None:
        why = (
            f"too few pupils to compare rates (≥ {MIN_PAIRS_TO_TEST} needed)"
            if o.not_tested_reason == "fewer_than_5_pairs" or o.n < MIN_PAIRS_TO_TEST
            else "no exposure to compare rates (no attendance figures and no dates for the two periods)"
        )
        text = f"{title}: {o.n} pupils; {why}."
        return text, text
    days = r.exposure_unit == "weekdays"
    per = "per 100 pupil school days" if days else "per 100 possible sessions"
    per_plain = "per 100 pupil school days" if days else "per 100 half-day sessions"
    basis = (
        " (no attendance file: exposure is the weekdays, Mon–Fri, in each period for every pupil)"
        if days
        else ""
    )
    ratio = r.rate_ratio
    rr = "not computable" if ratio is None else fmt_number(ratio, 2)
    ci = fmt_ci(r.ci95, 2)
    adj = f", Holm-adjusted p {p_eq(o.p_adjusted, alpha)}" if o.p_adjusted is not None else ""
    w = o.tests.wilcoxon if o.tests is not None else None
    wtext = (
        f"; Wilcoxon signed-rank on per-pupil counts V = {fmt_number(w.statistic, 0)}, p {p_eq(w.p_value, alpha)}"
        if w is not None and w.statistic is not None and w.p_value is not None
        else ""
    )
    clear = o.verdict in ("improved", "worsened")
    sdp = rate_dp(r.rate_pre, r.rate_post)
    detail = (
        f"{title}: {r.count_pre} before ({fmt_number(100 * r.rate_pre, sdp)} {per}) and "
        f"{r.count_post} after ({fmt_number(100 * r.rate_post, sdp)}) among {o.n} pupils{basis}; rate ratio {rr}, {ci}, exact conditional test "
        f"p {p_eq(r.p_value, alpha) if r.p_value is not None else '= not computable'}{adj}{wtext}. "
        + ("A statistically significant change." if clear else "Not statistically significant.")
    )
    if ratio is None:
        return detail, detail
    pct = round(abs(1 - ratio) * 100)
    rdp = rate_dp(r.rate_pre, r.rate_post)
    direction = "fewer" if ratio < 1 else "more"
    before, after = fmt_number(100 * r.rate_pre, rdp), fmt_number(100 * r.rate_post, rdp)
    # a reader dividing the printed rates should get the printed share, or be told why not (SPEC §6.1)
    as_printed = None if float(before) == 0 else round(abs(1 - float(after) / float(before)) * 100)
    why = "" if as_printed in (None, pct) else " (worked out from the rates before rounding)"
    plain = (
        f"{title} {'fell' if ratio < 1 else 'rose'} from {before} to "
        f"{after} {per_plain}, about {pct}% {direction}{why}"
        + ("; a clear change." if clear else "; not a clear change.")
    )
    return detail, plain
