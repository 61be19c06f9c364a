"""Excel 97-2003 (.xls) extent scanning for :mod:`peerimpact.readers.extent`: each sheet's cells, from BIFF records.

calamine builds an .xls sheet as one dense block too, so a 9 KB file with one stray number at IV65536 asked
for 16.7 million cells (1.0 GB, 10 s).  The block is found here before calamine loads the sheet: the
``Workbook`` stream is taken out of the OLE2 (MS-CFB) container -- header, FAT, directory, and the mini stream
for a stream under the cut-off -- and its BIFF8 records are walked once: ``BOUNDSHEET`` gives each sheet's name
and offset, and every cell record (number, text, formula, RK, MULRK, boolean/error) its row and column.
``BLANK``/``MULBLANK`` (formatting only) are not cells to calamine and are not counted here.

Anything unexpected (an older BIFF version, a damaged chain) returns ``None``: calamine then reads the file and
reports damage itself.  Every chain is bounded by the number of sectors, so a looping FAT cannot hang.
"""

from __future__ import annotations

import struct

from peerimpact.readers._extent_base import Extent

__all__ = ["scan_xls"]

_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
#: cell records whose first four bytes are row, column: NUMBER, LABEL, LABELSST, RK, FORMULA, BOOLERR, RSTRING
_CELLS = frozenset({0x0203, 0x0204, 0x00FD, 0x027E, 0x0006, 0x0205, 0x00D6})
_MULRK = 0x00BD
_BOF, _EOF, _BOUNDSHEET = 0x0809, 0x000A, 0x0085


def _chain(start: int, table: list[int], limit: int) -> list[int]:
    out: list[int] = []
    sector = start
    while sector not in (_END, _FREE) and len(out) <= limit:
        if sector >= len(table):
            raise ValueError("chain leaves the table")
        out.append(sector)
        sector = table[sector]
    if len(out) > limit:
        raise ValueError("looping chain")
    return out


def _workbook_stream(data: bytes) -> bytes | None:
    """The ``Workbook`` (or BIFF5 ``Book``) stream of an OLE2 file, or ``None`` when there is none."""
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if not 7 <= shift <= 16 or mini_shift > shift:
        raise ValueError("bad sector size")
    size = 1 << shift
    n_sectors = max(len(data) // size - 1, 0)
    (dir_start,) = struct.unpack_from("<I", data, 0x30)
    cutoff, minifat_start = struct.unpack_from("<II", data, 0x38)
    difat_start, n_difat = struct.unpack_from("<II", data, 0x44)

    def sector(k: int) -> bytes:
        if k >= n_sectors:
            raise ValueError("sector beyond the file")
        return data[(k + 1) * size : (k + 2) * size]

    fat_sectors = [k for k in struct.unpack_from("<109I", data, 0x4C) if k not in (_FREE, _END)]
    next_difat, seen = difat_start, 0
    while next_difat not in (_FREE, _END) and seen <= n_difat and seen <= n_sectors:
        entries = struct.unpack(f"<{size // 4}I", sector(next_difat))
        fat_sectors += [k for k in entries[:-1] if k not in (_FREE, _END)]
        next_difat, seen = entries[-1], seen + 1
    fat = list(struct.unpack(f"<{len(fat_sectors) * size // 4}I", b"".join(map(sector, fat_sectors))))

    def read(start: int) -> bytes:
        return b"".join(map(sector, _chain(start, fat, n_sectors)))

    directory = read(dir_start)
    records = [directory[k : k + 128] for k in range(0, len(directory) - 127, 128)]
    root = records[0] if records else b""
    for entry in records:
        name_len = min(struct.unpack_from("<H", entry, 64)[0], 64)
        name = entry[: max(name_len - 2, 0)].decode("utf-16-le", "replace")
        if entry[66] != 2 or name not in ("Workbook", "Book"):
            continue
        start, length = struct.unpack_from("<II", entry, 116)
        if length >= cutoff:
            return read(start)[:length]
        mini_stream = read(struct.unpack_from("<I", root, 116)[0])
        minifat_bytes = read(minifat_start)
        minifat = list(struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes))
        mini = 1 << mini_shift
        chain = _chain(start, minifat, len(minifat))
        return b"".join(mini_stream[k * mini : (k + 1) * mini] for k in chain)[:length]
    return None


def scan_xls(data: bytes) -> dict[str, Extent] | None:
    """Sheet name → the block of its cells (0-based), or ``None`` when the file cannot be walked here."""
    try:
        stream = _workbook_stream(data)
        if stream is None:
            return None
        return _scan_biff(stream)
    except (ValueError, struct.error, IndexError, UnicodeDecodeError):
        return None


def _scan_biff(stream: bytes) -> dict[str, Extent] | None:
    """Walk the BIFF8 records once.  Cell positions go into two plain lists per sheet and are reduced at the
    sheet's EOF (a method call per cell tripled the walk's cost)."""
    sheets: dict[int, str] = {}  # BOF offset -> sheet name
    extents: dict[str, Extent] = {}
    name: str | None = None
    rows: list[int] = []
    cols: list[int] = []
    present = 0
    pos, end = 0, len(stream)
    unpack = struct.unpack_from
    cells = _CELLS

    def close() -> None:
        if name is not None and rows:
            extent = extents.setdefault(name, Extent())
            extent.add(min(rows), max(rows), min(cols), max(cols), present=present)

    while pos + 8 <= end:
        kind, length, a, b = unpack("<HHHH", stream, pos)
        if kind in cells:
            if name is not None and length >= 4:
                rows.append(a)
                cols.append(b)
                present += 1
        elif kind == _MULRK:
            if name is not None and length >= 6:
                (last,) = unpack("<H", stream, pos + 4 + length - 2)
                rows.append(a)
                cols += (b, max(b, last))
                present += max(last - b + 1, 1)
        elif kind == _BOUNDSHEET:
            if length >= 8:
                body = pos + 4
                offset = unpack("<I", stream, body)[0]
                count, high = stream[body + 6], stream[body + 7]
                raw = stream[body + 8 : body + 8 + (2 * count if high & 1 else count)]
                sheets[offset] = raw.decode("utf-16-le" if high & 1 else "latin-1", "replace")
        elif kind == _BOF:
            if length >= 4 and a != 0x0600:
                return None  # BIFF5 or older: leave it to calamine
            close()
            name, rows, cols, present = sheets.get(pos), [], [], 0
            if name is not None:
                extents.setdefault(name, Extent())
        elif kind == _EOF:
            close()
            name, rows, cols, present = None, [], [], 0
        pos += 4 + length
    close()
    return extents
