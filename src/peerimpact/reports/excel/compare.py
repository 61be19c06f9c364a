"""The workbook ``peerimpact compare`` writes: a view of one :class:`~peerimpact.comparison.model.CompareRun`.

Sheets, in order: Summary (governors' sentences, design note, caveats), in the SMHL's workbook Follow-up and
For the DSL (:mod:`~peerimpact.reports.excel.follow_up`), Charts (native charts and the cells they draw),
Outcomes, Subgroups, Reliable change, Pupils, Attrition, Data issues, Method.  Nothing here
computes a statistic: every figure is read from the run.  Numbers are stored unrounded and shown through
number formats; p is kept as a number beside its APA text ("< .001" cannot be an Excel format).  Text from
the data is always stored as text, never as a formula (SPEC §7).  The file is written atomically and
byte-for-byte deterministic: fixed document times and fixed zip entry times.

This module writes the Summary sheet and the two large tables, Pupils and Data issues, which are streamed
as sheet XML directly into the zip (:mod:`peerimpact.reports.excel.sheet`): openpyxl's write-only mode manages
about 7,000 rows a second, far too slow for 100,000 pupils.  The other sheets are written by
:mod:`~peerimpact.reports.excel.charts`, :mod:`~peerimpact.reports.excel.outcomes` and
:mod:`~peerimpact.reports.excel.supporting`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from peerimpact._version import __version__
from peerimpact.comparison.follow_up_model import FollowUp
from peerimpact.comparison.model import CompareRun, PupilChange, PupilRows
from peerimpact.issues import CODES
from peerimpact.reports.excel.charts import charts_sheet
from peerimpact.reports.excel.follow_up import dsl_sheet, follow_up_sheet, summary_lines
from peerimpact.reports.excel.outcomes import outcomes_sheet, subgroups_sheet
from peerimpact.reports.excel.sheet import F1, F2, M2, Sheet, mark_pupil_level, measure_dp
from peerimpact.reports.excel.stream import (
    ROWS_PER_BLOCK,
    Bulk,
    new_workbook,
    number_cell,
    number_cells,
    style_id,
    text_cell,
    text_cells,
    write_workbook,
)
from peerimpact.reports.excel.supporting import attrition_sheet, method_sheet, reliable_sheet
from peerimpact.reports.excel.trend import trend_sheet
from peerimpact.results import Outcome
from peerimpact.util.gc import gc_paused
from peerimpact.wording.verdicts import not_tested_words

__all__ = ["write_compare_workbook"]

_PLAIN_VERDICT = {
    "improved": "clear improvement",
    "worsened": "clear worsening",
    "no_significant_change": "no clear change",
}


def _plain_verdict(o: Outcome) -> str:
    return not_tested_words(o) if o.verdict == "not_tested" else _PLAIN_VERDICT[o.verdict]


# ----------------------------------------------------------------------------------------------- summary
def _without_title(o: Outcome) -> str | None:
    """The sentence without its leading "Title: " — the title is in the column beside it."""
    text = o.summary
    prefix = f"{o.title}: " if o.title else ""
    if text and prefix and text.startswith(prefix):
        return text[len(prefix)].upper() + text[len(prefix) + 1 :]
    return text


def _summary(wb: Any, run: CompareRun, follow_up: FollowUp | None) -> None:
    sh = Sheet(wb, "Summary", [30, 105, 22], landscape=True, fit_width=1)
    pre = next((i for i in run.inputs if i.role == "pre"), None)
    post = next((i for i in run.inputs if i.role == "post"), None)
    sh.append(
        [sh.cell("Pupils' questionnaire scores: first and second survey compared", bold=True, size=16)],
        height=26,
    )
    files = " · ".join(
        f"{label}: {Path(i.path).name} ({i.rows} rows)"
        for label, i in (("First survey", pre), ("Second survey", post))
        if i is not None
    )
    sh.append(
        [
            sh.cell(
                f"{files} · {run.matching.get('matched', '–')} pupils matched · peerimpact {__version__}",
                italic=True,
            )
        ]
    )
    sh.append(
        [None, sh.cell(run.design_note, bold=True, wrap=True, size=12)],
        height=sh.height_for(run.design_note, 105, bold=True, size=12),
    )
    sh.append([])
    if run.comparison:  # a comparison design: the ANCOVA rows are the primary results (SPEC §5)
        sh.section("Compared with the comparison group (the main result)")
        for o in run.comparison:
            sh.text_row(o.title or o.measure, _without_title(o), _plain_verdict(o), size=12)
        sh.append([])
    who = "programme pupils" if run.design == "comparison_group" else "pupils"
    sh.section(f"What changed between the two surveys ({who} who answered both)")
    for o in run.overall:
        sh.text_row(o.title or o.measure, _without_title(o), _plain_verdict(o), size=12)
    context = [
        (o, x) for o in run.overall for x in (o.dose, o.norm_comparison) if x is not None and x.summary
    ]
    if context:  # exploratory (dose) and context (published norm): beside the results, never results
        sh.append([])
        sh.section("Beside the results: dose (exploratory) and published norms (context)")
        for o, x in context:
            sh.text_row(o.title or o.measure, x.summary, None, size=12)
    if run.comparison_arm:
        sh.append([])
        sh.section("What changed among the comparison pupils")
        for o in run.comparison_arm:
            sh.text_row(o.title or o.measure, _without_title(o), _plain_verdict(o), size=12)
    if follow_up is not None:
        sh.append([])
        sh.section(
            "Pupils to follow up (Follow-up sheet) and answers for the DSL (For the DSL sheet)"
            if follow_up.listed
            else "Answers for the Designated Safeguarding Lead (For the DSL sheet)"
        )
        for line in summary_lines(follow_up):
            sh.text_row("", line, size=12)
    sh.append([])
    sh.section("Things to bear in mind")
    for c in run.caveats:
        if c != run.design_note:
            sh.text_row("", c, size=12)
    sh.append([])
    sh.section("How to read this workbook")
    for line in (
        "A “clear change” is one that is statistically significant once the number of outcomes looked at is "
        "allowed for (see the Method sheet). “No clear change” does not show that the programme had no "
        "effect: a small group of pupils can only reveal large changes.",
        "The Charts sheet draws the results; the Outcomes sheet holds every figure behind these sentences; "
        "subgroup results (Subgroups sheet) are exploratory.",
        "The Pupils sheet (and the Follow-up and For the DSL sheets, when present) hold pupil-level data for the "
        "Senior Mental Health Lead only: remove them before sharing this workbook.",
    ):
        sh.text_row("", line, size=12)


# ------------------------------------------------------------------------------------- streamed big tables
def _pupil_columns(pupils: Sequence[PupilChange]) -> tuple[list[Any], ...]:
    """The pupil rows as ten columns in PupilChange field order (read straight from a PupilRows)."""
    if isinstance(pupils, PupilRows):
        return pupils.columns()
    names = ("id", "measure", "pre", "post", "change", "rci", "category", "group", "band", "clinical")
    return tuple([getattr(p, name) for p in pupils] for name in names)


def _pupils(wb: Any, pupils: Sequence[PupilChange], dp_of: dict[str, int]) -> Bulk:
    sh = Sheet(wb, "Pupils", [32, 16, 10, 10, 8, 9, 23, 12, 16], freeze="A2", fit_width=1)
    sh.header(
        [
            "Pupil id",
            "Measure",
            "First survey",
            "Second survey",
            "Change",
            "RCI",
            "Reliable change",
            "Group",
            "Band now",
        ]
    )
    head = sh.row
    sh.ws.auto_filter.ref = f"A{head}:I{len(pupils) + head}"
    sh.ws.print_title_rows = f"1:{head}"
    s1, s2, rci = style_id(sh.ws, F1), style_id(sh.ws, M2), style_id(sh.ws, F2)

    def rows(first: int) -> Iterator[str]:
        # built a column at a time, a block of pupils at a time: the same cells as text_cell/number_cell
        ids, measures, pre, post, change, rcis, categories, groups, bands, _ = _pupil_columns(pupils)
        for lo in range(0, len(ids), ROWS_PER_BLOCK):
            hi = min(lo + ROWS_PER_BLOCK, len(ids))
            nums = [str(r) for r in range(first + lo, first + hi)]
            fmt = [s2 if dp_of.get(m, 1) == 2 else s1 for m in measures[lo:hi]]
            columns = (
                text_cells("A", nums, ids[lo:hi]),
                text_cells("B", nums, measures[lo:hi]),
                number_cells("C", nums, pre[lo:hi], fmt),
                number_cells("D", nums, post[lo:hi], fmt),
                number_cells("E", nums, change[lo:hi], fmt),
                number_cells("F", nums, rcis[lo:hi], [rci] * len(nums)),
                text_cells("G", nums, categories[lo:hi]),
                text_cells("H", nums, groups[lo:hi]),
                text_cells("I", nums, bands[lo:hi]),
            )
            for r, a, b, c, d, e, f, g, h, i in zip(nums, *columns, strict=True):
                yield f'<row r="{r}">{a}{b}{c}{d}{e}{f}{g}{h}{i}</row>'

    return Bulk(sh.ws, head + 1, rows)


def _issues(wb: Any, run: CompareRun) -> Bulk:
    sh = Sheet(
        wb, "Data issues", [10, 24, 26, 12, 7, 24, 20, 70, 50], freeze="A2", landscape=True, fit_width=1
    )
    sh.header(["Severity", "Code", "File", "Sheet", "Row", "Column", "Value", "Message", "What to do"])
    head = sh.row
    sh.ws.auto_filter.ref = f"A{head}:I{len(run.issues) + head}"
    sh.ws.print_title_rows = f"1:{head}"
    wrap, top = style_id(sh.ws, wrap=True), style_id(sh.ws)

    def rows(r: int) -> Iterator[str]:
        for i in run.issues:
            advice = CODES[i.code].advice if i.code in CODES else None
            lines = max(math.ceil(len(i.message or "") / 77), math.ceil(len(advice or "") / 55))
            ht = f' ht="{15 * lines + 3}" customHeight="1"' if lines > 1 else ""
            yield (
                f'<row r="{r}"{ht}>{text_cell(f"A{r}", str(i.severity), top)}'
                f"{text_cell(f'B{r}', i.code, top)}{text_cell(f'C{r}', i.file, top)}"
                f"{text_cell(f'D{r}', i.sheet, top)}"
                f"{number_cell(f'E{r}', i.row, top)}{text_cell(f'F{r}', i.column, top)}"
                f"{text_cell(f'G{r}', i.value, top)}{text_cell(f'H{r}', i.message, wrap)}"
                f"{text_cell(f'I{r}', advice, wrap)}</row>"
            )
            r += 1

    return Bulk(sh.ws, head + 1, rows)


def write_compare_workbook(run: CompareRun, path: str | Path, follow_up: FollowUp | None = None) -> None:
    """Write the compare workbook for ``run`` to ``path`` atomically (see the module docstring for the sheets).

    With ``follow_up`` (the SMHL's workbook, :func:`peerimpact.comparison.follow_up.build_follow_up`) the
    "Follow-up" sheet follows the Summary, "For the DSL" follows it, and the Pupils sheet takes the
    follow-up's order (by arm, measure, then concern)."""
    with gc_paused():  # the streamed sheets allocate much and form no cycles
        _write(run, path, follow_up)


def _write(run: CompareRun, path: str | Path, follow_up: FollowUp | None) -> None:
    wb = new_workbook()
    mark_pupil_level(wb)  # every sheet: the SMHL-only marking in its first row and page header (SPEC §7)
    dp_of = measure_dp(run)
    _summary(wb, run, follow_up)
    pupils: Sequence[PupilChange] = run.pupils
    bulks = []
    if follow_up is not None:
        if follow_up.listed:
            bulks.append(follow_up_sheet(wb, follow_up))
        dsl_sheet(wb, follow_up)
        if follow_up.pupils:
            pupils = PupilRows([b for rows in follow_up.pupils.values() for b in rows.blocks])
    charts_sheet(wb, run)
    outcomes_sheet(wb, run)
    subgroups_sheet(wb, run)
    reliable_sheet(wb, run)
    bulks.append(_pupils(wb, pupils, dp_of))
    attrition_sheet(wb, run, dp_of)
    trend_sheet(wb, run)
    bulks.append(_issues(wb, run))
    method_sheet(wb, run)
    write_workbook(wb, path, bulks)
