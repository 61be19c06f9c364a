"""Reach by characteristics (SPEC §6.1): the pupils who answered the term's questionnaires by year group,
gender, SEND and pupil premium, when the survey exports carry such columns — mentees and mentors counted
apart when programme.toml names a ``role_column`` (comparison pupils are not counted as reached), else the
programme's pupils (comparison pupils left out by ``comparison_column``), else every pupil who answered.

A pupil who answered two questionnaires in the term is counted once (by pupil id; their first recorded
value of each characteristic).  Each level is a count registered in the report's
:class:`~peerimpact.governors.plan.Ledger` with the role's total (so a hidden level cannot be worked out
from the total and its neighbours: secondary suppression); percentages of the role's pupils are shown only
from counts that are shown, and for a role of 5–9 pupils the percentage alone, as elsewhere in the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerimpact.governors.model import Count, ReachCell, ReachRow, pct
from peerimpact.governors.plan import Ledger
from peerimpact.governors.programme import DEFAULT_ROLES, Programme, Term
from peerimpact.governors.suppression import group_rule
from peerimpact.issues import PeerimpactError
from peerimpact.mis.columns import normalise_heading

if TYPE_CHECKING:
    from peerimpact.scoring.run import ScoreRun

__all__ = ["CHARACTERISTICS", "is_characteristic", "level_of", "reach_by_characteristics"]

#: characteristic -> the headings that mean it (compared after :func:`normalise_heading`)
CHARACTERISTICS: dict[str, tuple[str, ...]] = {
    "Year group": ("year group", "year", "yr", "year grp", "nc year", "ncyear", "national curriculum year"),
    "Gender": ("gender", "sex"),
    "SEND": ("send", "sen", "send status", "sen status", "sen provision", "special educational needs"),
    "Pupil premium": (
        "pupil premium",
        "pp",
        "disadvantaged",
        "pupil premium eligible",
        "pp eligible",
        "pupil premium pp",
    ),
}
NOT_RECORDED = "Not recorded"
_YES = {"y", "yes", "true", "1", "x"}
_NO = {"n", "no", "false", "0"}
#: DfE SEN provision codes (school census): K SEN support, E education, health and care plan, N none
_SEN_CODES = {"k": "SEN support", "e": "EHC plan", "s": "EHC plan"}
_GENDER = {"f": "Female", "m": "Male", "g": "Girl", "b": "Boy"}
_YEAR = re.compile(r"^(?:year|yr|y)?\s*(\d{1,2})(?:\.0)?$")


def level_of(characteristic: str, value: Any) -> str:
    """One cell as a level of ``characteristic``: "Year 7", "Female", "Yes"/"No"/"SEN support"/"EHC
    plan", or "Not recorded" for a blank; other text as written (spaces tidied)."""
    text = " ".join(str(value).split()) if value is not None else ""
    if not text:
        return NOT_RECORDED
    low = text.casefold()
    if characteristic == "Year group":
        m = _YEAR.match(low)
        return f"Year {int(m.group(1))}" if m else text
    if characteristic == "Gender":
        return _GENDER.get(low, text[:1].upper() + text[1:])
    if low in _YES:
        return "Yes"
    if low in _NO:
        return "No"
    if characteristic == "SEND" and low in _SEN_CODES:
        return _SEN_CODES[low]
    return text


def _order(characteristic: str, level: str) -> tuple[int, int, str]:
    if level == NOT_RECORDED:
        return (2, 0, "")
    m = re.match(r"Year (\d+)$", level)
    if m:
        return (0, int(m.group(1)), "")
    rank = {"Yes": 0, "SEN support": 1, "EHC plan": 2, "No": 3}.get(level, 4)
    return (1, rank, level)


def _group(programme: Programme, cell: object, comparison_values: set[str]) -> str | None:
    """The group a pupil's role cell puts them in for reach ("Mentees", …); None for a comparison pupil."""
    if programme.role_column:
        role = programme.role_of(cell)
        if role == "comparison":
            return None
        return {"mentee": "Mentees", "mentor": "Mentors"}.get(role or "", "Role not recorded")
    if programme.comparison_column:
        text = " ".join(str(cell).split()).casefold() if cell is not None else ""
        return None if text in comparison_values else "Programme pupils"
    return "Pupils"


#: every heading of :data:`CHARACTERISTICS`, normalised
_HEADINGS = frozenset(h for words in CHARACTERISTICS.values() for h in words)


def is_characteristic(heading: str) -> bool:
    """Whether a survey column's heading names a characteristic (so that ``compare`` keeps its cells)."""
    return normalise_heading(heading) in _HEADINGS


def _columns(table: Any) -> dict[str, str]:
    """Characteristic -> the table's column for it (the first heading of its list found)."""
    heads = {normalise_heading(c): c for c in table.columns}
    return {
        name: next(heads[h] for h in words if h in heads)
        for name, words in CHARACTERISTICS.items()
        if any(h in heads for h in words)
    }


def _role_column(programme: Programme, table: Any) -> str | None:
    role_col = programme.role_column or programme.comparison_column
    heads_exact = {c.casefold(): c for c in table.columns}
    return heads_exact[role_col.casefold()] if role_col and role_col.casefold() in heads_exact else None


def _scored_table(programme: Programme, run: ScoreRun) -> tuple[Any, Sequence[str | None]] | None:
    """The table and pupil ids of a survey this report run has already read and scored (the same table
    and ids as reading the file again), or None when its table lacks the cells needed here."""
    t = run.source
    needed = [*_columns(t).values(), *filter(None, [_role_column(programme, t)])]
    if any(len(t.column(c)) != t.n_rows for c in needed):
        return None
    return t, run.ids


def _pupils(
    programme: Programme, term: Term, scored: Mapping[Path, ScoreRun] | None = None
) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Each pupil who answered the term's questionnaires: their group ("Mentees", "Mentors", "Programme
    pupils" or "Pupils") under the key "role", and their level of each characteristic found; and the
    characteristics found, in :data:`CHARACTERISTICS` order.  A survey in ``scored`` (by resolved path:
    compare's reading in this report run) is not read again."""
    from peerimpact.readers import read_export
    from peerimpact.scoring.ids import choose_id_column, normalise_ids

    pupils: dict[str, dict[str, str]] = {}
    found: set[str] = set()
    comparison_values = set(DEFAULT_ROLES["comparison"])
    for label, path in term.surveys.items():
        run = (scored or {}).get(Path(path).resolve())
        got = _scored_table(programme, run) if run is not None else None
        ids: Sequence[str | None]
        if got is not None:
            table, ids = got
        else:
            try:
                table = read_export(str(path))
            except PeerimpactError:
                continue  # the outcomes' own reading reports an unreadable file
            try:
                idc = choose_id_column(table, programme.id_column)
                ids = normalise_ids(table.column(idc.column), idc.kind)
            except PeerimpactError:
                ids = [None] * table.n_rows
        cols = _columns(table)
        role_col = _role_column(programme, table)
        role_cells = table.column(role_col) if role_col is not None else None
        columns = {name: table.column(col) for name, col in cols.items()}
        groups: dict[object, str | None] = {}  # a role cell's group, worked out once per distinct cell
        levels: dict[tuple[str, object], str] = {}  # a characteristic cell's level, likewise
        for pos in range(table.n_rows):
            cell = role_cells[pos] if role_cells is not None else None
            group = groups.get(cell, "")
            if group == "":
                group = groups[cell] = _group(programme, cell, comparison_values)
            if group is None:  # a comparison pupil: not reached by the programme
                continue
            pid = ids[pos] or f"{label}:{pos}"
            pupil = pupils.setdefault(pid, {"role": group})
            found |= cols.keys()
            for name, cells in columns.items():
                if pupil.get(name, NOT_RECORDED) == NOT_RECORDED:
                    key = (name, cells[pos])
                    level = levels.get(key)
                    if level is None:
                        level = levels[key] = level_of(name, cells[pos])
                    pupil[name] = level
    return pupils, [c for c in CHARACTERISTICS if c in found]


def reach_by_characteristics(
    programme: Programme, term: Term, ledger: Ledger, scored: Mapping[Path, ScoreRun] | None = None
) -> Callable[[], tuple[list[ReachRow], str]]:
    """Register the counts of the reach-by-characteristics table in ``ledger`` (per role: each level of
    each characteristic, the role's total, and the equation total = its levels) and return the function
    that makes the rows (and the table's note) once the ledger is resolved.  ``scored``: the surveys this
    report run has read and scored, by resolved path (not read again)."""
    pupils, found = _pupils(programme, term, scored)
    if not found or not pupils:
        return lambda: ([], "")
    order = ("Mentees", "Mentors", "Programme pupils", "Pupils", "Role not recorded")
    roles = [r for r in order if any(p["role"] == r for p in pupils.values())]
    totals: dict[str, Count] = {}
    for r in roles:
        n = sum(p["role"] == r for p in pupils.values())
        key = ("reach by", term.key, r, "all")
        totals[r] = ledger.count(key, n)
        for other, v in list(ledger.values.items()):  # a reader takes equal counts for the same pupils
            if isinstance(other, tuple) and other[:1] == ("responded",) and other[-1] == term.key and v == n:
                ledger.same(key, other)
    pending: list[tuple[str, str, list[tuple[str, Count]]]] = []
    for name in found:
        levels = sorted({p.get(name, NOT_RECORDED) for p in pupils.values()}, key=lambda x: _order(name, x))
        for level in levels:
            cells = []
            for r in roles:
                n = sum(p["role"] == r and p.get(name, NOT_RECORDED) == level for p in pupils.values())
                cells.append((r, ledger.count(("reach by", term.key, r, name, level), n)))
            pending.append((name, level, cells))
        for r in roles:
            ledger.line(
                ("reach by", term.key, r, "all"), [("reach by", term.key, r, name, lv) for lv in levels]
            )

    def finish() -> tuple[list[ReachRow], str]:
        rows = []
        for name, level, cells in pending:
            if all(c.value == 0 for _, c in cells):  # a level no role has (Year 11 for mentees and mentors)
                continue
            out = []
            for r, c in cells:
                total = totals[r]
                share = pct(c.value, total.value) if c.value is not None and total.value else None
                whole = total.value is not None and group_rule(total.value, ledger.threshold) == "full"
                out.append(ReachCell(r, c, share, count_shown=whole or total.value is None))
            rows.append(ReachRow(name, level, tuple(out)))
        rows.append(ReachRow("All", "All", tuple(ReachCell(r, totals[r], None) for r in roles)))
        note = (
            f"Pupils who answered this term's questionnaires ({', '.join(term.surveys)}), counted once each"
            + (
                "; comparison pupils are not counted."
                if programme.role_column or programme.comparison_column
                else "."
            )
            + " Percentages are of the group's pupils."
        )
        return rows, note

    return finish
