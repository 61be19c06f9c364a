"""``compare`` end to end: schema, independent recount, wording rules and the bad inputs of issue 3."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import numpy as np
import openpyxl
import pytest
from scipy import stats

from peerimpact.issues import PeerimpactError
from peerimpact.pipeline import compare_files

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
SCHEMA = json.loads((ROOT / "tests" / "data" / "results.schema.json").read_text(encoding="utf-8"))
W = ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]
WCODE = {w.lower(): i + 1 for i, w in enumerate(W)}


def test_schema_copy_is_current() -> None:
    shared = ROOT.parent / "shared" / "results.schema.json"
    if not shared.exists():
        pytest.skip("../shared not present")
    assert json.loads(shared.read_text(encoding="utf-8")) == SCHEMA


@pytest.fixture(scope="module")
def wemwbs_run():  # type: ignore[no-untyped-def]
    return compare_files(
        DATA / "wemwbs_autumn_forms.xlsx",
        DATA / "wemwbs_summer_forms.xlsx",
        group_columns=["Are you a peer mentor or a mentee?", "Year group"],
    )


@pytest.mark.parametrize(
    ("pre", "post", "kwargs"),
    [
        ("wemwbs_autumn_forms.xlsx", "wemwbs_summer_forms.xlsx", {"group_columns": ["Gender"]}),
        ("sdq_autumn_qualtrics.csv", "sdq_summer_qualtrics.csv", {"primary": "sdq.total_difficulties"}),
        ("swemwbs_autumn.xlsx", "swemwbs_summer.xlsx", {"comparison_column": "Group"}),
    ],
)
def test_json_follows_the_schema(pre: str, post: str, kwargs: dict) -> None:  # type: ignore[type-arg]
    run = compare_files(DATA / pre, DATA / post, **kwargs)
    doc = json.loads(run.to_json())  # allow_nan=False inside: a NaN would raise
    jsonschema.validate(doc, SCHEMA)
    assert doc["schema"] == "peerimpact.results/1"
    assert not re.search(r"\bnan\b", json.dumps(doc), re.I)


def _totals(path: Path) -> dict[str, float]:
    """Independent recount: WEMWBS totals by case-folded email, complete rows only, last complete row kept."""
    ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    email, items = header.index("Email"), [header.index(f"Wellbeing statement {i}") for i in range(1, 15)]
    ctime = header.index("Completion time")
    best: dict[str, tuple[object, float]] = {}
    for r in rows[1:]:
        codes = [WCODE.get(str(r[j]).strip().lower()) if r[j] is not None else None for j in items]
        if r[email] is None or None in codes:
            continue
        key = str(r[email]).strip().casefold()
        if key not in best or r[ctime] >= best[key][0]:  # type: ignore[operator]
            best[key] = (r[ctime], float(sum(codes)))  # type: ignore[arg-type]
    return {k: v for k, (_, v) in best.items()}


def test_overall_figures_equal_an_independent_recount_with_scipy(wemwbs_run) -> None:  # type: ignore[no-untyped-def]
    a, b = _totals(DATA / "wemwbs_autumn_forms.xlsx"), _totals(DATA / "wemwbs_summer_forms.xlsx")
    ids = sorted(set(a) & set(b))
    x = np.array([a[i] for i in ids])
    y = np.array([b[i] for i in ids])
    o = wemwbs_run.overall[0]
    assert o.n == len(ids)
    t = stats.ttest_rel(y, x)
    assert o.tests.paired_t.statistic == pytest.approx(t.statistic, rel=1e-9)
    assert o.tests.paired_t.p_value == pytest.approx(t.pvalue, rel=1e-9)
    assert o.change.mean == pytest.approx(float(np.mean(y - x)), rel=1e-12)
    d = y - x
    assert o.effect_size.d_z == pytest.approx(d.mean() / d.std(ddof=1), rel=1e-12)
    # d_av by hand (Cumming 2012): mean change / sqrt((sd_pre² + sd_post²) / 2)
    assert o.effect_size.d_av == pytest.approx(
        d.mean() / np.sqrt((x.std(ddof=1) ** 2 + y.std(ddof=1) ** 2) / 2), rel=1e-12
    )


def test_matching_counts_pupils_not_scores(wemwbs_run) -> None:  # type: ignore[no-untyped-def]
    # examples/README.md: 110 pupils before, 102 after, 95 in both (duplicates dropped, whether or not scored)
    m = wemwbs_run.matching
    assert (m["matched"], m["pre_only"], m["post_only"]) == (95, 15, 7)
    assert wemwbs_run.overall[0].n <= 95


def test_wording_never_overclaims(wemwbs_run) -> None:  # type: ignore[no-untyped-def]
    for o in wemwbs_run.outcomes:
        if o.verdict != "improved":
            assert "improved" not in (o.summary or "") and "improvement" not in (o.detail or "")
        if o.verdict == "no_significant_change":
            assert "d_z ≥" in (o.detail or "") and "could have been spotted" in (o.summary or "")
            assert o.effect_size.label is None
        if o.verdict in ("improved", "worsened"):
            assert o.p_adjusted is not None and o.p_adjusted < wemwbs_run.alpha
        for text in (o.summary or "", o.detail or ""):
            assert not re.search(r"\bnan\b|trend|months", text, re.I)


def test_subgroups_are_bh_adjusted_over_the_whole_grid(wemwbs_run) -> None:  # type: ignore[no-untyped-def]
    sub = wemwbs_run.subgroups
    assert sub and {o.adjustment for o in sub} == {"fdr_bh"}
    assert {o.adjustment for o in wemwbs_run.overall} == {"holm"}
    small = [o for o in sub if o.n < 5]
    assert all(o.verdict == "not_tested" and o.p_value is None for o in small)


def test_primary_outcome_is_unadjusted() -> None:
    run = compare_files(
        DATA / "sdq_autumn_qualtrics.csv", DATA / "sdq_summer_qualtrics.csv", primary="sdq.total_difficulties"
    )
    prim = next(o for o in run.overall if o.measure == "sdq.total_difficulties")
    assert prim.adjustment == "none" and prim.p_adjusted == prim.p_value
    others = [o for o in run.overall if o.measure != "sdq.total_difficulties"]
    assert {o.adjustment for o in others} == {"holm"}
    assert all(o.direction == "lower_is_better" for o in run.overall if o.measure != "sdq.prosocial")


def _wemwbs_file(path: Path, rows: list[tuple[str | None, list[int]]], id_header: str = "UPN") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([id_header, *[f"wemwbs_{i}" for i in range(1, 15)]])
    for pid, codes in rows:
        ws.append([pid, *[W[c - 1] for c in codes]])
    wb.save(path)
    return path


UPNS = ["H801200001001", "B801200005001", "G80120000101A", "A801200006001", "C801200007001", "D801200008001"]


def _upn(i: int) -> str:
    from peerimpact.scoring.ids import upn_check_letter

    body = f"80120000{i:03d}0"[:12]
    return (upn_check_letter("X" + body) or "A") + body


def test_zero_matched_pupils(tmp_path: Path) -> None:
    a = _wemwbs_file(tmp_path / "a.xlsx", [(_upn(i), [3] * 14) for i in range(6)])
    b = _wemwbs_file(tmp_path / "b.xlsx", [(_upn(i + 50), [3] * 14) for i in range(6)])
    with pytest.raises(PeerimpactError) as err:
        compare_files(a, b)
    assert err.value.issue.code == "no_pupils_matched"


def test_no_id_column(tmp_path: Path) -> None:
    a = _wemwbs_file(tmp_path / "a.xlsx", [(None, [3] * 14)], id_header="Comment")
    b = _wemwbs_file(tmp_path / "b.xlsx", [(_upn(1), [3] * 14)])
    with pytest.raises(PeerimpactError) as err:
        compare_files(a, b)
    assert err.value.issue.code == "no_id_column"


def test_different_instruments(tmp_path: Path) -> None:
    a = _wemwbs_file(tmp_path / "a.xlsx", [(_upn(i), [3] * 14) for i in range(3)])
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["UPN", *[f"brs_{i}" for i in range(1, 7)]])
    for i in range(3):
        ws.append([_upn(i), *["Agree"] * 6])
    wb.save(tmp_path / "b.xlsx")
    with pytest.raises(PeerimpactError) as err:
        compare_files(a, tmp_path / "b.xlsx")
    assert err.value.issue.code == "different_instruments"


def test_zero_variance_and_tiny_samples_are_not_tested_without_nan(tmp_path: Path) -> None:
    # every pupil rises by exactly 14 points: zero variance of the differences
    a = _wemwbs_file(tmp_path / "a.xlsx", [(_upn(i), [2 + i % 2] * 14) for i in range(8)])
    b = _wemwbs_file(tmp_path / "b.xlsx", [(_upn(i), [3 + i % 2] * 14) for i in range(8)])
    run = compare_files(a, b)
    o = run.overall[0]
    assert o.n == 8 and o.change.mean == 14.0
    text = run.to_json()
    assert "NaN" not in text and not re.search(r"\bnan\b", o.detail or "", re.I)
    # n = 1 and n = 3: descriptives only
    for n in (1, 3):
        a = _wemwbs_file(tmp_path / f"a{n}.xlsx", [(_upn(i), [2 + i % 3] * 14) for i in range(n)])
        b = _wemwbs_file(tmp_path / f"b{n}.xlsx", [(_upn(i), [3] * 14) for i in range(n)])
        run = compare_files(a, b)
        o = run.overall[0]
        assert o.verdict == "not_tested" and o.p_value is None and o.n == n
        assert not re.search(r"\bnan\b", (o.detail or "") + (o.summary or ""), re.I)
        jsonschema.validate(json.loads(run.to_json()), SCHEMA)


def test_notebook_api() -> None:
    import peerimpact

    run = peerimpact.compare(DATA / "swemwbs_autumn.xlsx", DATA / "swemwbs_summer.xlsx")
    frame = run.to_frame()
    assert list(frame["measure"]) == ["swemwbs.raw", "swemwbs.metric"]
    assert run.to_dict()["outcomes"][0]["n"] == int(frame["n"][0])


def test_comparison_group_with_two_questionnaires() -> None:
    # two survey pairs with their own pupils: WWC attrition must not mix their id lists
    run = compare_files(
        [DATA / "swemwbs_autumn.xlsx", DATA / "wemwbs_autumn_forms.xlsx"],
        [DATA / "swemwbs_summer.xlsx", DATA / "wemwbs_summer_forms.xlsx"],
        comparison_column="Group",
    )
    assert {o.measure for o in run.comparison} >= {"swemwbs.raw", "swemwbs.metric"}
    assert run.extras["wwc_attrition"]["assigned_treatment"] > 0
    jsonschema.validate(json.loads(run.to_json()), SCHEMA)
