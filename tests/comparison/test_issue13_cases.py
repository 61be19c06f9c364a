"""Issue 13's cases rebuilt from their descriptions, end to end through ``compare`` and every view.

Expected figures come from R (tests/golden/location.R: the R call is written above each number) or from a
hand calculation written here; none is taken from the code under test.
"""

from __future__ import annotations

import io
import json
import runpy
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from rich.console import Console

from peerimpact.comparison.model import CompareRun
from peerimpact.pipeline import compare_files
from peerimpact.reports.excel.compare import write_compare_workbook
from peerimpact.reports.terminal.compare import print_compare

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "tests" / "data" / "results.schema.json").read_text(encoding="utf-8"))
LOCATION = runpy.run_path(str(ROOT / "tests" / "golden" / "location.py"))["CASES"]
W = ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]


def _codes(total: int) -> list[int]:
    """14 WEMWBS answers (codes 1–5) summing to ``total``: as even as possible."""
    assert 14 <= total <= 70
    base, extra = divmod(total, 14)
    return [base + 1 if i < extra else base for i in range(14)]


def wemwbs_files(tmp: Path, pre: list[float], post: list[float], extra: dict[str, list[str]] | None = None):  # type: ignore[no-untyped-def]
    """Two WEMWBS exports with these totals, pupil i in row i of both (ids P000 …); the post file lists each
    pupil's answers in reverse order, so equal totals still make different files."""
    paths = []
    for name, totals in (("pre", pre), ("post", post)):
        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(["Pupil ID", *(extra or {}), *[f"wemwbs_{i}" for i in range(1, 15)]])
        for i, total in enumerate(totals):
            codes = _codes(int(total))[:: 1 if name == "pre" else -1]
            ws.append([f"P{i:03d}", *[v[i] for v in (extra or {}).values()], *[W[c - 1] for c in codes]])
        path = tmp / f"{name}.xlsx"
        wb.save(path)
        paths.append(path)
    return paths


def terminal_text(run: CompareRun, width: int = 200) -> str:
    buf = io.StringIO()
    # soft wrap: the narrow layout's one line per outcome stays one line, whatever its length
    print_compare(Console(file=buf, width=width, color_system=None, soft_wrap=width < 140), run)
    return buf.getvalue()


def workbook_rows(run: CompareRun, tmp: Path, sheet: str = "Outcomes") -> list[dict[str, object]]:
    """The sheet's rows as {"block: heading": value} (two header rows)."""
    path = tmp / "compare.xlsx"
    write_compare_workbook(run, path)
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    rows = list(ws.iter_rows(values_only=True))[1:]  # row 1: the pupil-level marking (SPEC §7)
    start = 1 if sheet == "Outcomes" else 2
    if len(rows) <= start:  # "No subgroup breakdown was asked for"
        return []
    blocks, heads = rows[start - 1], rows[start]
    block, keys = None, []
    for b, h in zip(blocks, heads, strict=False):
        block = b or block
        keys.append(f"{block}: {h}")
    out = []
    for r in rows[start + 1 :]:
        if not r or r[0] is None:
            break
        out.append(dict(zip(keys, r, strict=False)))
    return out


# ---------------------------------------------------------------------------------------------- case 1
@pytest.fixture(scope="module")
def case1(tmp_path_factory: pytest.TempPathFactory) -> CompareRun:
    c = LOCATION["issue13_fall_by_2"]
    pre, post = wemwbs_files(tmp_path_factory.mktemp("case1"), list(c["pre"]), list(c["post"]))
    return compare_files(pre, post)


def test_case1_direction_comes_from_the_hodges_lehmann_estimate(case1: CompareRun) -> None:
    c = LOCATION["issue13_fall_by_2"]
    o = case1.overall[0]
    assert o.n == 50
    # R: t.test(post, pre, paired = TRUE): mean +1.84, p = .221; wilcox.test(..., conf.int = TRUE): V = 285,
    # p = .0002, (pseudo)median −2
    assert o.change.mean == pytest.approx(c["t_test"]["estimate"], rel=1e-9)
    assert o.primary_test == "wilcoxon"
    assert o.p_value == pytest.approx(c["wilcoxon"]["p_value"], rel=1e-9)
    assert o.tests is not None
    assert o.tests.wilcoxon.estimate == pytest.approx(c["wilcoxon"]["estimate"], rel=1e-9)
    assert o.tests.wilcoxon.ci95 == pytest.approx(c["wilcoxon"]["ci95"], rel=1e-9)
    assert o.verdict == "worsened"  # WEMWBS: higher is better, and the typical pupil fell by 2
    assert o.effect_size.label is None  # g_av (mean-based, positive) must not size a worsening
    assert "improved" not in (o.summary or "") and "got worse" in (o.summary or "")
    assert "fall of 2.0 points" in (o.summary or "")
    assert "Hodges–Lehmann estimate −2.0 points" in (o.detail or "")


def test_case1_every_view_says_worse(case1: CompareRun, tmp_path: Path) -> None:
    doc = json.loads(case1.to_json())
    jsonschema.validate(doc, SCHEMA)
    j = doc["outcomes"][0]
    assert j["verdict"] == "worsened"
    assert j["tests"]["wilcoxon"]["estimate"] == pytest.approx(-2.0)
    text = terminal_text(case1)
    assert "worsened" in text and "scores improved" not in text
    assert "6 improved, 44 no reliable change" in text  # reliable change counts pupils, not the verdict
    assert "HL −2.0" in text
    row = workbook_rows(case1, tmp_path)[0]
    assert row["Result: Verdict"] == "worsened (statistically significant)"
    assert row["Wilcoxon signed-rank: Hodges–Lehmann estimate"] == pytest.approx(-2.0)


# ---------------------------------------------------------------------------------------------- case 4
ISSUE13 = runpy.run_path(str(ROOT / "tests" / "golden" / "issue13.py"))["ISSUE13"]


def test_case4_all_zero_changes_are_not_tested_for_no_variation(tmp_path: Path) -> None:
    totals = [30.0 + k for k in range(10)]
    pre, post = wemwbs_files(tmp_path, totals, totals)  # 10 pupils, every change 0
    run = compare_files(pre, post)
    o = run.overall[0]
    assert (o.n, o.verdict, o.not_tested_reason) == (10, "not_tested", "no_variation_in_changes")
    for text in (o.summary or "", o.detail or ""):
        assert "too few" not in text and "≥ 5 pairs" not in text
        assert "all 10 pupils" in text and "no variation in the changes" in text
    assert "not tested (no variation in the changes)" in terminal_text(run)
    row = workbook_rows(run, tmp_path)[0]
    assert row["Result: Verdict"] == "not tested (no variation in the changes)"
    summary = openpyxl.load_workbook(tmp_path / "compare.xlsx", read_only=True)["Summary"]
    cells = [c for r in summary.iter_rows(values_only=True) for c in r if isinstance(c, str)]
    assert "not tested (no variation in the changes)" in cells and "too few pupils to test" not in cells
    assert json.loads(run.to_json())["outcomes"][0]["not_tested_reason"] == "no_variation_in_changes"


def test_case4_small_group_keeps_its_reason(tmp_path: Path) -> None:
    pre, post = wemwbs_files(tmp_path, [30.0, 31, 40, 35], [33.0, 30, 44, 35])
    o = compare_files(pre, post).overall[0]
    assert (o.verdict, o.not_tested_reason) == ("not_tested", "fewer_than_5_pairs")
    assert "too few" in (o.detail or "")


def test_case4_behaviour_without_attendance_uses_weekdays(tmp_path: Path) -> None:
    from datetime import date

    g = ISSUE13["behaviour_weekdays"]
    n = 120
    totals = [30.0 + (i % 20) for i in range(n)]
    pre, post = wemwbs_files(tmp_path, totals, [t + (i % 3) - 1 for i, t in enumerate(totals)])
    log = tmp_path / "behaviour.csv"
    lines = ["Pupil ID,Date,Type,Polarity"]
    for i in range(n):
        lines += [f"P{i:03d},{date(2026, 10, 5 + k).isoformat()},Disruption,Negative" for k in range(i % 3)]
        if i % 5 == 0:
            lines.append(f"P{i:03d},2027-05-10,Disruption,Negative")
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    periods = {
        "autumn": (date(2026, 9, 1), date(2026, 12, 18)),
        "summer": (date(2027, 4, 12), date(2027, 7, 21)),
    }
    run = compare_files(pre, post, behaviour=log, periods=periods)
    o = next(o for o in run.overall if o.measure == "behaviour.referrals")
    r = o.poisson_rate
    assert r is not None and r.exposure_unit == "weekdays"
    # R: poisson.test(c(24, 120), c(120 * 73, 120 * 79)) — weekdays counted in R (tests/golden/issue13.R)
    assert (r.count_pre, r.count_post) == (g["count_pre"], g["count_post"])
    assert (r.exposure_pre, r.exposure_post) == (g["exposure_pre"], g["exposure_post"])
    assert r.rate_ratio == pytest.approx(g["rate_ratio"], rel=1e-9)
    assert r.ci95 == pytest.approx(g["ci95"], rel=1e-9)
    assert r.p_value == pytest.approx(g["p_value"], rel=1e-9)
    assert o.primary_test == "poisson_rate" and o.verdict == "improved"  # fewer referrals is better
    assert "weekdays" in (o.detail or "") and "too few pupils or no exposure" not in (o.detail or "")
    assert "per 100 pupil school days" in (o.summary or "")


# ---------------------------------------------------------------------------------------------- case 5
def test_case5_small_group_g_av_range_agrees_with_its_t_test(tmp_path: Path) -> None:
    """5 pupils, R: t.test(post, pre, paired = TRUE) p = .116, mean change 95% CI [−0.62, 3.82] crosses 0.
    The old normal g_av interval ([0.01, 1.44] × J) said "clearly positive"; the Fitts interval must not."""
    from peerimpact.statistics.effect_sizes import paired_effect_sizes

    c = LOCATION["n5_exact"]
    assert c["t_test"]["ci95"][0] < 0 < c["t_test"]["ci95"][1]
    es = paired_effect_sizes(c["pre"], c["post"])
    assert es.d_av_ci95 is not None and es.d_av_ci95[0] is not None and es.d_av_ci95[0] > 0  # the old one
    assert es.g_av_ci95 is not None
    lo, hi = es.g_av_ci95
    assert lo is not None and hi is not None and lo < 0 < hi
    doc = json.loads(json.dumps(es.to_dict()))
    assert doc["g_av_ci_method"] == "fitts2022_noncentral_t"


# ---------------------------------------------------------------------------------------------- case 7
EXAMPLES = ROOT / "examples" / "data"


@pytest.fixture(scope="module")
def mis_run() -> CompareRun:
    from datetime import date

    periods = {
        "autumn": (date(2026, 9, 1), date(2026, 12, 18)),
        "summer": (date(2027, 4, 12), date(2027, 7, 21)),
    }
    return compare_files(
        [EXAMPLES / "swemwbs_autumn.xlsx", EXAMPLES / "attendance_autumn_arbor.xlsx"],
        [EXAMPLES / "swemwbs_summer.xlsx", EXAMPLES / "attendance_summer_arbor.xlsx"],
        behaviour=EXAMPLES / "behaviour_events.xlsx",
        periods=periods,
        group_columns=["Year group"],
    )


def test_case7_workbook_has_a_column_for_every_statistic_of_a_row(
    mis_run: CompareRun, tmp_path: Path
) -> None:
    rows = {r["Outcome: Measure"]: r for r in workbook_rows(mis_run, tmp_path)}
    pa = next(o for o in mis_run.overall if o.measure == "attendance.persistent_absence")
    ref = next(o for o in mis_run.overall if o.measure == "behaviour.referrals")
    assert pa.mcnemar is not None and ref.poisson_rate is not None
    row = rows["attendance.persistent_absence"]
    assert row["Primary test and multiplicity: Primary test"] == "exact McNemar"
    m = pa.mcnemar
    assert [row[f"Transitions (yes/no status): {k}"] for k in ("Became", "Left", "Stayed", "Never")] == [
        m.became,
        m.left,
        m.stayed,
        m.never,
    ]
    assert m.became + m.left + m.stayed + m.never == pa.n  # every pupil in one cell of the 2 × 2 table
    row = rows["behaviour.referrals"]
    assert row["Primary test and multiplicity: Primary test"] == "exact conditional test of two Poisson rates"
    r = ref.poisson_rate
    assert row["Rates (second / first): Rate ratio"] == pytest.approx(r.rate_ratio)
    assert (
        row["Rates (second / first): RR CI low"],
        row["Rates (second / first): RR CI high"],
    ) == pytest.approx(r.ci95)
    assert (row["Rates (second / first): Events first"], row["Rates (second / first): Events second"]) == (
        r.count_pre,
        r.count_post,
    )
    assert row["Rates (second / first): Exposure"] == "possible sessions"


def test_case7_same_small_n_rule_in_every_view(tmp_path: Path) -> None:
    """A subgroup of 4: descriptive figures (means, mean change and its CI) in every view, never a test or an
    effect size (SPEC §5: report but do not test below n = 5)."""
    n = 14
    pre_t = [30.0 + (i % 7) * 2 for i in range(n)]
    post_t = [t + 1 + (i % 4) for i, t in enumerate(pre_t)]
    years = ["7"] * 10 + ["8"] * 4
    pre, post = wemwbs_files(tmp_path, pre_t, post_t, extra={"Year": years})
    run = compare_files(pre, post, group_columns=["Year"])
    small = next(o for o in run.subgroups if o.group == "Year=8")
    assert small.n == 4 and small.verdict == "not_tested" and small.not_tested_reason == "fewer_than_5_pairs"
    # by hand: Year 8 are pupils 10–13, changes 1 + (i % 4) = 3, 4, 1, 2 → mean 2.5
    assert small.change.mean == pytest.approx(2.5)
    assert small.effect_size.g_av is None and small.effect_size.d_z is None and small.p_value is None
    j = next(o for o in json.loads(run.to_json())["outcomes"] if o["group"] == "Year=8")
    assert j["effect_size"]["g_av"] is None and j["change"]["mean"] == pytest.approx(2.5)
    sub = next(r for r in workbook_rows(run, tmp_path, "Subgroups") if r["Outcome: Group"] == "Year = 8")
    assert sub["Change (second − first): Mean change"] == pytest.approx(2.5)
    assert sub["Effect sizes (Lakens 2013): g_av"] == "–" and sub["Paired t-test: p"] == "–"
    line = next(x for x in terminal_text(run, width=100).splitlines() if "Year=8" in x)
    assert "2.5" in line and "g_av" not in line and "not tested (fewer than 5 pairs)" in line


# ------------------------------------------------------------------------- every view, the same verdict
_TERMINAL_WORDS = {
    "improved": "improved",
    "worsened": "worsened",
    "no_significant_change": "no clear change",
}


def _terminal_verdicts(run: CompareRun) -> dict[str, str]:
    """name → verdict text from the narrow terminal layout ("  name n = …: … — verdict")."""
    out = {}
    for line in terminal_text(run, width=100).splitlines():
        if line.startswith("  ") and " n = " in line and " — " in line:
            name = line.strip().split(" n = ")[0]
            out[name] = line.rsplit(" — ", 1)[1].strip()
    return out


def _check_views_agree(run: CompareRun, tmp: Path) -> None:
    from peerimpact.governors.outcomes import outcome_row
    from peerimpact.wording.verdicts import not_tested_words

    doc = json.loads(run.to_json())
    jsonschema.validate(doc, SCHEMA)
    term = _terminal_verdicts(run)
    book = {
        (r["Outcome: Measure"], r["Outcome: Group"]): r["Result: Verdict"]
        for sheet in ("Outcomes", "Subgroups")
        for r in workbook_rows(run, tmp, sheet)
    }
    paired = [o for o in run.outcomes if o.group != "comparison"]
    assert len(doc["outcomes"]) == len(run.outcomes)
    for o, j in zip(run.outcomes, doc["outcomes"], strict=True):
        assert j["verdict"] == o.verdict
    for o in paired:
        name = o.measure if o.group == "all" else f"{o.group} · {o.measure}"
        words = not_tested_words(o) if o.verdict == "not_tested" else _TERMINAL_WORDS[o.verdict]
        assert term[name].startswith(words), (name, term[name], o.verdict)
        group = "all pupils" if o.group == "all" else " = ".join(o.group.split("=", 1))
        if run.design == "comparison_group" and o.group == "all":
            group = "programme pupils"
        cell = book[(o.measure, group)]
        assert cell.startswith(words.replace("no clear change", "no statistically significant change")), (
            o.measure,
            o.group,
            cell,
        )
    from peerimpact.governors.plan import Ledger

    ledger = Ledger(5)
    rows = [(o, outcome_row(o, 5, ledger)) for o in run.overall]
    ledger.resolve()
    for o, row in rows:
        assert row.verdict == o.verdict
        if o.verdict == "not_tested" and o.n >= 5:
            assert row.clear_text != "too few to test" or o.not_tested_reason == "fewer_than_5_pairs"


def test_views_agree_on_every_verdict(case1: CompareRun, mis_run: CompareRun, tmp_path: Path) -> None:
    runs = [
        case1,
        mis_run,
        compare_files(
            EXAMPLES / "wemwbs_autumn_forms.xlsx",
            EXAMPLES / "wemwbs_summer_forms.xlsx",
            group_columns=["Are you a peer mentor or a mentee?", "Year group"],
        ),
        compare_files(EXAMPLES / "sdq_autumn_qualtrics.csv", EXAMPLES / "sdq_summer_qualtrics.csv"),
    ]
    for k, run in enumerate(runs):
        (tmp_path / str(k)).mkdir()
        _check_views_agree(run, tmp_path / str(k))


def test_governors_report_agrees_with_its_compare_run(tmp_path: Path) -> None:
    from peerimpact.demo.programme import write_example_programme
    from peerimpact.governors.build import build_report
    from peerimpact.governors.programme import load_programme

    report, runs, _issues = build_report(load_programme(write_example_programme(tmp_path)), "summer-2027")
    assert runs and [s.role for s in report.sections] == list(runs)
    for sec in report.sections:
        by_measure = {o.measure: o for o in runs[sec.role].overall}
        ancova = {o.measure: o for o in runs[sec.role].comparison}
        assert sec.outcomes
        for row in sec.outcomes:
            assert row.verdict == by_measure[row.measure].verdict
        for c in sec.comparison:  # the headline of a comparison design is the ANCOVA row
            assert c.verdict == ancova[c.measure].verdict


# ---------------------------------------------------------------------------------------------- case 6
@pytest.fixture(scope="module")
def case6_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """tests/golden/issue13.R 'comparison_unbalanced': 40 programme and 32 comparison pupils whose first
    scores differ by 1.24 SD (WWC: not equivalent)."""
    pre = [30.0 + (7 * i) % 17 for i in range(40)] + [26.0 + (5 * j) % 13 for j in range(32)]
    post = [p + 2 + i % 5 for i, p in enumerate(pre[:40])] + [p + j % 3 for j, p in enumerate(pre[40:])]
    arms = ["Participant"] * 40 + ["Comparison"] * 32
    a, b = wemwbs_files(tmp_path_factory.mktemp("case6"), pre, post, extra={"Group": arms})
    return a, b


def test_case6_comparison_design_has_arms_and_the_ancova_is_primary(
    case6_files: tuple[Path, Path], tmp_path: Path
) -> None:
    g = ISSUE13["comparison_unbalanced"]
    run = compare_files(*case6_files, comparison_column="Group", primary="wemwbs.total")
    (anc,) = run.comparison
    # R: lm(post ~ pre + group)
    assert anc.ancova is not None
    assert anc.ancova.adjusted_difference == pytest.approx(g["adjusted_difference"], rel=1e-9)
    assert anc.p_value == pytest.approx(g["p_value"], rel=1e-6)
    assert (anc.adjustment, anc.p_adjusted) == ("none", anc.p_value)  # the primary result, unadjusted
    (prog,) = run.overall
    assert prog.adjustment == "holm"  # the programme arm's own change is secondary
    (arm,) = run.comparison_arm
    assert arm.n == 32 and arm.change.mean == pytest.approx(g["arm_change"], rel=1e-9)
    assert arm.tests is not None and arm.tests.paired_t.p_value == pytest.approx(g["arm_t_p"], rel=1e-9)
    assert not run.subgroups  # the comparison arm is not a subgroup (nor in the BH grid)
    # baseline equivalence failed: never "similar", the gap is given
    be = anc.baseline_equivalence
    assert be is not None and be.classification == "not_satisfied"
    assert be.effect_size == pytest.approx(g["baseline_g"], rel=1e-9)
    assert "similar" not in (anc.summary or "") and "1.24 SD higher" in (anc.summary or "")
    assert "Baseline difference 1.24 SD (not satisfied)" in (anc.detail or "")
    assert "similar" not in run.design_note
    from peerimpact.governors.text import design_text

    assert "similar" not in design_text(run)
    # the minimum detectable difference between the arms (80% power, pre-test R²)
    assert anc.power is not None and anc.power.design == "two_group_ancova"
    assert anc.power.mdes_d_z == pytest.approx(g["mdd"], rel=1e-8)
    # views: the arm rows are labelled as arms
    rows = workbook_rows(run, tmp_path)
    assert [r["Outcome: Group"] for r in rows] == ["programme pupils", "comparison pupils"]
    assert workbook_rows(run, tmp_path, "Subgroups") == []
    text = terminal_text(run)
    assert text.index("Primary: compared with the comparison group") < text.index(
        "Programme pupils' own change"
    )
    assert "Comparison pupils' own change" in text
    jsonschema.validate(json.loads(run.to_json()), SCHEMA)


def test_case6_pooling_warning_without_comparison_column(case6_files: tuple[Path, Path]) -> None:
    run = compare_files(*case6_files)
    pooled = [i for i in run.issues if i.code == "arms_pooled"]
    assert len(pooled) == 1 and pooled[0].column == "Group" and pooled[0].severity == "warning"
    assert "'Comparison', 'Participant'" in pooled[0].message
    run = compare_files(*case6_files, comparison_column="Group")
    assert not [i for i in run.issues if i.code == "arms_pooled"]


def test_case6_mdd_is_given_when_the_arms_do_not_differ_clearly(tmp_path: Path) -> None:
    pre = [30.0 + (7 * i) % 17 for i in range(12)] + [30.0 + (5 * j) % 17 for j in range(10)]
    post = [p + (i % 5) - 2 for i, p in enumerate(pre[:12])] + [
        p + (j % 3) - 1 for j, p in enumerate(pre[12:])
    ]
    a, b = wemwbs_files(tmp_path, pre, post, extra={"Group": ["Mentee"] * 12 + ["Control"] * 10})
    (anc,) = compare_files(a, b, comparison_column="Group").comparison
    assert anc.verdict == "no_significant_change"
    assert anc.power is not None and anc.power.mdes_points is not None
    assert "this comparison had 80% power" in (anc.detail or "")
    assert "could have been spotted" in (anc.summary or "")


def test_case4_governors_row_says_why_not_tested(tmp_path: Path) -> None:
    from peerimpact.governors.outcomes import outcome_row
    from peerimpact.governors.plan import Ledger

    totals = [30.0 + k for k in range(10)]
    pre, post = wemwbs_files(tmp_path, totals, totals)
    ledger = Ledger(5)
    row = outcome_row(compare_files(pre, post).overall[0], 5, ledger)
    ledger.resolve()
    assert row.verdict == "not_tested" and row.clear_text == "no change to test"


def test_case1_forest_chart_marks_a_g_av_that_points_against_the_verdict(
    case1: CompareRun, tmp_path: Path
) -> None:
    # g_av is mean-based (+1.84 > 0) while the verdict follows the pseudomedian (−2): the chart's point would
    # look positive, so its label is marked and a note under the chart data says to read the verdict
    o = case1.overall[0]
    assert o.effect_size.g_av is not None and o.effect_size.g_av > 0 and o.primary_estimate is not None
    assert o.primary_estimate < 0 and o.g_av_against_primary
    path = tmp_path / "c.xlsx"
    write_compare_workbook(case1, path)
    cells = [
        c for row in openpyxl.load_workbook(path)["Charts"].iter_rows(values_only=True) for c in row if c
    ]
    assert any(isinstance(c, str) and c.endswith(" ‡") for c in cells)
    assert any(isinstance(c, str) and c.startswith("‡ g_av is based on the mean change") for c in cells)


def test_case1_governors_chart_marks_the_g_that_points_against_the_verdict(case1: CompareRun) -> None:
    from peerimpact.governors.outcomes import outcome_row
    from peerimpact.governors.plan import Ledger
    from peerimpact.reports.html import _forest

    ledger = Ledger(5)
    row = outcome_row(case1.overall[0], 5, ledger)
    ledger.resolve()
    assert row.g_against_verdict and row.verdict == "worsened"
    assert "‡" in _forest([row])
