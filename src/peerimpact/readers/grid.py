"""The raw grid of a sheet or text file: its first rows for layout detection, then the rest in chunks.

Workbooks (xlsx/xlsm/xlsb/xls/ods) are read with ``python_calamine.CalamineWorkbook`` directly -- never through
pandas, which costs about twice as long (SPEC §8).  ``to_python()`` (with its default ``skip_empty_area``)
returns the used range from ``sheet.start``, so the Excel row of grid row ``i`` is ``start[0] + 1 + i`` and
the Excel column of grid column ``j`` is ``start[1] + j`` even when the table does not begin at A1.  A tall
sheet's rows come in chunks (:mod:`._sheet_rows`), the same rows.

Text files get the same :class:`Grid` from :mod:`.text_grid`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from typing import Any

import python_calamine

from peerimpact.issues import Issue, PeerimpactError, make_issue
from peerimpact.readers._sheet_rows import first_and_rest, rest_of
from peerimpact.readers.base import CodedColumn
from peerimpact.readers.extent import WorkbookGuard, check_loaded
from peerimpact.readers.sniff import FileKind

__all__ = ["Chunk", "ColumnChunk", "Grid", "open_workbook_grid"]

Row = list[Any]

_HEAD = 4  # rows kept for layout detection (Qualtrics needs 3; one more to tell a header from data)


@dataclass(slots=True)
class ColumnChunk:
    """Rows of a quote-free text block already split into columns (every row as wide as the others).

    ``clean`` is true when no cell is empty or has whitespace at either end, so the cells need no cleaning.
    """

    columns: list[list[Any] | CodedColumn]
    n: int
    clean: bool
    shared: bool = False  # cells already cleaned, each distinct value one shared string (._arrow_text)

    def as_rows(self) -> list[Row]:
        """The same cells row by row (only needed when a header is longer than the first 64 KiB)."""
        return [list(row) for row in zip(*self.columns, strict=True)]


Chunk = list[Row] | ColumnChunk


@dataclass(slots=True)
class Grid:
    """A sheet as rows of raw cells, before any header is interpreted.

    ``head`` holds up to four rows from the first non-blank row on; ``first_row`` is the Excel row number of
    ``head[0]``; ``first_col`` the 0-based sheet column of grid column 0 (for ``column_<letter>`` names).
    :meth:`body` yields the rows after the header rows, in chunks.  Raw cells are calamine values (``""`` when
    empty) or csv strings.  ``merges`` are the sheet's merged ranges, ``((row, col), (row, col))`` 0-based
    sheet positions, where the format records them (xlsx, xls).
    """

    sheet: str | None
    head: list[Row]
    first_row: int
    first_col: int
    text: bool
    encoding: str | None = None
    delimiter: str | None = None
    dedupe: bool = False
    issues: list[Issue] = field(default_factory=list)
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    _buffer: list[Row] = field(default_factory=list)
    _rest: Iterator[Chunk] = field(default_factory=lambda: iter(()))
    #: reads the body after ``skip`` records at ``width`` columns (those in the set as plain text) by another
    #: route, or returns None
    _fast_body: Callable[[int, int, set[int]], tuple[list[list[Any] | CodedColumn], int] | None] | None = None

    def skip_titles(self) -> list[tuple[int, str, bool]]:
        """Drop title rows and metadata blocks above the headings; return each row's Excel row, text, and
        whether it was a metadata row.

        A title row holds one cell of text of two or more words (a merged "Year 9 wellbeing survey" banner),
        or Excel's ``sep=;`` line, and the next non-blank row holds two or more cells: that row, not the
        title, is the header.  (A lone one-word heading such as ``UPN`` over unheaded columns stays the
        header.)  At most three are dropped, with the blank rows after them.

        A metadata block is a run of rows of two cells each, the first a text label (EUSurvey's
        ``Alias | <alias>`` and ``Export Date | <date>``), ending (blank rows aside) in a row that looks like
        headings (:func:`_looks_like_headings`): the block is dropped, up to :data:`_MAX_ABOVE` rows, and each
        row is returned as ``label: value``, marked ``True``.  Without such a heading row under it nothing is dropped, so a
        two-column table keeps its header.
        """
        titles: list[tuple[int, str, bool]] = []
        while len(titles) < 3 and len(self.head) >= 2:
            filled = [v for v in self.head[0] if _has_value(v)]
            following = next((r for r in self.head[1:] if not _is_blank(r)), None)
            if len(filled) != 1 or filled[0].__class__ is not str or following is None:
                break
            text = filled[0].strip()
            if len(text.split()) < 2 and not text.lower().startswith("sep="):
                break
            if sum(map(_has_value, following)) < 2:
                break
            titles.append((self.first_row, text, False))
            self._drop_first_row()
        block = _metadata_block(self._buffer[: _MAX_ABOVE + 1])
        for _ in range(block):
            filled = [str(v).strip() for v in self._buffer[0] if _has_value(v)]
            titles.append((self.first_row, ": ".join(filled), True))
            self._drop_first_row()
        return titles

    def _drop_first_row(self) -> None:
        """Drop the first buffered row and the blank rows after it."""
        k = 1
        while k < len(self._buffer) and _is_blank(self._buffer[k]):
            k += 1
        del self._buffer[:k]
        self.first_row += k
        self.head = self._buffer[:_HEAD]

    def body(self, header_rows: int) -> Iterator[Chunk]:
        """The rows after ``header_rows`` header rows, in chunks (consumable once).

        The first chunk starts at Excel row ``first_row + header_rows``.  A large UTF-8 text file is parsed
        by Arrow (:mod:`._arrow_text`) when it can be read exactly so; the Python reader is the fallback.
        """
        if self._fast_body is not None and self._buffer:
            width = max(map(len, self._buffer))
            sample = self._buffer[header_rows:]
            distinct = {  # columns whose first answers all differ (ids, times, free text): not worth coding
                j
                for j in range(width)
                if len(sample) >= 20 and len({r[j] for r in sample if j < len(r)}) > 0.9 * len(sample)
            }
            fast = self._fast_body(self.first_row - 1 + header_rows, width, distinct)
            if fast is not None:
                self.close()
                columns, n = fast
                self._buffer = []
                yield ColumnChunk(columns, n, clean=True, shared=True)
                return
        first = self._buffer[header_rows:]
        self._buffer = []
        if first:
            yield first
        yield from self._rest

    def close(self) -> None:
        """Release the file a text grid streams from (safe to call twice)."""
        close = getattr(self._rest, "close", None)
        if close is not None:
            close()


#: most rows dropped as a metadata block above the headings
_MAX_ABOVE = 10
_NUMBER = re.compile(r"[-+]?(\d+[.,]?\d*|[.,]\d+)([eE][-+]?\d+)?%?")


def _metadata_block(rows: list[Row]) -> int:
    """How many leading ``rows`` form a metadata block over a heading row (blank rows not counted); 0 if none.

    Each block row holds exactly two cells, the first of them text in the first column (a label and its
    value); the first row with more (blank rows between are allowed) must look like headings and start in the
    first column too.  A one-cell row is never a block row,
    so a lone ``UPN`` heading over unheaded columns stays the header.
    """
    n = 0
    for row in rows:
        if _is_blank(row):
            continue
        filled = [v for v in row if _has_value(v)]
        if not _has_value(row[0]):  # labels and headings start in the first column (not so a merged
            return 0  # two-row header, whose second row is blank under a heading merged down)
        if len(filled) > 2:
            return n if n and _looks_like_headings(filled) else 0
        if len(filled) != 2 or filled[0].__class__ is not str:
            return 0
        n += 1
    return 0


def _looks_like_headings(cells: list[Any]) -> bool:
    """Four or more different cells, each text and none a number: a heading row, not a row of answers."""
    texts = [v.strip() for v in cells if v.__class__ is str]
    return (
        len(cells) >= 4
        and len(texts) == len(cells)
        and len(set(texts)) == len(texts)
        and not any(_NUMBER.fullmatch(t) for t in texts)
    )


def _is_blank(row: Row) -> bool:
    return all(v is None or (v.__class__ is str and not v.strip()) for v in row)


def _has_value(v: Any) -> bool:
    return v is not None and not (v.__class__ is str and not v.strip())


def start_grid(chunks: Iterator[Chunk], row_base: int) -> tuple[list[Row], int, list[Row], Iterator[Chunk]]:
    """Skip leading blank rows and buffer at least ``_HEAD`` rows; returns head, first row, buffer, rest."""
    buffer: list[Row] = []
    skipped = 0
    for item in chunks:
        chunk = item.as_rows() if isinstance(item, ColumnChunk) else item
        if not buffer:
            k = 0
            while k < len(chunk) and _is_blank(chunk[k]):
                k += 1
            skipped += k
            chunk = chunk[k:]
        buffer.extend(chunk)
        if len(buffer) >= _HEAD:
            break
    return buffer[:_HEAD], row_base + skipped, buffer, chunks


# --------------------------------------------------------------------------------------------------- workbooks


def unreadable(file: str, detail: str, sheet: str | None = None) -> PeerimpactError:
    return PeerimpactError(make_issue("file_unreadable", detail, file=file, sheet=sheet))


def _calamine(call: Callable[[], Any], file: str, kind: FileKind, sheet: str | None = None) -> Any:
    """Run one calamine call, turning any failure into ``file_unreadable`` naming the file.

    calamine reports damage as ``CalamineError`` subclasses, but a malformed file can also make its Rust code
    panic, which pyo3 raises as ``PanicException`` -- a ``BaseException`` -- so everything but an interrupt
    is caught here.
    """
    try:
        return call()
    except (KeyboardInterrupt, SystemExit):
        raise
    except python_calamine.PasswordError:
        raise PeerimpactError(
            make_issue("file_password_protected", f"{file} is password-protected", file=file, sheet=sheet)
        ) from None
    except MemoryError:
        raise PeerimpactError(
            make_issue("file_too_large", f"{file} is too large to read into memory", file=file, sheet=sheet)
        ) from None
    except BaseException as exc:
        what = {"xls": "an Excel 97-2003 (.xls) workbook", "ods": "an OpenDocument spreadsheet"}.get(
            kind, "an Excel workbook"
        )
        message = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise unreadable(
            file,
            f"{file} could not be read as {what} ({message}); it may be damaged, truncated or "
            "password-protected",
            sheet,
        ) from None


def _visible_sheets(workbook: Any) -> list[str]:
    return [
        m.name
        for m in workbook.sheets_metadata
        if m.visible == python_calamine.SheetVisibleEnum.Visible
        and m.typ == python_calamine.SheetTypeEnum.WorkSheet
    ]


def _load_sheet(workbook: Any, guard: WorkbookGuard, name: str, file: str, kind: FileKind) -> Any:
    """Load one sheet with calamine, refusing one whose cells would span too large a block (:mod:`.extent`)."""
    guard.check_sheet(name)
    loaded = _calamine(partial(workbook.get_sheet_by_name, name), file, kind, name)
    check_loaded(loaded, file, name)
    return loaded


def _merges(loaded: Any) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The sheet's merged ranges where calamine knows them (xlsx, xls), else none."""
    try:
        return list(loaded.merged_cell_ranges or [])
    except Exception:  # a format without merge records, or damage in them: read without
        return []


def _looks_like_table(rows: list[Row]) -> bool:
    """A row with two or more filled cells among the first non-blank rows, and a non-blank row after it.

    An instructions or cover sheet (one column of sentences) is not a table, so the survey on a later sheet
    is read instead.
    """
    seen = 0
    for i, row in enumerate(rows):
        if _is_blank(row):
            continue
        seen += 1
        if sum(map(_has_value, row)) >= 2:
            return any(not _is_blank(r) for r in rows[i + 1 :])
        if seen >= _HEAD:
            return False
    return False


def _non_blank_rows(rows: list[Row], enough: int) -> int:
    n = 0
    for row in rows:
        if row.count("") != len(row) and not _is_blank(row):
            n += 1
            if n >= enough:
                break
    return n


def _hidden_rows_note(guard: WorkbookGuard, file: str, sheet: str) -> list[Issue]:
    """A ``hidden_rows`` warning when the sheet hides rows (an Excel filter): they are read like the others."""
    hidden = guard.hidden_rows(sheet)
    if not hidden:
        return []
    shown = ", ".join(map(str, hidden[:5])) + (f" and {len(hidden) - 5:,} more" if len(hidden) > 5 else "")
    return [
        make_issue(
            "hidden_rows",
            f"sheet {sheet!r} of {file} hides {len(hidden):,} row(s) (rows {shown}), as an Excel filter does; "
            "they were read and scored like the others",
            file=file,
            sheet=sheet,
            row=hidden[0],
            value=len(hidden),
        )
    ]


def open_workbook_grid(path: str, file: str, kind: FileKind, sheet: str | None) -> Grid:
    """Open one sheet of a workbook as a :class:`Grid`.

    Which sheet: ``sheet`` if given (an unknown name raises ``sheet_not_found`` listing the names, hidden
    ones included); else the first visible worksheet that looks like a table (a row of two or more headings
    with a row under it -- so a cover or instructions sheet of sentences is passed over), else the first
    visible one with two non-blank rows, else the first with anything in it.  When the workbook has several
    sheets a ``sheet_chosen`` note says which one was read.  Each sheet is checked by
    :class:`~peerimpact.readers.extent.WorkbookGuard` before calamine loads it.
    """
    with open(path, "rb") as fh:
        guard = WorkbookGuard(fh, file, kind)
        guard.check_before_open()
        fh.seek(0)
        workbook = _calamine(partial(python_calamine.CalamineWorkbook.from_filelike, fh), file, kind)
        names: list[str] = _calamine(lambda: list(workbook.sheet_names), file, kind)
        issues: list[Issue] = []
        if sheet is not None:
            if sheet not in names:
                listed = ", ".join(repr(n) for n in names)
                raise PeerimpactError(
                    make_issue(
                        "sheet_not_found",
                        f"{file} has no sheet {sheet!r}; its sheets are {listed}",
                        file=file,
                        sheet=sheet,
                    )
                )
            chosen = sheet
            loaded = _load_sheet(workbook, guard, sheet, file, kind)
            rows, rest = _calamine(partial(first_and_rest, loaded), file, kind, sheet)
        else:
            visible = _visible_sheets(workbook)
            chosen, loaded, rows, rest = "", None, [], iter(())
            fallback: tuple[str, Any, list[Row]] | None = None
            fallback_rank = 0
            for name in visible:
                candidate = _load_sheet(workbook, guard, name, file, kind)
                cand_rows, cand_rest = _calamine(partial(first_and_rest, candidate), file, kind, name)
                if _looks_like_table(cand_rows):  # found in the first chunk: so it is in the whole sheet
                    chosen, loaded, rows, rest = name, candidate, cand_rows, cand_rest
                    break
                cand_rows = rest_of(cand_rows, cand_rest)  # not decided by a first chunk: the whole sheet
                if _looks_like_table(cand_rows):
                    chosen, loaded, rows = name, candidate, cand_rows
                    break
                rank = _non_blank_rows(cand_rows, 2)  # 2: a header and a row; 1: anything at all
                if rank > fallback_rank:
                    fallback, fallback_rank = (name, candidate, cand_rows), rank
            else:
                if fallback is None:
                    hidden = [n for n in names if n not in visible]
                    extra = f" (hidden sheets: {', '.join(repr(n) for n in hidden)})" if hidden else ""
                    raise PeerimpactError(
                        make_issue("file_empty", f"{file} has no data in any visible sheet{extra}", file=file)
                    )
                chosen, loaded, rows = fallback
            if len(names) > 1:
                others = ", ".join(repr(n) for n in names if n != chosen)
                issues.append(
                    make_issue(
                        "sheet_chosen",
                        f"read sheet {chosen!r} of {file}, the first with answers; the other sheets "
                        f"({others}) were not read",
                        file=file,
                        sheet=chosen,
                    )
                )
        issues += _hidden_rows_note(guard, file, chosen)
        start = getattr(loaded, "start", None) or (0, 0)
        merges = _merges(loaded)
    head, first_row, buffer, rest = start_grid(chain([rows], rest), int(start[0]) + 1)
    return Grid(
        sheet=chosen,
        head=head,
        first_row=first_row,
        first_col=int(start[1]),
        text=False,
        issues=issues,
        merges=merges,
        _buffer=buffer,
        _rest=rest,
    )
