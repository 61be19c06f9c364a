"""Reading the three governors' views of one report back, without peerimpact: the HTML (``html.parser``),
the workbook (openpyxl) and the JSON (``json``); and the JSON's own audit (what it may hold, at what
precision).  Shared by ``test_views_agree.py`` and ``test_disclosure_audit.py``."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl

from peerimpact.governors.model import Count

DASH = "–"


# -------------------------------------------------------------------------------------------------- HTML
@dataclass
class Page:
    """An HTML report as tables, chart labels and paragraphs, each under the h2/h3 heading before it."""

    tables: list[tuple[str, list[list[str]]]] = field(default_factory=list)
    charts: list[tuple[str, list[str]]] = field(default_factory=list)
    paragraphs: list[tuple[str, str]] = field(default_factory=list)

    def table(self, heading: str) -> list[list[str]]:
        """The first table under a heading that starts with ``heading`` (header row first)."""
        return next(rows for h, rows in self.tables if h.startswith(heading))

    def tables_headed(self, *header: str | None) -> list[list[list[str]]]:
        """Every table whose header row starts with ``header`` (None matches any cell), in page order; a
        table of several roles (first column "Who") counts as one table per role, without that column."""
        parts = [part for _, rows in self.tables for part in by_role(rows)]
        return [rows for rows in parts if rows and _starts(rows[0], header)]

    def chart_labels(self, heading: str) -> list[list[str]]:
        return [texts for h, texts in self.charts if h.startswith(heading)]

    def texts(self, heading: str) -> list[str]:
        return [t for h, t in self.paragraphs if h.startswith(heading)]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.heading = ""
        self._heading: list[str] | None = None
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._svg: list[str] | None = None
        self._text: list[str] | None = None
        self._para: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "h3"):
            self._heading = []
        elif tag == "table":
            self._rows = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []
        elif tag == "svg":
            self._svg = []
        elif tag == "text" and self._svg is not None:
            self._text = []
        elif tag in ("p", "li"):
            self._para = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3") and self._heading is not None:
            self.heading, self._heading = "".join(self._heading).strip(), None
        elif tag == "table" and self._rows is not None:
            self.page.tables.append((self.heading, self._rows))
            self._rows = None
        elif tag in ("td", "th") and self._cell is not None and self._rows:
            self._rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "svg" and self._svg is not None:
            self.page.charts.append((self.heading, self._svg))
            self._svg = None
        elif tag == "text" and self._text is not None and self._svg is not None:
            self._svg.append("".join(self._text).strip())
            self._text = None
        elif tag in ("p", "li") and self._para is not None:
            self.page.paragraphs.append((self.heading, " ".join("".join(self._para).split())))
            self._para = None

    def handle_data(self, data: str) -> None:
        for part in (self._heading, self._cell, self._text, self._para):
            if part is not None:
                part.append(data)


def read_html(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.page


# -------------------------------------------------------------------------------------------------- xlsx
def read_xlsx(path: Path) -> dict[str, list[list[Any]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def by_role(rows: list[list[str]]) -> list[list[list[str]]]:
    """A table whose first column is "Who" (the role, on each role's first row) as one table per role, in
    order, each with the header row and without the "Who" column; any other table as it is."""
    if not rows or rows[0][:1] != ["Who"]:
        return [rows]
    parts: dict[str, list[list[str]]] = {}
    who = ""
    for r in rows[1:]:
        who = r[0] or who
        parts.setdefault(who, [rows[0][1:]]).append(r[1:])
    return list(parts.values())


def _starts(row: list[Any], header: tuple[str | None, ...]) -> bool:
    return len(row) >= len(header) and all(h is None or h == c for h, c in zip(header, row, strict=False))


def blocks(rows: list[list[Any]], *header: str | None) -> list[list[list[Any]]]:
    """The rows under each header row that starts with ``header`` (None matches any cell), each block up to
    the next empty row, in sheet order."""
    out = []
    for i, r in enumerate(rows):
        if _starts(r, header):
            part = []
            for row in rows[i + 1 :]:
                if all(v is None for v in row):
                    break
                part.append(row)
            out.append(part)
    return out


def block(rows: list[list[Any]], *header: str | None) -> list[list[Any]]:
    """The rows under the first header row that starts with ``header``."""
    found = blocks(rows, *header)
    return found[0] if found else []


# ------------------------------------------------------------------------------------- canonical cells
def html_cell(text: str) -> str:
    """A table cell's text as a figure: true minus to "-", no "+" sign, no note after the figure."""
    text = text.replace("\u2212", "-").replace(",", "").strip()
    text = text.removesuffix(" (typical pupil)").removeprefix("+")
    return "0" + text[2:] if text.startswith("-0") and not text.strip("-0.") else text


def html_range(text: str) -> tuple[str, str]:
    if text == DASH:
        return DASH, DASH
    lo, hi = text.split(" to ")
    return html_cell(lo), html_cell(hi)


def number(v: Any, dp: int) -> str:
    """A JSON or workbook number as printed with ``dp`` decimals; it must hold no more precision than that."""
    if v is None or v == DASH:
        return DASH
    if v == "c":
        return "c"
    assert isinstance(v, int | float) and not isinstance(v, bool), v
    assert math.isclose(v, round(v, dp), rel_tol=0, abs_tol=1e-12), f"{v} has more than {dp} decimals"
    text = f"{v:.{dp}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def count(c: Any) -> str:
    """A JSON count ({"value": n} or null with a reason), a workbook cell or a table text, as printed."""
    if isinstance(c, dict):
        return "c" if c["value"] is None else str(c["value"])
    return DASH if c is None else str(c)


# -------------------------------------------------------------------------------------------------- JSON
def read_json(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def is_count(v: Any) -> bool:
    return isinstance(v, dict) and "value" in v and set(v) <= {"value", "suppressed"}


def json_counts(v: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Every count in a JSON document, with its path."""
    if is_count(v):
        yield path, v
    elif isinstance(v, dict):
        for k, x in v.items():
            yield from json_counts(x, (*path, k))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from json_counts(x, (*path, i))


def object_counts(v: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Count]]:
    """Every Count the report object holds, with the path its JSON view would give it (named parts by
    the view's own table of names, which the test takes as given)."""
    from peerimpact.reports.governors_json import NAMED_PARTS, WITHHELD

    if isinstance(v, Count):
        yield path, v
    elif is_dataclass(v) and not isinstance(v, type):
        name = type(v).__name__
        for f in fields(v):
            if f.name in WITHHELD.get(name, ()):
                continue
            x = getattr(v, f.name)
            parts = NAMED_PARTS.get((name, f.name))
            if parts is not None and x:
                if isinstance(x[0], tuple):
                    for i, row in enumerate(x):
                        for p, y in zip(parts, row, strict=True):
                            yield from object_counts(y, (*path, f.name, i, p))
                else:
                    for p, y in zip(parts, x, strict=True):
                        yield from object_counts(y, (*path, f.name, p))
            else:
                yield from object_counts(x, (*path, f.name))
    elif isinstance(v, list | tuple):
        for i, x in enumerate(v):
            yield from object_counts(x, (*path, i))


#: integers a JSON report may hold outside a count: they are not counts of pupils, or (the feedback
#: survey's agreed/answered) are the figures its printed text shows, or (the trend's pupils) are printed
#: in the workbook as they are.  A new integer field must be added here after deciding it is safe.
BARE_INTEGERS = {
    "format_version",
    "threshold",
    "dp",
    "means_dp",
    "sessions",  # mentoring sessions held (events)
    "sessions_held",
    "meetings_held",
    "supervision_planned",
    "supervision_delivered",
    "agreed",
    "answered",
    "percent",
    "n_pupils",
    "lost_pct",  # a share of one arm's pupils, printed as it is (null where it would reveal a hidden count)
    "supervision_pct",  # delivery: whole percentages, null where a count they need is hidden
    "self_share",
    "pct",  # reach by characteristic: a level's share of the role's pupils (null where hidden)
    "figure",  # a target's figure and the target as printed (whole numbers and percentages)
    "target",
}

#: the decimals a float may carry, by its key: "dp" means the decimals of the object that holds it
DECIMALS = {
    "pre_mean": "dp",
    "post_mean": "dp",
    "change": "dp",
    "change_ci": "dp",
    "mdes_points": "dp",
    "before": "dp",
    "difference": "dp",
    "difference_ci": "dp",
    "g": 2,
    "g_ci": 2,
    "after": "dp",
    "slope": "dp",
    "ci": "dp",
    "means": "means_dp",
    "g_av": 2,
    "g_av_ci": 2,
    "better_g": 2,
    "better_g_ci": 2,
    "positions": 1,  # a survey's place on the school calendar, in terms (half a term at most)
    "per_mentee": 1,  # delivery: sessions per mentee, one decimal as printed
    "figure": "dp",  # a target's figure and the target, as printed
    "target": 2,
    "low": 2,  # a scale's range and published typical score (the questionnaire's introduction)
    "high": 2,
    "typical": 1,
}


def audit_json(doc: dict[str, Any]) -> int:
    """What the governors' JSON holds beyond its counts, checked: every integer outside a count is one
    of :data:`BARE_INTEGERS`; every float has at most the decimals its figure is printed with; a figure
    the views hide (a withheld outcome, a hidden share, a "c" feedback cell, the hidden groups) is null.
    Returns the figures checked."""
    seen = 0

    def walk(v: Any, key: str, holder: dict[str, Any]) -> None:
        nonlocal seen
        if is_count(v):
            return
        if isinstance(v, dict):
            for k, x in v.items():
                walk(x, k, v)
        elif isinstance(v, list):
            for x in v:
                walk(x, key, holder)
        elif isinstance(v, bool) or v is None or isinstance(v, str):
            return
        elif isinstance(v, int):
            assert key in BARE_INTEGERS, f"an integer outside a count: {key} = {v}"
            seen += 1
        elif isinstance(v, float):
            rule = DECIMALS.get(key)
            assert rule is not None, f"a figure with no known precision: {key} = {v}"
            dp = holder[rule] if isinstance(rule, str) else rule
            number(v, dp)
            seen += 1

    walk(doc, "", doc)
    sections = doc["sections"]
    for o in [
        x for s in sections for x in [*s["outcomes"], *([s["attendance"]] if s.get("attendance") else [])]
    ]:
        if not o["shown"]:
            figures = ("pre_mean", "post_mean", "change", "change_ci", "g_av", "g_av_ci", "better_g")
            assert all(o.get(k) is None for k in figures), o
    for c in [c for s in sections for c in s["comparison"]]:
        if not c["shown"]:
            assert all(c.get(k) is None for k in ("difference", "difference_ci", "g", "g_ci", "better_g")), c
    for m in [m for s in sections for m in s["mis"]]:
        for hidden, k in zip(m["hidden"], ("before", "after"), strict=True):
            assert not hidden or m[k] is None, m
    for p in doc["process"]:
        for cell in p["cells"]:
            if cell["text"] == "c":
                assert cell["agreed"] is cell["answered"] is cell["percent"] is None, cell
            elif " of " not in cell["text"]:  # a group of 5–9: the percentage only
                assert cell["agreed"] is cell["answered"] is None, cell
                assert cell["text"] == f"{cell['percent']}%", cell
            else:
                assert cell["text"] == f"{cell['agreed']} of {cell['answered']} ({cell['percent']}%)", cell
    for g in [g for s in sections for g in s["subgroups"]]:
        if g["n"]["value"] is None:
            assert g["change"] is None and g["change_ci"] is None, g
    return seen
