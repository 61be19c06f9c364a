"""``score`` on each example export, checked against an independent recount.

The recount reads the files with openpyxl / the csv module (not peerimpact's readers) and applies the
published keys written out here by hand: WEMWBS total = sum of the 14 codes 1–5 (Warwick scoring guidance);
SWEMWBS metric from the raw sum via the published conversion table; SDQ subscales from 0/1/2 with items
7, 11, 14, 21, 25 reversed (youthinmind scoring syntax).  Only rows with every item validly answered are
recounted, so no rule of ours (prorating, duplicates) decides the expected value.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from tests.golden.instrument_facts import SWEMWBS_CONVERSION

from peerimpact.pipeline import score_file

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
WEMWBS = {"none of the time": 1, "rarely": 2, "some of the time": 3, "often": 4, "all of the time": 5}
SDQ = {"not true": 0, "somewhat true": 1, "certainly true": 2}
# SWEMWBS raw → metric: the published conversion table, typed once with its sources in tests/golden
SWEMWBS_METRIC = SWEMWBS_CONVERSION


def _code(value: object, key: dict[str, int]) -> int | None:
    if isinstance(value, str):
        return key.get(value.strip().lower())
    if isinstance(value, int | float) and float(value).is_integer() and 1 <= value <= 5 and key is WEMWBS:
        return int(value)
    return None


def _xlsx_rows(path: Path) -> tuple[list[str], list[tuple[int, tuple[object, ...]]]]:
    ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    return [str(h) for h in rows[0]], [(i + 2, r) for i, r in enumerate(rows[1:])]


def _scores_by_row(path: Path) -> dict[int, dict[str, object]]:
    run = score_file(path)
    return {r["source_row"]: r for r in run.records() if r["status"] != "excluded"}


@pytest.mark.parametrize("name", ["wemwbs_autumn_forms.xlsx", "wemwbs_summer_forms.xlsx"])
def test_wemwbs_totals(name: str) -> None:
    header, rows = _xlsx_rows(DATA / name)
    items = [header.index(f"Wellbeing statement {i}") for i in range(1, 15)]
    got = _scores_by_row(DATA / name)
    checked = 0
    for excel_row, row in rows:
        codes = [_code(row[j], WEMWBS) for j in items]
        if None in codes or excel_row not in got:
            continue
        assert got[excel_row]["wemwbs.total"] == sum(codes)  # type: ignore[arg-type]
        checked += 1
    assert checked >= 90


@pytest.mark.parametrize("name", ["swemwbs_autumn.xlsx", "swemwbs_summer.xlsx"])
def test_swemwbs_metric(name: str) -> None:
    header, rows = _xlsx_rows(DATA / name)
    items = [header.index(f"swemwbs_{i}") for i in range(1, 8)]
    got = _scores_by_row(DATA / name)
    checked = 0
    for excel_row, row in rows:
        codes = [_code(row[j], WEMWBS) for j in items]
        if None in codes or excel_row not in got:
            continue
        raw = sum(codes)  # type: ignore[arg-type]
        assert got[excel_row]["swemwbs.raw"] == raw
        assert got[excel_row]["swemwbs.metric"] == pytest.approx(SWEMWBS_METRIC[raw], abs=1e-9)
        checked += 1
    assert checked >= 100


@pytest.mark.parametrize("name", ["sdq_autumn_qualtrics.csv", "sdq_summer_qualtrics.csv"])
def test_sdq_subscales(name: str) -> None:
    with open(DATA / name, encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    header = lines[0]
    items = [header.index(f"Q4_{i}") for i in range(1, 26)]
    reverse = {7, 11, 14, 21, 25}
    subscales = {
        "emotional": (3, 8, 13, 16, 24),
        "conduct": (5, 7, 12, 18, 22),
        "hyperactivity": (2, 10, 15, 21, 25),
        "peer": (6, 11, 14, 19, 23),
        "prosocial": (1, 4, 9, 17, 20),
    }
    got = _scores_by_row(DATA / name)
    checked = 0
    for i, row in enumerate(lines[3:]):
        excel_row = i + 4
        codes = [_code(row[j], SDQ) for j in items]
        if None in codes or excel_row not in got:
            continue
        keyed = {n: (2 - c if n in reverse else c) for n, c in zip(range(1, 26), codes, strict=True)}  # type: ignore[operator]
        for scale, its in subscales.items():
            assert got[excel_row][f"sdq.{scale}"] == sum(keyed[k] for k in its), (excel_row, scale)
        total = sum(
            sum(keyed[k] for k in subscales[s]) for s in ("emotional", "conduct", "hyperactivity", "peer")
        )
        assert got[excel_row]["sdq.total_difficulties"] == total
        checked += 1
    assert checked >= 85


def test_sdq_prorated_half_up_on_the_example() -> None:
    # examples/README.md: row 26 has emotional item 13 blank; the other four sum to 2 →
    # 2 × 5 / 4 = 2.5 → rounded half up to 3 (youthinmind syntax), not 2 as Python's round would.
    got = _scores_by_row(DATA / "sdq_autumn_qualtrics.csv")
    assert got[26]["sdq.emotional"] == 3.0
    assert got[26]["status"] == "partly scored"


def test_every_example_row_is_accounted_for() -> None:
    surveys = [p for p in sorted(DATA.iterdir()) if p.name.startswith(("wemwbs", "swemwbs", "sdq"))]
    assert len(surveys) == 6
    for path in surveys:
        run = score_file(path)
        c = run.counts
        assert c["read"] == c["scored"] + c["partly scored"] + c["excluded"]
        assert all(r for r, s in zip(run.reason, run.status, strict=True) if s == "excluded")
