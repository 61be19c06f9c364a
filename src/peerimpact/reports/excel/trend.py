"""The SMHL workbook's Trend sheet: the governors' trend across terms, with every figure of its model, so
that an evaluator can audit it (issue 13).  Read from ``CompareRun.extras["trend"]``, which the governors'
report builder fills; a plain ``compare`` run has none and gets no sheet."""

from __future__ import annotations

from typing import Any

from peerimpact.comparison.model import CompareRun
from peerimpact.reports.excel.sheet import DASH, F2, F3, INT, Sheet

__all__ = ["trend_sheet"]

_HEAD = [
    "Measure",
    "Surveys (terms)",
    "Term positions",
    "Pupils",
    "Observations",
    "Slope per term",
    "SE",
    "95% CI low",
    "95% CI high",
    "p (Wald z)",
    "Pupil variance",
    "Residual variance",
    "Clear trend",
]


def trend_sheet(wb: Any, run: CompareRun) -> None:
    rows = run.extras.get("trend")
    if rows is None:
        return
    sh = Sheet(wb, "Trend", [20, 34, 14, 8, 11, 10, 8, 9, 9, 9, 10, 10, 8], landscape=True, fit_width=1)
    sh.append([sh.cell("Trend across the terms so far (the governors' report)", bold=True, size=12)])
    sh.header(_HEAD)
    for t in rows:
        ci = t.get("ci95") or (None, None)
        unit = "per term" if t.get("per") == "term" else "per survey"
        sh.append(
            [
                sh.cell(t["measure"]),
                sh.cell(", ".join(t["terms"]), wrap=True),
                sh.cell(", ".join(f"{p:g}" for p in t["positions"]) + f" ({unit})"),
                sh.cell(t["n_pupils"], INT),
                sh.cell(t["n_observations"], INT),
                sh.cell(t["slope"], F2, missing=DASH),
                sh.cell(t["se"], F3, missing=DASH),
                sh.cell(ci[0], F2, missing=DASH),
                sh.cell(ci[1], F2, missing=DASH),
                sh.cell(t["p_value"], F3, missing=DASH),
                sh.cell(t["var_pupil"], F2, missing=DASH),
                sh.cell(t["var_residual"], F2, missing=DASH),
                sh.cell("yes" if t["clear"] else "no"),
            ]
        )
    sh.append([])
    model = rows[0]["method"] if rows else ""
    note = str(run.extras.get("trend_note") or "")
    sh.text_row("Model", model or note, merge_to=len(_HEAD))
    if model and note:
        sh.text_row("Note", note, merge_to=len(_HEAD))
