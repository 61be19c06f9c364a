"""Attendance exports read into per-pupil attendance for one period (SPEC §6).

Two shapes are recognised (:func:`looks_like_attendance`): a per-pupil **summary** (possible sessions, present,
approved educational activity, authorised and unauthorised absence, attendance %) and a session-level
**register** (one row per pupil per session with a mark, or a wide grid with one column per session).  A
register is aggregated per pupil with the DfE code table (``data/attendance_codes.toml``), by
:mod:`peerimpact.mis.register`.

DfE rules implemented, with their sources (formats.md §2.4):

- attendance % = (present + AEA) / possible sessions × 100; possible sessions = present + AEA + authorised +
  unauthorised absence (DfE attendance dashboard, ``attendance_perc = overall_attendance / possible_sessions
  * 100``, https://github.com/dfe-analytical-services/attendance-data-dashboard/blob/main/R/prerun_utils.R;
  https://explore-education-statistics.service.gov.uk/methodology/pupil-absence-statistics-methodology);
- persistent absence: missing **10% or more** of possible sessions, so exactly 90.0% attendance is persistent
  (DfE dashboard text, same repository, ``R/dashboard_panels.R``), tested as ``10 × missed ≥ possible`` so that
  no rounding moves a pupil across the line;
- severe absence: missing **50% or more** (FFT Education Datalab replicating DfE,
  https://ffteducationdatalab.org.uk/2025/10/how-many-pupils-really-are-severely-absent);
- short enrolments give extreme rates (DfE methodology): a pupil with fewer than ``min_sessions`` possible
  sessions (default 20) is left out of the rates, with a ``short_enrolment`` issue.

Every input row ends ``used`` or ``excluded`` with its reason; problems are located Issues, never exceptions
(only a file with no attendance columns at all, or a bad ``--map``, stops the run).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from peerimpact.issues import Issue, PeerimpactError, make_issue
from peerimpact.mis._common import to_number
from peerimpact.mis.columns import find_column, map_columns, prune
from peerimpact.mis.register import RegisterMixin, marks, session_heading
from peerimpact.readers import SourceTable, read_export
from peerimpact.scoring.ids import IdColumn, choose_id_column, normalise_ids

__all__ = [
    "MEASURES",
    "AttendancePeriod",
    "attendance_from_table",
    "looks_like_attendance",
    "read_attendance",
]

#: the attendance measures and the direction in which each is better
MEASURES = {
    "attendance.rate": "higher_is_better",
    "attendance.persistent_absence": "lower_is_better",
    "attendance.severe_absence": "lower_is_better",
}
_GROUPS = ("attendance", "register", "pupil")
_COUNTS = ("possible", "present", "aea", "authorised", "unauthorised")
_MISMATCH_PP = 0.1  # percentage points; 0.5 when the export's percentages are whole numbers


@dataclass(frozen=True, slots=True)
class AttendancePeriod:
    """One attendance export read: per-pupil counts and measures, and every row's fate.

    Per-pupil arrays (float, NaN when unknown) are aligned with ``ids`` (normalised pupil ids in first-seen
    order); ``status``/``reason``/``row_ids`` with the source rows.  ``rate`` is a percentage 0–100;
    ``persistent`` and ``severe`` are 1.0/0.0, NaN where there is no rate (a short enrolment or a bad row).
    ``source`` keeps only the id and attendance columns: names and other personal columns stay behind.
    """

    source: SourceTable
    id_column: IdColumn
    ids: list[str]
    possible: np.ndarray
    present: np.ndarray
    aea: np.ndarray
    authorised: np.ndarray
    unauthorised: np.ndarray
    rate: np.ndarray
    persistent: np.ndarray
    severe: np.ndarray
    status: list[str]
    reason: list[str]
    row_ids: list[str | None]
    issues: list[Issue]
    kind: str  # "summary" | "register"
    min_sessions: float
    columns: dict[str, str]  # field -> the heading it was read from
    period: tuple[date, date] | None = None

    def values(self, measure: str) -> np.ndarray:
        """Per-pupil values of ``attendance.rate``, ``attendance.persistent_absence`` or ``.severe_absence``."""
        arrays = {
            "attendance.rate": self.rate,
            "attendance.persistent_absence": self.persistent,
            "attendance.severe_absence": self.severe,
        }
        if measure not in arrays:
            raise PeerimpactError(
                make_issue("unknown_measure", f"{measure!r}; use one of {', '.join(arrays)}")
            )
        return arrays[measure]

    @property
    def counts(self) -> dict[str, int]:
        """Rows read, used and excluded (read = used + excluded)."""
        used = sum(s == "used" for s in self.status)
        return {"read": len(self.status), "used": used, "excluded": len(self.status) - used}

    def records(self) -> list[dict[str, Any]]:
        """One dict per pupil: id, the five counts, and the three measures (None when unknown)."""

        def clean(v: float, flag: bool = False) -> Any:
            return None if v != v else (bool(v) if flag else v)

        out = []
        for k, pid in enumerate(self.ids):
            rec: dict[str, Any] = {"id": pid}
            rec.update({name: clean(float(getattr(self, name)[k])) for name in _COUNTS})
            rec["attendance.rate"] = clean(float(self.rate[k]))
            rec["attendance.persistent_absence"] = clean(float(self.persistent[k]), flag=True)
            rec["attendance.severe_absence"] = clean(float(self.severe[k]), flag=True)
            out.append(rec)
        return out


def looks_like_attendance(table: SourceTable, mapping: dict[str, str] | None = None) -> str | None:
    """``"summary"``, ``"register"`` or None, from the column headings (and, for a wide grid, its cells).

    A summary has possible-sessions and present columns; a register has date and mark columns, or at least
    two columns headed by a session date whose non-empty cells are mostly (≥ 80%) DfE codes.
    """
    # --map is given once for every file of a comparison: only the headings this file has apply to it
    here = {k: v for k, v in (mapping or {}).items() if find_column(table, k) is not None}
    fields = map_columns(table, _GROUPS, here).fields
    if "possible" in fields and "present" in fields:
        return "summary"
    if "date" in fields and "mark" in fields:
        return "register"
    sessions = [j for j, c in enumerate(table.columns) if session_heading(c)]
    if len(sessions) >= 2:
        cells = [str(v) for j in sessions[:20] for v in table.data[j][:200] if v is not None]
        known = sum(marks(c.strip(), None, pair=True) is not None for c in cells)
        if cells and known >= 0.8 * len(cells):
            return "register"
    return None


def read_attendance(
    path: str,
    *,
    id_column: str | None = None,
    mapping: dict[str, str] | None = None,
    min_sessions: float = 20,
    period: tuple[date, date] | None = None,
    sheet: str | None = None,
) -> AttendancePeriod:
    """Read an attendance export (summary or register) into an :class:`AttendancePeriod`.

    Parameters
    ----------
    path : str
        xlsx/xls/ods/csv/tsv export, read with :func:`peerimpact.readers.read_export`.
    id_column : str, optional
        The pupil id column; by default :func:`peerimpact.scoring.ids.choose_id_column` (UPN first, never a name).
    mapping : dict, optional
        ``{column heading: field}`` (``--map COLUMN=FIELD``), over the synonyms of ``data/columns.toml``.
    min_sessions : float
        Fewest possible sessions for an attendance rate (default 20; DfE methodology on short enrolments).
    period : (date, date), optional
        First and last day (inclusive) of the marks a register counts; ignored for a summary.
    sheet : str, optional
        The workbook sheet to read.
    """
    table = read_export(path, sheet=sheet)
    return attendance_from_table(
        table, id_column=id_column, mapping=mapping, min_sessions=min_sessions, period=period
    )


def attendance_from_table(
    table: SourceTable,
    *,
    id_column: str | None = None,
    mapping: dict[str, str] | None = None,
    min_sessions: float = 20,
    period: tuple[date, date] | None = None,
) -> AttendancePeriod:
    """As :func:`read_attendance`, for a table already read (e.g. one ``compare`` recognised)."""
    cmap = map_columns(table, _GROUPS, mapping)
    kind = looks_like_attendance(table, mapping)
    if kind is None:
        detail = (
            "needs Possible Sessions and Present columns (a summary) or Date and Mark columns (a register)"
        )
        raise PeerimpactError(make_issue("mis_column_missing", detail, file=table.file, sheet=table.sheet))
    idc = choose_id_column(table, id_column or cmap.id_column)
    row_ids = normalise_ids(table.column(idc.column), idc.kind)
    b = _Builder(table, idc.column, row_ids)
    fields = cmap.fields
    if kind == "summary":
        b.summary(fields)
        keep = [fields[f] for f in (*_COUNTS, "attendance_pct") if f in fields]
    elif "mark" in fields and "date" in fields:
        b.register_long(fields, period)
        keep = [fields[f] for f in ("date", "session", "mark") if f in fields]
    else:
        keep = b.register_wide(period)
    b.derive(float(min_sessions))
    keep += [fields[f] for f in ("reg_group", "year") if f in fields]
    return AttendancePeriod(
        source=prune(table, [idc.column, *keep]),
        id_column=idc,
        ids=b.ids,
        **{name: b.arrays[name] for name in (*_COUNTS, "rate", "persistent", "severe")},
        status=b.status,
        reason=b.reason,
        row_ids=row_ids,
        issues=[*table.issues, *b.issues],
        kind=kind,
        min_sessions=float(min_sessions),
        columns={f: c for f, c in fields.items() if c in keep},
        period=period,
    )


class _Builder(RegisterMixin):
    """Per-pupil tallies of the five counts, on top of the row ledger; register methods from the mixin."""

    def __init__(self, table: SourceTable, id_col: str, row_ids: list[str | None]) -> None:
        super().__init__(table, id_col, row_ids)
        self.tally: dict[str, list[float]] = {name: [] for name in _COUNTS}
        self.arrays: dict[str, np.ndarray] = {}

    def added(self, k: int) -> None:
        for values in self.tally.values():
            values.append(0.0)

    def summary(self, f: dict[str, str]) -> None:
        """One row per pupil: counts checked, the export's own attendance % cross-checked."""
        cols = {name: self.table.column(f[name]) for name in (*_COUNTS, "attendance_pct") if name in f}
        if "aea" not in f:
            self.issue("aea_missing", f"none among the {len(self.table.columns)} columns")
        pct, tolerance = self._percentages(cols.get("attendance_pct"), f.get("attendance_pct"))
        for pos in range(self.table.n_rows):
            k = self.pupil(pos)
            if k is None or self.repeated(pos, k):
                continue
            got = self._counts(pos, cols, f)
            for name in _COUNTS:
                self.tally[name][k] = np.nan if got is None else got[name]
            if got is None:
                continue
            attended, absent = got["present"] + got["aea"], got["authorised"] + got["unauthorised"]
            if "authorised" in f and "unauthorised" in f and abs(attended + absent - got["possible"]) > 1e-9:
                detail = f"present + AEA + absences = {attended + absent:g}, possible = {got['possible']:g}"
                self.issue("attendance_mismatch", detail, pos, f["possible"], got["possible"])
                self.note(pos, "counts do not add up to the possible sessions")
            derived = 100 * attended / got["possible"]
            if pct is not None and abs(pct[pos] - derived) > tolerance + 1e-9:  # NaN compares False
                detail = f"the export says {pct[pos]:g}%, the counts give {derived:.2f}%"
                self.issue(
                    "attendance_mismatch", detail, pos, f["attendance_pct"], cols["attendance_pct"][pos]
                )
                self.note(
                    pos, f"export's attendance % ({pct[pos]:g}) differs from the counts ({derived:.2f})"
                )

    def _counts(
        self, pos: int, cols: Mapping[str, Sequence[Any]], f: dict[str, str]
    ) -> dict[str, float] | None:
        """The five counts of one summary row, or None (row excluded, issue raised) when they are unusable."""
        got: dict[str, float] = {}
        for name in _COUNTS:
            cell = cols[name][pos] if name in cols else None
            try:
                value = to_number(cell)
            except ValueError:
                self.reject(pos, f"{f[name]!r} is not a number", "mis_value_invalid", "", f[name], cell)
                return None
            if value is None and name in ("possible", "present"):
                self.reject(pos, f"{f[name]!r} is blank", "mis_value_missing", "", f[name])
                return None
            got[name] = value or 0.0  # AEA or an absence: blank or not exported means none recorded
            if got[name] < 0:
                self.reject(pos, f"negative count in {f[name]!r}", "negative_count", "", f[name], cell)
                return None
        if got["possible"] == 0:
            self.reject(pos, "possible sessions are 0", "possible_sessions_zero", "", f["possible"], 0)
            return None
        if got["present"] + got["aea"] > got["possible"]:
            detail = f"present + AEA = {got['present'] + got['aea']:g}, possible = {got['possible']:g}"
            why = "present + AEA is more than the possible sessions"
            self.reject(pos, why, "attended_over_possible", detail, f["present"], cols["present"][pos])
            return None
        return got

    def _percentages(
        self, cells: Sequence[Any] | None, heading: str | None
    ) -> tuple[np.ndarray | None, float]:
        """The export's own attendance % per row (NaN when blank or not a number) and the tolerance to use.

        A column whose values are all ≤ 1 holds fractions (a percentage-formatted cell): × 100.  Percentages
        exported as whole numbers are compared within 0.5 points (their own rounding), others within 0.1.
        """
        if cells is None:
            return None, _MISMATCH_PP
        values = np.full(len(cells), np.nan)
        for pos, cell in enumerate(cells):
            try:
                values[pos] = np.nan if (v := to_number(cell)) is None else v
            except ValueError:
                self.issue("mis_value_invalid", "not a percentage: not cross-checked", pos, heading, cell)
        known = values[~np.isnan(values)]
        if known.size and known.max() <= 1.0:
            values, known = values * 100, known * 100
        whole = bool(known.size) and bool(np.all(np.abs(known - np.round(known)) < 1e-6))
        return values, 0.5 if whole else _MISMATCH_PP

    def derive(self, min_sessions: float) -> None:
        """The DfE measures from the counts; short enrolments and pupils without sessions left out."""
        a = {name: np.asarray(values, dtype=float) for name, values in self.tally.items()}
        possible, attended = a["possible"], a["present"] + a["aea"]
        rows_of: dict[str, list[int]] | None = None  # built only when some pupil is left out
        for k, pid in enumerate(self.ids):
            n = possible[k]
            if n != n or (n >= min_sessions and n > 0):  # NaN: the row was already excluded with its reason
                continue
            if n == 0:
                why, code, detail = "no possible sessions", "possible_sessions_zero", "none in the period"
            else:
                why, code = f"short enrolment ({n:g} possible sessions)", "short_enrolment"
                detail = f"{n:g} possible sessions, fewer than the minimum of {min_sessions:g}"
            self.issue(code, detail, self.first_row[k], self.id_col, pid)
            rows_of = rows_of or self.rows_of()
            for pos in rows_of[pid]:
                if self.status[pos] == "used":
                    self.status[pos], self.reason[pos] = "excluded", why
        ok = (possible > 0) & (possible >= min_sessions)  # NaN compares False
        missed = possible - attended
        with np.errstate(invalid="ignore", divide="ignore"):
            a["rate"] = np.where(ok, 100.0 * attended / possible, np.nan)
        a["persistent"] = np.where(ok, (10.0 * missed >= possible).astype(float), np.nan)  # missed >= 10%
        a["severe"] = np.where(ok, (2.0 * missed >= possible).astype(float), np.nan)  # missed >= 50%
        for values in a.values():
            values.flags.writeable = False
        self.arrays = a


_ATTENDANCE_WORDS = re.compile(r"attend|session|absen|present|possible|\bposs\b|\baea\b|mark|\bauth", re.I)


def attendance_hint(table: SourceTable) -> str | None:
    """When a file that is not a questionnaire has headings of an attendance export that were not recognised,
    the --map advice that would read it (SPEC §6); None when its headings say nothing of attendance."""
    seen = [c for c in table.columns if _ATTENDANCE_WORDS.search(c)]
    if len(seen) < 2:
        return None
    shown = ", ".join(repr(c) for c in seen[:6])
    return (
        f"its headings {shown} look like an attendance export whose columns were not recognised: name them with "
        "--map, e.g. --map 'Sessions Possible=possible' --map 'Sessions Attended=present' (fields: possible, "
        "present, aea, authorised, unauthorised, attendance_pct; see README, Attendance and behaviour)"
    )
