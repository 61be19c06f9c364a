"""Every figure of one governors' report says the same in its three views (issue 15, SPEC §6.1): the
printable HTML (read back with ``html.parser``), the governors' workbook (openpyxl) and the JSON (``json``).

Table by table (:data:`TABLES`), each figure is read from each view that prints it and written as the
reader sees it (a count, ``c`` where it is hidden, ``–`` where there is none, a number with the decimals it
is printed with); the three must be equal.  The reference is the HTML as printed: the JSON and the workbook
must give the same text, and hold no more decimals than it shows.  Built from the example programme and from
a programme with small groups (hidden counts, primary and secondary).  A section added to the report gets
its own function in :data:`TABLES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.governors.views import (
    DASH,
    Page,
    block,
    blocks,
    count,
    html_cell,
    html_range,
    number,
    read_html,
    read_json,
    read_xlsx,
)

#: one figure: (where, JSON, HTML, workbook); None where that view does not print it
Figure = tuple[str, str, str | None, str | None]


@dataclass
class Views:
    json: dict[str, Any]
    page: Page
    book: dict[str, list[list[Any]]]


def _by_first(rows: list[list[Any]]) -> dict[Any, list[Any]]:
    return {r[0]: r for r in rows}


# -------------------------------------------------------------------------------------------- the tables
def _shown(sections: list[dict[str, Any]], has: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
    """The role sections that print a table (in page and sheet order: one table per such section)."""
    return [s for s in sections if has(s)]


def _who(s: dict[str, Any]) -> str:
    return "" if s["role"] == "pupils" else f"{s['label']}, "


def comparison(v: Views) -> Iterator[Figure]:
    """Against the comparison pupils (the strongest design, first): pupils in each arm, the adjusted
    difference and its likely range, g and its likely range."""
    secs = _shown(v.json["sections"], lambda s: bool(s["outcomes"] and s["comparison"]))
    html = v.page.tables_headed("Outcome", None, "Comparison pupils")
    book = blocks(v.book["Outcomes"], "Outcome", None, "Comparison pupils")
    assert len(html) == len(book) == len(secs)
    for s, h_rows, x_rows in zip(secs, html, book, strict=True):
        hs, xs = _by_first(h_rows[1:]), _by_first(x_rows)
        for c in s["comparison"]:
            title, dp = c["title"], c["dp"]
            h, x = hs[title], xs[title]
            lo, hi = c["difference_ci"] or (None, None)
            glo, ghi = c["g_ci"] or (None, None)
            if c["shown"]:
                want = [number(c["difference"], dp), number(lo, dp), number(hi, dp)]
                want += [number(c["g"], 2), number(glo, 2), number(ghi, 2)]
                g_text, _, g_range = h[5].partition(" (")
                shown = [
                    html_cell(h[3]),
                    *html_range(h[4]),
                    html_cell(g_text),
                    *html_range(g_range.removesuffix(")")),
                ]
            else:
                want = [DASH] * 6
                shown = [html_cell(h[3]), *html_range(h[4]), html_cell(h[5]), None, None]
            xl = [*(number(x[i], dp) for i in (3, 4, 5)), *(number(x[i], 2) for i in (6, 7, 8))]
            yield (f"{_who(s)}{title}: programme pupils", count(c["n_programme"]), h[1], count(x[1]))
            yield (f"{_who(s)}{title}: comparison pupils", count(c["n_comparison"]), h[2], count(x[2]))
            names = ["difference", "range from", "range to", "g", "g from", "g to"]
            for i, name in enumerate(names):
                yield (f"{_who(s)}{title}: {name}", want[i], shown[i], xl[i])


def outcomes(v: Views) -> Iterator[Figure]:
    """Before and after, per role: pupils, before, after, change, likely range, effect size g (and its
    range: workbook)."""
    secs = _shown(v.json["sections"], lambda s: bool(s["outcomes"]))
    html = v.page.tables_headed("Outcome", "Pupils", "Before")
    book = blocks(v.book["Outcomes"], "Outcome", "Pupils", None, None, "Change")
    assert len(html) == len(secs) and len(book) >= len(secs)
    for s, h_rows, x_rows in zip(secs, html, book, strict=False):
        hs, xs = _by_first(h_rows[1:]), _by_first(x_rows)
        for o in [*s["outcomes"], *([s["attendance"]] if s.get("attendance") else [])]:
            title, dp = o["title"], o["dp"]
            h, x = hs.get(title), xs[title]
            if o["shown"]:
                lo, hi = o["change_ci"] or (None, None)
                glo, ghi = o["g_av_ci"] or (None, None)
                mine = [o["pre_mean"], o["post_mean"], o["change"], lo, hi]
                want = [count(o["n"]), *(number(m, dp) for m in mine), number(o["g_av"], 2)]
                want += [number(glo, 2), number(ghi, 2)]
            else:
                want = [count(o["n"]), *[DASH] * 8]
            shown = None
            if h is not None:
                shown = [h[1], *map(html_cell, h[2:5]), *html_range(h[5]), html_cell(h[6]), None, None]
            xl = [count(x[1]), *(number(c, dp) for c in x[2:7]), *(number(c, 2) for c in x[7:10])]
            names = ["pupils", "before", "after", "change", "range from", "range to", "g", "g from", "g to"]
            for i, name in enumerate(names):
                yield (f"{_who(s)}{title}: {name}", want[i], None if shown is None else shown[i], xl[i])


def reliable(v: Views) -> Iterator[Figure]:
    """Pupil by pupil, per role: better, within, worse than measurement error, and their total."""
    secs = _shown(v.json["sections"], lambda s: any(o.get("reliable") for o in s["outcomes"]))
    html = v.page.tables_headed("Outcome", "Better")
    book = blocks(v.book["Outcomes"], "Outcome", "Pupils", "Better")
    assert len(html) == len(book) == len(secs)
    for s, h_rows, x_rows in zip(secs, html, book, strict=True):
        hs, xs = _by_first(h_rows[1:]), _by_first(x_rows)
        for o in [o for o in s["outcomes"] if o.get("reliable")]:
            h, x = hs[o["title"]], xs[o["title"]]
            for part, hi, xi in (("better", 1, 2), ("within", 2, 3), ("worse", 3, 4), ("total", 4, 1)):
                yield (f"{_who(s)}{o['title']}: {part}", count(o["reliable"][part]), h[hi], count(x[xi]))


def attrition(v: Views) -> Iterator[Figure]:
    """One attrition figure per arm: pupils at the first questionnaire, at both, the share lost.  The HTML
    has one table for every role, the comparison pupils' row once (or once per role, named, if they differ);
    the workbook a table per role."""
    secs = _shown(v.json["sections"], lambda s: bool(s["outcomes"] and s["attrition"]))
    html = v.page.tables_headed("Who answered")
    book = blocks(v.book["Outcomes"], "Who answered")
    assert len(book) == len(secs) and len(html) == (1 if secs else 0)
    for s, x_rows in zip(secs, book, strict=True):
        hs, xs = _by_first(html[0][1:]), _by_first(x_rows)
        for a in s["attrition"]:
            arm = a["arm"][:1].upper() + a["arm"][1:]
            h, x = hs.get(f"{arm} (beside {s['label'].casefold()})", hs.get(arm)), xs[arm]
            assert h is not None, arm
            lost = "c" if a["lost_pct"] is None else str(a["lost_pct"])
            yield (f"{_who(s)}{arm}: first", count(a["first"]), h[1], count(x[1]))
            yield (f"{_who(s)}{arm}: both", count(a["both"]), h[2], count(x[2]))
            yield (f"{_who(s)}{arm}: lost %", lost, h[3].removesuffix("%"), count(x[3]))


def reach(v: Views) -> Iterator[Figure]:
    """Reach by term and so far: new mentors, new mentees, sessions held."""
    r = v.json["reach"]
    if r is None:
        return
    html = _by_first(v.page.table("Reach and delivery")[1:])
    book = _by_first(block(v.book["Reach and delivery"], "Term"))
    for i, term in enumerate([*r["terms"], "So far"]):
        for name, j, cell in (
            ("mentors", 1, count(r["mentors"][i])),
            ("mentees", 2, count(r["mentees"][i])),
            ("sessions", 3, count(r["sessions"][i])),
        ):
            yield (f"{term}: {name}", cell, html[term][j], count(book[term][j]))


def delivery(v: Views) -> Iterator[Figure]:
    """Delivery this term and so far (events), referrals and training (pupils): workbook and JSON."""
    r = v.json["reach"]
    if r is None:
        return
    book = _by_first(block(v.book["Reach and delivery"], "Delivery"))
    for label, key in (
        ("Mentoring sessions held", "sessions_held"),
        ("Mentor team meetings held", "meetings_held"),
        ("Supervision sessions planned", "supervision_planned"),
        ("Supervision sessions delivered", "supervision_delivered"),
    ):
        yield (f"{label} this term", count(r["term"][key]), None, count(book[label][1]))
        yield (f"{label} so far", count(r["so_far"][key]), None, count(book[label][2]))
    for label, c in (
        ("Self-referrals (pupils)", r["referrals"]["self"]),
        ("Staff referrals (pupils)", r["referrals"]["staff"]),
        ("All referrals (pupils)", r["referrals"]["total"]),
    ):
        yield (label, count(c), None, count(book[label][1]))
    yield ("trained", count(r["trained"]), None, count(book["Mentors who completed training"][2]))


def mis(v: Views) -> Iterator[Figure]:
    """Attendance and behaviour, per role: pupils, before, after (c where a share would give away a small
    count)."""
    secs = _shown(v.json["sections"], lambda s: bool(s["mis"]))
    html = v.page.tables_headed("Measure", "Pupils")
    book = blocks(v.book["Attendance and behaviour"], "Measure", "Pupils")
    assert len(html) == len(book) == len(secs)
    for s, h_rows, x_rows in zip(secs, html, book, strict=True):
        hs, xs = _by_first(h_rows[1:]), _by_first(x_rows)
        for m in s["mis"]:
            key = f"{m['title']} ({m['unit']})"
            h, x = hs[key], xs[key]
            yield (f"{_who(s)}{key}: pupils", count(m["n"]), h[1], count(x[1]))
            for i, (part, hidden) in enumerate(zip(("before", "after"), m["hidden"], strict=True)):
                want = "c" if hidden else number(m[part], m["dp"])
                yield (f"{_who(s)}{key}: {part}", want, html_cell(h[2 + i]), number(x[2 + i], m["dp"]))


def _feedback_text(text: str) -> tuple[str, str, str]:
    """(agreed, answered, percent) from a printed feedback cell: "29 of 35 (83%)", "83%" or "c"."""
    if text == "c":
        return "c", "c", "c"
    if " of " not in text:
        return DASH, DASH, text.removesuffix("%")
    k, rest = text.split(" of ")
    n, p = rest.split(" (")
    return k, n, p.removesuffix("%)")


def process(v: Views) -> Iterator[Figure]:
    """The feedback survey: per indicator and role, pupils who agreed, who answered, the percentage."""
    if not v.json["process"]:
        return
    html = _by_first(v.page.table("Pupils' feedback")[1:])
    book = _by_first(block(v.book["Feedback"], "Pupils who agreed"))
    for p in v.json["process"]:
        h, x = html[p["title"]], book[p["title"]]
        for i, cell in enumerate(p["cells"]):
            hidden = cell["text"] == "c"
            want = tuple("c" if hidden else count(cell[k]) for k in ("agreed", "answered", "percent"))
            shown = _feedback_text(h[1 + i])
            a, b = x[1 + 2 * i], x[2 + 2 * i]
            xl: tuple[str, str, str | None] = (
                (DASH, DASH, str(a).removesuffix("%"))
                if isinstance(a, str) and a.endswith("%")
                else (count(a), count(b), "c" if a == "c" else None)
            )
            for j, name in enumerate(("agreed", "answered", "percent")):
                yield (f"{p['title']}, {cell['role']}: {name}", want[j], shown[j], xl[j])


def trend(v: Views) -> Iterator[Figure]:
    """The trend: the average at each survey (chart labels in the HTML), pupils at each survey, the
    change a term and its likely range, the pupils in the model, and the sentence."""
    if not v.json["trend"]:
        return
    charts = v.page.chart_labels("Trend across the terms so far")
    texts = v.page.texts("Trend across the terms so far")
    book = _by_first(block(v.book["Trend"], "Outcome"))
    for k, t in enumerate(v.json["trend"]):
        role = t.get("role", "pupils")
        heading = t["title"] if role == "pupils" else f"{role.capitalize()}: {t['title']}"
        x, waves = book[heading], len(t["terms"])
        labels = charts[k] if k < len(charts) else []
        # the chart's texts: axis label and ticks, then a label per average shown, then the terms
        nm = sum(m is not None for m in t["means"])
        shown_means = iter(html_cell(s) for s in labels[len(labels) - waves - nm : len(labels) - waves])
        for i, (term, mean) in enumerate(zip(t["terms"], t["means"], strict=True)):
            html = next(shown_means) if mean is not None and labels else None
            want = number(mean, t["means_dp"])
            yield (f"{t['title']}, {term}: average", want, html, number(x[1 + i], t["means_dp"]))
            c = t["counts"][i]
            yield (f"{t['title']}, {term}: pupils", count(c), None, count(x[1 + waves + i]))
        if labels:  # the chart names the surveys after the averages
            assert labels[-waves:] == list(t["terms"])
        lo, hi = t["ci"] or (None, None)
        at = 1 + 2 * waves
        for name, value, cell in (
            ("slope", t["slope"], x[at]),
            ("from", lo, x[at + 1]),
            ("to", hi, x[at + 2]),
        ):
            yield (f"{t['title']}: {name}", number(value, t["dp"]), None, number(cell, t["dp"]))
        yield (f"{t['title']}: clear", "yes" if t["clear"] else "no", None, x[at + 3])
        yield (
            f"{t['title']}: sentence",
            t["sentence"],
            t["sentence"] if t["sentence"] in texts else "",
            None,
        )


def _label(g: dict[str, Any]) -> str:
    return f"{g['column']}: {g['level']}" + (" (not shown)" if g["folded"] else "")


def subgroups(v: Views) -> Iterator[Figure]:
    """By group (exploratory), per role: pupils, change and likely range per level (the HTML: the
    headline outcome's)."""
    secs = v.json["sections"]
    headline = _shown(secs, lambda s: any(g["measure"] == s["headline_measure"] for g in s["subgroups"]))
    html = v.page.tables_headed("Group", "Pupils")
    assert len(html) == len(headline)
    html_of = {s["role"]: _by_first(rows[1:]) for s, rows in zip(headline, html, strict=True)}
    book = {(r[0], r[1]): r for r in block(v.book["By group"], "Outcome", "Group")}
    for s in secs:
        for g in s["subgroups"]:
            label, dp = _label(g), g["dp"]
            x = book[(g["title"] if s["role"] == "pupils" else f"{s['label']}: {g['title']}", label)]
            h = html_of[s["role"]][label] if g["measure"] == s["headline_measure"] else None
            hidden = g["n"]["value"] is None
            lo, hi = g["change_ci"] or (None, None)
            want = [count(g["n"]), *(DASH if hidden else number(c, dp) for c in (g["change"], lo, hi))]
            shown = None if h is None else [h[1], html_cell(h[2]), *html_range(h[3])]
            xl = [count(x[2]), *(number(c, dp) for c in x[3:6])]
            for i, name in enumerate(("pupils", "change", "range from", "range to")):
                where = f"{_who(s)}{g['title']}, {label}: {name}"
                yield (where, want[i], None if shown is None else shown[i], xl[i])


TABLES: list[Callable[[Views], Iterator[Figure]]] = [
    comparison,
    outcomes,
    reliable,
    attrition,
    reach,
    delivery,
    mis,
    process,
    trend,
    subgroups,
]


# ---------------------------------------------------------------------------------------------- the test
def views_of(files: list[Path]) -> Views:
    def one(suffix: str) -> Path:
        return next(f for f in files if f.name.startswith("governors-report") and f.suffix == suffix)

    return Views(read_json(one(".json")), read_html(one(".html")), read_xlsx(one(".xlsx")))


def compare(v: Views) -> tuple[int, dict[str, int], set[str]]:
    """Every figure of every table, compared; returns (figures compared, per table, cells seen as c)."""
    seen, per, hidden = 0, {}, set()
    wrong = []
    for table in TABLES:
        n = 0
        for where, want, html, xl in table(v):
            for view, got in (("HTML", html), ("workbook", xl)):
                if got is not None and got != want:
                    wrong.append(f"{table.__name__}: {where}: JSON {want!r}, {view} {got!r}")
            n += 1
            if want == "c":
                hidden.add(f"{table.__name__}: {where}")
        per[table.__name__] = n
        seen += n
    assert not wrong, "\n".join(wrong[:30])
    return seen, per, hidden


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A programme of the disclosure audit with small groups: one-pupil year groups, a feedback survey of 7
    answers, a handful of new mentors, mentees and referrals a term."""
    from tests.governors.test_disclosure_audit import build

    from peerimpact.cli.report import write_report

    config = build(tmp_path_factory.mktemp("small"), "one-pupil groups")
    files, _, _ = write_report(config, "summer-2027")
    return files


def test_every_figure_of_the_example_report_agrees_in_html_xlsx_and_json(summer: Any) -> None:
    files, _, _ = summer
    seen, per, hidden = compare(views_of(files))
    tables = (
        "comparison",
        "outcomes",
        "reliable",
        "attrition",
        "reach",
        "delivery",
        "mis",
        "process",
        "trend",
    )
    assert all(per[t] > 0 for t in tables), per
    assert per["subgroups"] > 0 and seen > 100
    assert hidden  # the example hides some counts (reach, reliable change, feedback by role)


def test_every_figure_of_a_small_programme_agrees_c_where_hidden_in_all_three(small: list[Path]) -> None:
    v = views_of(small)
    seen, _, hidden = compare(v)
    assert seen > 50
    assert any(w.startswith("reach") for w in hidden) and any(w.startswith("delivery") for w in hidden)
    reasons = {c.get("suppressed") for c in _all_counts(v.json) if c["value"] is None}
    assert reasons == {"primary", "secondary"}


def _all_counts(doc: Any) -> list[dict[str, Any]]:
    from tests.governors.views import json_counts

    return [c for _, c in json_counts(doc)]


def test_a_disagreement_is_found(summer: Any) -> None:
    """The comparison has teeth: a JSON figure changed by one unit in its last decimal is reported."""
    files, _, _ = summer
    v = views_of(files)
    o = v.json["sections"][0]["outcomes"][0]
    o["post_mean"] = round(o["post_mean"] + 10.0 ** -o["dp"], o["dp"])
    with pytest.raises(AssertionError, match="after"):
        compare(v)
    v = views_of(files)
    v.json["reach"]["mentees"][-1] = {"value": None, "suppressed": "secondary"}
    with pytest.raises(AssertionError, match="So far: mentees"):
        compare(v)
