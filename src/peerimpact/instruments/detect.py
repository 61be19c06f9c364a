"""Which columns hold which questionnaire (SPEC §4).

Detection without ``--instrument``, in order:

1. canonical column names: ``<prefix>_<item>`` for an instrument's name or declared prefixes, case and
   separator insensitive (``wemwbs_1``, ``WEMWBS 1``, ``sdq-q25``);
2. runs of adjacent columns whose answers come from one instrument's response labels (a few unknown
   labels — typos — do not break a run) and whose length equals an instrument's item count
   (14 WEMWBS-label columns = WEMWBS, 7 = SWEMWBS, 25 SDQ-label columns = SDQ).

With ``--instrument`` the named instruments are looked for the same way, and additionally as a run of
columns holding numeric codes in the instrument's range.  Ambiguity is an error that lists the candidates
and the option that resolves it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from peerimpact.instruments.model import Instrument, normalise_label
from peerimpact.issues import Issue, PeerimpactError, make_issue
from peerimpact.readers.base import CodedColumn, SourceTable

__all__ = ["InstrumentUse", "detect_instruments", "heading_stem"]

#: share of a column's answers that must be one instrument's labels for the column to count as its own
LABEL_SHARE = 0.6


@dataclass(frozen=True, slots=True)
class InstrumentUse:
    """An instrument found in a table: item number -> column heading, and how it was found."""

    instrument: Instrument
    columns: dict[int, str]
    how: str  # "column names" | "answer labels" | "numeric codes"
    notes: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        cols = [self.columns[i] for i in sorted(self.columns)]
        span = f"{cols[0]!r} … {cols[-1]!r}" if len(cols) > 2 else ", ".join(repr(c) for c in cols)
        return f"{self.instrument.name}: {len(cols)} columns {span} (by {self.how})"


def _canonical(table: SourceTable, ins: Instrument) -> dict[int, str]:
    prefixes = "|".join(re.escape(p) for p in ins.prefixes)
    pattern = re.compile(rf"^(?:{prefixes})[\s_.\-]*(?:q|item)?[\s_.\-]*0*(\d+)$", re.I)
    found: dict[int, str] = {}
    for col in table.columns:
        m = pattern.match(col.strip())
        if m:
            found.setdefault(int(m.group(1)), col)
    return found


def _value_counts(cells: Sequence[object]) -> Counter[object]:
    counts = Counter(cells.counts() if isinstance(cells, CodedColumn) else cells)
    counts.pop(None, None)
    return counts


def _label_share(counts: Counter[object], labels: dict[str, int]) -> float:
    total = matched = 0
    for value, k in counts.items():
        total += k
        if isinstance(value, str) and normalise_label(value) in labels:
            matched += k
    return matched / total if total else 0.0


def _numeric_share(counts: Counter[object], lo: int, hi: int) -> float:
    total = matched = 0
    for value, k in counts.items():
        total += k
        try:
            x = float(value) if isinstance(value, str | int | float) and not isinstance(value, bool) else None
        except ValueError:
            x = None
        if x is not None and x.is_integer() and lo <= x <= hi:
            matched += k
    return matched / total if total else 0.0


def _runs(flags: list[frozenset[str]], begin: int, end: int) -> list[tuple[int, int, frozenset[str]]]:
    """Maximal runs of adjacent columns in ``begin:end`` sharing at least one family: (start, stop, families)."""
    runs = []
    start = begin
    while start < end:
        if not flags[start]:
            start += 1
            continue
        fam = flags[start]
        stop = start + 1
        while stop < end and fam & flags[stop]:
            fam = fam & flags[stop]
            stop += 1
        runs.append((start, stop, fam))
        start = stop
    return runs


_BRACKET_ROW = re.compile(r"^(.*?)\s*\[[^\]]*\]$")  # Google Forms grid: "Question [Row]"
_NUMBERED = re.compile(r"^(.*?)[\s_.\-]*\d+$")  # export tags and item names: Q34_1, wemwbs_3
_DASHED = re.compile(r"^(.{8,}?)\s+[-–:]\s+\S.*$")  # Qualtrics/SurveyMonkey: "Question - Statement"


def heading_stem(col: str) -> str | None:
    """The question a column belongs to, when its heading says so (``Q34`` of ``Q34_1``, the question of a
    Google Forms ``Question [Row]``, of ``Question - Statement``); None for a heading that is only a statement."""
    text = col.strip()
    for pattern in (_BRACKET_ROW, _NUMBERED, _DASHED):
        m = pattern.match(text)
        if m and m.group(1).strip():
            return m.group(1).strip().casefold()
    return None


_GENERIC_STEM = re.compile(r"^(q|qu|qn|question|item|items|statement|s|v|var|col|column|answer|a)?\d*$")
_NAME_STEM = re.compile(r"^[a-z][a-z_]{2,}$")  # one word or snake_case: belonging, school_belonging
_GENERIC_END = re.compile(r"_(q|question|item|statement|answer)$")


def named_for(col: str) -> str | None:
    """The construct a column's name gives (``belonging`` of ``belonging_3``), or None for a generic or
    question-text heading (``Q34_1``, ``Item 3``, a statement)."""
    m = _NUMBERED.match(col.strip())
    if not m:
        return None
    stem = m.group(1).strip().casefold().rstrip("_ ")
    if not _NAME_STEM.match(stem) or _GENERIC_STEM.match(stem) or _GENERIC_END.search(stem):
        return None
    return stem


def _named_for_another(ins: Instrument, cols: Sequence[str]) -> str | None:
    """The construct the columns are named for, when it is not this instrument (SPEC §4: columns named for
    something else are never taken for an instrument by their labels alone)."""
    names = {named_for(c) for c in cols}
    if len(names) != 1:
        return None
    (name,) = names
    prefixes = {normalise_label(p).replace(" ", "_") for p in ins.prefixes}
    if name is None or name.replace(" ", "_") in prefixes:
        return None
    return name


def _blocks(flags: list[frozenset[str]], cols: list[str]) -> list[tuple[int, int, frozenset[str]]]:
    """Runs of adjacent columns sharing a label family, never across a change of question (SPEC §4: one block
    of one question's columns, never columns of two question blocks — Q33_1..Q33_4 then Q34_1..Q34_6, or a
    retrospective grid beside the current one).  Headings that name no question (statements alone) never cut.

    The headings are cut into question blocks first and each block into runs, so a run's families are those
    of its own columns: six agree/disagree columns with no "Neutral" stay brs-or-belonging even beside a
    block whose "Neutral" answers make it BRS."""
    stems = [heading_stem(c) for c in cols]
    out: list[tuple[int, int, frozenset[str]]] = []
    cut = 0
    for j in range(1, len(cols) + 1):
        if j < len(cols):
            a, b = stems[j - 1], stems[j]
            if a is None or b is None or a == b:
                continue
        out += _runs(flags, cut, j)
        cut = j
    return out


def detect_instruments(
    table: SourceTable,
    candidates: Sequence[Instrument],
    *,
    given: bool = False,
    skip_columns: Sequence[str] = (),
) -> tuple[list[InstrumentUse], list[Issue]]:
    """Find the candidates' items in ``table``.  ``given=True`` when the user named them.

    Returns the uses found and info issues saying which columns were taken.  Raises ``PeerimpactError``
    with ``no_instrument_found``, ``ambiguous_instrument`` or ``missing_item_column``.
    """
    where: dict[str, Any] = {"file": table.file, "sheet": table.sheet}
    uses: list[InstrumentUse] = []
    claimed: set[str] = set(skip_columns) | {c for c in table.roles.values()}
    notes: list[Issue] = []
    for ins in candidates:
        named = _canonical(table, ins)
        found = {i: c for i, c in named.items() if 1 <= i <= ins.n_items}
        for i, col in sorted(named.items()):
            if not 1 <= i <= ins.n_items:
                notes.append(
                    make_issue(
                        "unexpected_item_column",
                        f"{col!r} looks like an item of {ins.title}, which has items 1–{ins.n_items}; not used",
                        column=col,
                        **where,
                    )
                )
        if not found:
            continue
        missing = [i for i in range(1, ins.n_items + 1) if i not in found]
        if missing and len(found) * 2 < ins.n_items and not given:
            # a stray column or two named like this questionnaire: not an attempt at it
            notes += [
                make_issue(
                    "unexpected_item_column",
                    f"{col!r} looks like an item of {ins.title}, but most of its items are not here; not used",
                    column=col,
                    **where,
                )
                for col in found.values()
            ]
            continue
        if missing:
            shown = ", ".join(f"{ins.name}_{i}" for i in missing[:8])
            raise PeerimpactError(
                make_issue(
                    "missing_item_column",
                    f"{ins.title}: no column for item(s) {shown}{' …' if len(missing) > 8 else ''}",
                    **where,
                )
            )
        uses.append(InstrumentUse(ins, dict(sorted(found.items())), "column names"))
        claimed |= set(found.values())

    remaining = [ins for ins in candidates if all(u.instrument.name != ins.name for u in uses)]
    if remaining and (given or not uses):
        uses += _by_answers(table, remaining, claimed, given=given)

    if not uses:
        raise PeerimpactError(
            make_issue("no_instrument_found", _explain(table, candidates, claimed), **where)
        )
    if given:
        missing_names = [ins.name for ins in candidates if all(u.instrument.name != ins.name for u in uses)]
        if missing_names:
            raise PeerimpactError(
                make_issue(
                    "instrument_not_in_file",
                    f"{', '.join(missing_names)}: {_explain(table, candidates, claimed)}",
                    **where,
                )
            )
    issues = notes + [make_issue("instrument_columns", u.describe(), **where) for u in uses]
    for use in uses:
        if "asked_again" in use.notes:
            base = use.instrument.name.partition("#")[0]
            first = next(u for u in uses if u.instrument.name == base)
            issues.append(
                make_issue(
                    "instrument_asked_twice",
                    f"{first.describe()}; {use.describe()}: scored as {base} and {use.instrument.name}",
                    **where,
                )
            )
    return uses, issues


def _by(candidates: Sequence[Instrument], name: str) -> Instrument:
    return next(ins for ins in candidates if ins.name == name)


def _families(candidates: Sequence[Instrument]) -> dict[str, dict[str, int]]:
    """Label family (instrument name) -> normalised label -> code."""
    return {ins.name: ins.label_codes() for ins in candidates}


def _by_answers(
    table: SourceTable, candidates: Sequence[Instrument], claimed: set[str], *, given: bool
) -> list[InstrumentUse]:
    cols = [c for c in table.columns if c not in claimed]
    counts = [_value_counts(table.column(c)) for c in cols]
    fams = _families(candidates)
    flags: list[frozenset[str]] = []
    for cnt in counts:
        shares = {name: _label_share(cnt, labels) for name, labels in fams.items()}
        best = max(shares.values(), default=0.0)
        flags.append(frozenset(n for n, s in shares.items() if s >= LABEL_SHARE and s == best))
    uses = _match_runs(table, cols, flags, candidates, "answer labels", given=given)
    if given and not uses:
        numeric: list[frozenset[str]] = []
        for cnt in counts:
            numeric.append(
                frozenset(
                    ins.name for ins in candidates if _numeric_share(cnt, ins.code_min, ins.code_max) >= 0.9
                )
            )
        uses = _match_runs(table, cols, numeric, candidates, "numeric codes", given=given)
    return uses


def _match_runs(
    table: SourceTable,
    cols: list[str],
    flags: list[frozenset[str]],
    candidates: Sequence[Instrument],
    how: str,
    *,
    given: bool,
) -> list[InstrumentUse]:
    by_name = {ins.name: ins for ins in candidates}
    uses: list[InstrumentUse] = []
    for start, stop, fam in _blocks(flags, cols):
        length = stop - start
        fits = [by_name[n] for n in sorted(fam) if by_name[n].n_items == length]
        if not given and how == "answer labels":
            # columns named for another construct are never taken by their labels alone (said by _explain),
            # so they cannot make an ambiguity either: `school_belonging_1..6` answered agree/disagree is not
            # "brs or belonging" but neither, until the user names it
            fits = [ins for ins in fits if _named_for_another(ins, cols[start:stop]) is None]
        if len(fits) > 1:
            names = ", ".join(f"--instrument {ins.name}" for ins in fits)
            raise PeerimpactError(
                make_issue(
                    "ambiguous_instrument",
                    f"columns {cols[start]!r} … {cols[stop - 1]!r} fit {names}: choose one",
                    file=table.file,
                    sheet=table.sheet,
                )
            )
        if fits:
            ins = fits[0]
            uses.append(InstrumentUse(ins, {i + 1: cols[start + i] for i in range(length)}, how))
    return _number_repeats(uses)


def _number_repeats(uses: list[InstrumentUse]) -> list[InstrumentUse]:
    """A questionnaire asked twice in one export (SPEC §3) is two score sets: the second copy's instrument is
    named ``<name>#2`` (``swemwbs#2.raw``), the third ``#3``; each keeps its own columns."""
    seen: Counter[str] = Counter()
    out = []
    for use in uses:
        seen[use.instrument.name] += 1
        k = seen[use.instrument.name]
        if k == 1:
            out.append(use)
            continue
        ins = replace(
            use.instrument, name=f"{use.instrument.name}#{k}", title=f"{use.instrument.title} (copy {k})"
        )
        out.append(replace(use, instrument=ins, notes=(*use.notes, "asked_again")))
    return out


def _explain(table: SourceTable, candidates: Sequence[Instrument], claimed: set[str]) -> str:
    """What was seen, so the user can tell why nothing matched."""
    cols = [c for c in table.columns if c not in claimed]
    fams = _families(candidates)
    seen: list[str] = []
    flags = []
    for c in cols:
        cnt = _value_counts(table.column(c))
        shares = {n: _label_share(cnt, labels) for n, labels in fams.items()}
        best = max(shares.values(), default=0.0)
        flags.append(frozenset(n for n, s in shares.items() if s >= LABEL_SHARE and s == best))
    for start, stop, fam in _blocks(flags, cols):
        names = sorted(fam)
        counts = ", ".join(f"{n} has {next(i.n_items for i in candidates if i.name == n)}" for n in names)
        constructs = [_named_for_another(_by(candidates, n), cols[start:stop]) for n in names]
        construct = next((name for name in constructs if name is not None), None)
        if construct is not None:
            seen.append(
                f"{stop - start} columns {cols[start]!r} … {cols[stop - 1]!r} answered with {'/'.join(names)} "
                f"labels but named for {construct!r}, not taken by their labels alone: describe {construct!r} "
                f"in an --instrument-file (see README), or name the instrument with --instrument {names[0]} "
                "if these columns are it"
            )
            continue
        seen.append(
            f"{stop - start} adjacent columns answered with {'/'.join(names)} labels ({counts} items)"
        )
    if seen:
        return "found " + "; ".join(seen)
    return "no columns hold questionnaire answers"
