"""Response checks: answers to codes, and every problem as a located Issue.

Each check works on whole columns: the distinct values of a column are classified once (label, code,
missing, unknown label, out-of-range code) and the column is converted with one mapping, in the manner of
pandera's builtin checks — a Python loop per cell would not meet the 100,000-row budget (SPEC §8).  Issues
are produced only for the rows that are scored, never capped.

The ledger invariant (SPEC §4) is checked here too: rows read = scored + partly scored + excluded.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np

from peerimpact.instruments.detect import InstrumentUse
from peerimpact.instruments.model import Instrument, normalise_label
from peerimpact.issues import Issue, make_issue
from peerimpact.readers.base import CodedColumn, SourceTable

__all__ = [
    "MISSING_TOKENS",
    "AnswerCodes",
    "answer_codes",
    "answer_issues",
    "check_ledger",
    "straight_lining",
    "unfinished_rows",
]

#: answers that mean "no answer" and are read as missing without an issue
MISSING_TOKENS = frozenset(
    {"n/a", "na", "-", "--", "—", "missing", "no answer", "not answered", "skipped", "skip", "-99", "-99.0"}
)

_MISSING, _UNKNOWN, _RANGE, _OTHER = -1.0, -2.0, -3.0, -4.0  # sentinel codes while classifying


@dataclass(slots=True)
class AnswerCodes:
    """One instrument's answers as codes: ``codes[pos, item-1]`` (NaN = missing or invalid).

    ``problems`` lists (pos, item, kind, raw value) for invalid answers, kind "unknown_answer_label" or
    "out_of_range_code"; they count as missing items.
    """

    use: InstrumentUse
    codes: np.ndarray
    problems: list[tuple[int, int, str, Any]]

    @property
    def instrument(self) -> Instrument:
        return self.use.instrument


def _classify(value: Any, labels: dict[str, int], lo: int, hi: int) -> float:
    if value is None:
        return _MISSING
    if isinstance(value, bool):
        return _UNKNOWN
    if isinstance(value, int | float):
        x = float(value)
    elif isinstance(value, str):
        norm = normalise_label(value)
        if norm in labels:
            return float(labels[norm])
        if not norm or norm in MISSING_TOKENS:
            return _MISSING
        try:
            x = float(norm)
        except ValueError:
            return _UNKNOWN
    else:
        return _UNKNOWN
    if x == -99:  # Qualtrics "seen but unanswered" recode
        return _MISSING
    if x.is_integer() and lo <= x <= hi:
        return x
    return _RANGE


def _exact_codes(ins: Instrument) -> dict[Any, float]:
    """Cells that need no classifying: each label and alias as written, and the in-range codes as text.

    A cell equal to one of these keys has exactly the code :func:`_classify` would give it (labels have no
    surrounding whitespace, and ``normalise_label`` of a label is that label's key), so the common case is
    one C-level ``dict.get`` per cell; every other distinct value is classified once.  Numbers are left to
    the classifier: as dict keys ``True == 1``, but a TRUE cell is no answer code.
    """
    labels = ins.label_codes()
    exact: dict[Any, float] = {}
    for label, _ in (*ins.options, *ins.aliases):
        code = labels.get(normalise_label(label))
        if code is not None:
            exact.setdefault(label, float(code))
    for code in range(ins.code_min, ins.code_max + 1):
        exact.setdefault(str(code), float(code))  # numeric exports read from text files
    exact[None] = _MISSING
    return exact


def answer_codes(table: SourceTable, use: InstrumentUse) -> AnswerCodes:
    """Convert the instrument's item columns to codes (before reverse keying).

    One pass per column maps the exact labels and codes (:func:`_exact_codes`); the few cells left over
    (typos, other spellings, text numbers, out-of-range codes) are classified once per distinct value.
    """
    ins = use.instrument
    labels = ins.label_codes()
    lo, hi = ins.code_min, ins.code_max
    exact = _exact_codes(ins)
    n = table.n_rows
    # item by item: each column written contiguously.  When every item has a column, each is written in full
    # below, so the matrix needs no filling first (112 MB of NaN at a million rows)
    if set(use.columns) == set(range(1, ins.n_items + 1)):
        codes = np.empty((n, ins.n_items), order="F")
    else:
        codes = np.full((n, ins.n_items), np.nan, order="F")
    problems: list[tuple[int, int, str, Any]] = []
    for item, col in use.columns.items():
        cells = table.column(col)
        if isinstance(cells, CodedColumn):  # classify each distinct value, then gather by code
            by_value = np.array(
                [
                    c if (c := exact.get(v, _OTHER)) != _OTHER else _classify(v, labels, lo, hi)
                    for v in cells.values
                ],
                dtype=float,
            )
            bad_values = np.flatnonzero(by_value <= _UNKNOWN + 0.5)
            if bad_values.size:  # positions holding an invalid answer, found on the codes
                for pos in np.flatnonzero(np.isin(cells.codes, bad_values)).tolist():
                    kind = (
                        "unknown_answer_label"
                        if by_value[cells.codes[pos]] == _UNKNOWN
                        else "out_of_range_code"
                    )
                    problems.append((pos, item, kind, cells[pos]))
            by_value[by_value < 0] = np.nan
            codes[:, item - 1] = by_value[cells.codes]  # one gather, straight into the matrix
            continue
        column = np.fromiter(map(exact.get, cells, repeat(_OTHER, n)), dtype=float, count=n)
        other = np.flatnonzero(column == _OTHER)
        if other.size:  # cells outside the exact table
            leftover = [cells[pos] for pos in other.tolist()]
            mapping: dict[tuple[type, Any], float] = {}  # keyed by type too: True and 1 are equal keys
            for v in leftover:
                if (v.__class__, v) not in mapping:
                    mapping[v.__class__, v] = _classify(v, labels, lo, hi)
            column[other] = [mapping[v.__class__, v] for v in leftover]
        invalid = column <= _UNKNOWN + 0.5  # _UNKNOWN or _RANGE
        if invalid.any():
            for pos in np.flatnonzero(invalid).tolist():
                kind = "unknown_answer_label" if column[pos] == _UNKNOWN else "out_of_range_code"
                problems.append((pos, item, kind, cells[pos]))
        column[column < 0] = np.nan
        codes[:, item - 1] = column
    return AnswerCodes(use, codes, problems)


def _suggest(value: Any, ins: Instrument) -> str:
    text = normalise_label(str(value))
    options = {normalise_label(label): label for label, _ in ins.options}
    near = difflib.get_close_matches(text, list(options), n=1, cutoff=0.6)
    valid = ", ".join(f"{label!r}" for label, _ in ins.options)
    hint = f" Did you mean {options[near[0]]!r}?" if near else ""
    return f"{str(value)!r} is not one of {valid}.{hint} Counted as unanswered"


def answer_issues(table: SourceTable, answers: AnswerCodes, scope: np.ndarray) -> list[Issue]:
    """Issues for invalid answers in the rows in ``scope`` (a boolean mask)."""
    ins = answers.instrument
    out = []
    for pos, item, kind, value in answers.problems:
        if not scope[pos]:
            continue
        if kind == "unknown_answer_label":
            detail = _suggest(value, ins)
        else:
            detail = f"{value!r} is outside {ins.code_min}–{ins.code_max}. Counted as unanswered"
        out.append(
            make_issue(
                kind,
                f"{ins.name} item {item}: {detail}",
                file=table.file,
                sheet=table.sheet,
                row=table.rows[pos],
                column=answers.use.columns[item],
                value=value,
            )
        )
    return out


def _falsy(value: Any) -> bool:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value == 0
    if isinstance(value, str):
        return value.strip().casefold() in {"0", "false", "no", "0.0"}
    return False


def unfinished_rows(table: SourceTable) -> np.ndarray:
    """Rows the platform marked unfinished (Qualtrics ``Finished`` false, or ``Progress`` below 100; LimeSurvey
    leaves ``Date submitted`` empty for a response never submitted)."""
    n = table.n_rows
    mask = np.zeros(n, dtype=bool)
    if table.layout == "limesurvey" and "completion_time" in table.roles:
        mask |= np.fromiter(
            (
                v is None or (isinstance(v, str) and not v.strip())
                for v in table.column(table.roles["completion_time"])
            ),
            dtype=bool,
            count=n,
        )
    if "finished" in table.roles:
        mask |= np.fromiter(map(_falsy, table.column(table.roles["finished"])), dtype=bool, count=n)
    elif "progress" in table.roles:

        def below(v: Any) -> bool:
            try:
                return v is not None and float(v) < 100
            except (TypeError, ValueError):
                return False

        mask |= np.fromiter(map(below, table.column(table.roles["progress"])), dtype=bool, count=n)
    return mask


def straight_lining(codes: np.ndarray) -> np.ndarray:
    """Rows whose every item (all answered) has the same raw code — before reverse keying."""
    if codes.shape[1] < 2:
        return np.zeros(codes.shape[0], dtype=bool)
    return (codes == codes[:, :1]).all(axis=1)  # NaN equals nothing, so a row with a gap is never "same"


def check_ledger(n_read: int, status: Sequence[str]) -> None:
    """Rows read = scored + partly scored + excluded; a mismatch is a bug, so it raises."""
    counted = status.count("scored") + status.count("partly scored") + status.count("excluded")  # C passes
    if counted != n_read or len(status) != n_read:
        raise RuntimeError(f"row ledger broken: {n_read} read, {counted} accounted for")
