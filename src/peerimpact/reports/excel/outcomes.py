"""The compare workbook's Outcomes and Subgroups sheets: the paired table (one row per outcome, every figure
read straight from an :class:`~peerimpact.results.Outcome`) and, for a comparison-group design, the ANCOVA
rows below it on the Outcomes sheet."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from peerimpact.comparison.model import CompareRun
from peerimpact.reports.excel.sheet import DASH, F1, F2, F3, INT, M2, R2, Sheet, ci_text
from peerimpact.reports.excel.supporting import WWC_WORDS
from peerimpact.results import Ancova, Outcome
from peerimpact.wording.numbers import fmt_p
from peerimpact.wording.verdicts import not_tested_words

__all__ = ["outcomes_sheet", "subgroups_sheet"]

_TEST_WORDS = {
    "paired_t": "paired t-test",
    "wilcoxon": "Wilcoxon signed-rank",
    "ancova": "ANCOVA",
    "mcnemar": "exact McNemar",
    "poisson_rate": "exact conditional test of two Poisson rates",
}
_ADJ_WORDS = {"holm": "Holm", "fdr_bh": "Benjamini–Hochberg", "none": "none"}
_VERDICT_WORDS = {
    "improved": "improved (statistically significant)",
    "worsened": "worsened (statistically significant)",
    "no_significant_change": "no statistically significant change",
}


def _exposure_words(o: Outcome) -> str | None:
    r = o.poisson_rate
    if r is None:
        return None
    return "weekdays per pupil" if r.exposure_unit == "weekdays" else "possible sessions"


def _verdict_words(o: Outcome) -> str:
    return not_tested_words(o) if o.verdict == "not_tested" else _VERDICT_WORDS[o.verdict]


# ------------------------------------------------------------------------------------------- small pieces
def _lo(ci: Any) -> Any:
    return None if ci is None else ci[0]


def _hi(ci: Any) -> Any:
    return None if ci is None else ci[1]


def _group_words(group: str, design: str) -> str:
    if group == "all":
        return "programme pupils" if design == "comparison_group" else "all pupils"
    if group == "comparison_arm":
        return "comparison pupils"
    column, _, level = group.partition("=")
    return f"{column} = {level}"


def _adjustment(o: Outcome, primary: str | None) -> str | None:
    if o.adjustment is None or o.p_adjusted is None:
        return None
    if o.adjustment == "none" and o.measure == primary:
        return "none (primary outcome)"
    return _ADJ_WORDS.get(o.adjustment, o.adjustment)


def _p_text(p: float | None, alpha: float) -> str | None:
    return None if p is None else fmt_p(p, alpha)


# (heading, block, width, getter, number format; "dp" = the measure's own 1- or 2-dp format)
Column = tuple[str, str, float, Callable[[Outcome], Any], str | None]


def _context_words(o: Outcome) -> str | None:
    """The dose and norm sentences, as the terminal prints them under the outcome."""
    parts = [x.summary for x in (o.dose, o.norm_comparison) if x is not None and x.summary]
    return " ".join(parts) or None


def _paired_columns(run: CompareRun) -> list[Column]:
    """The Outcomes/Subgroups columns, each read straight from an :class:`Outcome`."""
    a = run.alpha

    def t(o: Outcome) -> Any:
        return o.tests

    def es(o: Outcome) -> Any:
        return o.effect_size

    def rel(o: Outcome, wave: str) -> Any:
        return None if o.reliability is None else getattr(o.reliability, wave)

    def wmethod(o: Outcome) -> str | None:
        w = None if o.tests is None else o.tests.wilcoxon
        if w is None or w.p_value is None:
            return None
        return "exact" if w.exact else "normal approx."

    cols: list[Column] = [
        ("Measure", "Outcome", 18, lambda o: o.measure, None),
        ("Group", "Outcome", 20, lambda o: _group_words(o.group, run.design), None),
        ("Title", "Outcome", 26, lambda o: o.title or o.measure, None),
        ("n pairs", "Outcome", 7, lambda o: o.n, INT),
        ("Mean", "First survey", 8, lambda o: o.pre.mean, "dp"),
        ("SD", "First survey", 8, lambda o: o.pre.sd, "dp"),
        ("Median", "First survey", 8, lambda o: o.pre.median, "dp"),
        ("Mean", "Second survey", 8, lambda o: o.post.mean, "dp"),
        ("SD", "Second survey", 8, lambda o: o.post.sd, "dp"),
        ("Median", "Second survey", 8, lambda o: o.post.median, "dp"),
        ("r (pre, post)", "Second survey", 8, lambda o: o.r, R2),
        ("Mean change", "Change (second − first)", 9, lambda o: o.change.mean, "dp"),
        ("95% CI low", "Change (second − first)", 9, lambda o: _lo(o.change.ci95), "dp"),
        ("95% CI high", "Change (second − first)", 9, lambda o: _hi(o.change.ci95), "dp"),
        ("t", "Paired t-test", 8, lambda o: t(o) and t(o).paired_t.statistic, F2),
        ("df", "Paired t-test", 6, lambda o: t(o) and t(o).paired_t.df, INT),
        ("p", "Paired t-test", 8, lambda o: t(o) and t(o).paired_t.p_value, F3),
        ("V", "Wilcoxon signed-rank", 8, lambda o: t(o) and t(o).wilcoxon.statistic, "General"),
        ("p", "Wilcoxon signed-rank", 8, lambda o: t(o) and t(o).wilcoxon.p_value, F3),
        ("p from", "Wilcoxon signed-rank", 16, wmethod, None),
        (
            "Hodges–Lehmann estimate",
            "Wilcoxon signed-rank",
            10,
            lambda o: t(o) and t(o).wilcoxon.estimate,
            "dp",
        ),
        ("HL CI low", "Wilcoxon signed-rank", 9, lambda o: t(o) and _lo(t(o).wilcoxon.ci95), "dp"),
        ("HL CI high", "Wilcoxon signed-rank", 9, lambda o: t(o) and _hi(t(o).wilcoxon.ci95), "dp"),
        ("Shapiro–Wilk p", "Normality of changes", 10, lambda o: t(o) and t(o).shapiro_wilk_diff.p_value, F3),
        (
            "Primary test",
            "Primary test and multiplicity",
            14,
            lambda o: _TEST_WORDS.get(o.primary_test or ""),
            None,
        ),
        ("p", "Primary test and multiplicity", 8, lambda o: o.p_value, F3),
        ("p (text)", "Primary test and multiplicity", 8, lambda o: _p_text(o.p_value, a), None),
        ("Adjusted p", "Primary test and multiplicity", 9, lambda o: o.p_adjusted, F3),
        ("Adjusted p (text)", "Primary test and multiplicity", 9, lambda o: _p_text(o.p_adjusted, a), None),
        ("Adjustment", "Primary test and multiplicity", 17, lambda o: _adjustment(o, run.primary), None),
        ("d_z", "Effect sizes (Lakens 2013)", 8, lambda o: es(o).d_z, F2),
        ("d_z CI low", "Effect sizes (Lakens 2013)", 8, lambda o: _lo(es(o).d_z_ci95), F2),
        ("d_z CI high", "Effect sizes (Lakens 2013)", 8, lambda o: _hi(es(o).d_z_ci95), F2),
        ("d_av", "Effect sizes (Lakens 2013)", 8, lambda o: es(o).d_av, F2),
        ("g_av", "Effect sizes (Lakens 2013)", 8, lambda o: es(o).g_av, F2),
        ("g_av CI low", "Effect sizes (Lakens 2013)", 8, lambda o: _lo(es(o).g_av_ci95), F2),
        ("g_av CI high", "Effect sizes (Lakens 2013)", 8, lambda o: _hi(es(o).g_av_ci95), F2),
        ("Hedges' g_z", "Effect sizes (Lakens 2013)", 8, lambda o: es(o).hedges_g_z, F2),
        ("Size (|g_av|, Cohen 1988)", "Effect sizes (Lakens 2013)", 11, lambda o: es(o).label, None),
        ("MDES d_z", "Power 80%", 8, lambda o: o.power and o.power.mdes_d_z, F2),
        ("MDES points", "Power 80%", 8, lambda o: o.power and o.power.mdes_points, "dp"),
        ("α first", "Cronbach's alpha", 7, lambda o: (r := rel(o, "pre")) and r.alpha, R2),
        ("95% CI", "Cronbach's alpha", 11, lambda o: ci_text(rel(o, "pre"), R2), None),
        ("n first", "Cronbach's alpha", 7, lambda o: (r := rel(o, "pre")) and r.n, INT),
        ("α second", "Cronbach's alpha", 7, lambda o: (r := rel(o, "post")) and r.alpha, R2),
        ("95% CI", "Cronbach's alpha", 11, lambda o: ci_text(rel(o, "post"), R2), None),
        ("n second", "Cronbach's alpha", 7, lambda o: (r := rel(o, "post")) and r.n, INT),
        ("Rate ratio", "Rates (second / first)", 8, lambda o: (r := o.poisson_rate) and r.rate_ratio, F2),
        ("RR CI low", "Rates (second / first)", 8, lambda o: (r := o.poisson_rate) and _lo(r.ci95), F2),
        ("RR CI high", "Rates (second / first)", 8, lambda o: (r := o.poisson_rate) and _hi(r.ci95), F2),
        ("Events first", "Rates (second / first)", 8, lambda o: (r := o.poisson_rate) and r.count_pre, INT),
        ("Events second", "Rates (second / first)", 8, lambda o: (r := o.poisson_rate) and r.count_post, INT),
        ("Exposure", "Rates (second / first)", 14, _exposure_words, None),
        ("Became", "Transitions (yes/no status)", 8, lambda o: (m := o.mcnemar) and m.became, INT),
        ("Left", "Transitions (yes/no status)", 8, lambda o: (m := o.mcnemar) and m.left, INT),
        ("Stayed", "Transitions (yes/no status)", 8, lambda o: (m := o.mcnemar) and m.stayed, INT),
        ("Never", "Transitions (yes/no status)", 8, lambda o: (m := o.mcnemar) and m.never, INT),
        ("Dose column", "Dose (exploratory: change ~ dose)", 12, lambda o: (d := o.dose) and d.column, None),
        ("Slope", "Dose (exploratory: change ~ dose)", 8, lambda o: (d := o.dose) and d.slope, F2),
        ("Slope CI low", "Dose (exploratory: change ~ dose)", 8, lambda o: (d := o.dose) and _lo(d.ci95), F2),
        (
            "Slope CI high",
            "Dose (exploratory: change ~ dose)",
            8,
            lambda o: (d := o.dose) and _hi(d.ci95),
            F2,
        ),
        ("p", "Dose (exploratory: change ~ dose)", 8, lambda o: (d := o.dose) and d.p_value, F3),
        ("n", "Dose (exploratory: change ~ dose)", 6, lambda o: (d := o.dose) and d.n, INT),
        (
            "Norm mean",
            "Published norm (context, not an effect)",
            8,
            lambda o: (c := o.norm_comparison) and c.norm_mean,
            "dp",
        ),
        (
            "Ages",
            "Published norm (context, not an effect)",
            8,
            lambda o: (c := o.norm_comparison) and c.ages,
            None,
        ),
        (
            "Difference first",
            "Published norm (context, not an effect)",
            9,
            lambda o: (c := o.norm_comparison) and c.pre.difference,
            "dp",
        ),
        (
            "p first",
            "Published norm (context, not an effect)",
            8,
            lambda o: (c := o.norm_comparison) and c.pre.p_value,
            F3,
        ),
        (
            "Difference second",
            "Published norm (context, not an effect)",
            9,
            lambda o: (c := o.norm_comparison) and c.post.difference,
            "dp",
        ),
        (
            "p second",
            "Published norm (context, not an effect)",
            8,
            lambda o: (c := o.norm_comparison) and c.post.p_value,
            F3,
        ),
        ("Verdict", "Result", 20, _verdict_words, None),
        ("Detail (for the SMHL)", "Result", 110, lambda o: o.detail, None),
        ("Dose and norm (context)", "Result", 110, _context_words, None),
    ]
    return cols


_COUNT_HEADINGS = {"Measure", "Group", "Title", "n pairs", "Verdict"}
_WRAPPED = {"Group", "Title", "Verdict", "Adjustment", "Primary test"}


def _write_outcome_table(
    sh: Sheet,
    cols: list[Column],
    outcomes: Sequence[Outcome],
    *,
    counts_only_below: int = 0,
) -> None:
    """Two header rows (block, column) and one row per outcome; None is shown as "–", never "nan"."""
    blocks: list[str | None] = []
    last = None
    for _h, block, *_rest in cols:
        blocks.append(block if block != last else None)
        last = block
    shade = [i for i, b in enumerate(blocks) if b is not None]
    fills = {}
    for k, start in enumerate(shade):
        end = shade[k + 1] if k + 1 < len(shade) else len(cols)
        for j in range(start, end):
            fills[j] = "DDEBF7" if k % 2 == 0 else "E2EFDA"
    sh.append([sh.cell(b, bold=True, fill=fills[j]) for j, b in enumerate(blocks)])
    sh.append([sh.cell(h, bold=True, wrap=True, fill=fills[j]) for j, (h, *_r) in enumerate(cols)], height=46)
    for o in outcomes:
        hide = o.n < counts_only_below or (counts_only_below and o.suppressed)
        row = []
        for heading, _b, _w, get, fmt in cols:
            if hide and heading not in _COUNT_HEADINGS:
                value = (
                    "Fewer than 5 pupils with both surveys: counts only, not tested."
                    if heading.startswith("Detail")
                    else None
                )
                row.append(sh.cell(value, wrap=True))
                continue
            value = get(o)
            if fmt == "dp":
                fmt = M2 if o.dp == 2 else F1
            if heading.endswith("(text)"):
                fmt = "right"
            row.append(
                sh.cell(value, fmt, missing=DASH, wrap=heading in _WRAPPED or heading.startswith("Detail"))
            )
        sh.append(row, height=sh.height_for(o.detail if not hide else "", 110))


def _an(o: Outcome) -> Ancova:
    assert o.ancova is not None
    return o.ancova


def _ancova_table(sh: Sheet, run: CompareRun, ncols: int) -> None:
    """The comparison-group rows under their own header, laid into the paired table's columns (so that wide
    texts land in wide columns): Verdict and Detail in the last two columns."""
    be = run.extras.get("baseline_equivalence", {})
    comp = run.extras.get("comparison") or {}
    groups = " / ".join([*comp.get("programme_values", []), comp.get("comparison_value", "")]).strip(" /")

    def dp(o: Outcome) -> str:
        return M2 if o.dp == 2 else F1

    def base(o: Outcome, key: str) -> Any:
        return (be.get(o.measure) or {}).get(key)

    # (column index in the paired table, heading, getter, format): headings short enough for their column
    cols: list[tuple[int, str, Callable[[Outcome], Any], Any]] = [
        (0, "Measure", lambda o: o.measure, None),
        (1, "Groups", lambda o: groups or None, None),
        (2, "Title", lambda o: o.title or o.measure, None),
        (3, "n prog.", lambda o: _an(o).n_treatment, INT),
        (4, "n comp.", lambda o: _an(o).n_comparison, INT),
        (5, "Adj. diff.", lambda o: _an(o).adjusted_difference, dp),
        (6, "95% CI low", lambda o: _lo(_an(o).ci95), dp),
        (7, "95% CI high", lambda o: _hi(_an(o).ci95), dp),
        (8, "SE", lambda o: _an(o).se, dp),
        (9, "F", lambda o: _an(o).statistic, F2),
        (10, "df1", lambda o: _an(o).df_num, INT),
        (11, "df2", lambda o: _an(o).df, INT),
        (12, "p", lambda o: o.p_value, F3),
        (13, "p (text)", lambda o: _p_text(o.p_value, run.alpha), None),
        (14, "Adj. p", lambda o: o.p_adjusted, F3),
        (16, "Adj. p (text)", lambda o: _p_text(o.p_adjusted, run.alpha), None),
        (19, "Adjustment", lambda o: _adjustment(o, run.primary), None),
        (21, "Hedges' g", lambda o: _an(o).hedges_g, F2),
        (22, "g 95% CI low", lambda o: _lo(_an(o).hedges_g_ci95), F2),
        (23, "g 95% CI high", lambda o: _hi(_an(o).hedges_g_ci95), F2),
        (27, "Baseline diff. (SD units)", lambda o: base(o, "effect_size"), F2),
        (29, "Baseline equivalence (WWC)", lambda o: WWC_WORDS.get(base(o, "classification") or ""), None),
        (30, "MDD g (80% power)", lambda o: o.power and o.power.mdes_d_z, F2),
        (31, "MDD points", lambda o: o.power and o.power.mdes_points, dp),
        (ncols - 2, "Verdict", _verdict_words, None),
        (ncols - 1, "Detail (for the SMHL)", lambda o: o.detail, None),
    ]
    sh.append([])
    sh.append(
        [
            sh.cell(
                "Comparison group — the primary results: ANCOVA of second-survey scores adjusted for "
                "first-survey scores (programme − comparison); the --primary measure unadjusted, Holm across "
                "the others; the rows above are each arm's own change (secondary)",
                bold=True,
                size=12,
            )
        ],
        height=20,
    )
    heads: list[Any] = [None] * ncols
    for j, h, _g, _f in cols:
        heads[j] = sh.cell(h, bold=True, wrap=True, fill="FCE4D6")
    sh.append(heads, height=45)
    for o in run.comparison:
        cells: list[Any] = [None] * ncols
        for j, h, get, fmt in cols:
            f = "right" if h.endswith("(text)") else fmt(o) if callable(fmt) else fmt
            wrap = h.startswith(("Detail", "Baseline equivalence")) or h in _WRAPPED
            cells[j] = sh.cell(get(o) if o.ancova else None, f, missing=DASH, wrap=wrap)
        sh.append(cells, height=sh.height_for(o.detail, 110))


# ------------------------------------------------------------------------------------------------ sheets
def outcomes_sheet(wb: Any, run: CompareRun) -> None:
    cols = _paired_columns(run)
    sh = Sheet(wb, "Outcomes", [c[2] for c in cols], freeze="D3", landscape=True, fit_width=4)
    sh.ws.print_title_cols = "A:A"
    sh.ws.print_title_rows = f"1:{2 + sh.top}"
    # a comparison design: each arm's own paired change (secondary) in the paired table, the ANCOVA below
    _write_outcome_table(sh, cols, [*run.overall, *run.comparison_arm])
    if run.comparison:
        _ancova_table(sh, run, len(cols))


def subgroups_sheet(wb: Any, run: CompareRun) -> None:
    cols = _paired_columns(run)
    sh = Sheet(wb, "Subgroups", [c[2] for c in cols], freeze="D4", landscape=True, fit_width=4)
    sh.ws.print_title_cols = "A:B"
    sh.ws.print_title_rows = f"{2 + sh.top}:{3 + sh.top}"
    sh.append([sh.cell("Exploratory: Benjamini–Hochberg-adjusted across all subgroups", bold=True, size=12)])
    if not run.subgroups:
        sh.append([sh.cell("No subgroup breakdown was asked for (--group-column).", italic=True)])
        return
    _write_outcome_table(sh, cols, run.subgroups)
