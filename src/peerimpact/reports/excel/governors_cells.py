"""Cells and headings shared by the governors' workbook's sheets: a result in words, a count (hidden as
``c``), a number at the decimals shown, each sheet's title rows and the legend for ``c``."""

from __future__ import annotations

from typing import Any

from peerimpact.governors.model import Count, GovernorsReport
from peerimpact.reports.excel.printing import sheet_title
from peerimpact.reports.excel.sheet import DASH, F1, F2, INT, M2, Sheet

__all__ = ["RESULT_WORDS", "count_cell", "legend", "num_cell", "result_text", "title_rows"]

RESULT_WORDS = {"improved": "clear change (better)", "worsened": "clear change (worse)"}


def result_text(verdict: str) -> str:
    return RESULT_WORDS.get(verdict, "no clear change" if verdict == "no_significant_change" else "not shown")


def count_cell(sh: Sheet, c: Count | int | None) -> Any:
    if isinstance(c, Count):
        return sh.cell("c", "right") if c.value is None else sh.cell(c.value, INT)
    return sh.cell(DASH) if c is None else sh.cell(c, INT)


def num_cell(sh: Sheet, v: float | None, dp: int) -> Any:
    return sh.cell(v, INT if dp == 0 else M2 if dp == 2 else F2 if dp > 2 else F1, missing=DASH)


def title_rows(sh: Sheet, r: GovernorsReport, what: str) -> None:
    sheet_title(
        sh,
        [
            (f"{r.programme}: {what}", {"bold": True, "size": 14}),
            (f"{r.school} · {r.term} ({r.period}) · for {r.report_for}", {"italic": True}),
        ],
    )


def legend(sh: Sheet, r: GovernorsReport, merge_to: int) -> None:
    sh.append([])
    sh.note(r.legend + ".", merge_to)
