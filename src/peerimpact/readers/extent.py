"""Workbooks whose sheets would cost far more memory than they hold: refused before calamine sees them.

calamine builds a sheet as one dense block from its top-left to its bottom-right non-empty cell
(``Range::from_sparse``), and reserves its shared-string table from the count an xlsx declares.  So a 3 KB
xlsx with values in A1 and XFD1048576 asks for 17 billion cells (512 GiB), and one whose ``<sst
uniqueCount="4000000000">`` for 96 GB: the allocation fails inside Rust, which aborts the whole process -- no
exception, no message, exit status 134 -- or, a little smaller, it succeeds and the machine swaps.  An 850-byte
ODS can repeat one row of values into 20 million cells (``table:number-rows-repeated``: 2 GB, 8 s).  No zip
check catches these: nothing in them expands much.

:class:`WorkbookGuard` bounds what calamine will build, before it builds it:

* before the file is opened (:meth:`~WorkbookGuard.check_before_open`): an XML part that declares a DTD is
  refused (Excel and LibreOffice never write one; entity bombs are made of them -- calamine expands no
  entities, so this only makes the message plain); the shared-string table may not claim more strings than
  its part has room for (13 bytes each, ``<si><t/></si>``); every ODS table is walked with its row and column
  repeats (trailing empty ones, which LibreOffice writes by the million and calamine drops, ignored) and may
  not repeat itself past 2,000,000 cells at more than 20 cells per byte of ``content.xml``;
* before each xlsx/xlsm sheet is loaded (:meth:`~WorkbookGuard.check_sheet`): the sheet's XML is inflated
  once (its declared size is a hard limit, enforced by both zip readers) and every ``<c r="…">`` reference
  decoded with numpy, 4 MiB at a time -- columns exactly, rows by their number of digits, which settles any
  sheet of under 1,000,000 rows and 26 columns; a larger bound gets a second pass with exact rows.  About
  0.3 s for a 100,000 × 15 sheet (53 MB of XML; calamine takes about 1.5 s to read it).  A cell without a
  leading ``r`` attribute (placed by counting, as calamine does), a malformed reference or a namespace prefix
  sends the sheet to :func:`_walk_xlsx`, which follows calamine's placement rules tag by tag (slower, but no
  common writer produces such files);
* before an .xls file is opened (calamine reads all its sheets then): its BIFF cell records are walked
  (:mod:`._extent_xls`);
* a sheet whose block is larger than :data:`~._extent_base.SPARSE_FLOOR` cells and mostly empty (fewer than 1
  cell in :data:`~._extent_base.SPARSE_RATIO` present: a stray keystroke at Z1048576) is refused too -- the
  block costs calamine about 32 bytes a cell whatever it holds;
* after any sheet is loaded, xls/xlsb included (:func:`check_loaded`): the block's size, before it is turned
  into Python objects (about 80 bytes a cell).  An .xls sheet holds at most 65,536 × 256 cells anyway.

A sheet may span at most :data:`MAX_CELLS` cells -- every row Excel allows, columns A to Z; a real survey of
1,000,000 rows by 20 columns fits.  Anything larger is ``file_too_large``, naming the far cell.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from peerimpact.issues import PeerimpactError, make_issue
from peerimpact.readers._extent_base import CHUNK, MAX_CELLS, SPARSE_RATIO, Extent
from peerimpact.readers._extent_other import walk_ods
from peerimpact.readers._extent_xls import scan_xls
from peerimpact.readers._extent_xlsx import scan_xlsx, sheet_parts

__all__ = ["MAX_CELLS", "WorkbookGuard", "check_loaded"]

_SI_BYTES = 13  # the smallest shared string, <si><t/></si>
#: an ODS sheet may repeat its cells into more than this many only at up to this many cells per byte of content
_ODS_FLOOR = 2_000_000
_ODS_RATIO = 20
_SST_COUNT = re.compile(rb'uniqueCount\s*=\s*["\']\s*(\d+)')


def _repeats_too_many(file: str, sheet: str, extent: Extent, size: int) -> PeerimpactError:
    return PeerimpactError(
        make_issue(
            "file_too_large",
            f"sheet {sheet!r} of {file} repeats its cells into {extent.cells:,} (as far as cell "
            f"{extent.far_cell}) from {size:,} bytes of content; a real export is not built this way",
            file=file,
            sheet=sheet,
        )
    )


def _too_large(file: str, sheet: str, extent: Extent) -> PeerimpactError:
    rows = extent.max_row - extent.min_row + 1
    cols = extent.max_col - extent.min_col + 1
    return PeerimpactError(
        make_issue(
            "file_too_large",
            f"sheet {sheet!r} of {file} reaches cell {extent.far_cell}: {rows:,} rows × {cols:,} columns "
            f"would be read ({extent.cells:,} cells; the limit is {MAX_CELLS:,}). If the answers fill a "
            "small corner, delete what is far from them (or copy the answers into a new workbook)",
            file=file,
            sheet=sheet,
        )
    )


def _too_sparse(file: str, sheet: str, extent: Extent) -> PeerimpactError:
    return PeerimpactError(
        make_issue(
            "file_too_large",
            f"sheet {sheet!r} of {file} reaches cell {extent.far_cell} but holds only {extent.present:,} "
            f"cells: reading it would mean a block of {extent.cells:,} cells, mostly empty (at least 1 in "
            f"{SPARSE_RATIO} must be filled). Something was typed far from the answers: in Excel, Ctrl+End "
            "goes to it; delete it, or copy the answers into a new workbook",
            file=file,
            sheet=sheet,
        )
    )


def check_loaded(loaded: Any, file: str, sheet: str) -> None:
    """Refuse a sheet calamine has loaded whose block is too large to turn into Python objects."""
    height, width = int(loaded.height), int(loaded.width)
    if height * width > MAX_CELLS:
        start = getattr(loaded, "start", None) or (0, 0)
        extent = Extent()
        extent.add(int(start[0]), int(start[0]) + height - 1, int(start[1]), int(start[1]) + width - 1)
        raise _too_large(file, sheet, extent)


class WorkbookGuard:
    """Checks one xlsx/xlsm/ods file's parts before calamine opens it (see the module docstring).

    Use :meth:`check_before_open` before calamine opens the file and :meth:`check_sheet` before it loads a
    sheet.  A part that cannot be found or read is left to calamine, which reports the damage.
    """

    def __init__(self, fh: IO[bytes], file: str, kind: str) -> None:
        self.file = file
        self.kind = kind
        self._zip: zipfile.ZipFile | None = None
        self._parts: dict[str, str] | None = None
        self._fh = fh
        self._hidden: dict[str, set[int]] = {}
        if kind in ("xlsx", "ods"):
            try:
                self._zip = zipfile.ZipFile(fh)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError):
                self._zip = None

    # --------------------------------------------------------------------------------------- before opening

    def check_before_open(self) -> None:
        """Checks that must run before calamine opens the file (it reads these parts on opening).

        A part declaring a DTD is refused (Excel and LibreOffice never write one; it is how "billion laughs"
        entity bombs are built -- calamine expands no entities, but the message should say what the file
        is); the shared-string table may not claim more strings than its part can hold; and every ODS table
        is bounded, since calamine builds all of them on opening.
        """
        if self.kind == "xls":
            self._check_xls()
        if self._zip is None:
            return
        for info in self._zip.infolist():
            if not info.filename.lower().endswith((".xml", ".rels")):
                continue
            head = self._read_head(info, 2048)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise PeerimpactError(
                    make_issue(
                        "file_unreadable",
                        f"{self.file} is not a genuine spreadsheet: its part {info.filename!r} declares XML "
                        "entities (a DTD), which Excel never writes and which is how 'billion laughs' files "
                        "are built; it was not opened",
                        file=self.file,
                    )
                )
            if self.kind == "xlsx" and info.filename.lower().endswith("sharedstrings.xml"):
                self._check_strings(info, head)
        if self.kind == "ods" and "content.xml" in self._zip.namelist():
            content = self._zip.getinfo("content.xml")
            try:
                tables = walk_ods(self._blocks(content))
            except Exception:  # damage is calamine's to report
                return
            for name, extent in tables.items():
                self._check_ods_table(name, extent, content.file_size)

    def _check_strings(self, info: zipfile.ZipInfo, head: bytes) -> None:
        """Refuse a shared-string table that claims more strings than its part could hold."""
        start = head.find(b"<sst")
        end = head.find(b">", start)
        if start < 0 or end < 0:
            return
        room = info.file_size // _SI_BYTES + 1
        for value in _SST_COUNT.findall(head[start:end]):
            if int(value) > room:
                raise PeerimpactError(
                    make_issue(
                        "file_unreadable",
                        f"{self.file} is damaged: its table of text claims {int(value):,} entries but has "
                        f"room for at most {room:,}; open it in Excel and save it again",
                        file=self.file,
                    )
                )

    def _check_ods_table(self, name: str, extent: Extent, size: int) -> None:
        if extent.cells > _ODS_FLOOR and extent.cells > _ODS_RATIO * size:
            raise _repeats_too_many(self.file, name, extent, size)
        if extent.cells > MAX_CELLS:
            raise _too_large(self.file, name, extent)

    def _read_head(self, info: zipfile.ZipInfo, size: int) -> bytes:
        assert self._zip is not None
        try:
            with self._zip.open(info) as part:
                return part.read(size)
        except Exception:  # damage is calamine's to report
            return b""

    # --------------------------------------------------------------------------------------- sheets

    def check_sheet(self, name: str) -> None:
        """Refuse xlsx sheet ``name`` when its cells span more than :data:`MAX_CELLS` (module docstring).

        The sheet is found through the workbook part and its relationships; when they cannot be read (a DTD,
        say) every XML part is checked instead, so a damaged map can never switch the check off.  ODS tables
        were checked by :meth:`check_before_open`.
        """
        if self._zip is None or self.kind != "xlsx":
            return
        try:
            parts = self._sheet_parts()
            chosen = [parts[name]] if parts is not None and name in parts else self._xml_parts()
            extent = Extent()
            for part in chosen:
                found = scan_xlsx(self._zip, self._zip.getinfo(part))
                self._hidden.setdefault(name, set()).update(found.hidden)
                if found.cells:
                    extent.add(found.min_row, found.max_row, found.min_col, found.max_col, found.present)
        except Exception:  # a part that cannot be found or inflated: calamine reports the damage
            return
        if extent.cells > MAX_CELLS:
            raise _too_large(self.file, name, extent)
        if extent.sparse:
            raise _too_sparse(self.file, name, extent)

    def _check_xls(self) -> None:
        """Refuse an .xls file with a sheet whose cells span a large, mostly empty block (:mod:`._extent_xls`).

        calamine reads every sheet of an .xls file when it opens it, so all are checked before it does.
        """
        self._fh.seek(0)
        for name, extent in (scan_xls(self._fh.read(256 << 20)) or {}).items():
            if extent.sparse:
                raise _too_sparse(self.file, name, extent)

    def hidden_rows(self, name: str) -> list[int]:
        """The Excel rows xlsx sheet ``name`` hides (``<row … hidden="1">``: a filter, or rows hidden by hand),
        found by :meth:`check_sheet`'s scan; calamine reads them like any other, so the caller says so."""
        return sorted(self._hidden.get(name, ()))

    def _xml_parts(self) -> list[str]:
        assert self._zip is not None
        return [n for n in self._zip.namelist() if n.lower().endswith(".xml")]

    def _blocks(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        assert self._zip is not None
        with self._zip.open(info) as part:
            while block := part.read(CHUNK):
                yield block

    def _sheet_parts(self) -> dict[str, str] | None:
        """Sheet name → worksheet part, from the workbook part and its relationships (None: unreadable)."""
        if self._parts is None and self._zip is not None:
            try:
                self._parts = sheet_parts(self._zip)
            except Exception:
                return None
        return self._parts
