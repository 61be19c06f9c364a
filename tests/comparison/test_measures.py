"""``compare --measure COL`` (SPEC §2, §5): an already-scored numeric column compared with every statistic a
scale gets, checked against R (tests/golden/evaluators.R: ``t.test(post, pre, paired = TRUE)``,
``wilcox.test(post, pre, paired = TRUE, conf.int = TRUE)``, ``lm(post ~ pre + group)``) on the reading
ages written into two small CSV files here."""

from __future__ import annotations

import csv
import json
import runpy
from pathlib import Path

import jsonschema
import pytest

from peerimpact.issues import PeerimpactError
from peerimpact.pipeline import compare_files

ROOT = Path(__file__).resolve().parents[2]
R = runpy.run_path(str(ROOT / "tests" / "golden" / "evaluators.py"))["R"]
ARM_WORDS = {"P": "Programme", "C": "Comparison"}
SCHEMA = json.loads((ROOT / "tests" / "data" / "results.schema.json").read_text(encoding="utf-8"))


def _write(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    """12 matched pupils with reading ages; S013 has 'absent' after (not a number: left out, located
    warning at row 14 of post.csv), S014 has an empty cell before (no warning)."""
    pre_rows: list[list[object]] = [
        [f"S{i + 1:03d}", "Year 7" if i % 2 else "Year 8", ARM_WORDS[arm], v]
        for i, (v, arm) in enumerate(zip(R["measure_pre"], R["arm"], strict=True))
    ]
    post_rows: list[list[object]] = [
        [f"S{i + 1:03d}", v, d] for i, (v, d) in enumerate(zip(R["measure_post"], R["dose"], strict=True))
    ]
    pre_rows += [["S013", "Year 7", "Programme", 10.0], ["S014", "Year 8", "Comparison", ""]]
    post_rows += [["S013", "absent", 4], ["S014", 9.0, 2]]
    a = _write(tmp_path / "pre.csv", ["Pupil ID", "Year group", "Arm", "Reading age"], pre_rows)
    b = _write(tmp_path / "post.csv", ["Pupil ID", "Reading age", "Sessions"], post_rows)
    return a, b


def test_measure_column_has_the_paired_statistics_of_r(files: tuple[Path, Path]) -> None:
    run = compare_files(*files, measures=["Reading age"], group_columns=["Year group"])
    o = next(o for o in run.overall if o.measure == "measure.Reading age")
    assert o.n == 12 and o.direction == "higher_is_better"
    t, w = o.tests.paired_t, o.tests.wilcoxon
    assert t.statistic == pytest.approx(R["paired_t"]["statistic"], rel=1e-10)
    assert t.df == R["paired_t"]["df"]
    assert t.p_value == pytest.approx(R["paired_t"]["p_value"], rel=1e-8)
    assert list(o.change.ci95) == pytest.approx(R["paired_t"]["ci95"], rel=1e-10)
    assert w.statistic == R["wilcoxon"]["statistic"] and w.exact is True
    assert w.p_value == pytest.approx(R["wilcoxon"]["p_value"], rel=1e-10)
    assert w.estimate == pytest.approx(R["wilcoxon"]["estimate"], rel=1e-9)
    assert list(w.ci95) == pytest.approx(R["wilcoxon"]["ci95"], rel=1e-9)
    # effect sizes, MDES and subgroups exist as for a scale; no reliable change, and the caveat says why
    assert o.effect_size.d_z is not None and o.effect_size.g_av is not None and o.power is not None
    assert o.reliable_change is None
    assert any("measure.Reading age" in c and "no reliability is known" in c for c in run.caveats)
    groups = {x.group for x in run.subgroups if x.measure == "measure.Reading age"}
    assert groups == {"Year group=Year 7", "Year group=Year 8"}
    # the non-numeric cell is a located warning, not a crash; the empty cell is no issue
    bad = [i for i in run.issues if i.code == "measure_not_numeric"]
    assert [(i.file, i.row, i.column, i.value) for i in bad] == [("post.csv", 14, "Reading age", "absent")]
    assert "no_answers" not in {i.code for i in run.issues}
    jsonschema.validate(json.loads(run.to_json()), SCHEMA)


def test_lower_is_better_turns_a_rise_into_worsening(files: tuple[Path, Path]) -> None:
    run = compare_files(*files, measures=["reading age"], lower_is_better=["Reading age"])
    o = next(o for o in run.overall if o.measure == "measure.Reading age")
    assert o.direction == "lower_is_better" and o.verdict == "worsened"


def test_measure_with_a_comparison_group_gives_r_ancova(files: tuple[Path, Path]) -> None:
    run = compare_files(*files, measures=["Reading age"], comparison_column="Arm")
    row = next(o for o in run.outcomes if o.measure == "measure.Reading age" and o.group == "comparison")
    assert row.ancova.adjusted_difference == pytest.approx(R["ancova"]["adjusted_difference"], rel=1e-9)
    assert list(row.ancova.ci95) == pytest.approx(R["ancova"]["ci95"], rel=1e-9)
    assert row.ancova.p_value == pytest.approx(R["ancova"]["p_value"], rel=1e-8)


def test_unknown_measure_columns_are_plain_errors(files: tuple[Path, Path]) -> None:
    with pytest.raises(PeerimpactError) as err:
        compare_files(*files, measures=["Spelling age"])
    assert err.value.issue.code == "measure_column_not_found"
    with pytest.raises(PeerimpactError) as err:
        compare_files(*files, measures=["Reading age"], lower_is_better=["Spelling age"])
    assert err.value.issue.code == "unknown_measure"


def test_cli_measure_options_give_the_library_result(files: tuple[Path, Path], tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from peerimpact.cli.app import app

    js, out = tmp_path / "r.json", tmp_path / "r.xlsx"
    args = ["compare", "--pre", str(files[0]), "--post", str(files[1]), "--measure", "Reading age"]
    args += ["--lower-is-better", "Reading age", "--json", str(js), "-o", str(out), "--no-color"]
    result = CliRunner().invoke(app, args, terminal_width=200)
    assert result.exit_code == 0, result.output
    library = compare_files(*files, measures=["Reading age"], lower_is_better=["Reading age"])
    doc, lib = json.loads(js.read_text(encoding="utf-8")), json.loads(library.to_json())
    for d in (doc, lib):
        d.pop("inputs", None)
    assert doc == lib
    assert "Reading age" in result.output and "no reliability is known" in " ".join(result.output.split())


def test_dose_column_gives_rs_lm_slope_in_every_view(files: tuple[Path, Path], tmp_path: Path) -> None:
    """--dose-column 'Sessions' (in the post file only): R lm(change ~ dose) over the 12 pupils with a
    reading age at both waves (S013's 'absent' and S014's empty cell leave them out)."""
    import openpyxl
    from typer.testing import CliRunner

    from peerimpact.cli.app import app

    run = compare_files(*files, measures=["Reading age"], dose_column="Sessions")
    d = next(o for o in run.overall if o.measure == "measure.Reading age").dose
    ref = R["dose_lm"]
    assert d is not None and d.n == ref["n"] and d.column == "Sessions" and d.exploratory
    assert d.slope == pytest.approx(ref["slope"], rel=1e-12)
    assert list(d.ci95) == pytest.approx(ref["ci95"], rel=1e-10)
    assert d.p_value == pytest.approx(ref["p_value"], rel=1e-8)
    assert "exploratory" in d.summary and "association" in d.summary
    assert all(s.dose is None for s in run.subgroups)
    # JSON, workbook and terminal carry the same figure
    js, book = tmp_path / "d.json", tmp_path / "d.xlsx"
    args = ["compare", "--pre", str(files[0]), "--post", str(files[1]), "--measure", "Reading age"]
    args += ["--dose-column", "Sessions", "--json", str(js), "-o", str(book), "--no-color"]
    result = CliRunner().invoke(app, args, terminal_width=250)
    assert result.exit_code == 0, result.output
    doc = json.loads(js.read_text(encoding="utf-8"))
    jsonschema.validate(doc, SCHEMA)
    assert doc["outcomes"][0]["dose"]["slope"] == pytest.approx(ref["slope"], rel=1e-12)
    assert d.summary.split(":")[0] in result.output
    summary = [c for row in openpyxl.load_workbook(book)["Summary"].iter_rows(values_only=True) for c in row]
    assert d.summary in summary
    cells = [c for row in openpyxl.load_workbook(book)["Outcomes"].iter_rows(values_only=True) for c in row]
    assert "Slope" in cells and any(
        c == pytest.approx(ref["slope"], rel=1e-12) for c in cells if isinstance(c, float)
    )


def test_wemwbs_waves_beside_the_published_norm_for_13_to_16() -> None:
    """Single-group design: each wave's mean of the outcome's pupils against 48.8 (Clarke et al. 2011),
    one-sample t as R t.test(x, mu = 48.8) (checked against R in tests/statistics/test_context.py; here
    against scipy on the pupils' scores)."""
    from scipy import stats

    data = ROOT / "examples" / "data"
    run = compare_files(data / "wemwbs_autumn_forms.xlsx", data / "wemwbs_summer_forms.xlsx")
    o = next(o for o in run.overall if o.measure == "wemwbs.total")
    nc = o.norm_comparison
    assert nc is not None and (nc.norm_mean, nc.norm_sd, nc.ages) == (48.8, 6.8, "13–16")
    rows = [p for p in run.pupils if p.measure == "wemwbs.total"]
    for wave, values in (("pre", [p.pre for p in rows]), ("post", [p.post for p in rows])):
        w = getattr(nc, wave)
        ref = stats.ttest_1samp(values, 48.8)
        assert w.n == len(values) == o.n
        assert w.difference == pytest.approx(sum(values) / len(values) - 48.8, rel=1e-12)
        assert w.t == pytest.approx(ref.statistic, rel=1e-10)
        assert w.p_value == pytest.approx(ref.pvalue, rel=1e-9)
        ci = ref.confidence_interval()
        assert list(w.ci95) == pytest.approx([ci.low - 48.8, ci.high - 48.8], rel=1e-9)
    assert nc.summary.startswith("Context, not an effect of the programme")
    assert "published figure for pupils aged 13–16" in nc.summary
    assert "norm_comparison" in json.loads(run.to_json())["outcomes"][0]
    # context, never an effect: the verdict and p are the paired test's
    assert o.p_value == o.tests.p_value


def test_no_norm_beside_a_comparison_design_or_a_norm_without_ages(files: tuple[Path, Path]) -> None:
    run = compare_files(*files, measures=["Reading age"], comparison_column="Arm")
    assert all(o.norm_comparison is None for o in run.outcomes)
    data = ROOT / "examples" / "data"
    swemwbs = compare_files(data / "swemwbs_autumn.xlsx", data / "swemwbs_summer.xlsx")
    assert all(o.norm_comparison is None for o in swemwbs.outcomes)  # its norms name no ages
