"""The compare workbook's supporting sheets: Reliable change (Jacobson & Truax, with clinically significant
change), Attrition (matching, completers vs non-completers, WWC attrition and baseline equivalence) and
Method (inputs, tests, references)."""

from __future__ import annotations

from typing import Any

from peerimpact._version import __version__
from peerimpact.comparison.model import CompareRun
from peerimpact.reports.excel.sheet import DASH, F1, F2, INT, M2, PCT, R2, Sheet

__all__ = ["WWC_WORDS", "attrition_sheet", "method_sheet", "reliable_sheet"]

_BASIS = {
    "published": "published (the instrument's SD and reliability)",
    "sample": "sample (matched pupils' first-survey SD, first-survey Cronbach's alpha)",
}
WWC_WORDS = {  # WWC baseline-equivalence classes, in words (also on the Outcomes sheet's ANCOVA rows)
    "satisfied": "satisfied (≤ 0.05 SD)",
    "adjustment_required": "satisfied only with the pre-test adjustment (0.05–0.25 SD)",
    "not_satisfied": "not equivalent (> 0.25 SD)",
}


def _share(k: int | None, n: int) -> float | None:
    """k of n as a proportion, for a "0%" cell beside the count (display, not a statistic)."""
    return None if k is None or not n else k / n


def reliable_sheet(wb: Any, run: CompareRun) -> None:
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


def attrition_sheet(wb: Any, run: CompareRun, dp_of: dict[str, int]) -> None:
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
                        (WWC_WORDS.get(d.get("classification") or "", d.get("reason")), None),
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
        "makes the Wilcoxon test primary, otherwise the t-test. Both are reported. The verdict's direction is "
        "the primary test's own estimate: the mean change for the t-test, the Hodges–Lehmann estimate "
        "(pseudomedian of the changes, with its CI as R's wilcox.test(conf.int = TRUE)) for the Wilcoxon "
        "test. Not tested, with the reason stated: fewer than 5 pairs (descriptive figures only), no "
        "variation in the changes, or no exposure to compare rates.",
    ),
    (
        "Effect sizes",
        "Each labelled (Lakens 2013). d_z = mean change / SD of the changes, 95% CI from the "
        "exact noncentral t distribution; it feeds power and MDES and is never given a size word, because it "
        "grows with the pre–post correlation. d_av = mean change / √((SD_first² + SD_second²)/2) (Cumming "
        "2012); g_av = d_av × Hedges' J with df = n − 1, for comparison with other studies. The 95% CI of g_av "
        "is an interval for the population δ_av by Fitts' (2022) noncentral-t method (df = 2(n − 1)/(1 + r²) "
        "with the Olkin–Pratt r, level adjusted to 1 − (0.0495 − 0.0843/n)), which covers the true value in "
        "about 95% of samples from n = 5; the normal interval (Algina & Keselman 2003) covers only about 85% "
        "at n = 5. The size word "
        "(very small < 0.20 ≤ small < 0.50 ≤ medium < 0.80 ≤ large; Cohen 1988) comes from |g_av| and is "
        "given only when the adjusted test is statistically significant.",
    ),
    (
        "Multiplicity",
        "The primary outcome (--primary), if named, is unadjusted; Holm (1979) across the other "
        "outcomes of the run; subgroup results are exploratory, Benjamini–Hochberg (1995) across the whole "
        "subgroup × outcome grid. With a comparison group the ANCOVA rows are the primary results (the "
        "--primary measure unadjusted, Holm across the others) and each arm's own change is secondary (Holm "
        "within the arm); the comparison arm is never a subgroup. Verdicts use the adjusted p.",
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
        "Clearinghouse Standards Handbook v4.1 (cautious boundary); pupils are called similar only when "
        "baseline equivalence is satisfied. Minimum detectable difference (MDD): the smallest g the ANCOVA "
        "detects with 80% power, t with N − 3 df and noncentrality g·√(n_t·n_c/(N(1 − R²))), R² the share of "
        "second-survey variance within groups explained by the first survey (Bloom 1995).",
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
    "Fitts, D. A. (2022). Point and interval estimates for a standardized mean difference in paired-samples "
    "designs using a pooled standard deviation. The Quantitative Methods for Psychology, 18(2), 207–223.",
    "Hodges, J. L., & Lehmann, E. L. (1963). Estimates of location based on rank tests. Annals of "
    "Mathematical Statistics, 34(2), 598–611.",
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


def method_sheet(wb: Any, run: CompareRun) -> None:
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
    for o in run.overall:
        r = o.poisson_rate
        if r is not None:
            unit = (
                "the weekdays (Mon–Fri) in each period for every pupil, as there is no attendance file"
                if r.exposure_unit == "weekdays"
                else "each pupil's possible sessions from the attendance file"
            )
            sh.text_row(
                "Behaviour rates",
                f"{o.title or o.measure}: rate ratio second/first with the exact conditional test for two "
                f"Poisson rates (R poisson.test); exposure = {unit}.",
                merge_to=7,
            )
    for o in run.overall:
        if o.dose is not None:
            sh.text_row(
                "Dose (exploratory)",
                f"{o.title or o.measure}: change (second − first) regressed on {o.dose.column!r} by ordinary least "
                "squares, as R lm(change ~ dose): slope per unit, t-based 95% CI, two-sided p. An association "
                "among these pupils, not an effect of the dose.",
                merge_to=7,
            )
        nc = o.norm_comparison
        if nc is not None:
            sh.text_row(
                "Published norm (context)",
                f"{o.title or o.measure}: each survey's mean for the outcome's pupils against the published mean "
                f"{nc.norm_mean:g} for pupils aged {nc.ages} ({nc.population}; {nc.source}), one-sample t-test as "
                "R t.test(x, mu = norm). Context only: the norm sample is not a comparison group.",
                merge_to=7,
            )
    for i, ref in enumerate(_REFERENCES):
        sh.text_row("References" if i == 0 else None, ref, merge_to=7)
