"""The governors' workbook's delivery sheets (SPEC §6.1): "Delivery by term" (one row per term so far and
the programme so far, then the pupils reached by characteristic) and "Targets" (each target met or not met,
and the SMHL's next steps as written).

A view of the report object, like :mod:`peerimpact.reports.excel.governors`: the same figures as the HTML,
hidden counts as the text ``c``, numbers stored as numbers at the precision shown; text always as text.
"""

from __future__ import annotations

from typing import Any

from peerimpact.governors.model import DeliveryRow, GovernorsReport
from peerimpact.reports.excel.governors_cells import count_cell, title_rows
from peerimpact.reports.excel.printing import print_sheet
from peerimpact.reports.excel.sheet import DASH, F1, INT, Sheet

__all__ = ["write_delivery_sheets"]

PCT = '0"%"'


def _share(sh: Sheet, d: DeliveryRow) -> Any:
    if d.self_share is not None:
        return sh.cell(d.self_share, PCT)
    hidden = any(c is not None and c.value is None for c in (d.self_referrals, d.staff_referrals))
    return sh.cell("c", "right") if hidden else sh.cell(DASH)


def _delivery(wb: Any, r: GovernorsReport) -> Sheet:
    widths = [16, 10, 10, 10, 11, 11, 11, 11, 10, 10, 11, 10]
    sh = print_sheet(wb, "Delivery by term", widths)
    title_rows(sh, r, "delivery, term by term")
    sh.header(
        [
            "Term",
            "Sessions held",
            "New mentees",
            "Mentees so far",
            "Sessions per mentee",
            "Supervision planned",
            "Supervision held",
            "Supervision held (%)",
            "Self-referrals",
            "Staff referrals",
            "Self-referral share (%)",
            "Mentors trained",
        ]
    )
    for d in r.delivery:
        sh.append(
            [
                sh.cell(d.term, bold=d.term == "So far"),
                sh.cell(d.sessions, INT, missing=DASH),
                count_cell(sh, d.new_mentees),
                count_cell(sh, d.mentees_so_far),
                sh.cell(d.per_mentee, F1, missing=DASH),
                sh.cell(d.supervision_planned, INT, missing=DASH),
                sh.cell(d.supervision_delivered, INT, missing=DASH),
                sh.cell(d.supervision_pct, PCT, missing=DASH),
                count_cell(sh, d.self_referrals),
                count_cell(sh, d.staff_referrals),
                _share(sh, d),
                count_cell(sh, d.trained),
            ]
        )
    sh.append([])
    sh.note(r.delivery_note, len(widths))
    if r.reach_by:
        roles = [c.role for c in r.reach_by[0].cells]
        sh.append([])
        sh.section("Pupils reached, by characteristic")
        sh.header(["Characteristic", "Group", *[h for x in roles for h in (f"{x}: pupils", f"{x}: %")]])
        for row in r.reach_by:
            cells = [sh.cell(row.characteristic), sh.cell(row.level)]
            for c in row.cells:  # exactly what the HTML shows
                if c.n.value is None:
                    cells += [sh.cell("c", "right"), sh.cell("c", "right")]
                else:
                    shown = sh.cell(c.n.value, INT) if c.count_shown else sh.cell(DASH)
                    cells += [shown, sh.cell(c.pct, PCT, missing=DASH)]
            sh.append(cells)
        sh.append([])
        sh.note(r.reach_by_note, len(widths))
    sh.append([])
    sh.note(r.legend + ".", len(widths))
    return sh


def _targets(wb: Any, r: GovernorsReport) -> Sheet:
    sh = print_sheet(wb, "Targets", [44, 12, 12, 24])
    title_rows(sh, r, "targets and next steps")
    if r.targets:
        sh.header(["Target", "Figure", "Target set", "Result"])
        for t in r.targets:
            fmt = PCT if t.unit == "%" else F1 if t.dp else INT
            whole = t.unit == "%" or not t.dp  # stored as shown: a whole number is an int
            figure = int(t.figure) if whole and t.figure is not None else t.figure
            sh.append(
                [
                    sh.cell(t.label, wrap=True),
                    sh.cell(figure, fmt, missing=DASH),
                    sh.cell(int(t.target) if whole and t.target.is_integer() else t.target, fmt),
                    sh.cell(t.status, wrap=True),
                ]
            )
        sh.append([])
    if r.next_steps:
        sh.section("Next steps (from the Senior Mental Health Lead)")
        for step in r.next_steps:  # each across the page, wrapped, as written (text, never a formula)
            sh.ws.merged_cells.add(f"A{sh.row + 1}:D{sh.row + 1}")
            sh.append([sh.cell(step, wrap=True)], height=sh.height_for(step, sum(sh.widths) - 4))
    return sh


def write_delivery_sheets(wb: Any, r: GovernorsReport) -> list[Sheet]:
    """Add the "Delivery by term" sheet (when there is an activity log) and the "Targets" sheet (when
    programme.toml sets targets or next steps) to the governors' workbook ``wb``; returns them."""
    out = []
    if r.delivery:
        out.append(_delivery(wb, r))
    if r.targets or r.next_steps:
        out.append(_targets(wb, r))
    return out
