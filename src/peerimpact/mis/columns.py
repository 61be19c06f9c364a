"""MIS column headings: the synonyms per field (``data/columns.toml``), :func:`map_columns`, which applies
them and the user's ``--map COLUMN=FIELD``, and :func:`prune`, the copy of a read table that keeps only the
columns a result needs, so that names, birth dates, staff names and free text are never carried into a result."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from peerimpact.issues import PeerimpactError, make_issue
from peerimpact.readers.base import SourceTable

__all__ = [
    "ColumnMap",
    "ColumnSynonyms",
    "column_synonyms",
    "find_column",
    "map_columns",
    "normalise_heading",
    "prune",
]

DATA = Path(__file__).with_name("data")

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


def find_column(table: SourceTable, name: str) -> str | None:
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
        col = find_column(table, name)
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
