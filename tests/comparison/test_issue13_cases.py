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
    """Two WEMWBS exports with these totals, pupil i in row i of both (ids P001 …)."""
    paths = []
    for name, totals in (("pre", pre), ("post", post)):
        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(["Pupil ID", *(extra or {}), *[f"wemwbs_{i}" for i in range(1, 15)]])
        for i, total in enumerate(totals):
            ws.append(
                [f"P{i:03d}", *[v[i] for v in (extra or {}).values()], *[W[c - 1] for c in _codes(int(total))]]
            )
        path = tmp / f"{name}.xlsx"
        wb.save(path)
        paths.append(path)
    return paths


def terminal_text(run: CompareRun) -> str:
    buf = io.StringIO()
    print_compare(Console(file=buf, width=200, color_system=None), run)
    return buf.getvalue()


def workbook_rows(run: CompareRun, tmp: Path, sheet: str = "Outcomes") -> list[dict[str, object]]:
    """The sheet's rows as {"block: heading": value} (two header rows)."""
    path = tmp / "compare.xlsx"
    write_compare_workbook(run, path)
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    start = 1 if sheet == "Outcomes" else 2
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
