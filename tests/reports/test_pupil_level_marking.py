"""Every sheet of every pupil-level workbook carries the "Pupil-level data — Senior Mental Health Lead only"
marking in its printed page header and in its first row (SPEC §7, issue 14 item 5): the scored workbook of
``score``, the compare workbook, and the SMHL detail workbook of ``report``.  The governors' workbook, which
is aggregate, does not."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from peerimpact.pipeline import compare_files
from peerimpact.reports.excel.compare import write_compare_workbook
from peerimpact.reports.excel.scores import write_scores_workbook
from peerimpact.scoring.score import score_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"
MARK = "Pupil-level data — Senior Mental Health Lead only"


def _check_every_sheet(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    try:
        for ws in wb.worksheets:
            first = [c.value for c in ws[1] if c.value is not None]
            assert first and str(first[0]).startswith(MARK), (path.name, ws.title, first)
            assert MARK in (ws.oddHeader.center.text or ""), (path.name, ws.title)
            # the marking is the only thing in row 1, and it is visible (not a hidden row)
            assert len(first) == 1 and not ws.row_dimensions[1].hidden, (path.name, ws.title)
        return wb.sheetnames
    finally:
        wb.close()


@pytest.mark.parametrize("name", ["sdq_autumn_qualtrics.csv", "wemwbs_autumn_forms.xlsx"])
def test_scored_workbook_is_marked_on_every_sheet(tmp_path: Path, name: str) -> None:
    out = tmp_path / "scored.xlsx"
    write_scores_workbook(score_file(EXAMPLES / name), out)
    assert _check_every_sheet(out) == ["Scores", "Issues", "About"]
    ws = openpyxl.load_workbook(out, read_only=True)["Scores"]
    header = next(ws.iter_rows(min_row=2, max_row=2, values_only=True))
    assert header[:2] == ("id", "source_row")  # the headings follow the marking


def test_compare_workbook_is_marked_on_every_sheet(tmp_path: Path) -> None:
    run = compare_files(
        EXAMPLES / "wemwbs_autumn_forms.xlsx",
        EXAMPLES / "wemwbs_summer_forms.xlsx",
        group_columns=["Are you a peer mentor or a mentee?"],
    )
    out = tmp_path / "compare.xlsx"
    write_compare_workbook(run, out)
    sheets = _check_every_sheet(out)
    assert {"Summary", "Charts", "Outcomes", "Subgroups", "Pupils", "Method"} <= set(sheets)
    wb = openpyxl.load_workbook(out, read_only=True)
    pupils = list(wb["Pupils"].iter_rows(min_row=2, max_row=3, values_only=True))
    assert pupils[0][0] == "Pupil id" and pupils[1][0]  # headings in row 2, the first pupil in row 3
    wb.close()


def test_smhl_detail_workbook_is_marked_and_governors_workbook_is_not(tmp_path: Path) -> None:
    from peerimpact.cli.report import write_report
    from peerimpact.demo.programme import write_example_programme

    written, _, _ = write_report(write_example_programme(tmp_path), "spring-2027")
    detail = next(p for p in written if p.name.startswith("smhl-detail"))
    assert len(_check_every_sheet(detail)) >= 8
    governors = next(p for p in written if p.suffix == ".xlsx" and p.name.startswith("governors"))
    wb = openpyxl.load_workbook(governors)
    assert not any(MARK in str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row)
