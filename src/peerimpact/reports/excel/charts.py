"""The compare workbook's Charts sheet.

Charts are native openpyxl charts fed from a visible chart-data block on the same sheet, below the charts,
so a reader can see every number a chart draws: (1) mean score at each survey per overall outcome,
(2) mean change with its 95% CI as error bars, (3) a forest plot of g_av with its 95% CI per overall
outcome and subgroup, with a zero line, and (4) reliable change as 100% stacked bars.  Error-bar lengths
(CI end minus estimate) are the only arithmetic here: chart geometry, not statistics.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from peerimpact.comparison.model import CompareRun
from peerimpact.reports.excel.sheet import F1, F2, INT, M2, PCT, Sheet
from peerimpact.results import Outcome

__all__ = ["charts_sheet"]

_ROW_CM = 0.53  # default row height (15 pt) in centimetres
_COLOURS = {
    "pre": "9DC3E6",
    "post": "2E75B6",
    "change": "2E75B6",
    "overall": "1F4E79",
    "subgroup": "C55A11",
    "improved": "70AD47",
    "no_change": "BFBFBF",
    "deteriorated": "ED7D31",
    "zero": "7F7F7F",
}


def _label(o: Outcome) -> str:
    title = o.title or o.measure
    if o.group == "all":
        return title
    column, _, level = o.group.partition("=")
    return f"{title} — {column}: {level}"


def _nice_range(values: Sequence[float | None]) -> tuple[float, float, float]:
    """Axis (min, max, major unit) covering ``values`` and 0, on a round step (display only)."""
    vals = [v for v in values if v is not None] + [0.0]
    lo, hi = min(vals), max(vals)
    raw = max(hi - lo, 1e-9) / 6
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step, step


def _no_wrap(size: int = 800) -> Any:
    """Text properties for chart labels: one line, ``size`` in hundredths of a point."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RichTextProperties

    body = RichTextProperties()
    body.__dict__["wrap"] = "none"  # openpyxl's NoneSet turns the OOXML value "none" into no attribute
    props = CharacterProperties(sz=size)
    return RichText(bodyPr=body, p=[Paragraph(pPr=ParagraphProperties(defRPr=props), r=[], endParaRPr=props)])


def _rows_for(height_cm: float) -> int:
    """Rows a chart of ``height_cm`` takes, one blank row below it included."""
    return math.ceil(height_cm / _ROW_CM) + 1


def _forest_height(k: int) -> float:
    return max(7.0, 3.0 + 1.2 * k)


def _rc_height(k: int) -> float:
    return min(17.0, max(6.0, 4.0 + 1.2 * k))


def _ref(col: str, row: int, end: int | None = None) -> str:
    return f"'Charts'!${col}${row}" + (f":${col}${end}" if end is not None else "")


def _err(direction: str | None, plus: str, minus: str) -> Any:
    from openpyxl.chart.data_source import NumDataSource, NumRef
    from openpyxl.chart.error_bar import ErrorBars
    from openpyxl.chart.shapes import GraphicalProperties
    from openpyxl.drawing.line import LineProperties

    return ErrorBars(
        errDir=direction,
        errBarType="both",
        errValType="cust",
        noEndCap=False,
        plus=NumDataSource(numRef=NumRef(f=plus)),
        minus=NumDataSource(numRef=NumRef(f=minus)),
        spPr=GraphicalProperties(ln=LineProperties(solidFill="404040", w=15875)),
    )


def _fill(series: Any, colour: str) -> None:
    series.graphicalProperties.solidFill = colour
    series.graphicalProperties.line.solidFill = colour


def _axes(chart: Any, title: str, x_title: str | None, y_title: str | None, height: float) -> None:
    chart.title = title
    chart.x_axis.title = x_title
    chart.y_axis.title = y_title
    chart.x_axis.delete = False  # openpyxl 3.1 hides axes unless told
    chart.y_axis.delete = False
    chart.width, chart.height = _WIDTH_CM, height


_WIDTH_CM = 24.0
_MIS_SOURCES = ("attendance", "behaviour")
_FOREST_ROWS = 16  # points per forest chart; more rows go to further charts on further pages
#: marks an outcome whose g_av (mean-based) points the other way from its verdict (the typical pupil's change)
_AGAINST = " ‡"
_AGAINST_NOTE = (
    "‡ g_av is based on the mean change, which points the other way from the typical pupil's change "
    "(the Hodges–Lehmann estimate of the Wilcoxon test, which decides the verdict): read the verdict, not the dot."
)


def _mean_charts(ws: Any, means: Sequence[Outcome], first: int, last: int, who: str) -> list[Any]:
    from openpyxl.chart import BarChart, Reference

    c1 = BarChart()
    c1.type, c1.grouping = "col", "clustered"
    _axes(c1, f"Average score at the first and second survey{who}", None, "Mean score (points)", 7.5)
    c1.add_data(Reference(ws, min_col=2, max_col=3, min_row=first - 1, max_row=last), titles_from_data=True)
    c1.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    _fill(c1.series[0], _COLOURS["pre"])
    _fill(c1.series[1], _COLOURS["post"])
    c1.y_axis.scaling.min = 0  # bars start at zero
    c1.legend.position = "b"

    c2 = BarChart()
    c2.type, c2.grouping = "col", "clustered"
    _axes(
        c2,
        f"Average change (second − first survey) with 95% confidence interval{who}",
        None,
        "Change (points)",
        7.5,
    )
    c2.add_data(Reference(ws, min_col=4, min_row=first - 1, max_row=last), titles_from_data=True)
    c2.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    _fill(c2.series[0], _COLOURS["change"])
    c2.series[0].errBars = _err(None, _ref("G", first, last), _ref("H", first, last))
    c2.x_axis.tickLblPos = "low"
    lo, hi, step = _nice_range([v for o in means for v in (o.change.ci95 or ())])
    c2.y_axis.scaling.min, c2.y_axis.scaling.max, c2.y_axis.majorUnit = lo, hi, step
    c2.legend = None
    return [c1, c2]


def _forest_chart(
    ws: Any, rows: Sequence[tuple[int, Outcome]], zero: int, x_range: tuple[float, float, float], part: str
) -> Any:
    """Scatter: one single-point series per outcome (labelled with its name), CI as x error bars, zero line."""
    from openpyxl.chart import Reference, ScatterChart, Series
    from openpyxl.chart.label import DataLabelList
    from openpyxl.chart.marker import Marker
    from openpyxl.chart.series import SeriesLabel, StrRef
    from openpyxl.chart.shapes import GraphicalProperties

    c = ScatterChart()
    c.style = 13
    _axes(
        c,
        f"Effect sizes: g_av with 95% confidence interval{part}",
        "g_av (second − first survey); 0 = no change",
        None,
        _forest_height(len(rows)),
    )
    for row, o in rows:
        s = Series(Reference(ws, min_col=5, min_row=row), Reference(ws, min_col=2, min_row=row))
        s.tx = SeriesLabel(strRef=StrRef(_ref("A", row)))
        colour = _COLOURS["overall" if o.group == "all" else "subgroup"]
        s.marker = Marker(symbol="diamond", size=8)
        s.marker.graphicalProperties = GraphicalProperties(solidFill=colour)
        s.marker.graphicalProperties.line.solidFill = colour
        s.graphicalProperties.line.noFill = True
        s.errBars = _err("x", _ref("F", row), _ref("G", row))
        s.dLbls = DataLabelList(
            showSerName=True,
            showVal=False,
            showLegendKey=False,
            showCatName=False,
            showPercent=False,
            dLblPos="t",
            txPr=_no_wrap(),
        )
        c.series.append(s)
    z = Series(
        Reference(ws, min_col=5, min_row=zero, max_row=zero + 1),
        Reference(ws, min_col=2, min_row=zero, max_row=zero + 1),
    )
    z.tx = SeriesLabel(strRef=StrRef(_ref("A", zero)))
    z.marker = Marker(symbol="none")
    z.graphicalProperties.line.solidFill = _COLOURS["zero"]
    z.graphicalProperties.line.dashStyle = "dash"
    c.series.append(z)
    c.x_axis.scaling.min, c.x_axis.scaling.max, c.x_axis.majorUnit = x_range
    c.x_axis.number_format = F2
    c.y_axis.scaling.min, c.y_axis.scaling.max = 0, len(rows) + 1
    c.y_axis.majorGridlines = None
    c.y_axis.delete = True  # positions only; each point carries its outcome's name
    c.legend = None
    return c


def _rc_chart(ws: Any, first: int, last: int, who: str) -> Any:
    from openpyxl.chart import BarChart, Reference

    c = BarChart()
    c.type, c.grouping, c.overlap = "bar", "percentStacked", 100
    _axes(
        c,
        f"Reliable change: share of pupils whose change was larger than measurement error{who}",
        None,
        "Share of pupils",
        _rc_height(last - first + 1),
    )
    c.add_data(Reference(ws, min_col=2, max_col=4, min_row=first - 1, max_row=last), titles_from_data=True)
    c.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    for s, key in zip(c.series, ("improved", "no_change", "deteriorated"), strict=True):
        _fill(s, _COLOURS[key])
    c.y_axis.number_format = PCT
    c.x_axis.scaling.orientation = "maxMin"  # first outcome at the top …
    c.y_axis.crosses = "max"  # … and the percentage axis still at the bottom
    c.legend.position = "b"
    return c


def charts_sheet(wb: Any, run: CompareRun) -> None:
    """The Charts sheet: native charts, one page each (the two mean charts share the first), above the block of
    cells they draw."""
    from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
    from openpyxl.worksheet.pagebreak import Break

    sh = Sheet(wb, "Charts", [46, 12, 12, 12, 12, 12, 12, 12], landscape=True, fit_width=1)
    ws = sh.ws
    who = " (programme pupils)" if run.design == "comparison_group" else ""
    # questionnaire scales share a chart; attendance % and counts are on other scales (Outcomes sheet)
    means = [
        o
        for o in run.overall
        if o.pre.mean is not None and o.post.mean is not None and o.measure.split(".")[0] not in _MIS_SOURCES
    ]
    forest = [
        o for o in run.overall + run.subgroups if o.effect_size.g_av is not None and o.verdict != "not_tested"
    ]
    rcs = [o for o in run.overall if o.reliable_change is not None and o.reliable_change.reason is None]
    parts = [forest[i : i + _FOREST_ROWS] for i in range(0, len(forest), _FOREST_ROWS)]

    # layout: pages of charts, then the data block; every row number is known before anything is written
    pages: list[list[float]] = []
    if means:
        pages.append([7.5, 7.5])
    pages += [[_forest_height(len(p))] for p in parts]
    if rcs:
        pages.append([_rc_height(len(rcs))])
    anchors: list[tuple[int, int]] = []
    breaks: list[int] = []
    r = 3 + sh.top  # below the title, the note and (in a pupil-level workbook) the marking
    for heights in pages:
        for h in heights:
            anchors.append((r, r + _rows_for(h) - 1))
            r += _rows_for(h)
        breaks.append(r)
        r += 1
    data_start = r

    sh.append([sh.cell("Charts", bold=True, size=14)], height=22)
    sh.note(
        "Error bars show 95% confidence intervals: if the surveys were repeated many times, 95% of such "
        "intervals would contain the true value. Where a lower score is better (e.g. SDQ difficulties), a fall "
        "is an improvement. The numbers each chart draws are in the table below the charts; every figure comes "
        "from the Outcomes, Subgroups and Reliable change sheets.",
        8,
    )
    while sh.row < data_start - 1:
        sh.append([])
    for b in breaks:
        ws.row_breaks.append(Break(id=b))

    sh.section(f"Chart data: average scores and change (overall outcomes){who}")
    sh.header(
        [
            "Outcome",
            "First survey",
            "Second survey",
            "Mean change",
            "95% CI low",
            "95% CI high",
            "Error bar +",
            "Error bar −",
        ]
    )
    b1 = sh.row + 1
    for o in means:
        dp = M2 if o.dp == 2 else F1
        m, (lo, hi) = o.change.mean, (o.change.ci95 or (None, None))
        plus = None if hi is None or m is None else hi - m
        minus = None if lo is None or m is None else m - lo
        sh.append(
            [sh.cell(_label(o))] + [sh.cell(v, dp) for v in (o.pre.mean, o.post.mean, m, lo, hi, plus, minus)]
        )
    b1_end = sh.row

    sh.append([])
    sh.section("Chart data: g_av with 95% CI (overall outcomes and subgroups; tested rows only)")
    sh.header(["Outcome", "g_av", "95% CI low", "95% CI high", "Position", "Error bar +", "Error bar −"])
    rows: list[list[tuple[int, Outcome]]] = []
    for part in parts:
        rows.append([])
        for i, o in enumerate(part):
            g, (lo, hi) = o.effect_size.g_av, (o.effect_size.g_av_ci95 or (None, None))
            rows[-1].append((sh.row + 1, o))
            mark = _AGAINST if o.g_av_against_primary else ""
            sh.append(
                [sh.cell(_label(o) + mark)]
                + [
                    sh.cell(v, F2)
                    for v in (
                        g,
                        lo,
                        hi,
                        len(part) - i,
                        None if hi is None or g is None else hi - g,
                        None if lo is None or g is None else g - lo,
                    )
                ]
            )
    if not forest:
        sh.append(
            [sh.cell("No outcome or subgroup had enough pupils to be tested: nothing to plot.", italic=True)]
        )
    if any(o.g_av_against_primary for o in forest):
        sh.append([sh.cell(_AGAINST_NOTE, italic=True)])
    zeros = []
    for part in parts:
        zeros.append(sh.row + 1)
        sh.append([sh.cell("Zero line"), sh.cell(0, F2), None, None, sh.cell(0, INT)])
        sh.append([sh.cell("Zero line"), sh.cell(0, F2), None, None, sh.cell(len(part) + 1, INT)])

    sh.append([])
    sh.section("Chart data: reliable change (Jacobson & Truax), pupils per category")
    sh.header(["Outcome", "Improved", "No reliable change", "Deteriorated", "n"])
    b3 = sh.row + 1
    for o in rcs:
        rc = o.reliable_change
        assert rc is not None
        sh.append(
            [sh.cell(_label(o))]
            + [sh.cell(v, INT) for v in (rc.improved, rc.no_change, rc.deteriorated, rc.n)]
        )
    b3_end = sh.row

    charts: list[Any] = []
    if means:
        charts += _mean_charts(ws, means, b1, b1_end, who)
    x_range = _nice_range([v for o in forest for v in (o.effect_size.g_av_ci95 or ())])
    for k, (part_rows, zero) in enumerate(zip(rows, zeros, strict=True)):
        label = f" (part {k + 1} of {len(parts)})" if len(parts) > 1 else ""
        charts.append(_forest_chart(ws, part_rows, zero, x_range, label))
    if rcs:
        charts.append(_rc_chart(ws, b3, b3_end, who))
    for chart, (top, bottom) in zip(charts, anchors, strict=True):
        # anchored to cells A..H so the chart is as wide as the table below it in every spreadsheet program
        chart.anchor = TwoCellAnchor(
            _from=AnchorMarker(col=0, row=top - 1), to=AnchorMarker(col=8, row=bottom - 1)
        )
        ws.add_chart(chart)
