"""The trend uses the surveys compare has already read and scored (issue 17): in one report run every
survey file is scored once, and the report is the same as when the trend reads every file itself."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from peerimpact.governors import outcomes
from peerimpact.governors.build import build_report
from peerimpact.governors.programme import load_programme
from peerimpact.reports.governors_json import render_json


def _scored_files(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count score_source calls by file name (read in this process: PEERIMPACT_WORKERS=1)."""
    import peerimpact.scoring.score as score

    monkeypatch.setenv("PEERIMPACT_WORKERS", "1")
    seen: Counter[str] = Counter()
    real = score.score_source

    def counted(table: Any, *args: Any, **kwargs: Any) -> Any:
        seen[Path(table.file).name] += 1
        return real(table, *args, **kwargs)

    monkeypatch.setattr(score, "score_source", counted)
    return seen


def test_every_survey_is_scored_once_per_report(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _scored_files(monkeypatch)
    report, _, _ = build_report(load_programme(example), "summer-2027")
    assert report.trend  # three SWEMWBS surveys: the trend is shown
    surveys = {p.name for t in load_programme(example).terms for p in t.surveys.values()}
    assert set(seen) <= surveys | {"process_survey_summer.xlsx"}
    assert {name: n for name, n in seen.items() if n != 1} == {}
    assert {"swemwbs_autumn.xlsx", "swemwbs_spring.xlsx", "swemwbs_summer.xlsx"} <= set(seen)


def test_the_report_is_the_same_when_the_trend_reads_every_file(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    programme = load_programme(example)
    cached, _, _ = build_report(programme, "summer-2027")
    real = outcomes.compare_term

    def without_cache(*args: Any, **kwargs: Any) -> Any:
        return real(*args[:3])  # compare keeps nothing for the trend: it scores every file itself

    monkeypatch.setattr("peerimpact.governors.build.compare_term", without_cache)
    fresh, _, _ = build_report(load_programme(example), "summer-2027")
    assert render_json(cached) == render_json(fresh)
    assert cached.trend == fresh.trend
