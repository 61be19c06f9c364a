"""The workbook ``peerimpact compare`` writes: a view of one :class:`~peerimpact.compare_results.CompareRun`.

Sheets, in order: Summary (governors' sentences, design note, caveats), Charts (native charts and the cells
they draw), Outcomes, Subgroups, Reliable change, Pupils, Attrition, Data issues, Method.  Nothing here
computes a statistic: every figure is read from the run.  Numbers are stored unrounded and shown through
number formats; p is kept as a number beside its APA text ("< .001" cannot be an Excel format).  Text from
the data is always stored as text, never as a formula (SPEC §7).  The file is written atomically and
byte-for-byte deterministic: fixed document times and fixed zip entry times.

Large tables (Pupils, Data issues) are streamed as sheet XML directly into the zip: openpyxl's write-only
mode manages about 7,000 rows a second, far too slow for 100,000 pupils.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from peerimpact import __version__
from peerimpact._files import write_atomic
from peerimpact._format import fmt_p
from peerimpact.compare_results import CompareRun
from peerimpact.issues import CODES
from peerimpact.reports import _excel_charts as charts
from peerimpact.reports._excel_charts import DASH, F1, F2, F3, INT, M2, PCT, R2, Sheet, measure_dp
from peerimpact.results import Outcome

__all__ = ["write_compare_workbook"]

_FIXED_TIME = datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TEST_WORDS = {"paired_t": "paired t-test", "wilcoxon": "Wilcoxon signed-rank", "ancova": "ANCOVA"}
_ADJ_WORDS = {"holm": "Holm", "fdr_bh": "Benjamini–Hochberg", "none": "none"}
_VERDICT_WORDS = {
    "improved": "improved (statistically significant)",
    "worsened": "worsened (statistically significant)",
    "no_significant_change": "no statistically significant change",
    "not_tested": "not tested (fewer than 5 pairs)",
}
_PLAIN_VERDICT = {
    "improved": "clear improvement",
    "worsened": "clear worsening",
    "no_significant_change": "no clear change",
    "not_tested": "too few pupils to test",
}
_BASIS = {
    "published": "published (the instrument's SD and reliability)",
    "sample": "sample (matched pupils' first-survey SD, first-survey Cronbach's alpha)",
}
_WWC = {
    "satisfied": "satisfied (≤ 0.05 SD)",
    "adjustment_required": "satisfied only with the pre-test adjustment (0.05–0.25 SD)",
    "not_satisfied": "not equivalent (> 0.25 SD)",
}


# ------------------------------------------------------------------------------------------- small pieces
def _lo(ci: Any) -> Any:
    return None if ci is None else ci[0]


def _hi(ci: Any) -> Any:
    return None if ci is None else ci[1]


def _group_words(group: str, design: str) -> str:
    if group == "all":
        return "programme pupils" if design == "comparison_group" else "all pupils"
    column, _, level = group.partition("=")
    return f"{column} = {level}"


def _adjustment(o: Outcome, primary: str | None) -> str | None:
    if o.adjustment is None:
        return None
    if o.adjustment == "none" and o.measure == primary:
        return "none (primary outcome)"
    return _ADJ_WORDS.get(o.adjustment, o.adjustment)


def _p_text(p: float | None, alpha: float) -> str | None:
    return None if p is None else fmt_p(p, alpha)


# (heading, block, width, getter, number format; "dp" = the measure's own 1- or 2-dp format)
Column = tuple[str, str, float, Callable[[Outcome], Any], str | None]


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
        return "exact" if w.exact else "normal approx. (continuity correction)"

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
        ("Shapiro–Wilk p", "Normality of changes", 10, lambda o: t(o) and t(o).shapiro_wilk_diff.p_value, F3),
        ("Primary test", "Primary test and multiplicity", 14, lambda o: _TEST_WORDS.get(o.primary_test or ""), None),
        ("p", "Primary test and multiplicity", 8, lambda o: o.p_value, F3),
        ("p (text)", "Primary test and multiplicity", 8, lambda o: _p_text(o.p_value, a), None),
        ("Adjusted p", "Primary test and multiplicity", 9, lambda o: o.p_adjusted, F3),
        ("Adjusted p (text)", "Primary test and multiplicity", 9, lambda o: _p_text(o.p_adjusted, a), None),
        ("Adjustment", "Primary test and multiplicity", 17, lambda o: _adjustment(o, run.primary), None),
        ("d_z", "Effect sizes (Lakens 2013)", 8, lambda o: es(o).d_z, F2),
        ("d_z 95% CI low", "Effect sizes (Lakens 2013)", 8, lambda o: _lo(es(o).d_z_ci95), F2),
        ("d_z 95% CI high", "Effect sizes (Lakens 2013)", 8, lambda o: _hi(es(o).d_z_ci95), F2),
        ("d_av", "Effect sizes (Lakens 2013)", 8, lambda o: es(o).d_av, F2),
        ("g_av", "Effect sizes (Lakens 2013)", 8, lambda o: es(o).g_av, F2),
        ("g_av 95% CI low", "Effect sizes (Lakens 2013)", 8, lambda o: _lo(es(o).g_av_ci95), F2),
        ("g_av 95% CI high", "Effect sizes (Lakens 2013)", 8, lambda o: _hi(es(o).g_av_ci95), F2),
        ("Hedges' g_z", "Effect sizes (Lakens 2013)", 8, lambda o: es(o).hedges_g_z, F2),
        ("Size (|g_av|, Cohen 1988)", "Effect sizes (Lakens 2013)", 11, lambda o: es(o).label, None),
        ("MDES d_z", "Power 80%", 8, lambda o: o.power and o.power.mdes_d_z, F2),
        ("MDES points", "Power 80%", 8, lambda o: o.power and o.power.mdes_points, "dp"),
        ("α first", "Cronbach's alpha", 7, lambda o: (r := rel(o, "pre")) and r.alpha, R2),
        ("95% CI", "Cronbach's alpha", 11, lambda o: charts.ci_text(rel(o, "pre"), R2), None),
        ("n first", "Cronbach's alpha", 7, lambda o: (r := rel(o, "pre")) and r.n, INT),
        ("α second", "Cronbach's alpha", 7, lambda o: (r := rel(o, "post")) and r.alpha, R2),
        ("95% CI", "Cronbach's alpha", 11, lambda o: charts.ci_text(rel(o, "post"), R2), None),
        ("n second", "Cronbach's alpha", 7, lambda o: (r := rel(o, "post")) and r.n, INT),
        ("Verdict", "Result", 20, lambda o: _VERDICT_WORDS[o.verdict], None),
        ("Detail (for the SMHL)", "Result", 110, lambda o: o.detail, None),
    ]
    return cols


_COUNT_HEADINGS = {"Measure", "Group", "Title", "n pairs", "Verdict"}


def _write_outcome_table(sh: Sheet, cols: list[Column], outcomes: Sequence[Outcome], dp_of: dict[str, int],
                         *, counts_only_below: int = 0) -> None:
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
    sh.append([sh.cell(h, bold=True, wrap=True, fill=fills[j]) for j, (h, *_r) in enumerate(cols)], height=32)
    for o in outcomes:
        hide = o.n < counts_only_below or (counts_only_below and o.suppressed)
        row = []
        for heading, _b, _w, get, fmt in cols:
            if hide and heading not in _COUNT_HEADINGS:
                value = "Fewer than 5 pupils with both surveys: counts only, not tested." if heading.startswith(
                    "Detail") else None
                row.append(sh.cell(value, wrap=True))
                continue
            value = get(o)
            if fmt == "dp":
                fmt = M2 if dp_of.get(o.measure, 1) == 2 else F1
            row.append(sh.cell(value, fmt, missing=DASH, wrap=heading.startswith("Detail")))
        sh.append(row, height=sh.height_for(o.detail if not hide else "", 110))


def _ancova_table(sh: Sheet, run: CompareRun, dp_of: dict[str, int]) -> None:
    be = run.extras.get("baseline_equivalence", {})

    def dp(o: Outcome) -> str:
        return M2 if dp_of.get(o.measure, 1) == 2 else F1

    def base(o: Outcome, key: str) -> Any:
        return (be.get(o.measure) or {}).get(key)

    cols: list[tuple[str, Callable[[Outcome], Any], Any]] = [
        ("Measure", lambda o: o.measure, None),
        ("Title", lambda o: o.title or o.measure, None),
        ("n programme", lambda o: o.ancova.n_treatment, INT),  # type: ignore[union-attr]
        ("n comparison", lambda o: o.ancova.n_comparison, INT),  # type: ignore[union-attr]
        ("Adjusted difference (programme − comparison)", lambda o: o.ancova.adjusted_difference, dp),  # type: ignore[union-attr]
        ("95% CI low", lambda o: _lo(o.ancova.ci95), dp),  # type: ignore[union-attr]
        ("95% CI high", lambda o: _hi(o.ancova.ci95), dp),  # type: ignore[union-attr]
        ("SE", lambda o: o.ancova.se, dp),  # type: ignore[union-attr]
        ("F", lambda o: o.ancova.statistic, F2),  # type: ignore[union-attr]
        ("df1", lambda o: o.ancova.df_num, INT),  # type: ignore[union-attr]
        ("df2", lambda o: o.ancova.df, INT),  # type: ignore[union-attr]
        ("p", lambda o: o.p_value, F3),
        ("p (text)", lambda o: _p_text(o.p_value, run.alpha), None),
        ("Adjusted p", lambda o: o.p_adjusted, F3),
        ("Adjusted p (text)", lambda o: _p_text(o.p_adjusted, run.alpha), None),
        ("Adjustment", lambda o: _adjustment(o, run.primary), None),
        ("Hedges' g", lambda o: o.ancova.hedges_g, F2),  # type: ignore[union-attr]
        ("g 95% CI low", lambda o: _lo(o.ancova.hedges_g_ci95), F2),  # type: ignore[union-attr]
        ("g 95% CI high", lambda o: _hi(o.ancova.hedges_g_ci95), F2),  # type: ignore[union-attr]
        ("Baseline difference (SD units)", lambda o: base(o, "effect_size"), F2),
        ("Baseline equivalence (WWC)", lambda o: _WWC.get(base(o, "classification") or ""), None),
        ("Verdict", lambda o: _VERDICT_WORDS[o.verdict], None),
        ("Detail (for the SMHL)", lambda o: o.detail, None),
    ]
    sh.append([])
    sh.append([sh.cell("Comparison group: ANCOVA of second-survey scores adjusted for first-survey scores "
                       "(programme − comparison); Holm-adjusted across measures", bold=True, size=12)])
    sh.append([sh.cell(h, bold=True, wrap=True, fill="FCE4D6") for h, _g, _f in cols], height=45)
    for o in run.comparison:
        cells = []
        for h, get, fmt in cols:
            f = fmt(o) if callable(fmt) else fmt
            cells.append(sh.cell(get(o) if o.ancova else None, f, missing=DASH, wrap=h.startswith("Detail")))
        sh.append(cells, height=sh.height_for(o.detail, 110))


# ------------------------------------------------------------------------------------------------ sheets
def _summary(wb: Any, run: CompareRun) -> None:
    sh = Sheet(wb, "Summary", [30, 105, 22], landscape=True, fit_width=True)
    pre = next((i for i in run.inputs if i.role == "pre"), None)
    post = next((i for i in run.inputs if i.role == "post"), None)
    sh.append([sh.cell("Pupils' questionnaire scores: first and second survey compared", bold=True, size=16)],
              height=26)
    files = " · ".join(f"{label}: {Path(i.path).name} ({i.rows} rows)" for label, i in
                       (("First survey", pre), ("Second survey", post)) if i is not None)
    sh.append([sh.cell(f"{files} · {run.matching.get('matched', '–')} pupils matched · peerimpact {__version__}",
                       italic=True)])
    sh.append([sh.cell("Design", bold=True), sh.cell(run.design_note, bold=True, wrap=True)],
              height=sh.height_for(run.design_note, 105, bold=True))
    sh.append([])
    who = "programme pupils" if run.design == "comparison_group" else "pupils"
    sh.section(f"What changed between the two surveys ({who} who answered both)")
    for o in run.overall:
        sh.text_row(o.title or o.measure, o.summary, _PLAIN_VERDICT[o.verdict])
    if run.comparison:
        sh.append([])
        sh.section("Compared with the comparison group")
        for o in run.comparison:
            sh.text_row(o.title or o.measure, o.summary, _PLAIN_VERDICT[o.verdict])
    sh.append([])
    sh.section("Things to bear in mind")
    for c in run.caveats:
        if c != run.design_note:
            sh.text_row("", c)
    sh.append([])
    sh.section("How to read this workbook")
    for line in (
        "A “clear change” is one that is statistically significant once the number of outcomes looked at is "
        "allowed for (Holm method). “No clear change” does not show that the programme had no effect: a small "
        "group of pupils can only reveal large changes.",
        "The Charts sheet draws the results; the Outcomes sheet holds every figure behind these sentences; "
        "subgroup results (Subgroups sheet) are exploratory.",
        "The Pupils sheet holds pupil-level data for the Senior Mental Health Lead only: remove it before "
        "sharing this workbook.",
    ):
        sh.text_row("", line)


def _outcomes(wb: Any, run: CompareRun, dp_of: dict[str, int]) -> None:
    cols = _paired_columns(run)
    sh = Sheet(wb, "Outcomes", [c[2] for c in cols], freeze="D3", landscape=True)
    _write_outcome_table(sh, cols, run.overall, dp_of)
    if run.comparison:
        _ancova_table(sh, run, dp_of)


def _subgroups(wb: Any, run: CompareRun, dp_of: dict[str, int]) -> None:
    cols = _paired_columns(run)
    sh = Sheet(wb, "Subgroups", [c[2] for c in cols], freeze="D4", landscape=True)
    sh.append([sh.cell("Exploratory: Benjamini–Hochberg-adjusted across all subgroups", bold=True, size=12)])
    if not run.subgroups:
        sh.append([sh.cell("No subgroup breakdown was asked for (--group-column).", italic=True)])
        return
    _write_outcome_table(sh, cols, run.subgroups, dp_of, counts_only_below=5)


def _reliable(wb: Any, run: CompareRun, dp_of: dict[str, int]) -> None:
    sh = Sheet(wb, "Reliable change", [18, 26, 7, 9, 7, 9, 7, 11, 7, 11, 9, 9, 9, 9, 34, 11], landscape=True,
               fit_width=True)
    sh.append([sh.cell("Reliable change (Jacobson & Truax 1991)", bold=True, size=12)])
    sh.append([sh.cell("RCI = change / S_diff, S_diff = √2 · SE_m, SE_m = SD · √(1 − r_xx); a pupil's change is "
                       "reliable beyond ±1.96 (the threshold in points). About 2.5% of pupils per direction cross "
                       "it by measurement error alone.", wrap=False)])
    heads = ["Measure", "Title", "n", "Improved", "%", "No reliable change", "%", "Deteriorated", "%",
             "Threshold (points)", "SD used", "Reliability used", "SE_m", "S_diff", "Basis",
             "Expected per direction by chance"]
    sh.header(heads)
    for o in run.overall:
        rc = o.reliable_change
        dp = M2 if dp_of.get(o.measure, 1) == 2 else F1
        if rc is None or rc.reason is not None:
            why = "not computable" if rc is None else f"not computable ({rc.reason.replace('_', ' ')})"  # type: ignore[union-attr]
            sh.append([sh.cell(o.measure), sh.cell(o.title), sh.cell(o.n, INT), sh.cell(why)])
            continue

        def pct(k: int | None, n: int = rc.n) -> Any:
            return None if k is None or not n else k / n

        sh.append([sh.cell(v, f, missing=DASH) for v, f in (
            (o.measure, None), (o.title, None), (rc.n, INT), (rc.improved, INT), (pct(rc.improved), PCT),
            (rc.no_change, INT), (pct(rc.no_change), PCT), (rc.deteriorated, INT), (pct(rc.deteriorated), PCT),
            (rc.threshold, dp), (rc.sd, dp), (rc.reliability, R2), (rc.se_m, F2), (rc.s_diff, F2),
            (_BASIS.get(rc.basis, rc.basis), None), (rc.expected_per_direction, F1))])
    clinical = [o for o in run.overall if o.clinical_change is not None]
    if clinical:
        sh.append([])
        sh.section("Clinically significant change (Jacobson & Truax 1991): recovered = clinical range at the "
                   "first survey, outside it at the second, and reliably improved")
        sh.header(["Measure", "Title", "n", "Cut-off", "Clinical at first", "Clinical at second", "Recovered",
                   "Improved (not recovered)", "No reliable change", "Deteriorated"])
        for o in clinical:
            cc = o.clinical_change
            assert cc is not None
            sh.append([sh.cell(v, f) for v, f in (
                (o.measure, None), (o.title, None), (cc.n, INT), (cc.cutoff, "General"), (cc.clinical_pre, INT),
                (cc.clinical_post, INT), (cc.recovered, INT), (cc.improved, INT), (cc.no_change, INT),
                (cc.deteriorated, INT))])
    sh.append([])
    sh.text_row("Method", "Jacobson, N. S., & Truax, P. (1991). Clinical significance: a statistical approach to "
                "defining meaningful change in psychotherapy research. Journal of Consulting and Clinical "
                "Psychology, 59(1), 12–19. Published basis: the instrument's norm SD and reliability; sample "
                "basis: the matched pupils' first-survey SD and first-survey Cronbach's alpha.", merge_to=15)


def _attrition(wb: Any, run: CompareRun, dp_of: dict[str, int]) -> None:
    sh = Sheet(wb, "Attrition", [34, 26, 12, 14, 16, 16, 14, 16], landscape=True, fit_width=True)
    sh.section("Matching pupils across the two surveys")
    m = run.matching
    dup = m.get("duplicates_dropped") or {}
    for label, value in (
        ("Pupil id column", m.get("id_column")),
        ("Matched (in both surveys)", m.get("matched")),
        ("Only in the first survey", m.get("pre_only")),
        ("Only in the second survey", m.get("post_only")),
        ("Duplicate submissions dropped, first survey", dup.get("pre") if isinstance(dup, dict) else dup),
        ("Duplicate submissions dropped, second survey", dup.get("post") if isinstance(dup, dict) else None),
    ):
        sh.append([sh.cell(label, bold=True), sh.cell(value, INT if isinstance(value, int) else None, missing=DASH)])
    sh.append([])
    sh.section("Completers vs non-completers: first-survey scores of pupils who answered both surveys and of "
               "those who answered only the first")
    sh.header(["Measure", "Title", "Completers", "Non-completers", "Mean, completers", "Mean, non-completers",
               "SD (everyone at first survey)", "Difference (SD units)"])
    titles = {o.measure: o.title for o in run.overall}
    for a in run.attrition:
        dp = M2 if dp_of.get(a.measure, 1) == 2 else F1
        sh.append([sh.cell(v, f, missing=DASH) for v, f in (
            (a.measure, None), (titles.get(a.measure), None), (a.completers, INT), (a.non_completers, INT),
            (a.baseline_mean_completers, dp), (a.baseline_mean_non_completers, dp), (a.baseline_sd, dp),
            (a.difference_sd, F2))])
    wwc = run.extras.get("wwc_attrition")
    if wwc:
        sh.append([])
        sh.section("Attrition against the What Works Clearinghouse boundary (Standards Handbook v4.1)")
        for label, key, fmt in (
            ("Assigned, programme", "assigned_treatment", INT), ("Analysed, programme", "analysed_treatment", INT),
            ("Assigned, comparison", "assigned_comparison", INT),
            ("Analysed, comparison", "analysed_comparison", INT), ("Overall attrition (%)", "overall", F1),
            ("Differential attrition (percentage points)", "differential", F1),
            ("Largest differential still low at this overall rate (pp)", "boundary", F1),
            ("Boundary", "boundary_name", None), ("Attrition level", "level", None),
        ):
            sh.append([sh.cell(label, bold=True), sh.cell(wwc.get(key), fmt, missing=DASH)])
    be = run.extras.get("baseline_equivalence")
    if be:
        sh.append([])
        sh.section("Baseline equivalence (WWC): first-survey difference, programme − comparison, in pooled-SD units")
        sh.header(["Measure", "Title", "n programme", "n comparison", "Difference (points)", "Pooled SD", "ω",
                   "Effect size (g)", "Classification"])
        for measure, d in be.items():
            dp = M2 if dp_of.get(measure, 1) == 2 else F1
            sh.append([sh.cell(v, f, missing=DASH) for v, f in (
                (measure, None), (titles.get(measure), None), (d.get("n_treatment"), INT),
                (d.get("n_comparison"), INT), (d.get("difference"), dp), (d.get("pooled_sd"), dp),
                (d.get("omega"), "0.000"), (d.get("effect_size"), F2),
                (_WWC.get(d.get("classification") or "", d.get("reason")), None))])


_METHOD = [
    ("Tests", "Each scale with at least 5 matched pupils: paired t-test (t, df, p) and Wilcoxon signed-rank "
     "test (V = sum of the ranks of positive changes, second − first; p as R's wilcox.test gives it: exact "
     "below 50 pairs without ties or zero changes, otherwise the normal approximation with continuity "
     "correction, zero changes dropped). Shapiro–Wilk on the changes chooses the primary test: p below .05 "
     "makes the Wilcoxon test primary, otherwise the t-test. Both are reported. Fewer than 5 pairs: "
     "descriptive figures only."),
    ("Effect sizes", "Each labelled (Lakens 2013). d_z = mean change / SD of the changes, 95% CI from the "
     "exact noncentral t distribution; it feeds power and MDES and is never given a size word, because it "
     "grows with the pre–post correlation. d_av = mean change / √((SD_first² + SD_second²)/2) (Cumming "
     "2012); g_av = d_av × Hedges' J with df = n − 1, for comparison with other studies. The size word "
     "(very small < 0.20 ≤ small < 0.50 ≤ medium < 0.80 ≤ large; Cohen 1988) comes from |g_av| and is "
     "given only when the adjusted test is statistically significant."),
    ("Multiplicity", "The primary outcome (--primary), if named, is unadjusted; Holm (1979) across the other "
     "outcomes of the run; subgroup results are exploratory, Benjamini–Hochberg (1995) across the whole "
     "subgroup × outcome grid; Holm across the comparison-group (ANCOVA) rows. Verdicts use the adjusted p."),
    ("Power", "MDES: the smallest d_z this number of pairs could detect with 80% power, two-sided, at the "
     "run's alpha; in points, MDES × SD of the changes."),
    ("Reliable change", "Jacobson & Truax (1991): SE_m = SD·√(1 − r_xx), S_diff = √2·SE_m, RCI = change / "
     "S_diff, reliable beyond ±1.96; the instrument's published SD and reliability, or the matched pupils' "
     "first-survey SD and first-survey Cronbach's alpha where none is published (the Reliable change sheet "
     "says which)."),
    ("Reliability", "Cronbach's alpha of the items at each survey, on every complete response after duplicate "
     "submissions are dropped, with the Feldt (1965) 95% CI."),
    ("Comparison group", "ANCOVA: second-survey score on first-survey score and group; Hedges' g on the pooled "
     "second-survey SD with ω = 1 − 3/(4N − 9). Baseline equivalence and attrition follow the What Works "
     "Clearinghouse Standards Handbook v4.1 (cautious boundary)."),
    ("Numbers", "Stored unrounded and shown through number formats: means, SDs and changes 1 dp (2 dp for "
     "scales scored as means or through a conversion table), effect sizes 2 dp, p 3 dp. The \"(text)\" "
     "columns give p as reported (“< .001”). “–” marks a figure that cannot be computed."),
    ("References", "Benjamini, Y., & Hochberg, Y. (1995). JRSS B, 57(1), 289–300. · Cohen, J. (1988). "
     "Statistical power analysis for the behavioral sciences (2nd ed.). · Cumming, G. (2012). Understanding "
     "the new statistics. Routledge. · Holm, S. (1979). Scandinavian Journal of Statistics, 6(2), 65–70. · "
     "Jacobson, N. S., & Truax, P. (1991). Journal of Consulting and Clinical Psychology, 59(1), 12–19. · "
     "Lakens, D. (2013). Frontiers in Psychology, 4, 863. · What Works Clearinghouse (2020). Standards "
     "Handbook, version 4.1. IES."),
]


def _method(wb: Any, run: CompareRun) -> None:
    sh = Sheet(wb, "Method", [20, 44, 18, 9, 9, 12, 66], landscape=True, fit_width=True)
    sh.append([sh.cell(f"Method · peerimpact {__version__}", bold=True, size=12)])
    sh.header(["Role", "File", "Layout", "Rows", "Excluded", "Sheet", "SHA-256"])
    for i in run.inputs:
        role = {"pre": "first survey", "post": "second survey"}.get(i.role, i.role)
        sh.append([sh.cell(v, f) for v, f in ((role, None), (i.path, None), (i.layout, None), (i.rows, INT),
                                               (i.excluded_rows, INT), (i.sheet, None), (i.sha256, None))])
    sh.append([])
    sh.text_row("Significance level", f"α = {run.alpha:g}", merge_to=7)
    sh.text_row("Design", run.design_note, merge_to=7)
    for topic, text in _METHOD:
        sh.text_row(topic, text, merge_to=7)


# ------------------------------------------------------------------------------------- streamed big tables
@dataclass
class _Bulk:
    """Rows streamed into a sheet's XML after openpyxl has written its header rows."""

    ws: Any
    start: int
    ncols: int
    rows: Callable[[], Iterable[Sequence[tuple[Any, int | None]]]]


def _col_letters(n: int) -> list[str]:
    from openpyxl.utils import get_column_letter

    return [get_column_letter(j) for j in range(1, n + 1)]


def _xml_rows(bulk: _Bulk) -> Iterator[str]:
    letters = _col_letters(bulk.ncols)
    out: list[str] = []
    r = bulk.start
    for row in bulk.rows():
        cells = []
        for letter, (v, s) in zip(letters, row, strict=False):
            if v is None or (isinstance(v, float) and not math.isfinite(v)):
                continue
            sa = f' s="{s}"' if s else ""
            if isinstance(v, str):
                text = escape(_ILLEGAL.sub("\ufffd", v))
                cells.append(f'<c r="{letter}{r}" t="inlineStr"{sa}><is><t xml:space="preserve">{text}</t></is></c>')
            else:
                cells.append(f'<c r="{letter}{r}"{sa}><v>{v!r}</v></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
        r += 1
        if len(out) >= 4096:
            yield "".join(out)
            out = []
    yield "".join(out)


def _style_id(ws: Any, fmt: str | None = None, wrap: bool = False) -> int:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    c = WriteOnlyCell(ws, value=0)
    if fmt:
        c.number_format = fmt
    if wrap:
        c.alignment = Alignment(wrap_text=True, vertical="top")
    return int(c.style_id)


def _pupils(wb: Any, run: CompareRun, dp_of: dict[str, int]) -> _Bulk:
    sh = Sheet(wb, "Pupils", [24, 22, 12, 12, 10, 8, 24, 14], freeze="A3")
    sh.append([sh.cell("Pupil-level data — for the Senior Mental Health Lead only, not for circulation", bold=True,
                       size=13, fill="F4B6B6", color="9C0006")] + [sh.cell(None, fill="F4B6B6")] * 7, height=22)
    sh.header(["Pupil id", "Measure", "First survey", "Second survey", "Change", "RCI", "Reliable change", "Group"])
    sh.ws.auto_filter.ref = f"A2:H{len(run.pupils) + 2}"
    sh.ws.oddHeader.center.text = "Pupil-level data: SMHL only, not for circulation"
    s1, s2, rci = _style_id(sh.ws, F1), _style_id(sh.ws, M2), _style_id(sh.ws, F2)

    def rows() -> Iterator[list[tuple[Any, int | None]]]:
        for p in run.pupils:
            s = s2 if dp_of.get(p.measure, 1) == 2 else s1
            yield [(p.id, None), (p.measure, None), (p.pre, s), (p.post, s), (p.change, s), (p.rci, rci),
                   (p.category, None), (p.group, None)]

    return _Bulk(sh.ws, 3, 8, rows)


def _issues(wb: Any, run: CompareRun) -> _Bulk:
    sh = Sheet(wb, "Data issues", [10, 26, 30, 14, 7, 28, 22, 80, 60], freeze="A2", landscape=True)
    sh.header(["Severity", "Code", "File", "Sheet", "Row", "Column", "Value", "Message", "What to do"])
    sh.ws.auto_filter.ref = f"A1:I{len(run.issues) + 1}"
    wrap = _style_id(sh.ws, wrap=True)

    def rows() -> Iterator[list[tuple[Any, int | None]]]:
        for i in run.issues:
            advice = CODES[i.code].advice if i.code in CODES else None
            yield [(str(i.severity), None), (i.code, None), (i.file, None), (i.sheet, None), (i.row, None),
                   (i.column, None), (i.value, None), (i.message, wrap), (advice, wrap)]

    return _Bulk(sh.ws, 2, 9, rows)


def _finish(raw: bytes, bulks: Sequence[_Bulk], target: Path) -> None:
    """Copy openpyxl's zip with fixed entry times, streaming the big tables into their sheets."""
    by_part = {b.ws.path.lstrip("/"): b for b in bulks}
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            data = zin.read(info.filename)
            bulk = by_part.get(info.filename)
            if bulk is None:
                zout.writestr(zi, data)
                continue
            xml = data.decode("utf-8")
            head, sep, tail = xml.partition("</sheetData>")
            with zout.open(zi, "w", force_zip64=True) as fh:
                fh.write(head.encode("utf-8"))
                for chunk in _xml_rows(bulk):
                    fh.write(chunk.encode("utf-8"))
                fh.write((sep + tail).encode("utf-8"))


def write_compare_workbook(run: CompareRun, path: str | Path) -> None:
    """Write the compare workbook for ``run`` to ``path`` atomically (see the module docstring for the sheets)."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook(write_only=True)
    wb.properties.creator = "peerimpact"
    wb.properties.created = _FIXED_TIME
    dp_of = measure_dp(run)
    _summary(wb, run)
    charts.charts_sheet(wb, run, dp_of)
    _outcomes(wb, run, dp_of)
    _subgroups(wb, run, dp_of)
    _reliable(wb, run, dp_of)
    bulks = [_pupils(wb, run, dp_of)]
    _attrition(wb, run, dp_of)
    bulks.append(_issues(wb, run))
    _method(wb, run)

    buf = io.BytesIO()
    wb.properties.modified = _FIXED_TIME
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as archive:
        ExcelWriter(wb, archive).save()
    write_atomic(path, lambda tmp: _finish(buf.getvalue(), bulks, tmp))
