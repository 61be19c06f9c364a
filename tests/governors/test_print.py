"""The governors' report set to print (issue 15, SPEC §6.1): type sizes in the HTML's print CSS, and the
governors' xlsx's page setup read back with openpyxl.

Rendering (chromium print-to-PDF, LibreOffice → PDF) is not run here: CI has no browser or office suite.
The thresholds are issue 15's: body text at least 10.5 pt in print, notes at least 9.5 pt (the report had
9 pt and 7.8 pt); CSS px are 0.75 pt (CSS Values and Units Level 3, §5.2: 1 px = 1/96 in, 1 pt = 1/72 in).
"""

from __future__ import annotations

import math
import re
from importlib import resources
from pathlib import Path
from typing import Any

import openpyxl
import pytest

BODY_PT, SMALLEST_PT = 10.5, 9.5
_UNITS_TO_PT = {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4}


def _css() -> str:
    text = resources.files("peerimpact.reports").joinpath("templates/governors.css").read_text("utf-8")
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def _rules(css: str) -> list[tuple[str, str]]:
    """(selector, declarations) of each rule, @media blocks opened up."""
    css = re.sub(r"@media[^{]*\{((?:[^{}]*\{[^{}]*\})*)\s*\}", r"\1", css)
    return [(sel.strip(), body) for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)]


def _size_pt(value: str) -> float:
    m = re.match(r"\s*([\d.]+)(pt|px|mm)\b", value)
    assert m, f"font size {value!r} is not in pt, px or mm"
    return float(m.group(1)) * _UNITS_TO_PT[m.group(2)]


def _font_sizes() -> list[tuple[str, float]]:
    """Every font size the stylesheet sets, in points: ``font-size`` and the ``font`` shorthand."""
    out = []
    for sel, body in _rules(_css()):
        for prop, value in re.findall(r"(font-size|font)\s*:\s*([^;]+)", body):
            if prop == "font":  # "10.5pt/1.32 family": the size is the first length
                m = re.search(r"([\d.]+(?:pt|px|mm))(?:/[\d.]+)?\s", value)
                assert m, (sel, value)
                value = m.group(1)
            out.append((sel, _size_pt(value)))
    return out


def test_body_text_prints_at_least_10_5_pt() -> None:
    body = [pt for sel, pt in _font_sizes() if sel == "body"]
    assert body and body[0] >= BODY_PT
    brief = [pt for sel, pt in _font_sizes() if sel == ".brief p"]
    assert all(pt >= BODY_PT for pt in brief)


def test_nothing_prints_below_9_5_pt() -> None:
    small = [(sel, pt) for sel, pt in _font_sizes() if pt < SMALLEST_PT]
    assert small == []
    notes = dict(_font_sizes())
    for sel in (".note", "footer", "table", ".tag", ".caveats ul", ".tile .what"):
        assert notes[sel] >= SMALLEST_PT, sel


def test_tables_and_headings_do_not_break_across_pages() -> None:
    rules = _rules(_css())
    avoid = {s.strip() for sel, body in rules if "break-inside: avoid" in body for s in sel.split(",")}
    assert {"table", "tr", ".chart-row", "li"} <= avoid
    keep = {s.strip() for sel, body in rules if "break-after: avoid" in body for s in sel.split(",")}
    assert {"h2", "h3"} <= keep
    assert any(sel == "@page" or "size: A4" in body for sel, body in rules)


def test_chart_text_is_at_least_9_5_pt(summer: Any) -> None:
    files, _, _ = summer
    page = next(p for p in files if p.suffix == ".html").read_text(encoding="utf-8")
    sizes = [float(v) for v in re.findall(r'<text[^>]*font-size="([\d.]+)"', page)]
    assert sizes, "no chart text found"
    assert min(sizes) * 0.75 >= SMALLEST_PT - 1e-9  # SVG user units are CSS px here


# ----------------------------------------------------------------------------------------------- the xlsx
@pytest.fixture(scope="module")
def book(summer: Any) -> Any:
    files, _, _ = summer
    path = next(
        p for p in files if isinstance(p, Path) and p.name.startswith("governors") and p.suffix == ".xlsx"
    )
    return openpyxl.load_workbook(path)


def _width(ws: Any, letter: str) -> float:
    return ws.column_dimensions[letter].width or 8.43  # Excel's default column width


def test_every_sheet_prints_on_a4_one_page_wide(book: Any) -> None:
    for ws in book.worksheets:
        ps = ws.page_setup
        assert int(ps.paperSize) == 9, ws.title  # A4 (ECMA-376 §18.18.61 ST_PaperSize: 9 = A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (int(ps.fitToWidth), int(ps.fitToHeight)) == (1, 0), ws.title
        assert ws.print_area, ws.title


def test_wide_sheets_print_landscape(book: Any) -> None:
    # A4 portrait holds about 100 character widths between 0.5-inch margins (184 mm at ~1.85 mm each)
    for ws in book.worksheets:
        cols = re.findall(r"\$([A-Z]+)\$", str(ws.print_area))
        last = openpyxl.utils.column_index_from_string(cols[-1])
        total = sum(_width(ws, openpyxl.utils.get_column_letter(j)) for j in range(1, last + 1))
        assert (ws.page_setup.orientation == "landscape") is (total > 100), (ws.title, total)
    assert book["Outcomes"].page_setup.orientation == "landscape"


def _header_rows(ws: Any) -> list[int]:
    """Rows that are a table's header: bold text in A on the header fill (DDEBF7), as the sheets write them."""
    return [
        c.row
        for c in ws["A"]
        if isinstance(c.value, str) and c.font.b and c.fill.fgColor.rgb in ("00DDEBF7", "FFDDEBF7")
    ]


def test_a_one_table_sheet_repeats_its_header_row_on_every_page(book: Any) -> None:
    one = 0
    for ws in book.worksheets:
        heads = _header_rows(ws)
        if len(heads) == 1:  # its header row repeats at the top of every printed page
            assert ws.print_title_rows, ws.title
            assert int(ws.print_title_rows.split(":")[0].lstrip("$")) == heads[0], ws.title
            one += 1
        else:  # several tables: the first table's headings would mislabel the others' rows
            assert not ws.print_title_rows, ws.title
    assert one >= 2  # Feedback and Trend at least
    assert not book["Reach and delivery"].print_title_rows  # two tables: reach by term, delivery


def test_text_cells_wrap_and_rows_are_tall_enough(book: Any) -> None:
    """Every text cell wraps, and its row is at least as tall as a hand rule needs: Calibri 11 fits about
    1.2 average characters per unit of column width (a unit is one "0"), a line is at least 12 pt."""
    checked = 0
    for ws in book.worksheets:
        merged = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
        for row in ws.iter_rows():
            for c in row:
                if not isinstance(c.value, str) or c.value in ("–", "c"):
                    continue
                assert c.alignment.wrap_text, (ws.title, c.coordinate, c.value)
                m = merged.get((c.row, c.column))
                cols = range(c.column, (m.max_col if m else c.column) + 1)
                width = sum(_width(ws, openpyxl.utils.get_column_letter(j)) for j in cols)
                lines = math.ceil(len(c.value) / (1.2 * width * 11 / (c.font.sz or 11)))
                if lines > 1:
                    height = ws.row_dimensions[c.row].height
                    assert height is not None and height >= 12 * lines, (
                        ws.title,
                        c.coordinate,
                        lines,
                        height,
                    )
                    checked += 1
    assert checked > 10
