"""The disclosure audit (SPEC §6.1, issue 14 item 2): what can a reader holding every term's governors'
report at once work out about a hidden count?

Five programmes are built from the example one (three terms each): the example itself; a small one (14
programme pupils, one leaving between terms and one joining, a handful of new mentees a term); one with
one-pupil year groups and a feedback survey of 7 answers every term; one where pupils leave term by term
and 8 pupils answer the feedback survey; and one without a comparison group, where the pupils in both
surveys are the outcome's pupils.  Every term's report is written (HTML, workbook and JSON).  The counts
the report object holds are what every view prints (checked here table by table, the JSON figure by
figure); the audit gathers every count of every report of the programme, the equations a reader knows between them (totals and parts, "so
far" and the terms, the same pupils in two tables or two reports, those who missed or joined a survey) and
the shares printed as percentages (inequalities), and for every hidden count — and every small count never
printed, such as the pupils who missed the second survey — finds its least and greatest feasible value with
``scipy.optimize.linprog``, as τ-ARGUS audits a table.  No such count may be pinned or narrowed below a range
of 3.  Averages are audited the same way: where two printed averages are over nested groups of pupils that
differ by fewer than the threshold (all pupils at a survey, and the outcome's pupils), the total score of
the few in between must keep a range of at least 3 points.

The widest and narrowest ranges found are printed (``pytest -s``) and written to
``disclosure-audit.txt`` in the test's temporary folder.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest

from peerimpact.governors.model import Count, GovernorsReport, lkey

TERMS = ["autumn-2026", "spring-2027", "summer-2027"]
THRESHOLD = 5
MIN_RANGE = 3


# ----------------------------------------------------------------------------------- building the programmes
def _rewrite(path: Path, change: Callable[[list[list[Any]]], list[list[Any]]]) -> None:
    """Rewrite the first sheet of ``path`` through ``change`` (header row first)."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    new = change(rows)
    ws.delete_rows(1, ws.max_row)
    for r in new:
        ws.append(r)
    wb.save(path)


def _surveys(
    folder: Path, keep: dict[str, int], *, leave: int = 0, join: int = 0, comparison: int = 8
) -> None:
    """Keep ``keep[term]`` programme pupils per survey (the first ones of autumn, in order), ``leave``
    fewer at each later survey, ``join`` newcomers at the last, and ``comparison`` comparison pupils."""
    data = folder / "data"
    autumn = [
        list(r)
        for r in openpyxl.load_workbook(data / "swemwbs_autumn.xlsx")
        .worksheets[0]
        .iter_rows(values_only=True)
    ]
    spring = {
        r[0]
        for r in openpyxl.load_workbook(data / "swemwbs_spring.xlsx")
        .worksheets[0]
        .iter_rows(values_only=True)
    }
    summer = {
        r[0]
        for r in openpyxl.load_workbook(data / "swemwbs_summer.xlsx")
        .worksheets[0]
        .iter_rows(values_only=True)
    }
    everywhere = [r[0] for r in autumn[1:] if r[0] in spring and r[0] in summer]
    programme = [u for u in everywhere if next(r for r in autumn if r[0] == u)[4] == "Participant"]
    others = [u for u in everywhere if u not in programme][:comparison]
    base = programme[: keep["autumn"]]
    later = [u for u in programme if u not in base][:join]
    chosen = {
        "autumn": set(base) | set(others),
        "spring": set(base[: keep["spring"] - leave]) | set(others),
        "summer": set(base[: keep["summer"] - 2 * leave]) | set(later) | set(others),
    }
    for term, ids in chosen.items():
        _rewrite(
            data / f"swemwbs_{term}.xlsx",
            lambda rows, ids=ids: [rows[0], *[r for r in rows[1:] if r[0] in ids]],
        )


def _years(folder: Path, single: int) -> None:
    """Give ``single`` programme pupils a year group of their own (Year 10, 11, …): one-pupil categories."""
    for term in ("autumn", "spring", "summer"):

        def change(rows: list[list[Any]]) -> list[list[Any]]:
            k = 0
            for r in rows[1:]:
                if r[4] == "Participant" and k < single:
                    r[1] = 10 + k
                    k += 1
            return rows

        _rewrite(folder / "data" / f"swemwbs_{term}.xlsx", change)


def _activity(folder: Path, per_term: dict[str, dict[str, int]]) -> None:
    """Activity log: each term's new mentees, new mentors, referrals and training set to small numbers."""
    starts = {
        "autumn": datetime(2026, 8, 31),
        "spring": datetime(2027, 1, 4),
        "summer": datetime(2027, 4, 12),
    }
    path = folder / "activity-log.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["Activity log"]
    head = [c.value for c in ws[1]]
    cols = {name: head.index(name) + 1 for name in head if name}
    done: set[str] = set()
    for r in range(2, ws.max_row + 1):
        when = ws.cell(r, 1).value
        if not isinstance(when, datetime):
            continue
        term = max((t for t, s in starts.items() if when >= s), key=lambda t: starts[t], default=None)
        for name in (
            "New mentees",
            "New mentors",
            "Self-referrals",
            "Staff referrals",
            "Mentors completing training",
        ):
            value = per_term[term][name] if term and term not in done else 0
            ws.cell(r, cols[name]).value = value
        if term:
            done.add(term)
    wb.save(path)


def _feedback(folder: Path, answers: dict[str, tuple[int, int]]) -> None:
    """A feedback survey in each term of ``answers``: (mentors, mentees) answering."""
    data = folder / "data"
    rows = [
        list(r)
        for r in openpyxl.load_workbook(data / "process_survey_summer.xlsx")
        .worksheets[0]
        .iter_rows(values_only=True)
    ]
    toml = (folder / "programme.toml").read_text(encoding="utf-8")
    toml = toml.replace('process_survey = "data/process_survey_summer.xlsx"\n', "")
    for term, (mentors, mentees) in answers.items():
        keep = [r for r in rows[1:] if r[0] == "Mentor"][:mentors] + [
            r for r in rows[1:] if r[0] == "Mentee"
        ][:mentees]
        name = f"process_survey_{term}.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        for r in [rows[0], *keep]:
            ws.append(r)
        wb.save(data / name)
        key = next(t for t in TERMS if t.startswith(term))
        toml = toml.replace(
            f"[terms.{key}.surveys]", f'process_survey = "data/{name}"\n\n[terms.{key}.surveys]'
        ).replace(
            f'activity_log = "activity-log.xlsx"\nprocess_survey = "data/{name}"\n\n',
            f'activity_log = "activity-log.xlsx"\nprocess_survey = "data/{name}"\n\n',
        )
    (folder / "programme.toml").write_text(toml, encoding="utf-8")


def _small(n: dict[str, int]) -> dict[str, dict[str, int]]:
    return {
        t: {
            "New mentees": m,
            "New mentors": r,
            "Self-referrals": s,
            "Staff referrals": f,
            "Mentors completing training": r,
        }
        for t, (m, r, s, f) in n.items()
    }


def build(folder: Path, name: str) -> Path:
    from peerimpact.demo.programme import write_example_programme

    config = write_example_programme(folder)
    root = config.parent
    if name == "small":
        _surveys(root, {"autumn": 14, "spring": 14, "summer": 14}, leave=1, join=1, comparison=6)
        _activity(root, _small({"autumn": (6, 5, 2, 4), "spring": (3, 1, 1, 2), "summer": (4, 0, 3, 1)}))
    elif name == "one-pupil groups":
        _years(root, 3)
        _feedback(root, {"autumn": (2, 5), "spring": (3, 4), "summer": (1, 6)})
        _activity(root, _small({"autumn": (12, 8, 5, 7), "spring": (2, 0, 2, 0), "summer": (7, 1, 4, 3)}))
    elif name == "no comparison group":
        _surveys(root, {"autumn": 16, "spring": 16, "summer": 16}, leave=1, comparison=0)
        text = (root / "programme.toml").read_text(encoding="utf-8")
        (root / "programme.toml").write_text(
            text.replace('comparison_column = "Group"\n', ""), encoding="utf-8"
        )
        _activity(root, _small({"autumn": (8, 5, 3, 5), "spring": (5, 1, 2, 3), "summer": (2, 0, 1, 1)}))
    elif name == "leavers and little feedback":
        _surveys(root, {"autumn": 20, "spring": 20, "summer": 20}, leave=2, comparison=10)
        _feedback(root, {"summer": (3, 5)})
        _activity(root, _small({"autumn": (9, 6, 4, 5), "spring": (1, 2, 0, 1), "summer": (5, 0, 1, 4)}))
    return config


# --------------------------------------------------------------------------------------- what was published
@dataclass
class Published:
    """Every report of one programme: the counts (by key, namespaced per report where they are the report's
    own), the equations, and the averages with their pupils."""

    values: dict[Hashable, int] = field(default_factory=dict)
    lines: list[list[tuple[Hashable, int]]] = field(default_factory=list)
    shown: set[Hashable] = field(default_factory=set)
    printed: set[Hashable] = field(default_factory=set)  # every count some view prints, shown or as "c"
    shares: list[tuple[Hashable, Hashable, int]] = field(default_factory=list)  # part, whole, whole % shown
    reports: dict[str, GovernorsReport] = field(default_factory=dict)
    ledgers: dict[str, Any] = field(default_factory=dict)


def _global(key: Hashable) -> bool:
    """Keys naming a term are the same count in every report (reach rows, pupils at a survey)."""
    return isinstance(key, tuple) and any(isinstance(p, str) and p in TERMS for p in key)


def _ns(term: str, key: Hashable) -> Hashable:
    return key if _global(key) else (term, key)


def collect(config: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Published, list[Path]]:
    from peerimpact.cli.report import write_report
    from peerimpact.governors import plan

    seen: list[Any] = []
    real = plan.Ledger.resolve

    def keep(self: Any) -> Any:
        if not seen or seen[-1] is not self:
            seen.append(self)
        return real(self)

    monkeypatch.setattr(plan.Ledger, "resolve", keep)
    pub = Published()
    files: list[Path] = []
    for term in TERMS:
        seen.clear()
        written, report, _ = write_report(config, term)
        files += written
        ledger = seen[-1]  # the report's own plan (earlier ones are the reach replays)
        pub.reports[term], pub.ledgers[term] = report, ledger
        for key, value in ledger.values.items():
            k = _ns(term, key)
            assert pub.values.setdefault(k, value) == value, (k, value)
        pub.lines += [[(_ns(term, c), a) for c, a in line] for line in ledger.lines]
        for key, counts in ledger.counts.items():
            k = _ns(term, key)
            pub.printed.add(k)
            if any(c.value is not None for c in counts):
                pub.shown.add(k)
        # a report's outcome pupils are the "pupils in both" a later report's trend is tied to
        for key in list(ledger.values):
            if isinstance(key, tuple) and key[0] == "n":
                pub.lines.append([((term, key), 1), (("pairs", key[1], term), -1)])
                pub.values.setdefault(("pairs", key[1], term), ledger.values[key])
        for sec in report.sections:  # persistent absence shares: whole percentages of the pupils
            a = "absence" if sec.role == "pupils" else f"absence@{sec.role}"
            n_key = ("n", lkey("attendance.persistent_absence", sec.role))
            for m in sec.mis:
                if m.unit == "% of pupils":
                    for part, p in (((a, "before"), m.before), ((a, "after"), m.after)):
                        if p is not None:
                            pub.shares.append(((term, part), (term, n_key), int(p)))
        for p in report.process:  # groups of 5–9 given as a percentage only
            for role, text, k, _n, pct in p.cells:
                if k is None and pct is not None and text.endswith("%"):
                    measure = next(
                        m
                        for m in ledger.values
                        if isinstance(m, tuple)
                        and m[0] == "feedback"
                        and m[2] == "agreed"
                        and m[3] == role
                        and _title_of(ledger, m[1]) == p.title
                    )
                    n_key = next(
                        c
                        for c in ledger.values
                        if isinstance(c, tuple)
                        and c[0] == "feedback"
                        and c[-1] == role
                        and "answered" in c
                        and (len(c) == 3 or c[1] == measure[1])
                    )
                    pub.shares.append(((term, measure), (term, n_key), pct))
    # pairs of a term with no report of its own pupils (no outcome) stay as the trend registered them
    return pub, files


def _title_of(ledger: Any, measure: str) -> str:
    return {
        "process.satisfaction": "Glad they took part",
        "process.agency": "Feel more able to act for themselves",
        "process.recommend": "Would recommend it to a friend",
    }.get(measure, measure)


# ------------------------------------------------------------------------------------------- the audit (LP)
def feasible_ranges(pub: Published) -> dict[Hashable, tuple[float, float]]:
    """Least and greatest value of every hidden printed count, and every small count never printed."""
    from scipy.optimize import linprog

    unknown = sorted((k for k in pub.values if k not in pub.shown), key=repr)
    index = {k: i for i, k in enumerate(unknown)}
    rows, rhs = [], []
    for line in pub.lines:
        row = np.zeros(len(unknown))
        b = 0.0
        for c, a in line:
            if c in index:
                row[index[c]] += a
            else:
                b -= a * pub.values[c]
        if row.any():
            rows.append(row)
            rhs.append(b)
        else:
            assert abs(b) < 1e-9, line  # the true counts satisfy every equation
    ub, ub_rhs = [], []
    for part, whole, p in pub.shares:  # (p − ½)% of whole ≤ part ≤ (p + ½)% of whole
        for sign, edge in ((-1, p - 0.5), (1, p + 0.5)):
            row = np.zeros(len(unknown))
            b = 0.0
            for key, coef in ((part, 100.0 * sign), (whole, -edge * sign)):
                if key in index:
                    row[index[key]] += coef
                else:
                    b -= coef * pub.values[key]
            ub.append(row)
            ub_rhs.append(b)
    bounds = [(1 if (k in pub.printed and pub.values[k] > 0) else 0, None) for k in unknown]
    targets = [k for k in unknown if pub.values[k] > 0 and (k in pub.printed or pub.values[k] < THRESHOLD)]
    out = {}
    for k in targets:
        e = np.zeros(len(unknown))
        e[index[k]] = 1
        ends = []
        for sign in (1, -1):
            res = linprog(
                sign * e,
                A_eq=np.array(rows) if rows else None,
                b_eq=np.array(rhs) if rows else None,
                A_ub=np.array(ub) if ub else None,
                b_ub=np.array(ub_rhs) if ub else None,
                bounds=bounds,
                method="highs",
            )
            assert res.status in (0, 3), (k, res.message)  # the true counts are always a solution
            ends.append(sign * res.fun if res.status == 0 else float("inf"))
        out[k] = (ends[0], ends[1])
    return out


def mean_ranges(pub: Published) -> list[tuple[str, float]]:
    """Differencing of averages: the total score of the pupils between two nested printed averages."""
    out = []
    for term, report in pub.reports.items():
        for t in report.trend:
            h_t = 0.5 * 10.0**-t.means_dp
            for k, wave in enumerate(TERMS[: len(t.means)]):
                partner = pub.reports.get(wave)
                row = next(
                    (o for o in (partner.outcomes if partner else []) if o.measure == t.measure and o.shown),
                    None,
                )
                if row is None or t.means[k] is None:
                    continue
                pairs = pub.values.get(("pairs", t.measure, wave))
                h_o = 0.5 * 10.0**-row.dp
                for n_key, mine, theirs in (
                    (("responded", t.measure, TERMS[0]), t.means[0], row.pre_mean),
                    (("responded", t.measure, wave), t.means[k], row.post_mean),
                ):
                    n = pub.values.get(n_key)
                    if (
                        n is None
                        or pairs is None
                        or mine is None
                        or theirs is None
                        or not 0 < n - pairs < THRESHOLD
                    ):
                        continue
                    lo = n * (mine - h_t) - pairs * (theirs + h_o)
                    hi = n * (mine + h_t) - pairs * (theirs - h_o)
                    out.append((f"{term}: {t.measure} at {n_key[2]}, {n} vs {pairs} pupils", hi - lo))
        for measure in {g.measure for g in report.subgroups}:  # the hidden groups, together
            o = next((x for x in report.outcomes if x.measure == measure and x.shown), None)
            shown = [g for g in report.subgroups if g.measure == measure and not g.folded]
            folded = [g for g in report.subgroups if g.measure == measure and g.folded]
            if o is None or o.n.value is None or not folded or o.change is None:
                continue
            rest = o.n.value - sum(g.n.value or 0 for g in shown)
            if 0 < rest < THRESHOLD:
                h = 0.5 * 10.0**-o.dp
                out.append(
                    (
                        f"{term}: {measure} hidden groups ({rest} pupils)",
                        2 * h * (o.n.value + sum(g.n.value or 0 for g in shown)),
                    )
                )
    return out


# ------------------------------------------------------------------------------------- views say the same
def _html_rows(page: str, heading: str, tag: str = "h2") -> list[list[str]]:
    """The rows of the first table after the ``tag`` heading ``heading`` in the HTML, as cell texts."""
    at = page.index(f"<{tag}>{heading}")
    table = page[page.index("<table", at) : page.index("</table>", at)]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [
        [
            htmllib.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)
        ]
        for r in rows
    ]


def _role_rows(page: str, heading: str, label: str, tag: str = "h2") -> list[list[str]]:
    """The rows of the table after the heading that are the role ``label``'s (a table of several roles has a
    first "Who" column: see :func:`tests.governors.views.by_role`), header row first, without "Who"."""
    from tests.governors.views import by_role

    rows = _html_rows(page, heading, tag)
    if rows[0][:1] != ["Who"]:
        return rows
    return next(part for part in by_role(rows) if part[1:] and _who_of(rows, part).partition(":")[0] == label)


def _who_of(rows: list[list[str]], part: list[list[str]]) -> str:
    """The "Who" cell of the first row of ``part`` in the full table ``rows``."""
    first = part[1]
    return next(r[0] for r in rows[1:] if r[1:] == first and r[0])


def _xlsx_rows(path: Path, sheet: str) -> list[list[Any]]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [[c for c in r] for r in ws.iter_rows(values_only=True)]


def _cell(c: Count | int | None) -> str:
    if isinstance(c, Count):
        return "c" if c.value is None else str(c.value)
    return "–" if c is None else str(c)


def check_json(report: GovernorsReport, files: list[Path]) -> int:
    """The governors' JSON (SPEC §6.1) is audited like the other views: it holds every count of the report
    object as the object holds it (so none that the HTML hides: the HTML prints the object's counts, checked
    below), each of its figures says what the HTML and the workbook say (``c`` where they do), no integer
    outside a count but those known to be safe, and no figure at more precision than it is printed with;
    returns the figures checked."""
    from tests.governors.test_views_agree import compare, views_of
    from tests.governors.views import audit_json, json_counts, object_counts, read_json

    data = read_json(next(p for p in files if p.suffix == ".json" and p.name.startswith("governors")))
    want = {path: c.value for path, c in object_counts(report)}
    got = {path: c["value"] for path, c in json_counts(data)}
    assert got == want, sorted(set(got.items()) ^ set(want.items()), key=repr)[:10]
    hidden = {path for path, value in want.items() if value is None}
    assert all(got[path] is None for path in hidden)
    return len(got) + audit_json(data) + compare(views_of(files))[0]


def check_views(report: GovernorsReport, files: list[Path]) -> int:
    """The HTML and the workbook print the report object's counts, table by table, and the JSON holds them
    too (:func:`check_json`); returns the cells seen."""
    page = next(p for p in files if p.suffix == ".html").read_text(encoding="utf-8")
    book = next(p for p in files if p.suffix == ".xlsx" and p.name.startswith("governors"))
    seen = 0
    if report.reach is not None:
        want = [
            [name, _cell(m), _cell(e), _cell(x)]
            for name, m, e, x in zip(
                (*report.reach.terms, "So far"),
                report.reach.mentors,
                report.reach.mentees,
                report.reach.sessions,
                strict=True,
            )
        ]
        assert _html_rows(page, "Reach and delivery")[1:] == want
        xl = [
            [str(v) for v in r[:4]]
            for r in _xlsx_rows(book, "Reach and delivery")
            if r and r[0] in (*report.reach.terms, "So far")
        ]
        assert xl == want
        seen += 3 * len(want)
    if report.delivery:  # delivery term by term: the pupil counts of every row, in both views
        want = [
            [
                d.term,
                *[
                    _cell(c)
                    for c in (d.new_mentees, d.mentees_so_far, d.self_referrals, d.staff_referrals, d.trained)
                ],
            ]
            for d in report.delivery
        ]
        html_rows = _html_rows(page, "Delivery, term by term")[1:]
        assert [[r[0], r[2], r[3], r[6], r[7], r[9]] for r in html_rows] == want
        names = {d.term for d in report.delivery}
        xl = [r for r in _xlsx_rows(book, "Delivery by term") if r and r[0] in names]
        assert [[str(v) for v in (r[0], r[2], r[3], r[8], r[9], r[11])] for r in xl] == want
        seen += 5 * len(want)
    if report.reach_by:  # reach by characteristic: each role's cell as the report object has it
        html_rows = _html_rows(page, "Pupils reached, by characteristic")[1:]
        assert [r[2:] for r in html_rows] == [[c.text for c in row.cells] for row in report.reach_by]
        xl = [
            r
            for r in _xlsx_rows(book, "Delivery by term")
            if r and (r[0], r[1]) in {(x.characteristic, x.level) for x in report.reach_by}
        ]
        for row, xr in zip(report.reach_by, xl, strict=True):
            for c, (a, b) in zip(row.cells, zip(xr[2::2], xr[3::2], strict=False), strict=False):
                if c.n.value is None:
                    assert (a, b) == ("c", "c")
                else:
                    assert a == (c.n.value if c.count_shown else "–") and b in (c.pct, "–")
                seen += 1
    if report.process:
        html_rows = _html_rows(page, "Pupils' feedback")[1:]
        xl = [r for r in _xlsx_rows(book, "Feedback") if r and r[0] in {p.title for p in report.process}]
        for p, hr, xr in zip(report.process, html_rows, xl, strict=True):
            assert hr[1:] == [text for _, text, *_ in p.cells]
            for (_, text, k, n, pct), (a, b) in zip(
                p.cells, zip(xr[1::2], xr[2::2], strict=False), strict=True
            ):
                expect = ("c", "c") if text == "c" else (f"{pct}%", "–") if k is None else (k, n)
                assert (a, b) == expect, (p.title, text, a, b)
                seen += 2
    # one table of each kind for all the roles that have one, with a "Who" column when there are several
    secs = report.sections
    several = len(secs) > 1
    compared = len([s for s in secs if s.outcomes and s.comparison]) > 1
    changed = len([s for s in secs if s.outcomes]) > 1
    mis = len([s for s in secs if s.mis or s.mis_sentences]) > 1
    grouped = len([s for s in secs if any(g.measure == s.headline_measure for g in s.subgroups)]) > 1
    for sec in report.sections:
        for o in sec.outcomes:
            if o.reliable is None:
                continue
            cells = [_cell(c) for c in o.reliable]
            hr = next(r for r in _role_rows(page, "Pupil by pupil", sec.label, "h3") if r[0] == o.title)
            assert hr[1:] == cells
            xl_rows = _xlsx_rows(book, "Outcomes")
            if sec.role != "pupils":
                xl_rows = xl_rows[next(i for i, r in enumerate(xl_rows) if r and r[0] == sec.label) :]
            xr = next(r for r in xl_rows if r[0] == o.title and len([v for v in r if v is not None]) == 5)
            assert [str(v) for v in (xr[2], xr[3], xr[4], xr[1])] == cells
            seen += 4
    for sec in report.sections:
        xl_rows = _xlsx_rows(book, "Outcomes")
        if sec.role != "pupils":  # this role's part of the sheet: from its heading on
            xl_rows = xl_rows[next(i for i, r in enumerate(xl_rows) if r and r[0] == sec.label) :]
        if sec.comparison:  # the strongest design first: the comparison table, then before and after
            heading = "Compared with" if compared else f"{sec.label} compared with"
            table = _role_rows(page, heading, sec.label, "h3")
            by_title = {r[0]: r for r in table[1:]}
            for c in sec.comparison:
                assert by_title[c.title][1:3] == [_cell(c.n_programme), _cell(c.n_comparison)]
                xr = next(r for r in xl_rows if r[0] == c.title)  # the comparison rows come first
                assert [str(xr[1]), str(xr[2])] == [_cell(c.n_programme), _cell(c.n_comparison)]
                seen += 2
        if not sec.outcomes:
            continue
        if any(s.comparison for s in secs if s.outcomes):  # under "Before and after", after the comparison
            first = next(s for s in secs if s.outcomes)
            h3 = "Before and after" if changed else f"{first.label}: before and after"
            changes = _role_rows(page, h3, sec.label, "h3")
        else:
            h2 = "Wellbeing: what changed" if sec.role == "pupils" else f"{sec.label}: what changed"
            if several:
                h2 = " and ".join(s.label.casefold() for s in secs).capitalize() + ": what changed"
            changes = _role_rows(page, h2, sec.label)
        table = {r[0]: r[1] for r in changes[1:]}
        for o in [*sec.outcomes, *([sec.attendance] if sec.attendance and sec.attendance.shown else [])]:
            assert table[o.title] == _cell(o.n)
            xr = [r for r in xl_rows if r[0] == o.title][
                1 if sec.comparison and any(c.title == o.title for c in sec.comparison) else 0
            ]
            assert str(xr[1]) == _cell(o.n)
            seen += 1
        if sec.mis:
            head = "Attendance and behaviour"
            if sec.role != "pupils" and not mis:
                head += f": {sec.label.casefold()}"
            rows = _role_rows(page, head, sec.label)[1:]
            xl_mis = _xlsx_rows(book, "Attendance and behaviour")
            if sec.role != "pupils":
                xl_mis = xl_mis[next(i for i, r in enumerate(xl_mis) if r and r[0] == sec.label) :]
            for m, hr in zip(sec.mis, rows, strict=True):
                xr = next(r for r in xl_mis if r[0] == f"{m.title} ({m.unit})")
                assert hr[1] == str(xr[1]) == _cell(m.n)
                assert (hr[2] == "c") == (xr[2] == "c") == m.hidden[0]
                assert (hr[3] == "c") == (xr[3] == "c") == m.hidden[1]
                seen += 3
    for sec in report.sections:
        headline = [g for g in sec.subgroups if g.measure == sec.headline_measure]
        if not headline:
            continue
        named = sec.role != "pupils"
        heading = "By group (exploratory)" if grouped or not named else f"{sec.label} by group (exploratory)"
        rows = _role_rows(page, heading, sec.label)[1:]
        title = f"{sec.label}: {headline[0].title}" if named else headline[0].title
        xl_rows = [r for r in _xlsx_rows(book, "By group") if r[0] == title]
        assert [r[:2] for r in rows] == [[g.label, _cell(g.n)] for g in headline]
        assert [[r[1], str(r[2])] for r in xl_rows][: len(headline)] == [
            [g.label, _cell(g.n)] for g in headline
        ]
        seen += len(headline)
    return seen + check_json(report, files)


# ------------------------------------------------------------------------------------------------ the test
PROGRAMMES = ["example", "small", "one-pupil groups", "leavers and little feedback", "no comparison group"]


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    return {}


@pytest.mark.parametrize("name", PROGRAMMES)
def test_no_hidden_count_can_be_narrowed_below_a_range_of_three(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, results: dict[str, Any]
) -> None:
    config = build(tmp_path, name)
    pub, files = collect(config, monkeypatch)
    for term, report in pub.reports.items():
        assert check_views(report, [f for f in files if term in f.name]) > 0
    ranges = feasible_ranges(pub)
    hidden = {k: v for k, v in ranges.items() if k in pub.printed}
    assert hidden, "a programme built to have small counts hides some"
    narrow = {k: (lo, hi, pub.values[k]) for k, (lo, hi) in ranges.items() if hi - lo < MIN_RANGE - 1e-6}
    assert not narrow, f"{name}: counts a reader can narrow below a range of {MIN_RANGE}: {narrow}"
    means = mean_ranges(pub)
    thin = [(what, w) for what, w in means if w < MIN_RANGE]
    assert not thin, f"{name}: averages that pin a few pupils' total score: {thin}"
    results[name] = (ranges, means, pub)


def test_audit_summary(results: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> None:
    """The widest and narrowest feasible ranges over all the programmes (printed, and kept in a file)."""
    if len(results) < len(PROGRAMMES):
        pytest.skip("run with the audit above")
    lines = []
    finite: list[tuple[float, str, Hashable, tuple[float, float], int]] = []
    for name, (ranges, means, pub) in results.items():
        hidden = sum(k in pub.printed for k in ranges)
        lines.append(
            f"{name}: {hidden} hidden counts, {len(ranges) - hidden} small counts never printed, {len(means)} nested averages"
        )
        for k, (lo, hi) in ranges.items():
            if hi < float("inf"):
                finite.append((hi - lo, name, k, (lo, hi), pub.values[k]))
        for what, w in means:
            lines.append(
                f"  average: {what}: total score of the pupils between them lies in a range {w:.1f} points wide"
            )
    finite.sort(key=lambda x: x[0])
    for label, item in (("narrowest", finite[0]), ("widest", finite[-1])):
        width, name, k, (lo, hi), v = item
        lines.append(
            f"{label} finite range: {name}: {k} (true {v}) between {lo:g} and {hi:g} (range {width:g})"
        )
    unbounded = sum(hi == float("inf") for _, (ranges, _, _) in results.items() for _, hi in ranges.values())
    lines.append(f"unbounded above (no total caps them): {unbounded}")
    text = "\n".join(lines)
    (tmp_path_factory.mktemp("audit") / "disclosure-audit.txt").write_text(text + "\n", encoding="utf-8")
    print("\n" + text)
    assert finite[0][0] >= MIN_RANGE


def test_the_audit_finds_what_suppression_table_by_table_leaves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The audit has teeth: with only primary suppression (no plan across tables and terms), it finds
    hidden counts a reader can pin, on the small programme."""
    from peerimpact.governors import plan

    def primary_only(
        values: Any, lines: Any, *, candidates: Any, threshold: int = THRESHOLD, **_: Any
    ) -> dict[Hashable, str]:
        return {k: "primary" for k in candidates if 0 < values[k] < threshold}

    monkeypatch.setattr(plan, "plan_suppression", primary_only)
    pub, _ = collect(build(tmp_path, "small"), monkeypatch)
    ranges = feasible_ranges(pub)
    pinned = [k for k, (lo, hi) in ranges.items() if hi - lo < 1e-6]
    assert pinned, "primary suppression alone leaves counts a reader can work out exactly"


def test_risk_item_flags_reach_the_dsl_sheet_and_never_the_governors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SPEC §7: pupils flagged by a risk item go only to the SMHL workbook's "For the DSL" sheet.  No built-in
    instrument has a risk item, so SWEMWBS is given one here, for this test only (item 1 answered "None of the
    time" or "Rarely"), and the example programme's report is written."""
    from dataclasses import replace

    from peerimpact.cli.report import write_report
    from peerimpact.demo.programme import write_example_programme
    from peerimpact.instruments import load
    from peerimpact.instruments.model import RiskItem

    swemwbs = load.load_builtin("swemwbs")
    monkeypatch.setitem(load._CACHE, "swemwbs", replace(swemwbs, risk_items=(RiskItem(1, (1, 2)),)))
    written, _, _ = write_report(write_example_programme(tmp_path), "summer-2027")
    detail = next(p for p in written if p.name.startswith("smhl-detail") and p.suffix == ".xlsx")
    dsl = _xlsx_rows(detail, "For the DSL")
    heading = next(i for i, r in enumerate(dsl) if r and r[0] == "Survey")
    flagged = {str(r[1]) for r in dsl[heading + 1 :] if r and r[1]}
    assert flagged, "the example's pupils answered item 1 'None of the time' or 'Rarely' at least once"
    governors = [p for p in written if p.name.startswith("governors-report")]
    assert {p.suffix for p in governors} == {".html", ".xlsx", ".json"}
    for path in governors:
        if path.suffix in (".html", ".json"):
            text = path.read_text("utf-8")
        else:
            wb = openpyxl.load_workbook(path)
            text = "\n".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v)
        assert not [pid for pid in flagged if pid in text], path.name
        for word in ("risk item", "Safeguarding Lead", "For the DSL"):
            assert word.casefold() not in text.casefold(), (path.name, word)
