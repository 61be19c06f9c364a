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
from collections.abc import Callable, Iterator, Sequence
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
from peerimpact.results import Ancova, Outcome

__all__ = ["write_compare_workbook"]

_FIXED_TIME = datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format's earliest time, as ZipInfo gives by default
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f]")
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
    if o.adjustment is None or o.p_adjusted is None:
        return None
    if o.adjustment == "none" and o.measure == primary:
        return "none (primary outcome)"
    return _ADJ_WORDS.get(o.adjustment, o.adjustment)


def _share(k: int | None, n: int) -> float | None:
    """k of n as a proportion, for a "0%" cell beside the count (display, not a statistic)."""
    return None if k is None or not n else k / n


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
        (24, "Baseline diff. (SD units)", lambda o: base(o, "effect_size"), F2),
        (26, "Baseline equivalence (WWC)", lambda o: _WWC.get(base(o, "classification") or ""), None),
        (ncols - 2, "Verdict", lambda o: _VERDICT_WORDS[o.verdict], None),
        (ncols - 1, "Detail (for the SMHL)", lambda o: o.detail, None),
    ]
    sh.append([])
    sh.append(
        [
            sh.cell(
                "Comparison group: ANCOVA of second-survey scores adjusted for first-survey scores "
                "(programme − comparison); Holm-adjusted across measures",
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
def _summary(wb: Any, run: CompareRun) -> None:
    sh = Sheet(wb, "Summary", [30, 105, 22], landscape=True, fit_width=1)
    pre = next((i for i in run.inputs if i.role == "pre"), None)
    post = next((i for i in run.inputs if i.role == "post"), None)
    sh.append(
        [sh.cell("Pupils' questionnaire scores: first and second survey compared", bold=True, size=16)],
        height=26,
    )
    files = " · ".join(
        f"{label}: {Path(i.path).name} ({i.rows} rows)"
        for label, i in (("First survey", pre), ("Second survey", post))
        if i is not None
    )
    sh.append(
        [
            sh.cell(
                f"{files} · {run.matching.get('matched', '–')} pupils matched · peerimpact {__version__}",
                italic=True,
            )
        ]
    )
    sh.append(
        [None, sh.cell(run.design_note, bold=True, wrap=True, size=12)],
        height=sh.height_for(run.design_note, 105, bold=True, size=12),
    )
    sh.append([])
    who = "programme pupils" if run.design == "comparison_group" else "pupils"
    sh.section(f"What changed between the two surveys ({who} who answered both)")
    for o in run.overall:
        sh.text_row(o.title or o.measure, o.summary, _PLAIN_VERDICT[o.verdict], size=12)
    if run.comparison:
        sh.append([])
        sh.section("Compared with the comparison group")
        for o in run.comparison:
            sh.text_row(o.title or o.measure, o.summary, _PLAIN_VERDICT[o.verdict], size=12)
    sh.append([])
    sh.section("Things to bear in mind")
    for c in run.caveats:
        if c != run.design_note:
            sh.text_row("", c, size=12)
    sh.append([])
    sh.section("How to read this workbook")
    for line in (
        "A “clear change” is one that is statistically significant once the number of outcomes looked at is "
        "allowed for (see the Method sheet). “No clear change” does not show that the programme had no "
        "effect: a small group of pupils can only reveal large changes.",
        "The Charts sheet draws the results; the Outcomes sheet holds every figure behind these sentences; "
        "subgroup results (Subgroups sheet) are exploratory.",
        "The Pupils sheet holds pupil-level data for the Senior Mental Health Lead only: remove it before "
        "sharing this workbook.",
    ):
        sh.text_row("", line, size=12)


def _outcomes(wb: Any, run: CompareRun) -> None:
    cols = _paired_columns(run)
    sh = Sheet(wb, "Outcomes", [c[2] for c in cols], freeze="D3", landscape=True, fit_width=4)
    sh.ws.print_title_cols = "A:A"
    sh.ws.print_title_rows = "1:2"
    _write_outcome_table(sh, cols, run.overall)
    if run.comparison:
        _ancova_table(sh, run, len(cols))


def _subgroups(wb: Any, run: CompareRun) -> None:
    cols = _paired_columns(run)
    sh = Sheet(wb, "Subgroups", [c[2] for c in cols], freeze="D4", landscape=True, fit_width=4)
    sh.ws.print_title_cols = "A:B"
    sh.ws.print_title_rows = "2:3"
    sh.append([sh.cell("Exploratory: Benjamini–Hochberg-adjusted across all subgroups", bold=True, size=12)])
    if not run.subgroups:
        sh.append([sh.cell("No subgroup breakdown was asked for (--group-column).", italic=True)])
        return
    _write_outcome_table(sh, cols, run.subgroups, counts_only_below=5)


def _reliable(wb: Any, run: CompareRun) -> None:
    sh = Sheet(
        wb,
        "Reliable change",
        [18, 26, 7, 10, 10, 10, 10, 12, 10, 12, 9, 11, 8, 8, 36, 12],
        landscape=True,
        fit_width=1,
    )
    sh.append([sh.cell("Reliable change (Jacobson & Truax 1991)", bold=True, size=12)])
    sh.append(
        [
            sh.cell(
                "RCI = change / S_diff, S_diff = √2 · SE_m, SE_m = SD · √(1 − r_xx); a pupil's change is "
                "reliable beyond ±1.96 (the threshold in points). About 2.5% of pupils per direction cross "
                "it by measurement error alone.",
                wrap=False,
            )
        ]
    )
    heads = [
        "Measure",
        "Title",
        "n",
        "Improved",
        "%",
        "No reliable change",
        "%",
        "Deteriorated",
        "%",
        "Threshold (points)",
        "SD used",
        "Reliability used",
        "SE_m",
        "S_diff",
        "Basis",
        "Expected per direction by chance",
    ]
    sh.header(heads)
    for o in run.overall:
        rc = o.reliable_change
        dp = M2 if o.dp == 2 else F1
        if rc is None or rc.reason is not None:
            why = "not computable" + (f" ({rc.reason.replace('_', ' ')})" if rc and rc.reason else "")
            sh.append([sh.cell(o.measure), sh.cell(o.title), sh.cell(o.n, INT), sh.cell(why)])
            continue
        n = rc.n
        basis = _BASIS.get(rc.basis, rc.basis)
        sh.append(
            [
                sh.cell(v, f, missing=DASH, wrap=isinstance(v, str))
                for v, f in (
                    (o.measure, None),
                    (o.title, None),
                    (rc.n, INT),
                    (rc.improved, INT),
                    (_share(rc.improved, n), PCT),
                    (rc.no_change, INT),
                    (_share(rc.no_change, n), PCT),
                    (rc.deteriorated, INT),
                    (_share(rc.deteriorated, n), PCT),
                    (rc.threshold, dp),
                    (rc.sd, dp),
                    (rc.reliability, R2),
                    (rc.se_m, F2),
                    (rc.s_diff, F2),
                    (basis, None),
                    (rc.expected_per_direction, F1),
                )
            ],
            height=sh.height_for(basis, 36),
        )
    clinical = [o for o in run.overall if o.clinical_change is not None]
    if clinical:
        sh.append([])
        sh.section(
            "Clinically significant change (Jacobson & Truax 1991): recovered = clinical range at the "
            "first survey, outside it at the second, and reliably improved"
        )
        sh.header(
            [
                "Measure",
                "Title",
                "n",
                "Cut-off",
                "Clinical at first",
                "Clinical at second",
                "Recovered",
                "Improved, not recovered",
                "No reliable change",
                "Deteriorated",
            ]
        )
        for o in clinical:
            cc = o.clinical_change
            assert cc is not None
            sh.append(
                [
                    sh.cell(v, f, wrap=isinstance(v, str))
                    for v, f in (
                        (o.measure, None),
                        (o.title, None),
                        (cc.n, INT),
                        (cc.cutoff, "General"),
                        (cc.clinical_pre, INT),
                        (cc.clinical_post, INT),
                        (cc.recovered, INT),
                        (cc.improved, INT),
                        (cc.no_change, INT),
                        (cc.deteriorated, INT),
                    )
                ]
            )
    sh.append([])
    sh.text_row(
        "Method",
        "Jacobson, N. S., & Truax, P. (1991). Clinical significance: a statistical approach to "
        "defining meaningful change in psychotherapy research. Journal of Consulting and Clinical "
        "Psychology, 59(1), 12–19. Published basis: the instrument's norm SD and reliability; sample "
        "basis: the matched pupils' first-survey SD and first-survey Cronbach's alpha.",
        merge_to=15,
    )


def _attrition(wb: Any, run: CompareRun, dp_of: dict[str, int]) -> None:
    sh = Sheet(wb, "Attrition", [48, 26, 12, 14, 16, 16, 14, 16, 30], landscape=True, fit_width=1)
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
        sh.append(
            [sh.cell(label, bold=True), sh.cell(value, INT if isinstance(value, int) else None, missing=DASH)]
        )
    sh.append([])
    sh.section(
        "Completers vs non-completers: first-survey scores of pupils who answered both surveys and of "
        "those who answered only the first"
    )
    sh.header(
        [
            "Measure",
            "Title",
            "Completers",
            "Non-completers",
            "Mean, completers",
            "Mean, non-completers",
            "SD (everyone at first survey)",
            "Difference (SD units)",
        ]
    )
    titles = {o.measure: o.title for o in run.overall}
    for a in run.attrition:
        dp = M2 if dp_of.get(a.measure, 1) == 2 else F1
        sh.append(
            [
                sh.cell(v, f, missing=DASH, wrap=isinstance(v, str))
                for v, f in (
                    (a.measure, None),
                    (titles.get(a.measure), None),
                    (a.completers, INT),
                    (a.non_completers, INT),
                    (a.baseline_mean_completers, dp),
                    (a.baseline_mean_non_completers, dp),
                    (a.baseline_sd, dp),
                    (a.difference_sd, F2),
                )
            ]
        )
    wwc = run.extras.get("wwc_attrition")
    if wwc:
        sh.append([])
        sh.section("Attrition against the What Works Clearinghouse boundary (Standards Handbook v4.1)")
        for label, key, fmt in (
            ("Assigned, programme", "assigned_treatment", INT),
            ("Analysed, programme", "analysed_treatment", INT),
            ("Assigned, comparison", "assigned_comparison", INT),
            ("Analysed, comparison", "analysed_comparison", INT),
            ("Overall attrition (%)", "overall", F1),
            ("Differential attrition (percentage points)", "differential", F1),
            ("Largest differential still low at this overall rate (pp)", "boundary", F1),
            ("Boundary", "boundary_name", None),
            ("Attrition level", "level", None),
        ):
            sh.append([sh.cell(label, bold=True), sh.cell(wwc.get(key), fmt, missing=DASH)])
    be = run.extras.get("baseline_equivalence")
    if be:
        sh.append([])
        sh.section(
            "Baseline equivalence (WWC): first-survey difference, programme − comparison, in pooled-SD units"
        )
        sh.header(
            [
                "Measure",
                "Title",
                "n programme",
                "n comparison",
                "Difference (points)",
                "Pooled SD",
                "ω",
                "Effect size (g)",
                "Classification",
            ]
        )
        for measure, d in be.items():
            dp = M2 if dp_of.get(measure, 1) == 2 else F1
            sh.append(
                [
                    sh.cell(v, f, missing=DASH, wrap=isinstance(v, str))
                    for v, f in (
                        (measure, None),
                        (titles.get(measure), None),
                        (d.get("n_treatment"), INT),
                        (d.get("n_comparison"), INT),
                        (d.get("difference"), dp),
                        (d.get("pooled_sd"), dp),
                        (d.get("omega"), "0.000"),
                        (d.get("effect_size"), F2),
                        (_WWC.get(d.get("classification") or "", d.get("reason")), None),
                    )
                ]
            )


_METHOD = [
    (
        "Tests",
        "Each scale with at least 5 matched pupils: paired t-test (t, df, p) and Wilcoxon signed-rank "
        "test (V = sum of the ranks of positive changes, second − first; p as R's wilcox.test gives it: exact "
        "below 50 pairs without ties or zero changes, otherwise the normal approximation with continuity "
        "correction, zero changes dropped). Shapiro–Wilk on the changes chooses the primary test: p below .05 "
        "makes the Wilcoxon test primary, otherwise the t-test. Both are reported. Fewer than 5 pairs: "
        "descriptive figures only.",
    ),
    (
        "Effect sizes",
        "Each labelled (Lakens 2013). d_z = mean change / SD of the changes, 95% CI from the "
        "exact noncentral t distribution; it feeds power and MDES and is never given a size word, because it "
        "grows with the pre–post correlation. d_av = mean change / √((SD_first² + SD_second²)/2) (Cumming "
        "2012); g_av = d_av × Hedges' J with df = n − 1, for comparison with other studies. The size word "
        "(very small < 0.20 ≤ small < 0.50 ≤ medium < 0.80 ≤ large; Cohen 1988) comes from |g_av| and is "
        "given only when the adjusted test is statistically significant.",
    ),
    (
        "Multiplicity",
        "The primary outcome (--primary), if named, is unadjusted; Holm (1979) across the other "
        "outcomes of the run; subgroup results are exploratory, Benjamini–Hochberg (1995) across the whole "
        "subgroup × outcome grid; Holm across the comparison-group (ANCOVA) rows. Verdicts use the adjusted p.",
    ),
    (
        "Power",
        "MDES: the smallest d_z this number of pairs could detect with 80% power, two-sided, at the "
        "run's alpha; in points, MDES × SD of the changes.",
    ),
    (
        "Reliable change",
        "Jacobson & Truax (1991): SE_m = SD·√(1 − r_xx), S_diff = √2·SE_m, RCI = change / "
        "S_diff, reliable beyond ±1.96; the instrument's published SD and reliability, or the matched pupils' "
        "first-survey SD and first-survey Cronbach's alpha where none is published (the Reliable change sheet "
        "says which).",
    ),
    (
        "Reliability",
        "Cronbach's alpha of the items at each survey, on every complete response after duplicate "
        "submissions are dropped, with the Feldt (1965) 95% CI.",
    ),
    (
        "Comparison group",
        "ANCOVA: second-survey score on first-survey score and group; Hedges' g on the pooled "
        "second-survey SD with ω = 1 − 3/(4N − 9). Baseline equivalence and attrition follow the What Works "
        "Clearinghouse Standards Handbook v4.1 (cautious boundary).",
    ),
    (
        "Numbers",
        "Stored unrounded and shown through number formats: means, SDs and changes 1 dp (2 dp for "
        'scales scored as means or through a conversion table), effect sizes 2 dp, p 3 dp. The "(text)" '
        "columns give p as reported (“< .001”). “–” marks a figure that cannot be computed.",
    ),
]
_REFERENCES = [
    "Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate: a practical and powerful approach "
    "to multiple testing. Journal of the Royal Statistical Society B, 57(1), 289–300.",
    "Cohen, J. (1988). Statistical power analysis for the behavioral sciences (2nd ed.). Lawrence Erlbaum.",
    "Cumming, G. (2012). Understanding the new statistics: effect sizes, confidence intervals, and meta-analysis. "
    "Routledge.",
    "Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian Journal of Statistics, "
    "6(2), 65–70.",
    "Jacobson, N. S., & Truax, P. (1991). Clinical significance: a statistical approach to defining meaningful "
    "change in psychotherapy research. Journal of Consulting and Clinical Psychology, 59(1), 12–19.",
    "Lakens, D. (2013). Calculating and reporting effect sizes to facilitate cumulative science: a practical primer "
    "for t-tests and ANOVAs. Frontiers in Psychology, 4, 863.",
    "What Works Clearinghouse (2020). Standards Handbook, version 4.1. Institute of Education Sciences.",
]


def _method(wb: Any, run: CompareRun) -> None:
    sh = Sheet(wb, "Method", [20, 44, 18, 9, 9, 12, 66], landscape=True, fit_width=1)
    sh.append([sh.cell(f"Method · peerimpact {__version__}", bold=True, size=12)])
    sh.header(["Role", "File", "Layout", "Rows", "Excluded", "Sheet", "SHA-256"])
    for inp in run.inputs:
        role = {"pre": "first survey", "post": "second survey"}.get(inp.role, inp.role)
        values = (role, inp.path, inp.layout, inp.rows, inp.excluded_rows, inp.sheet, inp.sha256)
        sh.append([sh.cell(v, INT if isinstance(v, int) else None) for v in values])
    sh.append([])
    sh.text_row("Significance level", f"α = {run.alpha:g}", merge_to=7)
    sh.text_row("Design", run.design_note, merge_to=7)
    for topic, text in _METHOD:
        sh.text_row(topic, text, merge_to=7)
    for i, ref in enumerate(_REFERENCES):
        sh.text_row("References" if i == 0 else None, ref, merge_to=7)


# ------------------------------------------------------------------------------------- streamed big tables
@dataclass
class _Bulk:
    """Rows streamed into a sheet's XML after openpyxl has written its header rows: ``rows(first)`` yields
    each row's ``<row>`` element, numbered from ``first``."""

    ws: Any
    start: int
    rows: Callable[[int], Iterator[str]]


def _text(v: str) -> str:
    """Text made safe for XML: markup escaped, control characters Excel refuses replaced."""
    if _NEEDS_ESCAPE.search(v) is None:
        return v
    return escape(_ILLEGAL.sub("\ufffd", v))


def _tc(ref: str, v: Any, s: int | None = None) -> str:
    """An inline-string cell (always text, never a formula), or nothing for None."""
    if v is None:
        return ""
    sa = f' s="{s}"' if s else ""
    return f'<c r="{ref}" t="inlineStr"{sa}><is><t xml:space="preserve">{_text(str(v))}</t></is></c>'


def _nc(ref: str, v: float | int | None, s: int | None = None) -> str:
    """A number cell, or nothing for None / NaN / infinity."""
    if v is None or not math.isfinite(v):
        return ""
    sa = f' s="{s}"' if s else ""
    return f'<c r="{ref}"{sa}><v>{v!r}</v></c>'


def _style_id(ws: Any, fmt: str | None = None, wrap: bool = False) -> int:
    """The workbook's cell-format index for a number format / wrapped text, top-aligned (for streamed rows)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    c = WriteOnlyCell(ws, value=0)
    if fmt:
        c.number_format = fmt
    c.alignment = Alignment(wrap_text=wrap or None, vertical="top")
    return int(c.style_id)


def _pupils(wb: Any, run: CompareRun, dp_of: dict[str, int]) -> _Bulk:
    sh = Sheet(wb, "Pupils", [32, 16, 10, 10, 8, 9, 23, 12], freeze="A3", fit_width=1)
    sh.append(
        [
            sh.cell(
                "Pupil-level data — for the Senior Mental Health Lead only, not for circulation",
                bold=True,
                size=13,
                fill="F4B6B6",
                color="9C0006",
            )
        ]
        + [sh.cell(None, fill="F4B6B6")] * 7,
        height=22,
    )
    sh.header(
        ["Pupil id", "Measure", "First survey", "Second survey", "Change", "RCI", "Reliable change", "Group"]
    )
    sh.ws.auto_filter.ref = f"A2:H{len(run.pupils) + 2}"
    sh.ws.oddHeader.center.text = "Pupil-level data: SMHL only, not for circulation"
    sh.ws.print_title_rows = "1:2"
    s1, s2, rci = _style_id(sh.ws, F1), _style_id(sh.ws, M2), _style_id(sh.ws, F2)

    def rows(r: int) -> Iterator[str]:
        for p in run.pupils:
            s = s2 if dp_of.get(p.measure, 1) == 2 else s1
            yield (
                f'<row r="{r}">{_tc(f"A{r}", p.id)}{_tc(f"B{r}", p.measure)}{_nc(f"C{r}", p.pre, s)}'
                f"{_nc(f'D{r}', p.post, s)}{_nc(f'E{r}', p.change, s)}{_nc(f'F{r}', p.rci, rci)}"
                f"{_tc(f'G{r}', p.category)}{_tc(f'H{r}', p.group)}</row>"
            )
            r += 1

    return _Bulk(sh.ws, 3, rows)


def _issues(wb: Any, run: CompareRun) -> _Bulk:
    sh = Sheet(
        wb, "Data issues", [10, 24, 26, 12, 7, 24, 20, 70, 50], freeze="A2", landscape=True, fit_width=1
    )
    sh.header(["Severity", "Code", "File", "Sheet", "Row", "Column", "Value", "Message", "What to do"])
    sh.ws.auto_filter.ref = f"A1:I{len(run.issues) + 1}"
    sh.ws.print_title_rows = "1:1"
    wrap, top = _style_id(sh.ws, wrap=True), _style_id(sh.ws)

    def rows(r: int) -> Iterator[str]:
        for i in run.issues:
            advice = CODES[i.code].advice if i.code in CODES else None
            lines = max(math.ceil(len(i.message or "") / 77), math.ceil(len(advice or "") / 55))
            ht = f' ht="{15 * lines + 3}" customHeight="1"' if lines > 1 else ""
            yield (
                f'<row r="{r}"{ht}>{_tc(f"A{r}", str(i.severity), top)}{_tc(f"B{r}", i.code, top)}'
                f"{_tc(f'C{r}', i.file, top)}{_tc(f'D{r}', i.sheet, top)}{_nc(f'E{r}', i.row, top)}"
                f"{_tc(f'F{r}', i.column, top)}{_tc(f'G{r}', i.value, top)}{_tc(f'H{r}', i.message, wrap)}"
                f"{_tc(f'I{r}', advice, wrap)}</row>"
            )
            r += 1

    return _Bulk(sh.ws, 2, rows)


def _finish(raw: bytes, bulks: Sequence[_Bulk], target: Path) -> None:
    """Copy openpyxl's zip with fixed entry times, streaming the big tables into their sheets.

    Small parts are deflated at the default level; the streamed sheets at level 1, which is about three
    times faster on 100,000 pupils for a slightly larger file.
    """
    by_part = {b.ws.path.lstrip("/"): b for b in bulks}
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as zin,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout,
    ):
        for info in zin.infolist():
            data = zin.read(info.filename)
            bulk = by_part.get(info.filename)
            if bulk is None:
                zi = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
                zi.compress_type = zipfile.ZIP_DEFLATED
                zout.writestr(zi, data, compresslevel=6)
                continue
            head, sep, tail = data.decode("utf-8").partition("</sheetData>")
            # a name (not a ZipInfo) takes the archive's level and ZipInfo's fixed 1980-01-01 time
            with zout.open(info.filename, "w", force_zip64=True) as fh:
                fh.write(head.encode("utf-8"))
                batch: list[str] = []
                for row in bulk.rows(bulk.start):
                    batch.append(row)
                    if len(batch) == 4096:
                        fh.write("".join(batch).encode("utf-8"))
                        batch = []
                fh.write("".join(batch).encode("utf-8"))
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
    charts.charts_sheet(wb, run)
    _outcomes(wb, run)
    _subgroups(wb, run)
    _reliable(wb, run)
    bulks = [_pupils(wb, run, dp_of)]
    _attrition(wb, run, dp_of)
    bulks.append(_issues(wb, run))
    _method(wb, run)

    buf = io.BytesIO()
    wb.properties.modified = _FIXED_TIME
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as archive:
        ExcelWriter(wb, archive).save()
    write_atomic(path, lambda tmp: _finish(buf.getvalue(), bulks, tmp))
