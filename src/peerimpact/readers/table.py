"""From raw grid rows to a :class:`SourceTable`: column-major data, Excel row numbers, headings.

Shared by every layout.  The per-cell work is one list comprehension per column (SPEC §8: a 100,000 × 15
sheet must cost little more than calamine's own ``to_python``): columns are built chunk by chunk and cleaned
a column at a time (:mod:`peerimpact.readers.cells`).  Entirely empty rows are not data rows: they are
dropped, and counted in an ``empty_rows_skipped`` note when they sat between answers.

An empty heading becomes ``column_<letter>``; a repeated one gets `` (2)``, `` (3)`` and a
``duplicate_column`` warning (formats.md §1.3: Microsoft Forms repeats Likert statements across blocks).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from peerimpact.issues import Issue, PeerimpactError, make_issue
from peerimpact.readers._dates import read_text_times
from peerimpact.readers._sheet_rows import code_text, merge_coded
from peerimpact.readers.base import CodedColumn, SourceTable, column_letter, describe_layout
from peerimpact.readers.cells import CACHE_SLACK, clean_cells, clean_strings, code_or_clean, normalise_heading
from peerimpact.readers.grid import ColumnChunk, Grid
from peerimpact.util.utf8_list import utf8_of

__all__ = [
    "Body",
    "assemble",
    "collect_body",
    "column_letter",
    "head_texts",
    "match_roles",
    "read_text_times",
]


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
            if cache is not None and 2 * len(cache) > len(columns[j]) + CACHE_SLACK:
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
    elif (
        utf8_of(first) is not None or None not in first
    ):  # ids with their bytes hold no None; else one C scan
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
