"""A workbook sheet's :class:`~peerimpact.readers.grid.Grid`, read with ``python_calamine`` (SPEC §3, §8).

``python_calamine.CalamineWorkbook`` is used directly -- never through pandas, which costs about twice as long.
The sheet is the one named, else the first visible sheet that looks like a table; merged header cells, hidden
rows and a damaged file are reported here, each naming the file and sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from itertools import chain
from typing import Any

import python_calamine

from peerimpact.issues import Issue, PeerimpactError, make_issue
from peerimpact.readers._sheet_rows import first_and_rest, rest_of
from peerimpact.readers.extent import WorkbookGuard, check_loaded
from peerimpact.readers.grid import HEAD_ROWS, Grid, Row, has_value, is_blank, start_grid, unreadable
from peerimpact.readers.sniff import FileKind

__all__ = ["open_workbook_grid"]


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
        if is_blank(row):
            continue
        seen += 1
        if sum(map(has_value, row)) >= 2:
            return any(not is_blank(r) for r in rows[i + 1 :])
        if seen >= HEAD_ROWS:
            return False
    return False


def _non_blank_rows(rows: list[Row], enough: int) -> int:
    n = 0
    for row in rows:
        if row.count("") != len(row) and not is_blank(row):
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
