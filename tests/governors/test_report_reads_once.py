"""One report run reads each input file once (issue 17), and gives the same files whether its reads and its
SMHL workbooks run in worker processes or in turn (``PEERIMPACT_WORKERS=1``)."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from peerimpact.cli.report import write_report
from peerimpact.comparison.inputs import ReadInput, slim_for_compare
from peerimpact.governors.build import build_report
from peerimpact.governors.characteristics import is_characteristic
from peerimpact.governors.programme import load_programme
from peerimpact.pipeline import score_file

fork_only = pytest.mark.skipif(
    sys.platform == "win32" or "fork" not in multiprocessing.get_all_start_methods(),
    reason="worker processes are forked (POSIX only)",
)


def _reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count the reader's calls by file name (in this process: PEERIMPACT_WORKERS=1)."""
    import peerimpact.readers.detect as detect

    monkeypatch.setenv("PEERIMPACT_WORKERS", "1")
    seen: Counter[str] = Counter()
    real = detect.read_export

    def counted(path: str, *args: Any, **kwargs: Any) -> Any:
        seen[Path(path).name] += 1
        return real(path, *args, **kwargs)

    monkeypatch.setattr(detect, "read_export", counted)
    return seen


def test_every_survey_mis_file_and_activity_log_is_read_once(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _reads(monkeypatch)
    programme = load_programme(example)
    report, _, _ = build_report(programme, "summer-2027")
    assert report.trend and report.reach_by  # the trend and the reach table read the same surveys
    files = {
        p.name
        for t in programme.terms
        for p in [*t.surveys.values(), *filter(None, [t.attendance, t.behaviour, t.activity_log])]
    }
    read = {name: n for name, n in seen.items() if name in files}
    assert any(name.startswith("attendance") for name in read) and any("spring" in name for name in read)
    assert sum(t.activity_log is not None for t in programme.terms) > len(
        {t.activity_log for t in programme.terms}
    )
    assert {name: n for name, n in read.items() if n != 1} == {}


def test_compare_keeps_the_characteristic_columns_the_reach_table_reads() -> None:
    data = Path(__file__).resolve().parents[2] / "examples" / "data"
    run = score_file(data / "swemwbs_summer.xlsx")
    read = ReadInput("survey", run, "plain", run.source.n_rows, 0, None)
    table = run.source
    slim = slim_for_compare(read, ["Group"], is_characteristic).result.source
    for name, cells in zip(table.columns, table.data, strict=True):
        kept = slim.column(name)
        if is_characteristic(name) or name == "Group":
            assert list(kept) == list(cells), name
    plain = slim_for_compare(read, ["Group"]).result.source  # without keep_if: as compare alone slims
    chars = [c for c in table.columns if is_characteristic(c) and c != "Group"]
    assert chars == ["Year group", "SEND", "Pupil premium"]
    assert all(len(plain.column(c)) == 0 for c in chars)


def _outputs(folder: Path) -> dict[str, Any]:
    """Each report file's content: JSON parsed, workbooks as cell values per sheet, HTML as text."""
    out: dict[str, Any] = {}
    for p in sorted(folder.iterdir()):
        if p.suffix == ".json":
            out[p.name] = json.loads(p.read_text(encoding="utf-8"))
        elif p.suffix == ".xlsx":
            wb = load_workbook(p, read_only=True)
            out[p.name] = {s: list(wb[s].iter_rows(values_only=True)) for s in wb.sheetnames}
        else:
            out[p.name] = p.read_text(encoding="utf-8")
    return out


@fork_only
def test_the_report_is_the_same_with_and_without_worker_processes(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "programme"
    shutil.copytree(example.parent, folder, ignore=shutil.ignore_patterns("reports"))
    toml = folder / example.name
    monkeypatch.setenv("PEERIMPACT_WORKERS", "1")
    written, _, issues = write_report(toml, "summer-2027")
    in_turn = _outputs(written[0].parent)
    shutil.rmtree(written[0].parent)
    monkeypatch.setenv("PEERIMPACT_WORKERS", "2")  # forks even on a one-core machine
    written2, _, issues2 = write_report(toml, "summer-2027")
    assert written2 == written
    assert issues2 == issues
    assert any(name.startswith("smhl-detail") for name in in_turn)
    assert _outputs(written2[0].parent) == in_turn
