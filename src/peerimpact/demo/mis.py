"""Example MIS exports for the fictional school of :mod:`peerimpact.demo.surveys`: attendance and behaviour.

:func:`write_mis_examples` writes six files: per-pupil attendance summaries for autumn 2026 and summer 2027 as
SIMS-style CSV and as Arbor-style xlsx (other headings; the rate a percentage-formatted fraction), a
session-level register of Year 7's autumn term, and a behaviour event log over both terms (with a few spring
events).  The pupils are the survey examples' pupils, linked by UPN (the roster of :mod:`peerimpact.demo.roster`, and the UPNs
in its survey files), less three who are not on this export, plus the pupils who answered no questionnaire
and two joiners.  Each file carries realistic mess, listed row by row by :func:`mis_mess`.

The register is drawn session by session with real DfE codes, and every summary is counted from it with this
module's own code categories, so that a reader can be checked against the files.  Everything is synthetic:
placeholder surnames (Sampleton, Testwood, …), staff "Staff A" …, comments of harmless stock text.
Deterministic: a fixed seed, fixed workbook dates and zip member times, as :mod:`peerimpact.demo.files` writes them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from peerimpact.demo import roster
from peerimpact.demo.behaviour import EVENTS_FILE, events
from peerimpact.demo.files import fixed_zip, write_atomic
from peerimpact.demo.roster import MessNote
from peerimpact.demo.school import MIS_TERMS, Kid, school_days
from peerimpact.demo.surveys import tables

__all__ = ["MIS_EXAMPLE_FILES", "mis_mess", "write_mis_examples"]

MIS_EXAMPLE_FILES = (
    "attendance_autumn_sims.csv",
    "attendance_summer_sims.csv",
    "attendance_autumn_arbor.xlsx",
    "attendance_summer_arbor.xlsx",
    "register_autumn_year7.csv",
    "behaviour_events.xlsx",
)
_INSET = date(2026, 9, 2)  # a planned closure, marked '#' for everyone
_REGISTER = "register_autumn_year7.csv"
# this module's own categories of the codes it writes (independent of peerimpact.mis's code table)
_KINDS = {"present": "/\\L", "aea": "VPB", "authorised": "IMCRH", "unauthorised": "OGNU"}
_COUNTS = ("possible", "present", "aea", "authorised", "unauthorised")
_SIMS = ["UPN", "Surname", "Forename", "Reg Group", "Year", "Possible Sessions", "Present", "AEA"]
_SIMS += ["Authorised Absences", "Unauthorised Absences", "Attendance %"]
_ARBOR = ["Student UPN", "First Name", "Last Name", "Year", "Registration Form", "Possible Marks"]
_ARBOR += ["Present Marks", "Approved Educational Activity", "Authorised Absence", "Unauthorised Absence"]
_ARBOR += ["Attendance Rate"]
_KEEP = object()  # a planted note that changes no cell


@dataclass(slots=True)
class _Plan:
    """The mess to plant: (file, pupil index) -> [(kind, column, new value or _KEEP, what)]."""

    spots: dict[tuple[str, int], list[tuple[str, str, Any, str]]] = field(default_factory=dict)

    def add(self, name: str, i: int, kind: str, column: str, what: str, value: Any = _KEEP) -> None:
        self.spots.setdefault((name, i), []).append((kind, column, value, what))

    def rows(
        self,
        name: str,
        header: list[str],
        order: list[int],
        make: Callable[[int], list[Any]],
        kids: list[Kid],
    ) -> tuple[list[list[Any]], list[MessNote]]:
        """Header + one row per pupil of ``order`` (``make(i)``), planted cells changed, with their notes."""
        rows, notes = [list(header)], []
        for i in order:
            row = make(i)
            for kind, column, value, what in self.spots.get((name, i), []):
                if value is not _KEEP:
                    row[header.index(column)] = value
                notes.append(MessNote(name, len(rows) + 1, kids[i].upn, kind, column, what))
            rows.append(row)
        return rows, notes


def _roster(rng: np.random.Generator) -> tuple[list[Kid], list[MessNote]]:
    """The school's MIS: the demo roster less three survey pupils not on this export, plus two joiners."""
    pupils = roster.make_roster(np.random.default_rng([roster.SEED, 0]))
    # the UPNs the survey examples hold (the survey files are built in memory; nothing is read or written)
    cells = {c for t in tables() for row in t.rows for c in row if isinstance(c, str)}
    surveyed = [p for p in pupils if p.upn in cells]
    gone = {surveyed[int(i)].upn for i in rng.choice(len(surveyed), 3, replace=False)}
    kids = []
    for p in pupils:
        first, surname = p.name.split(" ", 1)
        form = f"{p.year}{'ABCDE'[int(rng.integers(5))]}"
        if p.upn not in gone:
            kids.append(Kid(p.upn, surname, first, p.year, form, p))
    for k in rng.choice(len(kids), 2, replace=False):  # left at Christmas: not on the summer exports
        kids[int(k)].terms = ("autumn",)
    for term, year, joined in (("autumn", 7, date(2026, 12, 10)), ("summer", 9, date(2027, 7, 12))):
        body = f"8012133{(2026 - year) % 100:02d}{900 + year:03d}"
        kid = Kid(roster.upn_check_letter(body) + body, "Newjoinerson", "Sam", year, f"{year}A", None)
        kid.terms, kid.joined = (term,), joined
        kids.append(kid)
    what = "answered a survey, not on the MIS exports"
    return kids, [MessNote("(all MIS files)", 0, upn, "not_in_mis", "", what) for upn in sorted(gone)]


def _absence(rng: np.random.Generator, kids: list[Kid]) -> dict[str, np.ndarray]:
    """Daily absence probability per pupil and term: most pupils low, a sixth raised, a few severe.

    Lower wellbeing (the roster's trait) goes with more absence; participants' summer absence is a little
    lower, and every pupil's moves a little, so some leave persistent absence and others join it.
    """
    n = len(kids)
    group = rng.choice(3, n, p=[0.84, 0.14, 0.02])
    base = np.select([group == 0, group == 1], [rng.beta(2, 45, n), rng.beta(4, 20, n)], rng.beta(6, 5, n))
    trait = np.array([k.pupil.trait if k.pupil else 0.0 for k in kids])
    autumn = np.clip(base * np.exp(-0.25 * trait), 0, 0.95)
    helped = np.array([0.85 if k.pupil and k.pupil.role else 1.0 for k in kids])
    return {"autumn": autumn, "summer": np.clip(autumn * helped * np.exp(rng.normal(0, 0.35, n)), 0, 0.95)}


def _codes(rng: np.random.Generator, kids: list[Kid], term: str, absent: np.ndarray) -> np.ndarray:
    """Codes per pupil (rows) and session (AM, PM of each school day); "" where the pupil was not on roll.

    A day is absent (both sessions: mostly I, else O, G, N, C, R), an educational visit (V) or present
    (/ and \\, the morning sometimes L); a few single sessions are M, U or P.
    """
    days = school_days(term)
    n, m = len(kids), len(days)
    u = rng.random((n, m))
    reason = np.where(rng.random((n, m)) < 0.8, "I", rng.choice(["O", "G", "N", "C", "R"], (n, m)))
    am = np.where(u < absent[:, None], reason, np.where(u < absent[:, None] + 0.01, "V", "/"))
    pm = np.where(am == "/", "\\", am)
    am = np.where((rng.random((n, m)) < 0.03) & (am == "/"), "L", am)
    pm = np.where((rng.random((n, m)) < 0.008) & (pm == "\\"), rng.choice(["M", "U", "P"], (n, m)), pm)
    codes = np.stack([am, pm], axis=2).reshape(n, 2 * m).astype("<U2")
    for i, kid in enumerate(kids):
        on_roll = np.array([term in kid.terms and (kid.joined is None or d >= kid.joined) for d in days])
        codes[i, ~np.repeat(on_roll, 2)] = ""
    inset = np.repeat(np.array(days) == _INSET, 2)
    codes[:, inset] = np.where(codes[:, inset] == "", "", "#")
    return codes


def _counts(codes: np.ndarray) -> dict[str, np.ndarray]:
    """Per-pupil session counts by this module's categories; possible = the four kinds together."""
    out = {name: np.isin(codes, list(chars)).sum(axis=1) for name, chars in _KINDS.items()}
    out["possible"] = sum(out.values())
    return out


def _pick(
    rng: np.random.Generator, kids: list[Kid], want: Callable[[int, Kid], Any], term: str = "autumn"
) -> int:
    """A random pupil on roll all ``term`` (not a joiner) for whom ``want(i, kid)`` holds."""
    pool = [i for i, k in enumerate(kids) if term in k.terms and k.joined is None and want(i, k)]
    return pool[int(rng.integers(len(pool)))]


def _plant_attendance(
    rng: np.random.Generator, kids: list[Kid], codes: dict[str, np.ndarray], plan: _Plan
) -> np.ndarray:
    """Plant the attendance mess; return the register's codes (the summaries keep the true ones in codes)."""
    dual = _pick(rng, kids, lambda i, k: k.year == 7 and k.pupil and not k.pupil.role and len(k.terms) == 2)
    for term, c in codes.items():  # dual registered at a PRU all year, although on this school's roll
        c[dual] = np.where(np.isin(c[dual], ["", "#"]), c[dual], "D")
        plan.add(
            f"attendance_{term}_sims.csv",
            dual,
            "possible_sessions_zero",
            "Possible Sessions",
            "every session D",
        )
    plan.add(_REGISTER, dual, "possible_sessions_zero", "", "every session D")
    for i, k in enumerate(kids):
        if k.joined:
            what = f"joined {k.joined:%d/%m/%Y}"
            plan.add(f"attendance_{k.terms[0]}_sims.csv", i, "short_enrolment", "Possible Sessions", what)
            plan.add(_REGISTER, i, "short_enrolment", "", what)
    reg, picked = codes["autumn"].copy(), [dual]
    for kind, code, sessions, truth, what in (
        ("attendance_code_legacy", "H", slice(40, 44), "C", "'H', the pre-2024 agreed holiday (summary: C)"),
        (
            "attendance_code_unknown",
            "?",
            slice(61, 62),
            None,
            "'?' (the summary counts the session's true mark)",
        ),
        (
            "attendance_code_unknown",
            "A",
            slice(90, 91),
            None,
            "'A' (the summary counts the session's true mark)",
        ),
        ("no_mark_recorded", "-", slice(100, 103), "-", "'-': register not completed, as on the summary"),
    ):
        i = _pick(rng, kids, lambda i, k: k.year == 7 and i not in picked)
        picked.append(i)
        reg[i, sessions] = code
        if truth:
            codes["autumn"][i, sessions] = truth
        plan.add(_REGISTER, i, kind, "Mark", what, code)
    autumn = _counts(codes["autumn"])
    i = _pick(rng, kids, lambda i, k: i not in picked)
    picked.append(i)
    n = int(autumn["authorised"][i]) or 2
    plan.add("attendance_autumn_sims.csv", i, "negative_count", "Authorised Absences", f"typed as -{n}", -n)
    i = _pick(rng, kids, lambda i, k: autumn["aea"][i] > 1 and i not in picked)
    got = {f: int(autumn[f][i]) for f in _COUNTS}
    wrong, right = (
        100 * got["present"] / got["possible"],
        100 * (got["present"] + got["aea"]) / got["possible"],
    )
    what = f"{wrong:.1f}: present / possible, AEA left out (the counts give {right:.1f})"
    plan.add("attendance_autumn_sims.csv", i, "attendance_mismatch", "Attendance %", what, f"{wrong:.1f}")
    i = _pick(rng, kids, lambda i, k: i != dual, "summer")
    plan.add(
        "attendance_summer_sims.csv", i, "mis_value_invalid", "AEA", "'n/a' typed in a count column", "n/a"
    )
    return reg


def _summaries(term: str, kids: list[Kid], counts: dict[str, np.ndarray], plan: _Plan) -> dict[str, Any]:
    """The SIMS CSV (by form, then name) and the Arbor xlsx (by name) of one term: rows and notes."""
    on = [i for i, k in enumerate(kids) if term in k.terms]
    n5 = {i: [int(counts[f][i]) for f in _COUNTS] for i in on}
    rate = {i: (n[1] + n[2]) / n[0] if n[0] else None for i, n in n5.items()}

    def sims(i: int) -> list[Any]:
        k, r = kids[i], rate[i]
        return [k.upn, k.surname, k.forename, k.form, k.year, *n5[i], "" if r is None else f"{100 * r:.1f}"]

    def arbor(i: int) -> list[Any]:
        k = kids[i]
        return [k.upn, k.forename, k.surname, f"Year {k.year}", k.form, *n5[i], rate[i]]

    by_form = sorted(on, key=lambda i: (kids[i].form, kids[i].surname, kids[i].forename))
    by_name = sorted(on, key=lambda i: (kids[i].surname, kids[i].forename, kids[i].upn))
    return {
        f"attendance_{term}_sims.csv": plan.rows(f"attendance_{term}_sims.csv", _SIMS, by_form, sims, kids),
        f"attendance_{term}_arbor.xlsx": plan.rows(
            f"attendance_{term}_arbor.xlsx", _ARBOR, by_name, arbor, kids
        ),
    }


def _register_rows(kids: list[Kid], reg: np.ndarray, plan: _Plan) -> tuple[list[list[Any]], list[MessNote]]:
    """Year 7's register: one row per pupil per session on roll; pupils by UPN, dates in order, AM first."""
    days = school_days("autumn")
    rows: list[list[Any]] = [["UPN", "Date", "Session", "Mark"]]
    notes = []
    for i in sorted(
        (i for i, k in enumerate(kids) if k.year == 7 and "autumn" in k.terms), key=lambda i: kids[i].upn
    ):
        first = len(rows) + 1
        for s, code in enumerate(reg[i].tolist()):
            if code:
                rows.append([kids[i].upn, f"{days[s // 2]:%d/%m/%Y}", "PM" if s % 2 else "AM", code])
        for kind, column, code, what in plan.spots.get((_REGISTER, i), []):
            at = (
                [r + 1 for r in range(first - 1, len(rows)) if rows[r][3] == code]
                if code is not _KEEP
                else [first]
            )
            notes += [MessNote(_REGISTER, row, kids[i].upn, kind, column, what) for row in at]
    return rows, notes


def _build() -> tuple[dict[str, list[list[Any]]], list[MessNote]]:
    """Every file's rows (header first) and the mess planted in them, from one fixed seed."""
    rng = np.random.default_rng([roster.SEED, 10])
    kids, notes = _roster(rng)
    absence = _absence(rng, kids)
    codes = {term: _codes(rng, kids, term, absence[term]) for term in MIS_TERMS}
    plan = _Plan()
    reg = _plant_attendance(rng, kids, codes, plan)
    files: dict[str, list[list[Any]]] = {}
    for term, c in codes.items():
        for name, (rows, got) in _summaries(term, kids, _counts(c), plan).items():
            files[name], notes = rows, notes + got
    files[_REGISTER], got = _register_rows(kids, reg, plan)
    files[EVENTS_FILE], more = events(rng, kids)
    return files, notes + got + more


def mis_mess() -> list[MessNote]:
    """Every deliberate problem in the MIS example files, file by file (row 0: the whole file or pupil)."""
    return _build()[1]


def write_mis_examples(out_dir: Path) -> list[Path]:
    """Write the six MIS example files into out_dir (created if missing); return their paths.

    The same bytes on every run: the SIMS CSVs as Excel's "CSV UTF-8" (BOM, CRLF), the register CSV UTF-8
    without a BOM, the workbooks with fixed dates.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files, _ = _build()
    paths = []
    for name in MIS_EXAMPLE_FILES:
        if name.endswith(".csv"):
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\r\n").writerows(files[name])
            data = buf.getvalue().encode("utf-8-sig" if "sims" in name else "utf-8")
        else:
            data = _xlsx(files[name], "Attendance" if "arbor" in name else "Behaviour")
        write_atomic(out / name, data)
        paths.append(out / name)
    return paths


def _xlsx(rows: list[list[Any]], sheet: str) -> bytes:
    """One sheet; date-times as Excel dates, an Attendance Rate as a percentage; fixed dates and zip times."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    rate = rows[0].index("Attendance Rate") + 1 if "Attendance Rate" in rows[0] else None
    for column in ws.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif cell.column == rate:
                cell.number_format = "0.0%"
    wb.properties.creator = "peerimpact example data (synthetic)"
    wb.properties.created = wb.properties.modified = datetime(2026, 9, 1)
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue())
