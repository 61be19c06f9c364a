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
* after any sheet is loaded, xls/xlsb included (:func:`check_loaded`): the block's size, before it is turned
  into Python objects (about 80 bytes a cell).  An .xls sheet holds at most 65,536 × 256 cells anyway.

A sheet may span at most :data:`MAX_CELLS` cells -- every row Excel allows, columns A to Z; a real survey of
1,000,000 rows by 20 columns fits.  Anything larger is ``file_too_large``, naming the far cell.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from peerimpact.issues import PeerimpactError, make_issue

__all__ = ["MAX_CELLS", "WorkbookGuard", "check_loaded"]

#: the largest block of cells a sheet may span: 1,048,576 rows × 26 columns (about 0.9 GB inside calamine)
MAX_CELLS = 1_048_576 * 26
_CHUNK = 4 << 20
_OVERLAP = 64  # bytes carried into the next block, so a tag cut by the block boundary is seen whole
_REF_BYTES = 12  # a reference is at most 3 letters + 7 digits, then its closing quote
_SI_BYTES = 13  # the smallest shared string, <si><t/></si>
#: an ODS sheet may repeat its cells into more than this many only at up to this many cells per byte of content
_ODS_FLOOR = 2_000_000
_ODS_RATIO = 20
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_ATTR_R = re.compile(rb'(?:^|\s)r\s*=\s*["\']([^"\']*)["\']')
_REF = re.compile(rb"([A-Za-z]*)([0-9]+)")
_SST_COUNT = re.compile(rb'uniqueCount\s*=\s*["\']\s*(\d+)')
_ODS_TAG = re.compile(rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*)>")
_ODS_ROWS = re.compile(rb'number-rows-repeated\s*=\s*"(\d+)"')
_ODS_COLS = re.compile(rb'number-columns-repeated\s*=\s*"(\d+)"')
_ODS_NAME = re.compile(rb'table:name\s*=\s*"([^"]*)"')


def _letters(col: int) -> str:
    s = ""
    col += 1
    while col:
        col, r = divmod(col - 1, 26)
        s = chr(65 + r) + s
    return s


class _Extent:
    """The smallest block holding every cell seen so far (0-based rows and columns)."""

    __slots__ = ("max_col", "max_row", "min_col", "min_row")

    def __init__(self) -> None:
        self.min_row = self.min_col = 1 << 62
        self.max_row = self.max_col = -1

    def add(self, min_row: int, max_row: int, min_col: int, max_col: int) -> None:
        self.min_row = min(self.min_row, min_row)
        self.max_row = max(self.max_row, max_row)
        self.min_col = min(self.min_col, min_col)
        self.max_col = max(self.max_col, max_col)

    @property
    def cells(self) -> int:
        if self.max_row < 0:
            return 0
        return (self.max_row - self.min_row + 1) * (self.max_col - self.min_col + 1)

    @property
    def far_cell(self) -> str:
        return f"{_letters(self.max_col)}{self.max_row + 1}"


def _repeats_too_many(file: str, sheet: str, extent: _Extent, size: int) -> PeerimpactError:
    return PeerimpactError(
        make_issue(
            "file_too_large",
            f"sheet {sheet!r} of {file} repeats its cells into {extent.cells:,} (as far as cell "
            f"{extent.far_cell}) from {size:,} bytes of content; a real export is not built this way",
            file=file,
            sheet=sheet,
        )
    )


def _too_large(file: str, sheet: str, extent: _Extent) -> PeerimpactError:
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


def check_loaded(loaded: Any, file: str, sheet: str) -> None:
    """Refuse a sheet calamine has loaded whose block is too large to turn into Python objects."""
    height, width = int(loaded.height), int(loaded.width)
    if height * width > MAX_CELLS:
        start = getattr(loaded, "start", None) or (0, 0)
        extent = _Extent()
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
                tables = _walk_ods(self._blocks(content))
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

    def _check_ods_table(self, name: str, extent: _Extent, size: int) -> None:
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
            extent = _Extent()
            for part in chosen:
                found = _scan_xlsx(self._zip, self._zip.getinfo(part))
                if found.cells:
                    extent.add(found.min_row, found.max_row, found.min_col, found.max_col)
        except Exception:  # a part that cannot be found or inflated: calamine reports the damage
            return
        if extent.cells > MAX_CELLS:
            raise _too_large(self.file, name, extent)

    def _xml_parts(self) -> list[str]:
        assert self._zip is not None
        return [n for n in self._zip.namelist() if n.lower().endswith(".xml")]

    def _blocks(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        assert self._zip is not None
        with self._zip.open(info) as part:
            while block := part.read(_CHUNK):
                yield block

    def _sheet_parts(self) -> dict[str, str] | None:
        """Sheet name → worksheet part, from the workbook part and its relationships (None: unreadable)."""
        if self._parts is None and self._zip is not None:
            try:
                self._parts = _sheet_parts(self._zip)
            except Exception:
                return None
        return self._parts


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    from defusedxml import ElementTree

    names = set(zf.namelist())
    workbook = "xl/workbook.xml"
    for rel in ElementTree.fromstring(zf.read("_rels/.rels")):
        if rel.get("Type", "").endswith("/officeDocument"):
            workbook = rel.get("Target", workbook).lstrip("/")
    folder = posixpath.dirname(workbook)
    rels_name = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
    targets: dict[str, str] = {}
    for rel in ElementTree.fromstring(zf.read(rels_name)):
        target = rel.get("Target", "")
        path = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        targets[rel.get("Id", "")] = path
    parts: dict[str, str] = {}
    for element in ElementTree.fromstring(zf.read(workbook)).iter():
        if element.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = element.get(f"{{{_OFFICE_REL}}}id") or ""
        part = targets.get(rid)
        if part and part in names:
            parts[element.get("name", "")] = part
    return parts


# ------------------------------------------------------------------------------------------------- xlsx


class _Undecodable(Exception):
    """A block whose cells the vectorised decoder cannot place; the sheet is walked instead."""


def _scan_xlsx(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> _Extent:
    """The extent of a worksheet part's cells: numpy over ``<c r="…"`` references, else :func:`_walk_xlsx`.

    The first pass decodes columns exactly but bounds rows by their number of digits (a sheet of under
    1,000,000 rows and 26 columns needs nothing more); only when that bound is too large does a second pass
    decode the rows too.
    """
    extent = _pass_xlsx(zf, info, exact_rows=False)
    if extent is not None and extent.cells > MAX_CELLS:
        extent = _pass_xlsx(zf, info, exact_rows=True)
    return extent if extent is not None else _walk_xlsx(zf, info)


def _pass_xlsx(zf: zipfile.ZipFile, info: zipfile.ZipInfo, *, exact_rows: bool) -> _Extent | None:
    import numpy as np

    extent = _Extent()
    positions = np.arange(_REF_BYTES)
    tail = b""
    with zf.open(info) as part:
        while block := part.read(_CHUNK):
            data = tail + block
            tail = data[-_OVERLAP:]
            try:
                found = _decode_refs(data, positions, final=len(block) < _CHUNK, exact_rows=exact_rows)
            except _Undecodable:
                return None
            if found is not None:
                extent.add(*found)
    return extent


def _decode_refs(
    data: bytes, positions: Any, *, final: bool, exact_rows: bool
) -> tuple[int, int, int, int] | None:
    """Min/max row and column (0-based) of the cells in one block, ``None`` when it has none.

    A cell is ``<c`` then a space, tab, line break, ``>`` or ``/``; it must go on `` r="`` + 1-3 letters +
    1-7 digits + ``"``, else :class:`_Undecodable` is raised (as for a ``:c`` element, with a namespace
    prefix).  Cells near the block's end are left to the next block, which starts :data:`_OVERLAP` bytes
    earlier, so each is decoded whole; some are seen twice, which cannot change a minimum or maximum.  Without
    ``exact_rows`` the rows are bounds from their number of digits (a 6-digit row lies in 100,000-999,999).
    """
    import numpy as np

    a = np.frombuffer(data, np.uint8)
    limit = max(a.size if final else a.size - _OVERLAP // 2, 1)
    tag = np.flatnonzero((a[: limit - 1] == 60) & (a[1:limit] == 99))  # "<c"
    tag = tag[tag + 6 + _REF_BYTES < a.size]
    after = a[tag + 2]
    cells = tag[(after == 32) | (after == 9) | (after == 10) | (after == 13) | (after == 62) | (after == 47)]
    if b":c" in data:  # a cell element with a namespace prefix, <x:c …>?
        colons = np.flatnonzero(a == 58)
        colons = colons[colons + 2 < a.size]
        if ((a[colons + 1] == 99) & np.isin(a[colons + 2], (9, 10, 13, 32, 47, 62))).any():
            raise _Undecodable
    if not cells.size:
        return None
    r_first = (a[cells + 2] == 32) & (a[cells + 3] == 114) & (a[cells + 4] == 61) & (a[cells + 5] == 34)
    if not r_first.all():
        raise _Undecodable
    refs = np.lib.stride_tricks.sliding_window_view(a, _REF_BYTES)[cells + 6]  # n × 12 bytes after r="
    upper = (refs - np.uint8(65)) < 26  # unsigned: bytes below 'A' wrap round to large values
    lower = (refs - np.uint8(97)) < 26
    letter = upper | lower
    digit = (refs - np.uint8(48)) < 10
    n_letters = np.argmin(letter, axis=1)
    end = np.argmin(letter | digit, axis=1)
    n_digits = end - n_letters
    closed = refs[np.arange(refs.shape[0]), end] == 34
    if not ((n_letters >= 1) & (n_letters <= 3) & (n_digits >= 1) & (n_digits <= 7) & closed).all():
        raise _Undecodable
    first = refs[:, 0].astype(np.int64)
    col = np.where(first >= 97, first - 96, first - 64)
    for k in (1, 2):  # two- and three-letter columns (AA = 27, …): only those cells are touched
        more = np.flatnonzero(n_letters > k)
        if more.size:
            c = refs[more, k].astype(np.int64)
            col[more] = col[more] * 26 + np.where(c >= 97, c - 96, c - 64)
    if not exact_rows:
        low, high = int(n_digits.min()), int(n_digits.max())
        return 10 ** (low - 1) - 1, 10**high - 2, int(col.min()) - 1, int(col.max()) - 1
    digits = np.take_along_axis(refs, np.minimum(n_letters[:, None] + positions[:7], _REF_BYTES - 1), axis=1)
    digits = (digits - np.uint8(48)).astype(np.int64).T  # 7 × n, contiguous per position
    row = np.zeros(refs.shape[0], np.int64)
    for k in range(7):
        row = np.where(k < n_digits, row * 10 + digits[k], row)
    return int(row.min()) - 1, int(row.max()) - 1, int(col.min()) - 1, int(col.max()) - 1


def _walk_xlsx(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> _Extent:
    """Place every cell as calamine does, tag by tag (``xlsx/cells_reader.rs``, ``next_cell``).

    A ``<row>`` start tag with ``r`` sets the row; a row's end tag moves to the next row and column A; a
    ``<c>`` start tag with ``r`` is placed there, else at the current row and column; each cell moves the
    column on by one.  Self-closing ``<row/>`` and ``<c/>`` are not seen by calamine (they hold nothing).
    Cells with no value are counted too, so the extent can only be too large, never too small.  Stops as soon
    as the extent passes :data:`MAX_CELLS`.
    """
    extent = _Extent()
    row = col = 0
    carry = b""
    with zf.open(info) as part:
        while block := part.read(_CHUNK):
            data = carry + block
            cut = data.rfind(b"<")
            data, carry = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            for closing, name, attrs in _TAG.findall(data):
                if closing:
                    if name == b"row":
                        row, col = row + 1, 0
                    continue
                if attrs.rstrip().endswith(b"/"):
                    continue
                ref = _ATTR_R.search(attrs)
                if name == b"row":
                    if ref and (m := _REF.fullmatch(ref.group(1).strip())):
                        row = int(m.group(2)) - 1
                    continue
                r, c = row, col
                if ref and (m := _REF.fullmatch(ref.group(1).strip())):
                    r = int(m.group(2)) - 1
                    c = _column(m.group(1)) if m.group(1) else col
                col = c + 1
                extent.add(r, r, c, c)
            if extent.cells > MAX_CELLS:
                break
    return extent


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n - 1


# ------------------------------------------------------------------------------------------------- ods


def _walk_ods(blocks: Iterator[bytes]) -> dict[str, _Extent]:
    """The extent calamine gives each table of an ODS ``content.xml``, repeats included.

    A cell counts when it has a value type or content (a start tag that is not self-closing); the rows and
    columns it is repeated over count with it.  Empty cells and rows at the end of a row or table are
    ignored, as calamine ignores them.  Stops once a table passes :data:`MAX_CELLS`.
    """
    tables: dict[str, _Extent] = {}
    extent = _Extent()
    row = col = 0
    row_repeat = 1
    carry = b""
    for block in blocks:
        data = carry + block
        cut = data.rfind(b"<")
        data, carry = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
        for closing, name, attrs in _ODS_TAG.findall(data):
            if name == b"table":
                if not closing:
                    found = _ODS_NAME.search(attrs)
                    title = _unescape(found.group(1)).decode("utf-8", "replace") if found else ""
                    extent = tables.setdefault(title, _Extent())
                    row = 0
                continue
            if name == b"table-row":
                if closing:
                    row += row_repeat
                    continue
                repeats = _ODS_ROWS.search(attrs)
                row_repeat = int(repeats.group(1)) if repeats else 1
                col = 0
                if attrs.rstrip().endswith(b"/"):
                    row += row_repeat
                continue
            if closing:
                continue
            repeats = _ODS_COLS.search(attrs)
            span = int(repeats.group(1)) if repeats else 1
            if not attrs.rstrip().endswith(b"/") or b"value-type" in attrs:
                extent.add(row, row + row_repeat - 1, col, col + span - 1)
                if extent.cells > MAX_CELLS:
                    return tables
            col += span
    return tables


def _unescape(name: bytes) -> bytes:
    for entity, char in (
        (b"&lt;", b"<"),
        (b"&gt;", b">"),
        (b"&quot;", b'"'),
        (b"&apos;", b"'"),
        (b"&amp;", b"&"),
    ):
        name = name.replace(entity, char)
    return name
