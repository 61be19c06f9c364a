"""The DfE attendance code table (``data/attendance_codes.toml``): code → statistical category, a ``current``
table for sessions from 19 August 2024 and a ``legacy`` one for earlier sessions, each entry with its source
(formats.md §2.4)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

__all__ = ["CATEGORIES", "POSSIBLE", "AttendanceCode", "CodeTable", "attendance_codes"]

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
