"""The governors' workbook: a view of one :class:`~peerimpact.governors.model.GovernorsReport`.

Sheets: Report (the headline, the design caveat, the questionnaires in plain words, things to bear in
mind), Outcomes (:mod:`peerimpact.reports.excel.governors_outcomes`), Reach and delivery, Delivery by term and Targets
(:mod:`peerimpact.reports.excel.governors_delivery`), Attendance and behaviour, Feedback, Trend, By group, Notes.  The same sentences and figures as the HTML
report; numbers are stored as numbers with number formats, at the precision shown (the report object holds
them rounded: an unrounded mean beside its count would let a reader subtract one pupil's score), hidden
counts as the text ``c``
(legend on every sheet that has one).  Nothing here computes a statistic, and nothing here is pupil-level:
no names, ids or free text.  Written deterministically and atomically through :mod:`peerimpact.reports.excel.sheet`
(text is always stored as text, never as a formula).  Every sheet is set to print by
:mod:`peerimpact.reports.excel.printing` (A4, one page wide, wrapped text, the header row repeated).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from peerimpact.governors.model import GovernorsReport
from peerimpact.reports.excel.governors_cells import (
    count_cell,
    legend,
    num_cell,
    result_text,
    title_rows,
)
from peerimpact.reports.excel.governors_delivery import write_delivery_sheets
from peerimpact.reports.excel.governors_outcomes import outcomes_sheet
from peerimpact.reports.excel.printing import finish_print, print_header, print_sheet
from peerimpact.reports.excel.sheet import DASH, F1, INT, M2, Sheet
from peerimpact.reports.excel.stream import new_workbook, write_workbook

__all__ = ["write_governors_workbook"]


def _report(wb: Any, r: GovernorsReport) -> Sheet:
    sh = print_sheet(wb, "Report", [22, 78])
    title_rows(sh, r, f"governors' report, {r.term}")
    sh.text_row("Read this first", r.design_text, size=11)
    sh.append([])
    sh.text_row("This term in brief", r.headline, size=11)
    sh.append([])
    for i, s in enumerate(r.scales):  # each questionnaire introduced once, as in the HTML's box
        sh.text_row("About the questionnaires" if i == 0 else "", f"{s.title}: {s.text}")
    if r.scales:
        sh.append([])
    if r.outcome_note:
        sh.text_row("Note", r.outcome_note)
    for i, c in enumerate(r.caveats):
        sh.text_row("Things to bear in mind" if i == 0 else "", c)
    sh.append([])
    sh.text_row("", r.legend + ".")
    sh.text_row(
        "", f"Made by peerimpact {r.version}. No names, pupil ids or free text appear in this workbook."
    )
    return sh


def _reach(wb: Any, r: GovernorsReport) -> Sheet:
    sh = print_sheet(wb, "Reach and delivery", [34, 14, 14, 14])
    title_rows(sh, r, "reach and delivery")
    reach = r.reach
    if reach is None:
        sh.note("No activity log for this term.", 4)
        return sh
    print_header(sh, ["Term", "New mentors", "New mentees", "Sessions held"])
    for name, m, e, x in zip(
        (*reach.terms, "So far"), reach.mentors, reach.mentees, reach.sessions, strict=True
    ):
        sh.append(
            [sh.cell(name, bold=name == "So far"), count_cell(sh, m), count_cell(sh, e), count_cell(sh, x)]
        )
    sh.append([])
    print_header(sh, ["Delivery", "This term", "So far"])
    t, s = reach.term, reach.so_far
    for label, key in (
        ("Mentoring sessions held", "sessions_held"),
        ("Mentor team meetings held", "meetings_held"),
        ("Supervision sessions planned", "supervision_planned"),
        ("Supervision sessions delivered", "supervision_delivered"),
    ):
        sh.append([sh.cell(label), count_cell(sh, t.get(key)), count_cell(sh, s.get(key))])
    own, staff, total = reach.referrals
    sh.append([sh.cell("Self-referrals (pupils)"), count_cell(sh, own)])
    sh.append([sh.cell("Staff referrals (pupils)"), count_cell(sh, staff)])
    sh.append([sh.cell("All referrals (pupils)"), count_cell(sh, total)])
    sh.append([sh.cell("Mentors who completed training"), sh.cell(None), count_cell(sh, reach.trained)])
    legend(sh, r, 4)
    return sh


def _mis(wb: Any, r: GovernorsReport) -> Sheet:
    sh = print_sheet(wb, "Attendance and behaviour", [40, 10, 14, 14, 20])
    title_rows(sh, r, "attendance and behaviour")
    for sec in r.sections:
        if not sec.mis and not sec.mis_sentences:
            continue
        if sec.role != "pupils":
            sh.section(sec.label)
        if sec.mis:
            print_header(sh, ["Measure", "Pupils", r.baseline, r.term, "Result"])
            for m in sec.mis:
                fmt = INT if m.dp == 0 else M2 if m.dp == 2 else F1
                sh.append(
                    [
                        sh.cell(f"{m.title} ({m.unit})"),
                        count_cell(sh, m.n),
                        sh.cell("c", "right") if m.hidden[0] else sh.cell(m.before, fmt, missing=DASH),
                        sh.cell("c", "right") if m.hidden[1] else sh.cell(m.after, fmt, missing=DASH),
                        sh.cell(result_text(m.verdict)),
                    ]
                )
            sh.append([])
        for s in sec.mis_sentences:
            sh.text_row("", s, merge_to=5)
    if not any(sec.mis or sec.mis_sentences for sec in r.sections):
        sh.note("No attendance or behaviour data to compare this term.", 5)
    return sh


def _feedback(wb: Any, r: GovernorsReport) -> Sheet:
    roles = [c[0] for c in r.process[0].cells] if r.process else []
    sh = print_sheet(wb, "Feedback", [40, *[14] * (2 * len(roles) or 2)])
    title_rows(sh, r, "pupils' feedback (a process indicator)")
    if not r.process:
        sh.note("No feedback survey this term.", 3)
        return sh
    n = r.process_n.table() if r.process_n else DASH
    sh.note(
        f"Feedback survey: {n} pupils answered. A process indicator (how pupils found the programme), not "
        "evidence that wellbeing changed. Agreed: an average answer of Agree or Strongly agree.",
        1 + 2 * len(roles),
    )
    print_header(
        sh, ["Pupils who agreed", *[h for role in roles for h in (f"{role}: agreed", f"{role}: answered")]]
    )
    for p in r.process:
        cells = [sh.cell(p.title)]
        for _, text, k, total, pct in p.cells:  # exactly what the HTML shows: the text's figures only
            if text == "c":
                cells += [sh.cell("c", "right"), sh.cell("c", "right")]
            elif k is None:  # a group of 5–9: the percentage only
                cells += [sh.cell(f"{pct}%" if pct is not None else DASH, "right"), sh.cell(DASH)]
            else:
                cells += [sh.cell(k, INT), sh.cell(total, INT, missing=DASH)]
        sh.append(cells)
    legend(sh, r, 1 + 2 * len(roles))
    return sh


def _trend(wb: Any, r: GovernorsReport) -> Sheet:
    waves = max((len(t.terms) for t in r.trend), default=0)
    sh = print_sheet(wb, "Trend", [34, *[11] * waves, *[9] * waves, 11, 11, 11, 9])
    title_rows(sh, r, "trend across the terms so far")
    if r.trend:
        terms = r.trend[0].terms
        print_header(
            sh,
            [
                "Outcome",
                *[f"Average, {t}" for t in terms],
                *[f"Pupils, {t}" for t in terms],
                "Change a term",
                "Likely from",
                "Likely to",
                "Clear trend",
            ],
        )
        for t in r.trend:
            lo, hi = t.ci or (None, None)
            sh.append(
                [
                    sh.cell(t.heading, wrap=True),
                    *[num_cell(sh, m, t.means_dp) for m in t.means],
                    *[count_cell(sh, c) for c in t.counts],
                    num_cell(sh, t.slope, t.dp),
                    num_cell(sh, lo, t.dp),
                    num_cell(sh, hi, t.dp),
                    sh.cell("yes" if t.clear else "no"),
                ]
            )
        sh.append([])
        for t in r.trend:
            sh.text_row("", t.sentence, merge_to=8)
    sh.note(r.trend_note or "No survey this term: the trend is shown with the surveys.", 8)
    return sh


def _groups(wb: Any, r: GovernorsReport) -> Sheet:
    sh = print_sheet(wb, "By group", [34, 22, 10, 10, 12, 12, 20])
    title_rows(sh, r, "results by group (exploratory)")
    if not r.subgroups:
        sh.note("No group breakdowns this term.", 7)
        return sh
    sh.note(
        "Exploratory: with several groups, some differences appear by chance. Groups of fewer than "
        f"{r.threshold} pupils are not shown (c), nor a second group where the first could be worked out.",
        7,
    )
    print_header(
        sh, ["Outcome", "Group", "Pupils", "Change", "Likely range from", "Likely range to", "Result"]
    )
    for sec, g in ((s, g) for s in r.sections for g in s.subgroups):
        lo, hi = g.change_ci or (None, None)
        hidden = g.n.value is None
        sh.append(
            [
                sh.cell(g.title if sec.role == "pupils" else f"{sec.label}: {g.title}", wrap=True),
                sh.cell(g.label),
                count_cell(sh, g.n),
                sh.cell(DASH) if hidden else num_cell(sh, g.change, g.dp),
                sh.cell(DASH) if hidden else num_cell(sh, lo, g.dp),
                sh.cell(DASH) if hidden else num_cell(sh, hi, g.dp),
                sh.cell("not shown" if hidden else result_text(g.verdict)),
            ]
        )
    legend(sh, r, 7)
    return sh


def _notes(wb: Any, r: GovernorsReport) -> Sheet:
    sh = print_sheet(wb, "Notes", [22, 78])
    title_rows(sh, r, "notes")
    for label, text in (
        ("c", r.legend.removeprefix("c = ") + "."),
        (
            "Privacy",
            f"Counts of pupils below {r.threshold} are never shown; counts within groups of "
            f"{r.threshold}–{2 * r.threshold - 1} pupils are given as percentages only; no names, ids or free text.",
        ),
        (
            "Clear change",
            "Larger than chance alone would easily give, allowing for the number of outcomes "
            "looked at (statistically significant once adjusted).",
        ),
        (
            "Change",
            "The later average minus the earlier one, as printed (so the figures add up), except where a "
            "note says it is the typical pupil's change. Change and g are as measured: for a scale marked "
            "(lower is better) a fall, a minus, is an improvement.",
        ),
        ("Likely range", "The 95% confidence interval: the range of values that fit the data."),
        (
            "Effect size g",
            "The change in standard deviations (g_av, Hedges-corrected): about 0.2 small, 0.5 "
            "medium, 0.8 large (Cohen, 1988); a size word is used only for a clear change.",
        ),
        ("Percentage points", "The difference between two percentages."),
        (
            "Trend",
            "A linear mixed model with a random intercept per pupil (REML), slope per term with its "
            "95% Wald interval; shown from the third survey onwards.",
        ),
    ):
        sh.text_row(label, text)
    return sh


def write_governors_workbook(report: GovernorsReport, path: str | Path) -> None:
    """Write the governors' workbook for ``report`` to ``path`` (atomic, byte-for-byte deterministic)."""
    wb = new_workbook()
    for part in (_report, outcomes_sheet, _reach):
        finish_print(part(wb, report))
    for sheet in write_delivery_sheets(wb, report):  # "Delivery by term" and "Targets"
        finish_print(sheet)
    for part in (_mis, _feedback, _trend, _groups, _notes):
        finish_print(part(wb, report))
    write_workbook(wb, path)
