"""Coded columns (large files: Arrow-read text bodies, repetitive workbook columns) change no result.

The thresholds are lowered so every example file -- surveys, attendance summaries (SIMS CSV and Arbor xlsx),
the session register and the behaviour log -- is read with coded columns, and each compare must give the
same JSON document as with plain lists.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from peerimpact.pipeline import compare_files
from peerimpact.readers import _arrow_text, cells

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
PERIODS = {"autumn": (date(2026, 9, 1), date(2026, 12, 18)), "summer": (date(2027, 4, 12), date(2027, 7, 21))}

RUNS: list[tuple[str, Any, Any, dict[str, Any]]] = [
    ("sdq", DATA / "sdq_autumn_qualtrics.csv", DATA / "sdq_summer_qualtrics.csv", {}),
    (
        "swemwbs with attendance and behaviour",
        [DATA / "swemwbs_autumn.xlsx", DATA / "attendance_autumn_arbor.xlsx"],
        [DATA / "swemwbs_summer.xlsx", DATA / "attendance_summer_arbor.xlsx"],
        {"behaviour": DATA / "behaviour_events.xlsx", "periods": PERIODS, "group_columns": ["Year group"]},
    ),
    (
        "sims attendance",
        DATA / "attendance_autumn_sims.csv",
        DATA / "attendance_summer_sims.csv",
        {"behaviour": DATA / "behaviour_events.xlsx", "periods": PERIODS},
    ),
]


def _document(pre: Any, post: Any, options: dict[str, Any]) -> dict[str, Any]:
    doc = json.loads(compare_files(pre, post, **options).to_json())
    doc.pop("tool", None)  # version and timing-free parts only
    return doc


@pytest.mark.parametrize(("name", "pre", "post", "options"), RUNS, ids=[r[0] for r in RUNS])
def test_compare_is_the_same_with_coded_columns(
    name: str, pre: Any, post: Any, options: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _document(pre, post, options)
    monkeypatch.setattr(_arrow_text, "ARROW_MIN_BYTES", 0)
    monkeypatch.setattr(cells, "CODED_MIN_ROWS", 0)
    assert _document(pre, post, options) == plain
