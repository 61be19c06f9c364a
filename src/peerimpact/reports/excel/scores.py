"""The workbook ``peerimpact score`` writes: Scores, Issues and About sheets.

Scores are stored unrounded as numbers and shown through number formats; text is always stored as text
(never a formula, SPEC §7).  The About sheet names each instrument, its version and sources, the columns
that were taken for it and the rules that were applied, so the workbook explains itself to an evaluator.
The Scores and Issues rows are streamed as sheet XML (100,000 rows in about a second; openpyxl's write-only
mode took half a minute) and the file is written as the compare workbook is: atomically and byte-for-byte
deterministic, identical inputs giving identical bytes (:mod:`peerimpact.reports.excel.sheet`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from peerimpact._version import __version__
from peerimpact.instruments.model import Scale
from peerimpact.issues import CODES
from peerimpact.reports._cells import is_risky
from peerimpact.reports.excel.sheet import marking_cells, set_marking_header
from peerimpact.reports.excel.stream import Bulk, column_rows, new_workbook, style_id, write_workbook
from peerimpact.reports.score_files import score_columns
from peerimpact.scoring.run import ScoreRun

__all__ = ["write_scores_workbook"]


def _number_format(scale: Scale) -> str:
    if scale.method == "mean" or scale.lookup:
        return "0.00"
    if scale.prorate and scale.rounding == "none":
        return "0.0"
    return "0"


def _rows(ws: Any, rows: Iterable[Sequence[Any]]) -> None:
    """Rows of a small sheet through openpyxl; text that could run as a formula is stored as text."""
    from openpyxl.cell import WriteOnlyCell

    for row in rows:
        out: list[Any] = []
        for v in row:
            if is_risky(v):
                cell = WriteOnlyCell(ws, value=v)
                cell.data_type = "s"
                out.append(cell)
            else:
                out.append(v)
        ws.append(out)


def _print_setup(ws: Any, title: str) -> None:
    """A4 landscape, one page wide, the heading row repeated on every printed page."""
    ps = ws.page_setup
    ps.paperSize = 9
    ps.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ps.fitToWidth, ps.fitToHeight = 1, 0
    ws.print_title_rows = "1:2"
    ws.oddFooter.center.text = f"{title} · page &P"
    set_marking_header(ws)


def _header(ws: Any, headings: Sequence[str], widths: Sequence[int]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = "A3"
    _marking(ws, len(widths))
    cells = []
    for h in headings:
        c = WriteOnlyCell(ws, value=h)
        c.data_type = "s"
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
        cells.append(c)
    ws.append(cells)


def _marking(ws: Any, width: int) -> None:
    """Row 1 of every sheet: the pupil-level marking (SPEC §7), across the sheet's columns."""
    from openpyxl.utils import get_column_letter

    ws.merged_cells.add(f"A1:{get_column_letter(max(1, width))}1")
    ws.row_dimensions[1].height = 20
    ws.append(marking_cells(ws, width))


def _about_rows(run: ScoreRun) -> list[list[Any]]:
    t = run.source
    counts = run.counts
    rows: list[list[Any]] = [
        ["peerimpact score", f"version {__version__}"],
        ["Pupil-level data", "For the Senior Mental Health Lead: not for circulation"],
        [],
        ["Input file", t.file],
        ["Sheet", t.sheet or ""],
        ["Read as", t.layout_name],
        [
            "Pupil id column",
            f"{run.id_column.column} ({run.id_column.reason})" if run.id_column else "none found",
        ],
        ["Rows read", str(counts["read"])],
        ["Scored", str(counts["scored"])],
        ["Partly scored", str(counts["partly scored"])],
        ["Excluded", str(counts["excluded"])],
        [],
    ]
    for use in run.uses:
        ins = use.instrument
        rows += [
            ["Instrument", f"{ins.title} ({ins.name}, data file version {ins.version})"],
            ["Columns taken", f"{use.describe()}"],
            ["Response options", ", ".join(f"{label} = {code}" for label, code in ins.options)],
            ["Reverse-keyed items", ", ".join(map(str, ins.reverse)) or "none"],
        ]
        if ins.unscored:
            rows.append(["Read but not scored", ", ".join(map(str, ins.unscored))])
        for s in ins.scales:
            rule = s.missing_rule or (
                "every item must be answered" if s.max_missing == 0 else f"at most {s.max_missing} missing"
            )
            how = (
                f"items {', '.join(map(str, s.items))}"
                if s.items
                else f"{' + '.join(s.scales)}"
                if s.scales
                else f"{s.from_scale} via the {s.lookup} table"
            )
            rows.append([f"  {ins.measure(s)}", f"{s.title}: {s.method} of {how}; missing items: {rule}"])
            if s.bands:
                bands = "; ".join(
                    f"{b.label} ({'<' if b.below is not None else '≤'} {b.below if b.below is not None else b.up_to})"
                    if (b.below, b.up_to) != (None, None)
                    else f"{b.label} (above)"
                    for b in s.bands
                )
                rows.append(["    bands", f"{bands} — {s.bands_source}"])
        rows += [
            ["Source", ins.source],
            ["Citation", ins.citation],
            ["Licence", ins.licence],
            [],
        ]
    rows.append(["Scores are stored unrounded; the sheet shows them through number formats."])
    return rows


def write_scores_workbook(run: ScoreRun, path: str | Path) -> None:
    """Write the Scores / Issues / About workbook atomically."""
    wb = new_workbook()

    cols = score_columns(run)
    ws = wb.create_sheet("Scores")
    widths = [34, 11] + [18] * (len(cols) - 4) + [14, 70]
    _print_setup(ws, "Scores — pupil-level, for the Senior Mental Health Lead only")  # before any row
    _header(ws, [h for h, _ in cols], widths)
    styles = [
        style_id(ws, _number_format(run.scales[h].scale), top=False) if h in run.scales else None
        for h, _ in cols
    ]
    bulks = [Bulk(ws, 3, column_rows([c for _, c in cols], styles))]  # row 1 marking, row 2 headings

    wi = wb.create_sheet("Issues")
    _print_setup(wi, "Issues")
    _header(
        wi,
        ["severity", "code", "file", "sheet", "row", "column", "value", "message", "what to do"],
        [10, 24, 28, 12, 7, 28, 22, 70, 60],
    )
    issues = run.issues
    issue_cols: list[list[Any]] = [
        [str(i.severity) for i in issues],
        [i.code for i in issues],
        [i.file for i in issues],
        [i.sheet for i in issues],
        [i.row for i in issues],
        [i.column for i in issues],
        [i.value for i in issues],
        [i.message for i in issues],
        [CODES[i.code].advice if i.code in CODES else "" for i in issues],
    ]
    bulks.append(Bulk(wi, 3, column_rows(issue_cols, [None] * len(issue_cols))))

    wa = wb.create_sheet("About")
    wa.column_dimensions["A"].width = 24
    wa.column_dimensions["B"].width = 110
    wa.oddFooter.center.text = "About · page &P"
    set_marking_header(wa)
    _marking(wa, 2)
    _rows(wa, _about_rows(run))
    write_workbook(wb, path, bulks)
