"""Pupil identifiers: which column, how ids are normalised, the UPN check letter, duplicate submissions.

SPEC §3: with no ``--id-column`` the id is, in order of preference, a UPN column, a pupil/student id or
number, an admission number, an email — never a platform response id and never a name.  A column whose
values are valid UPNs is a UPN column whatever its heading ("What is your student number?").

The UPN check letter follows the DfE's Unique Pupil Number guidance (as reproduced in the CIN validator
rule 1510 and in python-stdnum's ``stdnum/gb/upn.py``): multiply the characters in positions 2–13 by
weights 2–13 (a temporary UPN's final letter counts as its index in the alphabet below), sum, take the
remainder mod 23 and map 0..22 to ``ABCDEFGHJKLMNPQRTUVWXYZ``.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from peerimpact.issues import Issue, PeerimpactError, make_issue
from peerimpact.readers.base import SourceTable
from peerimpact.scoring.upn_letters import ALPHABET as _ALPHABET
from peerimpact.scoring.upn_letters import wrong_check_letter
from peerimpact.util.idtext import PLACEHOLDERS, UPN_SHAPE, looks_like_upn
from peerimpact.util.idtext import normalise_id as _normalise_one
from peerimpact.util.utf8_list import Utf8List, utf8_of

__all__ = [
    "PLACEHOLDERS",
    "IdColumn",
    "choose_id_column",
    "find_duplicates",
    "id_bytes",
    "is_valid_upn",
    "normalise_ids",
    "normalise_ids_and_bytes",
    "placeholder_reason",
    "upn_check_letter",
]

_SAMPLE = 500  # values looked at to recognise a UPN column (the first non-empty ones)


def upn_check_letter(upn: str) -> str | None:
    """The check letter a 13-character UPN should start with, or None when characters 2–13 are malformed."""
    body = upn[1:13]
    if len(body) != 12 or not body[:11].isdigit():
        return None
    last = body[11]
    if last.isdigit():
        values = [int(c) for c in body]
    elif last in _ALPHABET:  # temporary UPN: final letter counts as its alphabet index (A=0, B=1, …)
        values = [int(c) for c in body[:11]] + [_ALPHABET.index(last)]
    else:
        return None
    return _ALPHABET[sum(w * v for w, v in zip(range(2, 14), values, strict=True)) % 23]


def is_valid_upn(upn: str) -> bool:
    """True for a well-formed UPN (permanent or temporary) whose first letter is the DfE check letter."""
    upn = upn.strip().upper()
    return bool(UPN_SHAPE.match(upn)) and upn_check_letter(upn) == upn[0]


@dataclass(frozen=True, slots=True)
class IdColumn:
    """The chosen id column and what kind of id it holds."""

    column: str
    kind: str  # "upn" | "pupil_id" | "admission_number" | "email" | "given"
    reason: str  # why it was chosen, for the terminal


_HEADER_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("upn", re.compile(r"\bupn\b|unique pupil number", re.I)),
    (
        "pupil_id",
        re.compile(r"\b(pupil|student|learner)[\s_-]*(id|no|num|number|code|ref)\b|\bmis[\s_-]*id\b", re.I),
    ),
    ("admission_number", re.compile(r"\badmission[\s_-]*(no|num|number)?\b|\badno\b", re.I)),
    ("email", re.compile(r"e-?mail", re.I)),
)


_MIN_ROWS_FOR_SHARED = 4  # a value shared by most rows is a placeholder once a file has this many ids


def placeholder_reason(cells: Sequence[Any], kind: str) -> str | None:
    """Why a column's values are placeholders rather than pupil ids, or None when they are ids.

    Placeholders (SPEC §3): every value blank or a placeholder word (:data:`PLACEHOLDERS`), or one value shared
    by more than half of the rows (at least :data:`_MIN_ROWS_FOR_SHARED`), as a form's fixed answer would be.
    """
    present = [v for v in cells if v is not None and str(v).strip()]
    ids = [i for i in (_normalise_one(v, kind) for v in present) if i is not None]
    if not ids:
        words = sorted({str(v).strip() for v in present})[:3]
        return "it is empty" if not words else "it holds only " + ", ".join(repr(w) for w in words)
    top, count = Counter(ids).most_common(1)[0]
    if len(present) >= _MIN_ROWS_FOR_SHARED and count > len(present) / 2:
        return f"{count} of its {len(present)} values are {top!r}"
    return None


def choose_id_column(table: SourceTable, given: str | None = None) -> IdColumn:
    """Pick the pupil id column (SPEC §3).  Raises ``no_id_column`` / ``id_column_not_found``.

    A column of placeholders (``anonymous`` on every row, one value on most rows) is never taken: an anonymous
    form has no pupil id, so every row is scored and ``compare`` says why it cannot match."""
    if given is not None:
        for col in table.columns:
            if col == given or col.casefold() == given.strip().casefold():
                return IdColumn(col, "given", "named with --id-column")
        raise PeerimpactError(
            make_issue(
                "id_column_not_found",
                f"{given!r}; the columns are: {', '.join(table.columns[:30])}",
                file=table.file,
                sheet=table.sheet,
                column=given,
            )
        )
    banned = {table.roles.get("response_id"), table.roles.get("name")}
    candidates = [c for c in table.columns if c not in banned and not _is_platform_id(c)]
    # values first: a column of UPNs is an id column whatever its heading
    best: tuple[float, str] | None = None
    for col in candidates:
        data = table.column(col)
        values = getattr(data, "values", None)  # a coded column knows its distinct values: no UPN, no look
        if values is not None and not any(isinstance(v, str) and looks_like_upn(v) for v in values):
            continue
        cells = list(itertools.islice((v for v in data if isinstance(v, str)), _SAMPLE))
        if not cells:
            continue
        allowed = int(0.2 * len(cells))  # misses a column of UPNs may have (share >= 0.8)
        hits = misses = 0
        for v in cells:
            if looks_like_upn(v):
                hits += 1
            else:
                misses += 1
                if misses > allowed:
                    break  # an answer column: no need to look at the rest of the sample
        share = hits / len(cells)
        if share >= 0.8 and (best is None or share > best[0]):
            best = (share, col)
    if best is not None:
        return IdColumn(best[1], "upn", "its values are UPNs")
    skipped: list[str] = []
    for kind, pattern in _HEADER_KINDS:
        for col in candidates:
            if pattern.search(col) and _has_values(table, col):
                why = placeholder_reason(table.column(col), kind)
                if why is None:
                    return IdColumn(col, kind, f"heading {col!r}")
                skipped.append(f"{col!r} is not a pupil id ({why})")
    email = table.roles.get("email")
    if (
        email is not None
        and email not in banned
        and _has_values(table, email)
        and not any(email in s for s in skipped)
    ):
        why = placeholder_reason(table.column(email), "email")
        if why is None:
            return IdColumn(email, "email", f"the platform's {email!r} column")
        skipped.append(f"{email!r} is not a pupil id ({why})")
    raise PeerimpactError(
        make_issue(
            "no_id_column",
            "; ".join(skipped)
            if skipped
            else "looked for a UPN, pupil/student id or number, admission number or email column",
            file=table.file,
            sheet=table.sheet,
        )
    )


def _is_platform_id(col: str) -> bool:
    return col.strip().casefold() in {"id", "responseid", "response id", "respondent id", "collector id"}


def _has_values(table: SourceTable, col: str) -> bool:
    cells = table.column(col)
    return cells.count(None) != len(cells)


def id_bytes(ids: Sequence[Any]) -> Any | None:
    """The ids as an (n, 13) uint8 array when every one is a 13-character ASCII string, else ``None``.

    The common case at scale (a clean export of UPNs), checked with a few C-level passes over the column.
    """
    import numpy as np

    if (utf8 := utf8_of(ids)) is not None:  # the reader's bytes: no joining or encoding again
        offsets, data = utf8
        if len(data) != 13 * len(ids) or (np.diff(offsets) != 13).any() or (data.size and data.max() >= 128):
            return None  # not 13 ASCII characters each
        block = data.reshape(len(ids), 13)
        block.flags.writeable = False  # it is the ids' own bytes
        return block
    if None in ids:
        return None
    try:
        joined = "\x00".join(ids)  # NUL after each id: where the NULs fall shows every length at once
    except TypeError:  # numbers or dates among the ids
        return None
    n = len(ids)
    if not n:
        return np.zeros((0, 13), dtype=np.uint8)
    if len(joined) != 14 * n - 1 or not joined.isascii():
        return None
    rows = np.frombuffer((joined + "\x00").encode("ascii"), dtype=np.uint8).reshape(n, 14)
    if rows[:, 13].any():  # a NUL out of place: some length is not 13
        return None
    if np.count_nonzero(rows) == 13 * n:  # no NUL but the separators: every id is 13 characters
        return np.ascontiguousarray(rows[:, :13])
    if set(map(len, ids)) != {13}:  # NULs inside ids: tell the lengths the plain way
        return None
    return np.frombuffer("".join(ids).encode("ascii"), dtype=np.uint8).reshape(n, 13)


def _clean_upn_column(cells: Sequence[Any], block: Any | None = None) -> bool:
    """True when every present cell is already a clean UPN-like id: 13 upper-case ASCII letters/digits.

    ``block``: :func:`id_bytes` of ``cells`` when the caller has it.
    """
    if block is not None:
        return bool((((block - 65) < 26) | ((block - 48) < 10)).all())  # uint8: below '0'/'A' wraps round
    present = [v for v in cells if v is not None]
    try:
        joined = "".join(present)
    except TypeError:  # numbers or dates among the ids
        return False
    return (
        len(joined) == 13 * len(present)
        and (not present or min(map(len, present)) == 13)
        and joined.isascii()
        and joined.isalnum()
        and (joined.isupper() or joined.isdigit() or not joined)
    )


def normalise_ids(cells: Sequence[Any], kind: str) -> list[str | None]:
    """Trimmed ids; emails case-folded; UPNs upper-cased with spaces removed; 1234.0 → "1234"."""
    return normalise_ids_and_bytes(cells, kind)[0]


def normalise_ids_and_bytes(cells: Sequence[Any], kind: str) -> tuple[list[str | None], Any | None]:
    """:func:`normalise_ids`, with :func:`id_bytes` of the result (built on the way for a clean UPN column,
    else afterwards), for the check-letter and duplicate checks."""
    if kind == "upn":  # the common case at scale: clean 13-character strings
        block = id_bytes(cells)
        if block is not None and _clean_upn_column(cells, block):
            return (cells.copy() if isinstance(cells, Utf8List) else list(cells)), block
        if block is None and _clean_upn_column(cells):  # clean, with some ids missing
            ids = list(cells)
        else:
            ids = [
                v.upper() if type(v) is str and len(v) == 13 and v.isalnum() else _normalise_one(v, kind)
                for v in cells
            ]
        return ids, id_bytes(ids)
    ids = [_normalise_one(v, kind) for v in cells]
    return ids, id_bytes(ids)


def _bad_upn_positions(ids: Sequence[str | None], block: Any | None = None) -> list[int]:
    """Positions of UPN-shaped ids with a wrong check letter, the DfE rule applied to all ids at once.

    ``block``: :func:`id_bytes` of ``ids`` when the caller has it already.  The rule itself:
    :func:`peerimpact.scoring.upn_letters.wrong_check_letter`.
    """
    import numpy as np

    if block is None:
        block = id_bytes(ids)
    if block is not None:  # the common case at scale: every id 13 ASCII characters
        sized: Any = np.arange(len(ids))
    else:
        sized = [pos for pos, pid in enumerate(ids) if pid is not None and len(pid) == 13]
    try:
        if block is None:
            raw = np.frombuffer("".join(ids[p] for p in sized).encode("ascii"), dtype=np.uint8)
            block = raw.reshape(-1, 13)
    except UnicodeEncodeError:  # non-ASCII ids: shape them one by one
        sized = [p for p in sized if UPN_SHAPE.match(ids[p])]
        raw = np.frombuffer("".join(ids[p] for p in sized).encode("ascii"), dtype=np.uint8)
        block = raw.reshape(-1, 13)
    if not len(sized):
        return []
    return np.asarray(sized, dtype=np.intp)[wrong_check_letter(block)].tolist()


def upn_issues(
    table: SourceTable, column: str, ids: Sequence[str | None], *, block: Any | None = None
) -> list[Issue]:
    """An ``invalid_upn`` warning for each UPN-shaped id whose check letter is wrong."""
    out = []
    for pos in _bad_upn_positions(ids, block):
        pid = str(ids[pos])
        expected = upn_check_letter(pid)
        detail = f"{pid} should start with {expected}" if expected else f"{pid} is not a well-formed UPN"
        out.append(
            make_issue(
                "invalid_upn",
                detail,
                file=table.file,
                sheet=table.sheet,
                row=table.rows[pos],
                column=column,
                value=pid,
            )
        )
    return out


def _all_distinct(block: Any) -> bool:
    """True when the rows of an (n, k) byte array certainly all differ: a 64-bit FNV-1a hash of each row (taken
    a word at a time), sorted, has no repeat.  A repeat (a duplicate, or a hash collision) gives False: check exactly."""
    import numpy as np

    width = -(-block.shape[1] // 8) * 8  # each row zero-padded to whole 64-bit words
    padded = np.zeros((block.shape[0], width), dtype=np.uint8)
    padded[:, : block.shape[1]] = block
    h = np.full(block.shape[0], 14695981039346656037, dtype=np.uint64)
    prime = np.uint64(1099511628211)
    for word in padded.view(np.uint64).T:  # FNV-1a over 8-byte words: 2 steps for a UPN, not 13
        h ^= word
        h *= prime  # wraps modulo 2**64, as FNV intends
    h.sort()
    return not bool((h[1:] == h[:-1]).any())


def _sort_key(value: Any) -> tuple[int, Any]:
    """Rank by type first (datetime > number > text > empty) so mixed types never compare."""
    if isinstance(value, datetime):
        return (3, value.replace(tzinfo=None))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (2, float(value))
    if isinstance(value, str) and value:
        return (1, value)  # ISO-like text dates sort as text
    return (0, 0)


def find_duplicates(
    ids: Sequence[str | None],
    complete: Sequence[bool] | Any,
    times: Sequence[Any] | None,
    eligible: Sequence[bool] | Any,
    *,
    block: Any | None = None,
) -> dict[int, int]:
    """Duplicate submissions: {dropped pos: kept pos}.

    Among the eligible rows sharing an id, keep the latest complete one (by completion time, else the
    last row); when none is complete, the latest one.  Completion times of mixed types are compared
    within their type only; the row order breaks ties.  ``block``: :func:`id_bytes` of ``ids``, when the
    caller has it, lets a large column of distinct ids be told apart by hashing in numpy.  ``complete`` and
    ``eligible`` may be boolean arrays.
    """
    import numpy as np

    if (block is not None or None not in ids) and bool(np.all(eligible)):  # a block means no id is missing
        if block is not None and _all_distinct(block):
            return {}
        present: Sequence[str] = ids  # type: ignore[assignment]
    else:
        eligible = np.asarray(eligible, dtype=bool).tolist()
        present = [pid for pid, ok in zip(ids, eligible, strict=True) if ok and pid is not None]
    if len(set(present)) == len(present):
        return {}  # the common case: every id once
    complete, eligible = np.asarray(complete, dtype=bool).tolist(), np.asarray(eligible, dtype=bool).tolist()
    counts = Counter(present)
    repeated = {pid for pid, k in counts.items() if k > 1}
    groups: dict[str, list[int]] = {}
    if repeated:
        for pos, pid in enumerate(ids):
            if pid in repeated and eligible[pos]:
                groups.setdefault(pid, []).append(pos)
    dropped: dict[int, int] = {}
    for positions in groups.values():
        if len(positions) < 2:
            continue
        pool = [p for p in positions if complete[p]] or positions
        kept = max(pool, key=lambda p: (_sort_key(times[p]), p)) if times is not None else pool[-1]
        for p in positions:
            if p != kept:
                dropped[p] = kept
    return dropped
