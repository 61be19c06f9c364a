"""Write the bad-input corpus: one small file per way a school's export can go wrong (see README.md here).

    python tests/data/bad/make_corpus.py [FOLDER]        (default: tests/data/bad/files/)

Standard library only, fixed seed, fixed zip timestamps: the same command writes byte-identical files -- except
``survey.xls`` and ``survey.ods``, which LibreOffice converts from ``survey_for_conversion.xlsx`` when ``soffice``
is on the PATH (``--no-libreoffice`` skips them and keeps the committed copies).  Every file is under 200 KB.
The big cases -- a 50 MB CSV and a zip bomb that declares more than 1 GiB -- are never written here: the tests
call :func:`write_big_csv` and :func:`write_zip_bomb` into a temporary folder.

Workbooks are written by hand (the XML parts, zipped), not with openpyxl, because the cases need what openpyxl
cannot write: formulas with cached values, a DTD in a part, a lying zip directory, shared strings, a hidden first
sheet, macros.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import datetime as dt
import io
import random
import shutil
import struct
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

__all__ = [
    "CASES",
    "LIBREOFFICE_CASES",
    "write_big_csv",
    "write_blank_lines_csv",
    "write_corpus",
    "write_header_line_csv",
    "write_unbroken_csv",
    "write_wide_csv",
    "write_zip_bomb",
    "xls_bytes",
]

SEED = 20261123
HERE = Path(__file__).resolve().parent
DEFAULT_FOLDER = HERE / "files"
WEMWBS = ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]
SDQ = ["Not True", "Somewhat True", "Certainly True"]
ITEMS = [f"wemwbs_{i}" for i in range(1, 15)]
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


# --------------------------------------------------------------------------------------------------- pupils


def upn(n: int) -> str:
    """A well-formed UPN with a correct DfE check letter: LA 801, school 2000, year 26, serial ``n``."""
    body = f"801200026{n % 1000:03d}"
    check = sum(w * int(c) for w, c in zip(range(2, 14), body, strict=True)) % 23
    return _UPN_LETTERS[check] + body


def wemwbs_rows(n: int, *, seed: int = SEED, first: int = 1) -> list[list[Any]]:
    """``n`` pupils: UPN then 14 WEMWBS labels, all answered."""
    rnd = random.Random(seed)
    return [[upn(first + k), *(rnd.choice(WEMWBS) for _ in ITEMS)] for k in range(n)]


HEADER = ["UPN", *ITEMS]


# --------------------------------------------------------------------------------------------------- text


def csv_bytes(
    rows: Sequence[Sequence[Any]], *, delimiter: str = ",", encoding: str = "utf-8", bom: bool = False
) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return codecs.BOM_UTF8 + data if bom else data


# --------------------------------------------------------------------------------------------------- zip


def zip_bytes(
    members: Sequence[tuple[str, bytes | str]], *, compression: int = zipfile.ZIP_DEFLATED
) -> bytes:
    """A zip with fixed timestamps and attributes, so the same members give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = compression
            info.external_attr = 0o644 << 16
            zf.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


def _patch_sizes(data: bytes, member: str, size: int) -> bytes:
    """Overwrite ``member``'s declared uncompressed size in its local header and its central-directory entry."""
    out = bytearray(data)
    name = member.encode()
    at = out.find(b"PK\x03\x04")
    while at >= 0:
        n = struct.unpack_from("<H", out, at + 26)[0]
        if out[at + 30 : at + 30 + n] == name:
            struct.pack_into("<I", out, at + 22, size)
        at = out.find(b"PK\x03\x04", at + 4)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        n = struct.unpack_from("<H", out, at + 28)[0]
        if out[at + 46 : at + 46 + n] == name:
            struct.pack_into("<I", out, at + 24, size)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


# --------------------------------------------------------------------------------------------------- xlsx


@dataclass(frozen=True, slots=True)
class Formula:
    """A formula cell: ``expr`` without the ``=``; ``cached`` is the value Excel saved with it (None: no value)."""

    expr: str
    cached: Any = None


@dataclass(slots=True)
class Sheet:
    name: str
    rows: Sequence[Sequence[Any]]
    state: str = "visible"  # or "hidden", "veryHidden"
    merges: Sequence[str] = ()
    raw_cells: str = ""  # extra <row> elements appended to sheetData as they are
    doctype: str = ""  # a DTD put before the root element
    hidden_rows: Sequence[int] = ()  # Excel row numbers hidden by an autofilter


_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EPOCH = dt.datetime(1899, 12, 30)


def col_letter(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


class _Strings:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def add(self, text: str) -> int:
        return self.index.setdefault(text, len(self.index))

    def xml(self, doctype: str = "", extra: str = "") -> str:
        items = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in self.index)
        n = len(self.index)
        return f'{_DECL}{doctype}<sst xmlns="{_NS}" count="{n}" uniqueCount="{n}">{items}{extra}</sst>'


def _cell(ref: str, value: Any, strings: _Strings) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, Formula):
        f = f"<f>{escape(value.expr)}</f>"
        cached = value.cached
        if cached is None:
            return f'<c r="{ref}">{f}</c>'
        if isinstance(cached, str):
            return f'<c r="{ref}" t="str">{f}<v>{escape(cached)}</v></c>'
        return f'<c r="{ref}">{f}<v>{cached}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, dt.datetime):
        serial = (value - _EPOCH) / dt.timedelta(days=1)
        return f'<c r="{ref}" s="1"><v>{serial!r}</v></c>'
    return f'<c r="{ref}" t="s"><v>{strings.add(str(value))}</v></c>'


def _autofilter(sheet: Sheet) -> str:
    if not sheet.hidden_rows:
        return ""
    width = max(len(r) for r in sheet.rows)
    return f'<autoFilter ref="A1:{col_letter(width - 1)}{len(sheet.rows)}"/>'


def _sheet_xml(sheet: Sheet, strings: _Strings) -> str:
    rows = []
    for i, row in enumerate(sheet.rows):
        cells = "".join(_cell(f"{col_letter(j)}{i + 1}", v, strings) for j, v in enumerate(row))
        if cells:
            hidden = ' hidden="1"' if i + 1 in sheet.hidden_rows else ""
            rows.append(f'<row r="{i + 1}"{hidden}>{cells}</row>')
    merges = ""
    if sheet.merges:
        merges = f'<mergeCells count="{len(sheet.merges)}">' + "".join(
            f'<mergeCell ref="{m}"/>' for m in sheet.merges
        )
        merges += "</mergeCells>"
    return (
        f'{_DECL}{sheet.doctype}<worksheet xmlns="{_NS}" xmlns:r="{_REL_NS}"><sheetData>'
        f"{''.join(rows)}{sheet.raw_cells}</sheetData>{_autofilter(sheet)}{merges}</worksheet>"
    )


_STYLES = (
    f'{_DECL}<styleSheet xmlns="{_NS}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>'
)


def xlsx_bytes(
    sheets: Sequence[Sheet],
    *,
    macros: bool = False,
    sst_doctype: str = "",
    sst_extra: str = "",
    sst_count: int | None = None,
) -> bytes:
    """An xlsx (or, with ``macros``, an xlsm with a ``vbaProject.bin`` part) as Excel lays one out."""
    strings = _Strings()
    parts = [_sheet_xml(s, strings) for s in sheets]
    main = (
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
        if macros
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    )
    overrides = [f'<Override PartName="/xl/workbook.xml" ContentType="{main}"/>']
    overrides += [
        f'<Override PartName="/xl/worksheets/sheet{k + 1}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for k in range(len(sheets))
    ]
    overrides.append(
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    )
    overrides.append(
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    )
    defaults = (
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
    )
    if macros:
        defaults += '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    types = (
        f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f"{defaults}{''.join(overrides)}</Types>"
    )
    root_rels = (
        f'{_DECL}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
        f'Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    sheet_list = "".join(
        f'<sheet name="{escape(s.name)}" sheetId="{k + 1}" r:id="rId{k + 1}"'
        + (f' state="{s.state}"' if s.state != "visible" else "")
        + "/>"
        for k, s in enumerate(sheets)
    )
    first_visible = next((k for k, s in enumerate(sheets) if s.state == "visible"), 0)
    workbook = (
        f'{_DECL}<workbook xmlns="{_NS}" xmlns:r="{_REL_NS}"><bookViews><workbookView '
        f'activeTab="{first_visible}" firstSheet="{first_visible}"/></bookViews>'
        f"<sheets>{sheet_list}</sheets></workbook>"
    )
    rels = [
        f'<Relationship Id="rId{k + 1}" Type="{_REL_NS}/worksheet" Target="worksheets/sheet{k + 1}.xml"/>'
        for k in range(len(sheets))
    ]
    n = len(sheets)
    rels.append(f'<Relationship Id="rId{n + 1}" Type="{_REL_NS}/sharedStrings" Target="sharedStrings.xml"/>')
    rels.append(f'<Relationship Id="rId{n + 2}" Type="{_REL_NS}/styles" Target="styles.xml"/>')
    if macros:
        rels.append(
            f'<Relationship Id="rId{n + 3}" Type="http://schemas.microsoft.com/office/2006/relationships/'
            'vbaProject" Target="vbaProject.bin"/>'
        )
    wb_rels = f'{_DECL}<Relationships xmlns="{_PKG_REL}">{"".join(rels)}</Relationships>'
    sst = strings.xml(sst_doctype, sst_extra)
    if sst_count is not None:
        n_strings = len(strings.index)
        sst = sst.replace(
            f'count="{n_strings}" uniqueCount="{n_strings}"', f'count="{sst_count}" uniqueCount="{sst_count}"'
        )
    members: list[tuple[str, bytes | str]] = [
        ("[Content_Types].xml", types),
        ("_rels/.rels", root_rels),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", wb_rels),
        ("xl/styles.xml", _STYLES),
        ("xl/sharedStrings.xml", sst),
    ]
    members += [(f"xl/worksheets/sheet{k + 1}.xml", part) for k, part in enumerate(parts)]
    if macros:
        members.append(("xl/vbaProject.bin", _vba_project()))
    return zip_bytes(members)


# --------------------------------------------------------------------------------------------------- OLE2


_FREE, _END, _FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def cfb_bytes(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (MS-CFB version 3, 512-byte sectors) holding ``streams`` at its root.

    Each stream must be at least 4,096 bytes (so it lives in ordinary sectors, not the mini stream).  The
    directory is a degenerate red-black tree: the root's child is the first stream and each stream's right
    sibling the next, all black -- valid, if not balanced.
    """
    names = list(streams)
    sector = 512
    data_sectors: list[tuple[int, int]] = []  # (first sector, count) per stream
    next_free = 0
    for name in names:
        size = len(streams[name])
        if size < 4096:
            raise ValueError(f"stream {name} must be at least 4096 bytes")
        count = -(-size // sector)
        data_sectors.append((next_free, count))
        next_free += count
    entries = 1 + len(names)
    dir_count = -(-entries * 128 // sector)
    dir_start = next_free
    next_free += dir_count
    # FAT sectors: each holds 128 entries and must cover itself too
    fat_count = 1
    while fat_count * 128 < next_free + fat_count:
        fat_count += 1
    fat_start = next_free
    total = next_free + fat_count
    fat = [_FREE] * (fat_count * 128)
    for first, count in data_sectors:
        for k in range(count):
            fat[first + k] = first + k + 1 if k < count - 1 else _END
    for k in range(dir_count):
        fat[dir_start + k] = dir_start + k + 1 if k < dir_count - 1 else _END
    for k in range(fat_count):
        fat[fat_start + k] = _FAT_SECTOR
    if fat_count > 109:
        raise ValueError("too many FAT sectors for this minimal writer")

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        out = encoded.ljust(64, b"\x00")
        out += struct.pack("<HBB", len(encoded), kind, 1)  # name length, type, colour black
        out += struct.pack("<III", 0xFFFFFFFF, right, child)  # left, right sibling, child
        out += b"\x00" * 16 + b"\x00" * 4  # CLSID, state bits
        out += b"\x00" * 16  # created, modified
        out += struct.pack("<IQ", start, size)
        return out

    directory = entry("Root Entry", 5, 1 if names else 0xFFFFFFFF, 0xFFFFFFFF, _END, 0)
    for k, name in enumerate(names):
        right = k + 2 if k + 1 < len(names) else 0xFFFFFFFF
        directory += entry(name, 2, 0xFFFFFFFF, right, data_sectors[k][0], len(streams[name]))
    directory = directory.ljust(dir_count * sector, b"\x00")
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)  # minor, major, byte order, sector 2^9, mini 2^6
    header += b"\x00" * 6 + struct.pack("<I", 0)  # reserved, directory sectors (0 in version 3)
    header += struct.pack("<III", fat_count, dir_start, 0)  # FAT sectors, first directory sector, transaction
    header += struct.pack("<IIII", 4096, _END, 0, _END)  # mini cutoff, first mini FAT sector, count, DIFAT
    header += struct.pack("<I", 0)  # DIFAT sectors
    difat = [fat_start + k for k in range(fat_count)] + [_FREE] * (109 - fat_count)
    header += struct.pack("<109I", *difat)
    assert len(header) == sector
    body = b"".join(
        streams[name].ljust(count * sector, b"\x00")
        for name, (_, count) in zip(names, data_sectors, strict=True)
    )
    body += directory + struct.pack(f"<{len(fat)}I", *fat)
    assert len(body) == total * sector
    return header + body


def _encrypted_xlsx() -> bytes:
    """What Excel writes for "Encrypt with Password": an OLE2 file with EncryptionInfo and EncryptedPackage.

    EncryptionInfo is an Agile (version 4.4) header with an XML descriptor as MS-OFFCRYPTO §2.3.4.10 lays it
    out (salts and keys are random bytes, not a real key derivation); EncryptedPackage is the 8-byte plaintext
    size followed by random "ciphertext".  Nothing can decrypt it: the point is the container Excel writes.
    """
    rnd = random.Random(SEED + 17)
    b64 = codecs.encode(bytes(rnd.randrange(256) for _ in range(16)), "base64").decode().strip()
    descriptor = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" '
        'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
        f'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
        f'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="{b64}"/>'
        '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
        f'<p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        f'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="{b64}" '
        f'encryptedKeyValue="{b64}"/></keyEncryptor></keyEncryptors></encryption>'
    ).encode()
    info = struct.pack("<HHI", 4, 4, 0x40) + descriptor
    info = info.ljust(4096, b" ")
    package_size = 9_000
    package = struct.pack("<Q", package_size) + bytes(rnd.randrange(256) for _ in range(package_size + 8))
    return cfb_bytes({"EncryptionInfo": info, "EncryptedPackage": package})


def _vba_project() -> bytes:
    """A stand-in ``vbaProject.bin``: an OLE2 container with a ``VBA/dir``-like stream (macros never run)."""
    code = b'Attribute VB_Name = "ThisWorkbook"\r\nSub Workbook_Open()\r\n    Shell "calc.exe"\r\nEnd Sub\r\n'
    return cfb_bytes({"dir": code.ljust(4096, b"\x00"), "PROJECT": b'ID="{00000000}"\r\n'.ljust(4096, b" ")})


# --------------------------------------------------------------------------------------------------- other files


def _png() -> bytes:
    """A 1 × 1 white PNG, as a screenshot attached by mistake would start."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def _pdf() -> bytes:
    """A one-page PDF with no text, as a "Save as PDF" of the results would start."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for k, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _lol_doctype(name: str = "lolz") -> str:
    """The classic "billion laughs" DTD: ten levels of ten references, 10**9 copies of "lol" if expanded."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    return f"<!DOCTYPE {name} [{entities}]>\n"


def _sheet_rows(n: int, *, seed: int = SEED) -> list[list[Any]]:
    return [list(HEADER), *wemwbs_rows(n, seed=seed)]


def survey_xlsx() -> bytes:
    """A clean plain survey: UPN, year group, completion date, 14 WEMWBS answers; 12 pupils."""
    header = ["UPN", "Year group", "Completed", *ITEMS]
    rows: list[list[Any]] = [header]
    for k, row in enumerate(wemwbs_rows(12, seed=SEED + 1)):
        rows.append([row[0], 7 + k % 3, dt.datetime(2026, 11, 2 + k % 5, 9, 15 + k), *row[1:]])
    return xlsx_bytes([Sheet("Survey", rows)])


def _truncated() -> bytes:
    data = xlsx_bytes([Sheet("Sheet1", _sheet_rows(20))])
    return data[: len(data) * 3 // 5]


def _wrong_scale() -> bytes:
    rnd = random.Random(SEED + 2)
    rows = [[upn(k), *(rnd.choice(SDQ) for _ in ITEMS)] for k in range(1, 9)]
    return csv_bytes([HEADER, *rows])


def _out_of_range() -> bytes:
    rnd = random.Random(SEED + 3)
    rows = []
    for k in range(1, 9):
        codes: list[Any] = [rnd.randint(1, 5) for _ in ITEMS]
        if k % 2 == 0:  # every other pupil has one impossible code
            codes[k % 14] = [0, 6, 9, -1, 99][k % 5]
        rows.append([upn(k), *codes])
    return csv_bytes([HEADER, *rows])


def _text_in_numbers() -> bytes:
    rnd = random.Random(SEED + 4)
    rows = []
    for k in range(1, 9):
        codes: list[Any] = [rnd.randint(1, 5) for _ in ITEMS]
        if k % 2:
            codes[k % 14] = ["n/a", "four", "?", "3 or 4", "-"][k % 5]
        rows.append([upn(k), *codes])
    return csv_bytes([HEADER, *rows])


def _utf16_tab() -> bytes:
    rows = [["UPN", "Name", *ITEMS]]
    for row, name in zip(
        wemwbs_rows(6, seed=SEED + 5), ["Zoë", "Siân", "Łukasz", "Oisín", "Dvořák", "Ana"], strict=True
    ):
        rows.append([row[0], name, *row[1:]])
    return codecs.BOM_UTF16_LE + csv_bytes(rows, delimiter="\t").decode("utf-8").encode("utf-16-le")


def _cp1252() -> bytes:
    rows = [["UPN", "Name", "Trip paid", *ITEMS]]
    names = ["Renée", "José", "Chloé", "Zoë", "Noël", "André"]
    for k, (row, name) in enumerate(zip(wemwbs_rows(6, seed=SEED + 6), names, strict=True)):
        rows.append([row[0], name, f"£{5 + k}.50", *row[1:]])
    return csv_bytes(rows, encoding="cp1252")


def _semicolon() -> bytes:
    rows = [["UPN", "Height (m)", "Comment", *ITEMS]]
    for k, row in enumerate(wemwbs_rows(6, seed=SEED + 7)):
        rows.append([row[0], f"1,{50 + k}", "fine, thanks" if k % 2 else "ok", *row[1:]])
    return csv_bytes(rows, delimiter=";")


def _several_sheets() -> bytes:
    lookup = Sheet("Lookup", [["Code", "Label"], *[[k, w] for k, w in enumerate(WEMWBS, 1)]], state="hidden")
    cover = Sheet(
        "Instructions",
        [["How to fill in this survey"], ["Answer every statement."], ["Ask your tutor if you are unsure."]],
    )
    autumn = Sheet("Autumn", _sheet_rows(8, seed=SEED + 8))
    summer = Sheet("Summer", _sheet_rows(5, seed=SEED + 9))
    return xlsx_bytes([lookup, cover, autumn, summer])


def _formulas() -> bytes:
    rows = [list(r) for r in _sheet_rows(6, seed=SEED + 10)]
    rows[1][3] = Formula('IF(TRUE,"Often","")', "Often")  # a formula whose saved result is a label
    rows[2][0] = Formula(f'UPPER("{str(rows[2][0]).lower()}")', rows[2][0])  # the id made by a formula
    rows[3][5] = Formula("2+2", 4)  # a numeric result in an answer column
    rows[4][1:] = [Formula('"Rarely"') for _ in ITEMS]  # formulas saved without results (written by a script)
    rows[5][2] = "=1+1"  # text that only looks like a formula
    return xlsx_bytes([Sheet("Survey", rows)])


def _forms_text_dates() -> bytes:
    header = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "UPN",
        *(f"Statement {i}" for i in range(1, 15)),
    ]
    times = [
        "03/11/2026 14:30",
        "12/10/2026 09:05",
        "04/11/2026 10:00",
        "5 Nov 2026",
        "2026-11-05 08:00:00",
        "06/11/2026",
    ]
    pupils = [upn(1), upn(1), upn(3), upn(4), upn(5), upn(6)]
    rows: list[list[Any]] = [header]
    for k, (row, when, pupil) in enumerate(zip(wemwbs_rows(6, seed=SEED + 11), times, pupils, strict=True)):
        rows.append([k + 1, when, when, f"pupil{k}@school.example", "Anonymous", pupil, *row[1:]])
    return xlsx_bytes([Sheet("Form1", rows)])


def _google_uk_dates() -> bytes:
    header = [
        "Timestamp",
        "Email address",
        "UPN",
        *(f"How often do you feel ... [Statement {i}]" for i in range(1, 15)),
    ]
    times = ["03/11/2026 14:30:01", "12/10/2026 09:05:00", "04/11/2026 10:00:00", "05/11/2026 08:00:00"]
    pupils = [upn(1), upn(1), upn(3), upn(4)]
    rows: list[list[Any]] = [header]
    for k, (row, when, pupil) in enumerate(zip(wemwbs_rows(4, seed=SEED + 12), times, pupils, strict=True)):
        rows.append([when, f"pupil{k}@school.example", pupil, *row[1:]])
    return csv_bytes(rows)


def _duplicate_heading() -> bytes:
    rows = [["UPN", "Form", "UPN", *ITEMS]]
    for k, row in enumerate(wemwbs_rows(6, seed=SEED + 13)):
        rows.append([row[0], f"9{'ABC'[k % 3]}", "", *row[1:]])
    return csv_bytes(rows)


def _merged_title() -> bytes:
    rows: list[list[Any]] = [["Year 9 wellbeing survey - autumn 2026"], *_sheet_rows(6, seed=SEED + 14)]
    return xlsx_bytes([Sheet("Survey", rows, merges=["A1:O1"])])


def _merged_header() -> bytes:
    top: list[Any] = ["UPN", "How have you felt over the last two weeks?"]
    second: list[Any] = [None, *(f"Statement {i}" for i in range(1, 15))]
    rows = [top, second, *wemwbs_rows(6, seed=SEED + 15)]
    return xlsx_bytes([Sheet("Survey", rows, merges=["A1:A2", "B1:O1"])])


def _billion_laughs_sheet() -> bytes:
    sheet = Sheet("Sheet1", _sheet_rows(3), doctype=_lol_doctype("worksheet"))
    sheet.raw_cells = '<row r="5"><c r="A5" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return xlsx_bytes([sheet])


def _billion_laughs_strings() -> bytes:
    return xlsx_bytes(
        [Sheet("Sheet1", _sheet_rows(3))], sst_doctype=_lol_doctype("sst"), sst_extra="<si><t>&lol9;</t></si>"
    )


def _external_entity() -> bytes:
    doctype = '<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    sheet = Sheet("Sheet1", _sheet_rows(3), doctype=doctype)
    sheet.raw_cells = '<row r="5"><c r="A5" t="inlineStr"><is><t>&secret;</t></is></c></row>'
    return xlsx_bytes([sheet])


def _declared_size_lie() -> bytes:
    """sheet1.xml declares 2,000 bytes but inflates to 40 MB of rows (both zip readers stop at the claim)."""
    sheet = Sheet("Sheet1", _sheet_rows(3))
    sheet.raw_cells = "<row><c><v>1</v></c></row>" * 1_600_000
    data = xlsx_bytes([sheet])
    return _patch_sizes(data, "xl/worksheets/sheet1.xml", 2_000)


def _ratio_bomb() -> bytes:
    """A sound zip whose sheet part is 24 MiB of spaces packed about 1000:1."""
    sheet = Sheet("Sheet1", _sheet_rows(3))
    sheet.raw_cells = " " * (24 << 20)
    return xlsx_bytes([sheet])


def _far_cells() -> bytes:
    sheet = Sheet("Sheet1", _sheet_rows(4))
    sheet.raw_cells = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return xlsx_bytes([sheet])


def _strings_count_lie() -> bytes:
    return xlsx_bytes([Sheet("Sheet1", _sheet_rows(4))], sst_count=4_000_000_000)


def _stray_row_xlsx() -> bytes:
    """A 3 KB survey with one stray value at Z1048576 (within 26 columns, so the old cell limit let it by)."""
    sheet = Sheet("Sheet1", _sheet_rows(4))
    sheet.raw_cells = '<row r="1048576"><c r="Z1048576"><v>1</v></c></row>'
    return xlsx_bytes([sheet])


def _formatted_far_cell() -> bytes:
    """A survey with a formatted but empty cell at Z1048576 (``<c r="Z1048576" s="1"/>``), as Excel writes one
    that was formatted and never typed in: calamine ignores it, so it is no stray value."""
    sheet = Sheet("Sheet1", _sheet_rows(4))
    sheet.raw_cells = '<row r="1048576"><c r="Z1048576" s="1"/></row>'
    return xlsx_bytes([sheet])


def _biff(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _biff_label(row: int, col: int, text: str) -> bytes:
    encoded = text.encode("latin-1")
    return _biff(0x0204, struct.pack("<HHHHB", row, col, 15, len(encoded), 0) + encoded)


def xls_bytes(rows: Sequence[Sequence[Any]], *, stray: tuple[int, int] | None = None) -> bytes:
    """A minimal Excel 97-2003 (BIFF8) workbook: one sheet of text/number cells, plus an optional stray
    number at (row, col), 0-based -- as a far-away keystroke leaves one.  Written by hand (no writer package)."""
    bof_globals = _biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x0206))
    eof = _biff(0x000A, b"")
    name = b"Sheet1"

    def boundsheet(offset: int) -> bytes:
        return _biff(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 0) + name)

    sheet = _biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0x0206))
    last_row = max(len(rows), stray[0] + 1 if stray else 0)
    last_col = max(max(len(r) for r in rows), stray[1] + 1 if stray else 0)
    records = [sheet, _biff(0x0200, struct.pack("<IIHHH", 0, last_row, 0, last_col, 0))]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if isinstance(value, (int, float)):
                records.append(_biff(0x0203, struct.pack("<HHHd", i, j, 15, float(value))))
            else:
                records.append(_biff_label(i, j, str(value)))
    if stray is not None:
        records.append(_biff(0x0203, struct.pack("<HHHd", stray[0], stray[1], 15, 1.0)))
    sheet = b"".join(records) + eof
    globals_len = len(bof_globals) + len(boundsheet(0)) + len(eof)
    stream = bof_globals + boundsheet(globals_len) + eof + sheet
    return cfb_bytes({"Workbook": stream.ljust(4096, b"\x00")})


def _ods_repeat_bomb() -> bytes:
    """An ODS whose one row of values is repeated into 20 million cells (1,000,000 rows × 20)."""
    cell = '<table:table-cell office:value-type="string"><text:p>Often</text:p></table:table-cell>'
    head = (
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>'
            for h in HEADER[:6]
        )
        + "</table:table-row>"
    )
    repeated = cell.replace("<table:table-cell ", '<table:table-cell table:number-columns-repeated="20" ', 1)
    bomb = f'<table:table-row table:number-rows-repeated="1000000">{repeated}</table:table-row>'
    return _ods(head + bomb)


def _ods_stray_row() -> bytes:
    """An ODS survey with one stray number at Z1048576: empty rows repeated down to it, as LibreOffice writes."""
    rows = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
            for v in row
        )
        + "</table:table-row>"
        for row in _sheet_rows(4)
    )
    gap = (
        f'<table:table-row table:number-rows-repeated="{1_048_575 - 5}"><table:table-cell/></table:table-row>'
    )
    far = (
        '<table:table-row><table:table-cell table:number-columns-repeated="25"/>'
        '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
        "</table:table-row>"
    )
    return _ods(rows + gap + far)


def _ods(table: str) -> bytes:
    """An ODS file whose one sheet, ``Survey``, holds the ``<table:table-row>`` elements in ``table``."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
        f'<office:spreadsheet><table:table table:name="Survey">{table}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data, method in (
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED),
            ("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED),
            ("content.xml", content, zipfile.ZIP_DEFLATED),
        ):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buffer.getvalue()


def _quoted_newlines() -> bytes:
    rows = [["UPN", "Anything else?", *ITEMS]]
    notes = ["Line one\nline two", 'She said "fine", then left', "", "a,b,c", "\r\n", "ok"]
    for row, note in zip(wemwbs_rows(6, seed=SEED + 16), notes, strict=True):
        rows.append([row[0], note, *row[1:]])
    return csv_bytes(rows)


#: file name -> builder.  Every builder is deterministic; each file is under 200 KB.
CASES: dict[str, Callable[[], bytes]] = {
    "empty.csv": lambda: b"",
    "empty.xlsx": lambda: b"",
    "picture.xlsx": _png,
    "report.csv": _pdf,
    "random.xlsx": lambda: random.Random(SEED).randbytes(4096),
    "web_page.xls": lambda: b"<!DOCTYPE html><html><body><table><tr><td>UPN</td></tr></table></body></html>",
    "truncated.xlsx": _truncated,
    "header_only.csv": lambda: csv_bytes([HEADER]),
    "header_only.xlsx": lambda: xlsx_bytes([Sheet("Sheet1", [HEADER])]),
    "no_pupil_id.csv": lambda: csv_bytes([["Form", *ITEMS], *[["9A", *r[1:]] for r in wemwbs_rows(5)]]),
    "wemwbs_plain.csv": lambda: csv_bytes(_sheet_rows(8)),
    "wrong_scale_labels.csv": _wrong_scale,
    "out_of_range_codes.csv": _out_of_range,
    "text_in_numbers.csv": _text_in_numbers,
    "utf16_tab.txt": _utf16_tab,
    "cp1252.csv": _cp1252,
    "semicolon.csv": _semicolon,
    "sep_line.csv": lambda: b"sep=;\r\n" + csv_bytes(_sheet_rows(5), delimiter=";"),
    "quoted_newlines.csv": _quoted_newlines,
    "workbook_named.csv": lambda: xlsx_bytes([Sheet("Sheet1", _sheet_rows(5))]),
    "password.xlsx": _encrypted_xlsx,
    "macros.xlsm": lambda: xlsx_bytes([Sheet("Survey", _sheet_rows(6))], macros=True),
    "survey.xlsx": survey_xlsx,
    "merged_title.xlsx": _merged_title,
    "merged_header.xlsx": _merged_header,
    "several_sheets.xlsx": _several_sheets,
    "formulas.xlsx": _formulas,
    "forms_text_dates.xlsx": _forms_text_dates,
    "google_uk_dates.csv": _google_uk_dates,
    "duplicate_heading.csv": _duplicate_heading,
    "extra_item_column.csv": lambda: csv_bytes(
        [[*HEADER, "wemwbs_15"], *[[*r, "Often"] for r in wemwbs_rows(4)]]
    ),
    "billion_laughs_sheet.xlsx": _billion_laughs_sheet,
    "billion_laughs_strings.xlsx": _billion_laughs_strings,
    "external_entity.xlsx": _external_entity,
    "declared_size_lie.xlsx": _declared_size_lie,
    "ratio_bomb.xlsx": _ratio_bomb,
    "far_cells.xlsx": _far_cells,
    "strings_count_lie.xlsx": _strings_count_lie,
    "repeat_bomb.ods": _ods_repeat_bomb,
    "filtered.xlsx": lambda: xlsx_bytes([Sheet("Survey", _sheet_rows(8), hidden_rows=(4, 7))]),
    "utf16_no_bom.txt": lambda: _utf16_tab()[2:],
    "stray_row.xlsx": _stray_row_xlsx,
    "formatted_far_cell.xlsx": _formatted_far_cell,
    "stray_row.ods": _ods_stray_row,
    "stray_cell.xls": lambda: xls_bytes(_sheet_rows(4), stray=(65535, 255)),
    "plain_biff.xls": lambda: xls_bytes(_sheet_rows(4)),
}
#: files LibreOffice converts from survey.xlsx (not byte-for-byte reproducible: LibreOffice stamps them)
LIBREOFFICE_CASES = ("survey.xls", "survey.ods")


def convert_with_libreoffice(source: Path, folder: Path) -> list[Path]:
    """``survey.xls`` and ``survey.ods`` from ``source`` with LibreOffice (a private profile, so a running
    LibreOffice is not disturbed); returns the files written, none when ``soffice`` is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return []
    written = []
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as out:
        for fmt in ("xls", "ods"):
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--convert-to",
                    fmt,
                    "--outdir",
                    out,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
            made = Path(out) / f"{source.stem}.{fmt}"
            target = folder / f"survey.{fmt}"
            shutil.copyfile(made, target)
            written.append(target)
    return written


def write_corpus(folder: Path = DEFAULT_FOLDER, *, libreoffice: bool = True) -> list[Path]:
    """Write every case into ``folder`` (created if needed); return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in CASES.items():
        path = folder / name
        path.write_bytes(build())
        written.append(path)
    if libreoffice:
        written += convert_with_libreoffice(folder / "survey.xlsx", folder)
    return written


# --------------------------------------------------------------------------------------------------- big files


def write_big_csv(path: Path, size: int = 50_000_000, *, seed: int = SEED) -> int:
    """A plain WEMWBS CSV of about ``size`` bytes (UPN + 14 labels; 1 answer in 50 blank); returns its rows.

    Rows are drawn from 4,096 pre-made answer lines, so 50 MB is written in well under a second.
    """
    rnd = random.Random(seed)
    answers = [*WEMWBS, ""]
    weights = [49, 49, 49, 49, 49, 5]
    lines = [",".join(rnd.choices(answers, weights, k=14)) for _ in range(4096)]
    n = 0
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(HEADER) + "\r\n")
        batch: list[str] = []
        while written < size:
            pupil = 100_000 + n
            body = f"801{pupil // 1000 % 10000:04d}26{pupil % 1000:03d}"
            check = _UPN_LETTERS[
                sum(w * int(c) for w, c in zip(range(2, 14), body[:12].ljust(12, "0"), strict=True)) % 23
            ]
            line = f"{check}{body[:12].ljust(12, '0')},{lines[rnd.getrandbits(12)]}\r\n"
            batch.append(line)
            written += len(line)
            n += 1
            if len(batch) >= 10_000:
                fh.write("".join(batch))
                batch.clear()
        fh.write("".join(batch))
    return n


def write_header_line_csv(path: Path, size: int = 2_000_000) -> int:
    """One heading line of about ``size`` bytes and no rows (``Q1,Q2,…``); returns its columns."""
    names: list[str] = []
    total = 0
    while total < size:
        names.append(f"Q{len(names) + 1}")
        total += len(names[-1]) + 1
    path.write_bytes((",".join(names) + "\r\n").encode())
    return len(names)


def write_unbroken_csv(path: Path, size: int = 9_000_000, *, delimiter: bytes = b"") -> None:
    """``size`` bytes without a line break: one endless cell (or, with ``delimiter``, one endless row)."""
    unit = (b"x" * 63 + delimiter)[:64] if delimiter else b"x" * 64
    block = unit * ((1 << 20) // len(unit))
    with open(path, "wb") as fh:
        for _ in range(size // len(block)):
            fh.write(block)
        fh.write(b"x" * (size % len(block)))


def write_blank_lines_csv(
    path: Path, size: int = 9_000_000, *, before: bytes = b"", after: bytes = b""
) -> None:
    """``size`` line breaks, with ``before`` (a heading line) above them and ``after`` (a table) below."""
    path.write_bytes(before + b"\n" * size + after)


def write_wide_csv(path: Path, columns: int = 100_000, rows: int = 6, *, cell: str = "Often") -> None:
    """``columns`` columns (UPN, then ``c2``…) and ``rows`` pupils answering ``cell``: about 4.3 MB."""
    header = ["UPN", *(f"c{j}" for j in range(2, columns + 1))]
    lines = [",".join(header)]
    for k in range(rows):
        lines.append(",".join([upn(k + 1), *([cell] * (columns - 1))]))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode())


def write_zip_bomb(path: Path, size: int = 3 << 29) -> None:
    """An xlsx whose sheet part really is ``size`` bytes (default 1.5 GiB) of spaces, deflated to ~1.5 MB.

    The deflate stream is one 1 MiB block compressed once and repeated (each ends on a full flush, so the
    copies join into one valid stream); the CRC is computed over the real content, so the zip is sound --
    only the cap on unpacked size stops a reader from inflating all of it.
    """
    unit = 1 << 20
    if size % unit:
        raise ValueError("size must be a whole number of MiB")
    block = b" " * unit
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = first + repeat * (size // unit - 1) + compressor.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(size // unit):
        crc = zlib.crc32(block, crc)
    small = zip_bytes([(name, data) for name, data in _workbook_parts()])
    bomb = _raw_member("xl/worksheets/sheet1.xml", stream, size, crc)
    path.write_bytes(_append_member(small, bomb))


def _workbook_parts() -> list[tuple[str, str]]:
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes([Sheet("Sheet1", [["x"]])]))) as zf:
        return [(n, zf.read(n).decode()) for n in zf.namelist() if n != "xl/worksheets/sheet1.xml"]


def _raw_member(name: str, stream: bytes, size: int, crc: int) -> tuple[bytes, bytes]:
    """A deflated member's local header + data, and its central-directory entry (offset patched later)."""
    encoded = name.encode()
    dos_time, dos_date = 0, (2026 - 1980) << 9 | 1 << 5 | 1
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, dos_time, dos_date, crc, len(stream), size, len(encoded), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        20,
        20,
        0,
        8,
        dos_time,
        dos_date,
        crc,
        len(stream),
        size,
        len(encoded),
        0,
        0,
        0,
        0,
        0o644 << 16,
        0,
    )
    return local + encoded + stream, central + encoded


def _append_member(archive: bytes, member: tuple[bytes, bytes]) -> bytes:
    """``archive`` with one more member (its central directory rewritten after it)."""
    end = archive.rfind(b"PK\x05\x06")
    count, cd_size, cd_offset = struct.unpack_from("<HII", archive, end + 10)
    local, central = member
    offset = cd_offset
    central = central[:42] + struct.pack("<I", offset) + central[46:]
    directory = archive[cd_offset : cd_offset + cd_size] + central
    new_offset = cd_offset + len(local)
    tail = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count + 1, count + 1, len(directory), new_offset, 0)
    return archive[:cd_offset] + local + directory + tail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--no-libreoffice", action="store_true", help="keep the committed .xls/.ods")
    args = parser.parse_args()
    for path in write_corpus(args.folder, libreoffice=not args.no_libreoffice):
        print(f"{path.stat().st_size:>9,}  {path}")


if __name__ == "__main__":
    main()
