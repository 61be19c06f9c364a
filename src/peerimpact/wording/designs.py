"""Sentences for the designs beyond one group's before and after (reporting.md §5): a comparison group's
ANCOVA (template 6), a share of pupils in a state such as persistent absence, and counts per exposure
such as behaviour referrals per 100 sessions.

Same rules as :mod:`peerimpact.wording.verdicts`: "clear" only from the adjusted test; a result that is
not clear gives the smallest effect the sample could detect; pupils are "similar" only when WWC baseline
equivalence holds.
"""

from __future__ import annotations

from peerimpact.results import Outcome
from peerimpact.wording.numbers import fmt_ci, fmt_number, fmt_opt, p_eq
from peerimpact.wording.verdicts import ADJUSTMENT_NAMES, MIN_PAIRS_TO_TEST

__all__ = ["ancova_sentences", "count_sentences", "rate_dp", "status_sentences"]


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
        f", {ADJUSTMENT_NAMES[o.adjustment]}-adjusted p {p_eq(o.p_adjusted, alpha)}"
        if o.p_adjusted is not None and o.adjustment in ADJUSTMENT_NAMES
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
