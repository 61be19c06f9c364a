"""From raw grid rows to a :class:`SourceTable`: clean cells, column-major data, Excel row numbers, headings.

Shared by every layout.  The per-cell work is one list comprehension per column (SPEC §8: a 100,000 × 15
sheet must cost little more than calamine's own ``to_python``): columns are built with ``zip(*rows)`` chunk by
chunk, and a cell becomes ``None`` when empty or blank, a stripped ``str``, or the workbook's number, bool or
date.  Whole-number floats become ``int`` (Excel stores every number as a float, so an admission number
``1234`` must not turn into ``"1234.0"`` when ids are matched across waves).  Entirely empty rows are not data
rows: they are dropped, and counted in an ``empty_rows_skipped`` note when they sat between answers.

Headings are stripped, NFC-normalised, with typographic quotes made straight and runs of whitespace (line
breaks typed with Alt+Enter, non-breaking spaces) made one space (formats.md §1.6, after
``bdoremus/gvca_survey_analytics``, which had to fix "’" vs "'").  An empty heading becomes ``column_<letter>``;
a repeated one gets `` (2)``, `` (3)`` and a ``duplicate_column`` warning (formats.md §1.3: Microsoft Forms
repeats Likert statements across blocks).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from peerimpact.issues import Issue, PeerimpactError, make_issue
from peerimpact.readers._dates import read_text_times
from peerimpact.readers._sheet_rows import code_text, merge_coded
from peerimpact.readers.base import CodedColumn, SourceTable, column_letter, describe_layout
from peerimpact.readers.grid import ColumnChunk, Grid

__all__ = [
    "Body",
    "assemble",
    "cell_text",
    "clean_cells",
    "clean_strings",
    "collect_body",
    "column_letter",
    "head_texts",
    "match_roles",
    "normalise_heading",
    "read_text_times",
]

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
    }
)
_BIG = 1e15  # whole floats beyond this stay floats (beyond 2**53 they are not exact anyway)
_CACHE_SLACK = 1_000  # a deduplicated column stops sharing once over half its values are distinct
#: a cell starting (seen forwards) or ending (seen on the reversed text) with whitespace, after a NUL separator
_EDGE = re.compile(r"\x00\s")


def cell_text(value: Any) -> str:
    """A raw cell as text, as Excel would show it: ``""`` for empty, ``1`` not ``1.0``, dates in ISO form."""
    if value is None:
        return ""
    if value.__class__ is str:
        return str(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and -_BIG < value < _BIG:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def normalise_heading(value: Any) -> str:
    """A header cell as a heading: text, NFC, straight quotes, single spaces, stripped."""
    text = cell_text(value)
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return " ".join(text.split())


def _clean_text_column(col: Sequence[Any]) -> list[Any] | None:
    """Clean a column that holds only text, or return ``None`` when it holds anything else.

    Joining the column with NUL separators and searching the result (in C) tells whether any cell is empty
    or has whitespace at either end; most survey columns have neither, and are then copied as they are,
    about a third faster than cleaning cell by cell.  A NUL inside a cell can only cause a needless slow
    path, never a missed cell.
    """
    try:
        joined = "\x00" + "\x00".join(col) + "\x00"
    except TypeError:
        return None
    edged = _EDGE.search(joined) is not None or _EDGE.search(joined[::-1]) is not None
    if edged:
        return [v.strip() or None for v in col]
    if "\x00\x00" in joined:
        return [v or None for v in col]
    return list(col)


def clean_cells(col: Sequence[Any]) -> list[Any]:
    """Clean one column of workbook cells (calamine gives ``""`` for empty cells).

    str → stripped or ``None``; whole float → ``int``; bool, int, other floats, dates and times unchanged
    (calamine already gives ``""`` for error cells such as ``#N/A``, so they read as empty) --
    except that calamine returns a ``date`` for a date-time cell at exactly midnight, so in a column that also
    holds date-times those become midnight ``datetime`` values (a column mixing the two could not be sorted,
    e.g. by completion time).
    """
    text = _clean_text_column(col)
    if text is not None:
        return text
    out = [
        (v.strip() or None)
        if (t := v.__class__) is str
        else ((int(v) if v.is_integer() and -_BIG < v < _BIG else v) if t is float else v)
        for v in col
    ]
    types = set(map(type, out))
    if dt.date in types and dt.datetime in types:
        out = [dt.datetime(v.year, v.month, v.day) if v.__class__ is dt.date else v for v in out]
    return out


#: workbook columns at least this long whose first cells repeat are kept coded (see :func:`code_or_clean`)
CODED_MIN_ROWS = 5_000
_SAMPLE = 2_000  # first cells looked at to guess whether a column repeats a few values
_SAMPLE_DISTINCT = 200


def code_or_clean(col: list[Any]) -> list[Any] | CodedColumn:
    """A workbook column as a :class:`CodedColumn` when it is text repeating a few values (answers), else
    :func:`clean_cells`.

    One pass numbers the distinct cells (``dict.setdefault``, about 0.2 µs a cell); each distinct value is
    then cleaned once.  That replaces both the cleaning pass here and the answer-to-code pass in
    :mod:`peerimpact.scoring.validation`, which then works per distinct value.  Columns holding anything but text are
    cleaned as usual: as dict keys ``True == 1``, and dates need their own care.
    """
    if len(col) >= CODED_MIN_ROWS and len(set(col[:_SAMPLE])) <= _SAMPLE_DISTINCT:
        index: dict[Any, int] = {}
        codes = [index.setdefault(v, len(index)) for v in col]
        if 2 * len(index) <= len(col) + _CACHE_SLACK and all(k.__class__ is str for k in index):
            import numpy as np

            values = [k.strip() or None for k in index]
            return CodedColumn(values, np.array(codes, dtype=np.min_scalar_type(len(index))))
    return clean_cells(col)


def clean_strings(col: Sequence[str], cache: dict[str, str | None] | None) -> list[str | None]:
    """Clean one column of CSV cells: stripped text, ``None`` when blank.  CSV cells stay text.

    With a ``cache`` (large files), each distinct value is cleaned once and every cell refers to that one
    object: a 1,000,000-row file of Likert labels then holds five strings per column instead of a million,
    which keeps the read within the memory budget of SPEC §8.  The cache is filled from the column's
    distinct values, so the per-cell work stays in C (``map`` over ``dict.__getitem__``).
    """
    if cache is None:
        text = _clean_text_column(col)
        return text if text is not None else [v.strip() or None for v in col]
    try:
        return list(map(cache.__getitem__, col))
    except KeyError:
        for v in set(col):
            if v not in cache:
                cache[v] = v.strip() or None
        return list(map(cache.__getitem__, col))


def _transpose(rows: Sequence[Sequence[Any]], width: int) -> list[list[Any]]:
    """Columns of equal-length rows: one flat list sliced by stride, about 4x faster than ``zip(*rows)``."""
    flat: list[Any] = []
    for row in rows:
        flat += row
    return [flat[j::width] for j in range(width)]


def _extend(columns: list[list[Any] | CodedColumn], j: int, cells: Sequence[Any]) -> None:
    """Append ``cells`` to column ``j``: two coded columns stay coded (a tall sheet's chunks,
    :func:`~peerimpact.readers._sheet_rows.code_text`); otherwise a coded column becomes a plain list first."""
    col = columns[j]
    if isinstance(col, CodedColumn):
        if isinstance(cells, CodedColumn):
            columns[j] = merge_coded(col, cells)
            return
        col = columns[j] = list(col.cells())
    col.extend(cells.cells() if isinstance(cells, CodedColumn) else cells)


@dataclass(slots=True)
class Body:
    """Clean data rows, column-major, with their Excel row numbers.

    ``blank_between`` counts the entirely empty rows that were dropped from between answers (trailing ones
    are not counted: spreadsheets often carry formatted but empty rows at the end).
    """

    columns: list[list[Any] | CodedColumn]
    rows: list[int]
    blank_between: int = 0


def collect_body(grid: Grid, header_rows: int) -> Body:
    """Read the data rows under ``header_rows`` header rows into clean columns.

    Ragged text rows (short lines, blank lines, a Qualtrics trailing comma) are padded with ``None``; a row
    longer than the header adds a column.  Rows whose every cell is empty or blank are removed afterwards, by
    narrowing the positions where the first column is ``None`` through each further column (cheap: few
    positions survive the first columns).
    """
    columns: list[list[Any] | CodedColumn] = []
    rows = range(grid.first_row + header_rows, grid.first_row + header_rows)  # consecutive: one range
    caches: list[dict[str, str | None] | None] = []
    for chunk in grid.body(header_rows):
        clean = False
        transposed: Iterable[Sequence[Any]]
        shared = False
        if isinstance(chunk, ColumnChunk):
            n, width, transposed, clean = chunk.n, len(chunk.columns), chunk.columns, chunk.clean
            shared = chunk.shared
        else:
            n = len(chunk)
            lengths = set(map(len, chunk))
            width = max(lengths)
            transposed = _transpose(chunk, width) if len(lengths) == 1 else zip_longest(*chunk, fillvalue="")
        while len(columns) < width:
            columns.append([None] * len(rows))
            caches.append({} if grid.dedupe else None)
        for j, col in enumerate(transposed):
            cache = caches[j]
            cleaned: list[Any] | CodedColumn
            if not grid.text:
                if isinstance(columns[j], CodedColumn) and isinstance(col, list):
                    # a tall sheet's later chunk (readers._sheet_rows): coded like the first where it can be
                    cleaned = code_text(col) or clean_cells(col)
                else:
                    cleaned = code_or_clean(col) if isinstance(col, list) else clean_cells(col)
            elif clean and (cache is None or shared):
                cleaned = col if isinstance(col, list | CodedColumn) else list(col)
            else:
                cleaned = clean_strings(col, cache)
            if columns[j]:
                _extend(columns, j, cleaned)
            else:
                columns[j] = cleaned  # the first chunk (a workbook's only one): no copy
            if cache is not None and 2 * len(cache) > len(columns[j]) + _CACHE_SLACK:
                caches[j] = None  # mostly distinct values (ids, free text): nothing worth sharing
        for j in range(width, len(columns)):
            _extend(columns, j, [None] * n)
        rows = range(rows.start, rows.stop + n)
    if not columns:
        return Body([], [])
    return _drop_blank_rows(columns, rows)


def _drop_blank_rows(columns: list[list[Any] | CodedColumn], rows: range) -> Body:
    """Remove the rows whose every cell is ``None``, counting those between answers (not trailing ones).

    Positions are numpy arrays: a file of millions of blank lines (9 MB of line breaks under a heading) cost
    50 s and 1.2 GB as Python lists of positions and per-cell ``CodedColumn`` look-ups.
    """
    import numpy as np

    first = columns[0]
    if isinstance(first, CodedColumn):
        empty = [k for k, v in enumerate(first.values) if v is None]
        blank = np.flatnonzero(np.isin(first.codes, empty)) if empty else np.zeros(0, np.intp)
    elif None not in first:  # one C-level scan; the usual first column (ids, times) is never empty
        blank = np.zeros(0, np.intp)
    else:
        blank = np.flatnonzero(np.fromiter((v is None for v in first), dtype=bool, count=len(first)))
    for col in columns[1:]:
        if not blank.size:
            break
        if isinstance(col, CodedColumn):
            empty = [k for k, v in enumerate(col.values) if v is None]
            blank = blank[np.isin(col.codes[blank], empty)] if empty else blank[:0]
        else:
            cells = map(col.__getitem__, blank.tolist())
            blank = blank[np.fromiter((v is None for v in cells), dtype=bool, count=blank.size)]
    if not blank.size:
        return Body(columns, list(rows))
    total = len(rows)
    at_end = blank == np.arange(total - blank.size, total)  # the run of blank rows ending the file
    inside = np.flatnonzero(~at_end)
    trailing = int(blank.size - (inside[-1] + 1 if inside.size else 0))
    mask = np.ones(total, dtype=bool)
    mask[blank] = False
    keep = np.flatnonzero(mask)
    positions = keep.tolist()
    columns = [
        CodedColumn(col.values, col.codes[keep])
        if isinstance(col, CodedColumn)
        else list(map(col.__getitem__, positions))
        for col in columns
    ]
    return Body(columns, [rows.start + p for p in positions], int(blank.size) - trailing)


def assemble(
    grid: Grid,
    *,
    file: str,
    path: str,
    layout: str,
    header_rows: int,
    headings: list[str],
    questions: list[str] | None = None,
) -> SourceTable:
    """Build the :class:`SourceTable` for one layout, with its reading issues.

    ``headings``/``questions`` are per grid column (already normalised by the layout reader; empty where the
    header cell was empty).  Columns with neither a heading nor any data are dropped (Qualtrics' trailing empty
    column, formats.md §1.1; stray empty columns at the edge of a hand-made sheet).

    Raises
    ------
    PeerimpactError
        ``no_data_rows`` when no data row is left under the header.
    """
    body = collect_body(grid, header_rows)
    width = max(len(headings), len(body.columns))
    names = headings + [""] * (width - len(headings))
    texts = (questions or []) + [""] * (width - len(questions or []))
    columns = body.columns + [[None] * len(body.rows) for _ in range(width - len(body.columns))]
    keep = [j for j in range(width) if names[j] or columns[j].count(None) != len(columns[j])]
    if not body.rows or not keep:
        raise PeerimpactError(
            make_issue(
                "no_data_rows",
                f"{file} has column headings but no answers under them",
                file=file,
                sheet=grid.sheet,
            )
        )
    issues: list[Issue] = list(grid.issues)
    final: list[str] = []
    used: set[str] = set()
    counts: dict[str, int] = {}
    taken = {names[j] for j in keep if names[j]}
    for j in keep:
        base = names[j] or f"column_{column_letter(grid.first_col + j)}"
        name = base
        if name in used:
            k = counts.get(base, 1) + 1
            while f"{base} ({k})" in used or f"{base} ({k})" in taken:
                k += 1
            counts[base] = k
            name = f"{base} ({k})"
            issues.append(
                make_issue(
                    "duplicate_column",
                    f"{file} has more than one column headed {base!r}; the one in column "
                    f"{column_letter(grid.first_col + j)} is called {name!r}",
                    file=file,
                    sheet=grid.sheet,
                    column=name,
                    value=base,
                )
            )
        used.add(name)
        final.append(name)
    if body.blank_between:
        issues.append(
            make_issue(
                "empty_rows_skipped",
                f"{body.blank_between} empty row(s) in {file} were skipped",
                file=file,
                sheet=grid.sheet,
            )
        )
    where = f"{file}" + (f", sheet {grid.sheet!r}," if grid.sheet else "")
    issues.append(
        make_issue(
            "layout_detected",
            f"{where} read as {describe_layout(layout, header_rows)}",
            file=file,
            sheet=grid.sheet,
        )
    )
    return SourceTable(
        path=path,
        file=file,
        sheet=grid.sheet,
        layout=layout,
        columns=final,
        data=[columns[j] for j in keep],
        rows=body.rows,
        questions=[texts[j] for j in keep],
        issues=issues,
        header_rows=header_rows,
        encoding=grid.encoding,
        delimiter=grid.delimiter,
    )


def head_texts(row: Sequence[Any] | None) -> list[str]:
    """One header row as normalised headings (``[]`` when the row does not exist)."""
    return [normalise_heading(v) for v in row] if row is not None else []


def match_roles(columns: Sequence[str], wanted: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Map each role to the first column whose heading matches one of its names, case-insensitively.

    ``wanted`` maps a role from :data:`~peerimpact.readers.base.ROLES` to lower-case headings in order of
    preference.
    """
    by_lower: dict[str, str] = {}
    for name in columns:
        by_lower.setdefault(name.lower(), name)
    roles: dict[str, str] = {}
    for role, names in wanted.items():
        for candidate in names:
            if candidate in by_lower:
                roles[role] = by_lower[candidate]
                break
    return roles
