"""MIS exports: attendance and behaviour, read into per-pupil measures (SPEC §6).

:mod:`peerimpact.mis.attendance` reads per-pupil attendance summaries and session-level registers into an
:class:`~peerimpact.mis.attendance.AttendancePeriod`; :mod:`peerimpact.mis.behaviour` reads behaviour event
logs and per-pupil totals into :class:`~peerimpact.mis.behaviour.BehaviourCounts`.  This module holds what the
two share, all of it data-driven:

- the DfE attendance code table (``data/attendance_codes.toml``: code → category, a ``current`` table for
  sessions from 19 August 2024 and a ``legacy`` one for earlier sessions, each entry with its source;
  formats.md §2.4);
- the MIS column-heading synonyms (``data/columns.toml``), and :func:`map_columns`, which applies them and the
  user's ``--map COLUMN=FIELD``;
- re-exported from :mod:`peerimpact.mis._common`: the row :class:`Ledger` and cell parsing, numbers
  (:func:`to_number`) and dates (:func:`to_date`: real Excel dates, ISO text and UK ``dd/mm/yyyy`` text, never
  the US order);
- :func:`prune`, the copy of a read table that keeps only the columns a result needs, so that names, birth
  dates, staff names and free text are never carried into a result.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

from peerimpact.issues import PeerimpactError, make_issue
from peerimpact.mis._common import Ledger, to_date, to_number
from peerimpact.readers.base import SourceTable

__all__ = [
    "CATEGORIES",
    "POSSIBLE",
    "AttendanceCode",
    "AttendancePeriod",
    "BehaviourCounts",
    "CodeTable",
    "ColumnMap",
    "ColumnSynonyms",
    "Ledger",
    "attendance_codes",
    "attendance_from_table",
    "behaviour_from_table",
    "column_synonyms",
    "looks_like_attendance",
    "looks_like_behaviour",
    "map_columns",
    "normalise_heading",
    "prune",
    "rate_per_100_sessions",
    "read_attendance",
    "read_behaviour",
    "to_date",
    "to_number",
]

DATA = Path(__file__).with_name("data")
#: statistical categories of a register mark (attendance_codes.toml explains each)
CATEGORIES = ("present", "aea", "authorised", "unauthorised", "not_possible", "not_counted", "no_mark")
#: categories that count as a possible session (DfE: present + AEA + authorised + unauthorised absence)
POSSIBLE = frozenset({"present", "aea", "authorised", "unauthorised"})


# --- the DfE code table --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttendanceCode:
    """One register code: its category, what it means, the table it comes from and that entry's source."""

    code: str
    category: str
    meaning: str
    table: str  # "current" (from 19 August 2024) | "legacy" (before)
    source: str


@dataclass(frozen=True, slots=True)
class CodeTable:
    """The DfE attendance codes in force from ``current_from`` (``current``) and before it (``legacy``)."""

    current: dict[str, AttendanceCode]
    legacy: dict[str, AttendanceCode]
    current_from: date
    sources: dict[str, str]

    def lookup(self, code: str, on: date | None = None) -> AttendanceCode | None:
        """The entry for ``code`` (case-insensitive) in the table in force on ``on`` (today's when None).

        A code found only in the other table is returned from it (check ``.table`` to warn about it: an
        ``H`` typed after 19 August 2024 is still an authorised holiday); None when neither table has it.
        """
        key = code.strip().upper()
        first, second = (
            (self.legacy, self.current) if on and on < self.current_from else (self.current, self.legacy)
        )
        return first.get(key) or second.get(key)


@cache
def attendance_codes() -> CodeTable:
    """The DfE code table shipped as ``data/attendance_codes.toml`` (read once).

    Categories follow the DfE attendance dashboard's grouping (``dfe-analytical-services/attendance-data-
    dashboard:R/prerun_utils.R``), codes and meanings the School Attendance (Pupil Registration) (England)
    Regulations 2024 (https://www.legislation.gov.uk/uksi/2024/208/regulation/10/made) and, before 19 August
    2024, the DCSF code guidance under the 2006 Regulations; formats.md §2.4 lists them with their sources.
    """
    raw = tomllib.loads((DATA / "attendance_codes.toml").read_text(encoding="utf-8"))
    sources: dict[str, str] = raw["sources"]
    tables: dict[str, dict[str, AttendanceCode]] = {}
    for name in ("current", "legacy"):
        entries = {}
        for code, entry in raw[name]["codes"].items():
            if entry["category"] not in CATEGORIES or entry["source"] not in sources:
                raise ValueError(f"attendance_codes.toml: bad entry {name}.codes.{code!r}")  # a packaging bug
            entries[code.upper()] = AttendanceCode(
                code, entry["category"], entry["meaning"], name, entry["source"]
            )
        tables[name] = entries
    return CodeTable(tables["current"], tables["legacy"], raw["current"]["from"], sources)


# --- column headings -----------------------------------------------------------------------------------------

_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise_heading(text: str) -> str:
    """A heading as synonyms are matched: case folded, ``%`` → ``percent``, ``&`` → ``and``, punctuation → space.

    >>> normalise_heading("Attendance (%)"), normalise_heading("Poss._Sessions")
    ('attendance percent', 'poss sessions')
    """
    text = text.casefold().replace("%", " percent ").replace("&", " and ")
    return " ".join(_NON_WORD.sub(" ", text).split())


@dataclass(frozen=True, slots=True)
class ColumnSynonyms:
    """``columns.toml`` read: normalised headings per group and field, and the value word lists."""

    fields: dict[str, dict[str, tuple[str, ...]]]  # group -> field -> normalised headings, preferred first
    free_text: frozenset[str]
    never_kept: frozenset[str]  # staff and personal headings
    polarity_values: dict[str, frozenset[str]]  # "negative"/"positive" -> normalised cell values
    type_words: dict[str, tuple[str, ...]]  # "negative"/"positive" -> normalised words


@cache
def column_synonyms() -> ColumnSynonyms:
    """The MIS heading synonyms shipped as ``data/columns.toml`` (read once)."""
    raw = tomllib.loads((DATA / "columns.toml").read_text(encoding="utf-8"))
    groups = ("attendance", "register", "behaviour", "pupil")
    fields = {
        g: {f: tuple(normalise_heading(h) for h in heads) for f, heads in raw[g].items()} for g in groups
    }
    polarity = {
        k: frozenset(v.strip().casefold() for v in raw["polarity_values"][k])
        for k in ("negative", "positive")
    }
    return ColumnSynonyms(
        fields=fields,
        free_text=frozenset(normalise_heading(h) for h in raw["free_text"]["headings"]),
        never_kept=frozenset(
            normalise_heading(h) for h in raw["staff"]["headings"] + raw["personal"]["headings"]
        ),
        polarity_values=polarity,
        type_words={
            k: tuple(normalise_heading(w) for w in raw["type_words"][k]) for k in ("negative", "positive")
        },
    )


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which column holds which field, from the synonyms and the user's mapping."""

    fields: dict[str, str]  # field -> column heading
    id_column: str | None = None  # a column the mapping named "id"
    free_text: tuple[str, ...] = ()  # columns to drop as free text (never stored)


def _find_column(table: SourceTable, name: str) -> str | None:
    for col in table.columns:
        if col == name:
            return col
    wanted = name.strip().casefold()
    return next((c for c in table.columns if c.strip().casefold() == wanted), None)


def map_columns(
    table: SourceTable, groups: tuple[str, ...], mapping: dict[str, str] | None = None
) -> ColumnMap:
    """Assign columns to the fields of ``groups`` (``columns.toml`` sections) and the user's ``mapping``.

    ``mapping`` is ``{column heading: field}`` as ``--map COLUMN=FIELD`` gives it; besides the fields of the
    groups it may name ``id`` (the pupil id column), ``free_text`` (drop as free text) or ``ignore``.  A mapped
    column wins over every synonym; otherwise each field takes the column matching its most preferred synonym
    (the leftmost on a tie) that no other field has taken.  Raises ``mis_mapping_invalid`` for a column or
    field that does not exist.
    """
    syn = column_synonyms()
    known = {f for g in groups for f in syn.fields[g]}
    fields: dict[str, str] = {}
    claimed: set[str] = set()
    id_column, free_text = None, []
    for name, target in (mapping or {}).items():
        col = _find_column(table, name)
        fld = target.strip().casefold()
        if col is None or fld not in known | {"id", "free_text", "ignore"}:
            what = (
                f"no column {name!r}"
                if col is None
                else f"no field {target!r} (fields: {', '.join(sorted(known))})"
            )
            issue = make_issue("mis_mapping_invalid", what, file=table.file, sheet=table.sheet, column=name)
            raise PeerimpactError(issue)
        claimed.add(col)
        if fld == "id":
            id_column = col
        elif fld == "free_text":
            free_text.append(col)
        elif fld != "ignore":
            fields[fld] = col
    normalised = [(normalise_heading(c), c) for c in table.columns]
    for group in groups:
        for fld, synonyms in syn.fields[group].items():
            if fld in fields:
                continue
            ranked = [
                (synonyms.index(h), j, c)
                for j, (h, c) in enumerate(normalised)
                if h in synonyms and c not in claimed
            ]
            if ranked:
                col = min(ranked)[2]
                fields[fld] = col
                claimed.add(col)
    free_text += [c for h, c in normalised if h in syn.free_text and c not in claimed]
    return ColumnMap(fields, id_column, tuple(free_text))


def prune(table: SourceTable, keep: list[str]) -> SourceTable:
    """A copy of ``table`` holding only the columns ``keep`` (in table order), same rows and locations.

    What a result stores instead of the export itself: names, birth dates, staff and free text stay behind.
    """
    wanted = set(keep)
    cols = [j for j, c in enumerate(table.columns) if c in wanted]
    return replace(
        table,
        columns=[table.columns[j] for j in cols],
        data=[table.data[j] for j in cols],
        questions=[table.questions[j] for j in cols] if table.questions else [],
        roles={},
        issues=list(table.issues),
    )


# re-exported at the end: the submodules import the helpers above from this package (and _common's directly)
from peerimpact.mis.attendance import (  # noqa: E402
    AttendancePeriod,
    attendance_from_table,
    looks_like_attendance,
    read_attendance,
)
from peerimpact.mis.behaviour import (  # noqa: E402
    BehaviourCounts,
    behaviour_from_table,
    looks_like_behaviour,
    rate_per_100_sessions,
    read_behaviour,
)
