"""Read any supported export: sniff the file, open its grid, recognise the layout, build the table.

Layout rules (formats.md §1.7), tried in this order on the first rows of the sheet:

- ``qualtrics``: row 3 is ``{"ImportId": ...}`` JSON, or row 1 has ``StartDate``, ``EndDate`` and
  ``Status``/``Progress`` (3 header rows with the JSON row, else 2; 1 when row 2 already holds answers);
- ``qualtrics_legacy``: row 1 starts ``V1, V2`` and row 2 starts ``ResponseID, ResponseSet``;
- ``surveymonkey``: row 1 has ``Respondent ID`` and ``Collector ID``;
- ``limesurvey``: row 1 has ``Response ID``, ``Last page`` and ``Start language`` (or ``id``, ``lastpage``,
  ``startlanguage``);
- ``microsoft_forms``: row 1 has ``ID``, ``Start time`` and ``Completion time`` (any case, any order);
- ``google_forms``: the first heading is ``Timestamp``;
- ``plain``: anything else, with one header row (two when merged cells make a two-row header, see
  :mod:`.plain`).

Before that, title rows above the headings (one text cell over a row of headings) are dropped with a
``title_rows_skipped`` note; after it, start and completion times typed as text become date-times
(:func:`~peerimpact.readers._dates.read_time_column`), so the latest of a pupil's answers is found by date, not
by alphabetical order ("12/10/2026" sorts after "03/11/2026"); Excel serial numbers there become date-times too.
Day or month first is decided per column; when every date could be either, the platform's order is used
(:data:`MONTH_FIRST_LAYOUTS`: SurveyMonkey writes MM/DD/YYYY even for UK accounts; otherwise the UK's day
first) and a ``layout_detected`` note says which.
"""

from __future__ import annotations

import os
from typing import Any

from peerimpact.issues import PeerimpactError, make_issue
from peerimpact.readers._dates import read_time_column
from peerimpact.readers.base import SourceTable
from peerimpact.readers.forms import (
    looks_like_google_forms,
    looks_like_microsoft_forms,
    read_google_forms,
    read_microsoft_forms,
)
from peerimpact.readers.grid import Grid
from peerimpact.readers.limesurvey import looks_like_limesurvey, read_limesurvey
from peerimpact.readers.plain import read_plain
from peerimpact.readers.qualtrics import (
    looks_like_qualtrics_legacy,
    qualtrics_header_rows,
    read_qualtrics,
    read_qualtrics_legacy,
)
from peerimpact.readers.sniff import sniff_kind
from peerimpact.readers.sniff_text import sniff_text
from peerimpact.readers.surveymonkey import looks_like_surveymonkey, read_surveymonkey
from peerimpact.readers.text_grid import open_text_grid
from peerimpact.readers.workbook_grid import open_workbook_grid
from peerimpact.util.gc import gc_paused

__all__ = ["MONTH_FIRST_LAYOUTS", "detect_layout", "read_export"]

#: layouts whose platform writes numeric dates month first (formats.md §1.2: SurveyMonkey, whatever the account)
MONTH_FIRST_LAYOUTS = frozenset({"surveymonkey"})


def detect_layout(head: list[list[Any]]) -> tuple[str, int]:
    """Recognise the export layout from the first rows of a sheet.

    Parameters
    ----------
    head : list of list
        The first (up to four) rows from the first non-blank row on, as raw cells.

    Returns
    -------
    tuple of (str, int)
        The layout token (a key of :data:`~peerimpact.readers.base.LAYOUT_NAMES`) and its number of header
        rows as far as the first rows tell (SurveyMonkey's reader may still find a deleted second row).
    """
    rows = qualtrics_header_rows(head)
    if rows is not None:
        return "qualtrics", rows
    if looks_like_qualtrics_legacy(head):
        return "qualtrics_legacy", 2
    if looks_like_surveymonkey(head):
        return "surveymonkey", 2
    if looks_like_limesurvey(head):
        return "limesurvey", 1
    if looks_like_microsoft_forms(head):
        return "microsoft_forms", 1
    if looks_like_google_forms(head):
        return "google_forms", 1
    return "plain", 1


def _read_layout(grid: Grid, *, file: str, path: str) -> SourceTable:
    layout, header_rows = detect_layout(grid.head)
    if layout == "qualtrics":
        return read_qualtrics(grid, file=file, path=path, header_rows=header_rows)
    if layout == "qualtrics_legacy":
        return read_qualtrics_legacy(grid, file=file, path=path)
    if layout == "surveymonkey":
        return read_surveymonkey(grid, file=file, path=path)
    if layout == "limesurvey":
        return read_limesurvey(grid, file=file, path=path)
    if layout == "microsoft_forms":
        return read_microsoft_forms(grid, file=file, path=path)
    if layout == "google_forms":
        return read_google_forms(grid, file=file, path=path)
    return read_plain(grid, file=file, path=path)


def read_export(path: str | os.PathLike[str], *, sheet: str | None = None) -> SourceTable:
    """Read a survey or MIS export into a :class:`SourceTable`, whatever platform wrote it.

    The file kind comes from its first bytes, not its name (an xlsx renamed ``.csv`` is read as a
    workbook); a workbook zip is checked against decompression bombs before it is parsed; text is decoded as
    UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 with a warning, and its delimiter sniffed
    among ``,`` ``;`` and tab.  The layout is recognised (:func:`detect_layout`) and reported in a
    ``layout_detected`` note.  The file is only ever opened for reading.

    Parameters
    ----------
    path : str or path-like
        The export to read.
    sheet : str, optional
        The sheet of a workbook to read; by default the first visible sheet with answers.  Ignored for text.

    Returns
    -------
    SourceTable
        Cells column-major, Excel row numbers, layout, header rows, roles, questions, platform rows
        excluded, and the issues found while reading.

    Raises
    ------
    PeerimpactError
        Whenever the file cannot be read as a table of answers: ``file_not_found``, ``file_empty``,
        ``not_a_spreadsheet``, ``file_unreadable``, ``file_too_large``, ``sheet_not_found``,
        ``no_data_rows``.  No other exception escapes for a bad file.

    Examples
    --------
    >>> table = read_export("autumn.xlsx")  # doctest: +SKIP
    >>> table.layout, table.rows[:2]  # doctest: +SKIP
    ('microsoft_forms', [2, 3])
    """
    path = os.fspath(path)
    file = os.path.basename(path) or path
    with gc_paused():
        try:
            return _read(path, file, sheet)
        except PeerimpactError:
            raise
        except OSError as exc:  # e.g. the file vanished or was locked while being read
            raise PeerimpactError(
                make_issue("file_unreadable", f"{file} could not be read to the end ({exc})", file=file)
            ) from None
        except MemoryError:
            raise PeerimpactError(
                make_issue("file_too_large", f"{file} is too large to read into memory", file=file)
            ) from None


def _read(path: str, file: str, sheet: str | None) -> SourceTable:
    """Sniff, open the grid, read the layout; the grid's file is closed whatever happens."""
    kind = sniff_kind(path, file)
    if kind == "text":
        grid = open_text_grid(path, file, sniff_text(path, file))
    else:
        grid = open_workbook_grid(path, file, kind, sheet)
    try:
        if not grid.head:
            where = f"sheet {grid.sheet!r} of {file}" if grid.sheet else file
            raise PeerimpactError(
                make_issue("file_empty", f"{where} has no data", file=file, sheet=grid.sheet)
            )
        for row, title, metadata in grid.skip_titles():
            if metadata:
                what = f"row {row} of {file} is export information ({title[:60]!r}), not a heading"
                then = "the headings were read from the first row under it that looks like headings"
            elif title.lower().startswith("sep=") and grid.delimiter:  # the delimiter split the line itself
                what = f"row {row} of {file} is Excel's separator line 'sep={grid.delimiter}'"
                then = "the headings were read from the next row with more in it"
            else:
                what = f"row {row} of {file} holds only {title[:60]!r}"
                then = "the headings were read from the next row with more in it"
            grid.issues.append(
                make_issue(
                    "title_rows_skipped",
                    f"{what}, so {then}",
                    file=file,
                    sheet=grid.sheet,
                    row=row,
                    value=title,
                )
            )
        table = _read_layout(grid, file=file, path=path)
        _read_times(table)
        return table
    finally:
        grid.close()


def _read_times(table: SourceTable) -> None:
    """Start and completion times as date-times, each column's day/month order decided on its own."""
    month_first = table.layout in MONTH_FIRST_LAYOUTS
    for role in ("start_time", "completion_time"):
        name = table.roles.get(role)
        if name is None:
            continue
        j = table.columns.index(name)
        table.data[j], assumed = read_time_column(table.data[j], month_first=month_first)
        if assumed:
            order = (
                "month first (MM/DD/YYYY), as SurveyMonkey writes dates"
                if month_first
                else "day first (DD/MM/YYYY), the UK order"
            )
            table.issues.append(
                make_issue(
                    "date_order_assumed",
                    f"every date in {name!r} of {table.file} could be day first or month first; they were read "
                    f"{order}. If that is wrong, the latest of a pupil's answers may not be the one kept",
                    file=table.file,
                    sheet=table.sheet,
                    column=name,
                )
            )
