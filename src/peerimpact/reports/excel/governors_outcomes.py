"""The governors' workbook's Outcomes sheet: per role, the comparison with pupils who did not take part
(the strongest design, first), then before and after, pupil by pupil and who answered again.  A view of
the report object like :mod:`peerimpact.reports.excel.governors`; nothing is computed here."""

from __future__ import annotations

from typing import Any

from peerimpact.governors.model import GovernorsReport, RoleSection
from peerimpact.reports.excel.governors_cells import (
    count_cell,
    legend,
    num_cell,
    result_text,
    title_rows,
)
from peerimpact.reports.excel.printing import new_page, print_header, print_sheet
from peerimpact.reports.excel.sheet import DASH, INT, M2, Sheet

__all__ = ["outcomes_sheet"]


def outcomes_sheet(wb: Any, r: GovernorsReport) -> Sheet:
    widths = [30, 14, 12, 10, 10, 10, 10, 12, 10, 10, 22]  # B: "Comparison", "questionnaire" unbroken
    sh = print_sheet(wb, "Outcomes", widths)
    title_rows(sh, r, "what changed")
    if r.outcome_note and not r.sections:  # a section says its own note
        sh.note(r.outcome_note, len(widths))
    for i, sec in enumerate(r.sections):
        if sec.role != "pupils":
            if i:
                new_page(sh)
            sh.section(sec.label)
        _compared(sh, sec, widths)
        _changes(sh, r, sec, widths)
    legend(sh, r, len(widths))
    return sh


def _compared(sh: Sheet, sec: RoleSection, widths: list[int]) -> None:
    """The strongest design first: each outcome against the comparison pupils, adjusted (ANCOVA)."""
    if not sec.comparison:
        return
    sh.section(f"{sec.label} compared with pupils who did not take part (adjusted for where each started)")
    print_header(
        sh,
        [
            "Outcome",
            sec.label,
            "Comparison pupils",
            "Difference (adjusted)",
            "Likely range from",
            "Likely range to",
            "Effect size g",
            "g likely from",
            "g likely to",
            "",
            "Result",
        ],
    )
    for c in sec.comparison:
        if not c.shown:
            sh.append(
                [sh.cell(c.title), count_cell(sh, c.n_programme), count_cell(sh, c.n_comparison)]
                + [sh.cell(DASH)] * 7
                + [sh.cell("not shown")]
            )
            continue
        lo, hi = c.difference_ci or (None, None)
        glo, ghi = c.g_ci or (None, None)
        sh.append(
            [
                sh.cell(c.title, wrap=True),
                count_cell(sh, c.n_programme),
                count_cell(sh, c.n_comparison),
                num_cell(sh, c.difference, c.dp),
                num_cell(sh, lo, c.dp),
                num_cell(sh, hi, c.dp),
                sh.cell(c.g, M2, missing=DASH),
                sh.cell(glo, M2, missing=DASH),
                sh.cell(ghi, M2, missing=DASH),
                sh.cell(""),
                sh.cell(c.clear_text),
            ]
        )
    for c in sec.comparison:
        sh.text_row("", c.sentence, merge_to=len(widths))
    sh.append([])


def _changes(sh: Sheet, r: GovernorsReport, sec: RoleSection, widths: list[int]) -> None:
    if sec.comparison:
        sh.section(f"{sec.label}: before and after")
    if sec.outcome_note:
        sh.note(sec.outcome_note, len(widths))
    rows = [*sec.outcomes, *([sec.attendance] if sec.attendance is not None else [])]
    if not rows:  # e.g. a term without a survey: the note says when outcomes come, no empty table
        return
    print_header(
        sh,
        [
            "Outcome",
            "Pupils",
            f"Average, {r.baseline}",
            f"Average, {r.term}",
            "Change",
            "Likely range from",
            "Likely range to",
            "Effect size g (as measured)",
            "g likely from",
            "g likely to",
            "Result",
        ],
    )
    for o in rows:
        if not o.shown:
            sh.append([sh.cell(o.title), count_cell(sh, o.n), *[sh.cell(DASH)] * 8, sh.cell("not shown")])
            continue
        lo, hi = o.change_ci or (None, None)
        glo, ghi = o.g_av_ci or (None, None)
        lower = " (lower is better)" if o.direction == "lower_is_better" else ""
        sh.append(
            [
                sh.cell(o.title + lower, wrap=True),
                count_cell(sh, o.n),
                num_cell(sh, o.pre_mean, o.dp),
                num_cell(sh, o.post_mean, o.dp),
                num_cell(sh, o.change, o.dp),
                num_cell(sh, lo, o.dp),
                num_cell(sh, hi, o.dp),
                sh.cell(o.g_av, M2, missing=DASH),
                sh.cell(glo, M2, missing=DASH),
                sh.cell(ghi, M2, missing=DASH),
                sh.cell(result_text(o.verdict)),
            ]
        )
    sh.append([])
    for o in rows:
        if o.shown and o.change_kind == "typical":
            sh.text_row(
                "",
                f"{o.title}: the change shown is the typical pupil's (the Hodges–Lehmann estimate), because the "
                "test used looks at the typical change rather than the average.",
                merge_to=len(widths),
            )
    for o in sec.outcomes:
        sh.text_row("", o.sentence, merge_to=len(widths))
    reliable = [o for o in sec.outcomes if o.reliable is not None]
    if reliable:
        sh.append([])
        sh.section("Pupil by pupil: moves larger than the normal ups and downs of answering")
        print_header(sh, ["Outcome", "Pupils", "Better", "Within", "Worse"])
        for o in reliable:
            assert o.reliable is not None
            b, w, x, n = o.reliable
            sh.append(
                [sh.cell(o.title), count_cell(sh, n), count_cell(sh, b), count_cell(sh, w), count_cell(sh, x)]
            )
    if sec.attrition:
        sh.append([])
        print_header(sh, ["Who answered", "First questionnaire", "Both", "Did not answer again (%)"])
        for a in sec.attrition:
            sh.append(
                [
                    sh.cell(a.arm.capitalize()),
                    count_cell(sh, a.first),
                    count_cell(sh, a.both),
                    sh.cell("c", "right") if a.lost_pct is None else sh.cell(a.lost_pct, INT),
                ]
            )
    sh.append([])
