"""What kind of file this is, from its bytes (how a text file is read: :mod:`.sniff_text`).

The extension is never trusted (SPEC §3; formats.md §5.3: calamine opens an xlsx renamed ``.csv`` but refuses
one renamed ``.xls``).  A zip is an xlsx/xlsm/xlsb/ods workbook, and is checked against decompression bombs
from its central directory alone, before any parser sees it (formats.md §5.1: neither openpyxl nor zipfile caps
the uncompressed size).  OLE2 is a legacy ``.xls`` -- or an encrypted (password-protected) OOXML file, which
Office also stores as OLE2.  Everything else is text.

Every failure raises :class:`~peerimpact.issues.PeerimpactError` naming the file and what to do.
"""

from __future__ import annotations

import os
import stat
import zipfile
from typing import Literal

from peerimpact.issues import PeerimpactError, make_issue

__all__ = [
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_UNCOMPRESSED",
    "FileKind",
    "check_regular_file",
    "check_zip",
    "sniff_kind",
]

FileKind = Literal["xlsx", "xlsb", "xls", "ods", "text"]

#: refuse a zip whose members would unpack to more than this in total (formats.md §5.1)
MAX_UNCOMPRESSED = 1 << 30
#: refuse a member of at least ``_RATIO_MIN_SIZE`` bytes that unpacks more than this many times its packed size;
#: real sheets pack about 5-20:1 (the 100k-row benchmark sheet: 11:1), deflate bombs about 1000:1
MAX_RATIO = 200
_RATIO_MIN_SIZE = 8 << 20
#: a workbook has a few dozen parts; tens of thousands is an attack on the parser, not a survey
MAX_MEMBERS = 10_000

_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: magic bytes of common files that get exported or attached by mistake -> what to call them
_NOT_SPREADSHEETS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"{\\rtf", "a rich-text (RTF) document"),
    (b"%!PS", "a PostScript document"),
)
_SAMPLE = 1 << 16


def _fail(code: str, detail: str, file: str) -> PeerimpactError:
    return PeerimpactError(make_issue(code, detail, file=file))


def sniff_kind(path: str, file: str) -> FileKind:
    """Decide the file kind from its first bytes, after checking the file exists and is not empty.

    Parameters
    ----------
    path : str
        The file to look at; it is only ever opened for reading.
    file : str
        The name used in messages (the file name without its folder).

    Returns
    -------
    str
        ``"xlsx"`` (also xlsm), ``"xlsb"``, ``"ods"``, ``"xls"`` or ``"text"``.

    Raises
    ------
    PeerimpactError
        ``file_not_found``, ``file_empty``, ``not_a_spreadsheet``, ``file_unreadable`` (permission, damaged
        zip, password-protected), ``file_too_large`` (zip bomb).
    """
    if not os.path.exists(path):
        raise _fail("file_not_found", f"{file} does not exist at {path}", file)
    if os.path.isdir(path):
        raise _fail("file_not_found", f"{path} is a folder, not a file", file)
    check_regular_file(path, file)
    try:
        with open(path, "rb") as fh:
            head = fh.read(_SAMPLE)
    except OSError as exc:
        raise _fail(
            "file_unreadable",
            f"{file} could not be opened ({exc.strerror or exc}); if it is open in Excel, close it and try again",
            file,
        ) from None
    if not head:
        raise _fail("file_empty", f"{file} has no content (0 bytes)", file)
    if head.startswith(_ZIP):
        return check_zip(path, file)
    if head.startswith(_OLE2):
        return _check_ole2(path, file)
    for magic, what in _NOT_SPREADSHEETS:
        if head.startswith(magic):
            raise _fail("not_a_spreadsheet", f"{file} is {what}, not a survey export", file)
    return "text"


def check_regular_file(path: str, file: str) -> None:
    """Refuse a named pipe, socket or device at once: opening one can block for ever, or never end."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # opening it reports the problem
    if not stat.S_ISREG(mode):
        what = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "not an ordinary file"
        )
        raise _fail(
            "file_unreadable", f"{path} is {what}, not a saved file; give the export file itself", file
        )


def check_zip(path: str, file: str) -> FileKind:
    """Check a zip container against bombs and say which workbook format it holds.

    Reads the central directory only (fast even for a 1 GiB claim): the sum of the members' declared
    uncompressed sizes must stay under :data:`MAX_UNCOMPRESSED`, no large member may expand more than
    :data:`MAX_RATIO` times, and there may be at most :data:`MAX_MEMBERS` members.  A zip that is not a
    workbook (a Word file, a zip of CSV files as some platforms download) is ``not_a_spreadsheet``.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {info.filename for info in infos}
            mimetype = b""
            mime_info = next((i for i in infos if i.filename == "mimetype"), None)
            if mime_info is not None and mime_info.file_size < 200:
                mimetype = zf.read(mime_info)
    except Exception as exc:  # zipfile raises BadZipFile, EOFError, OSError, struct.error, ... on damage
        raise _fail(
            "file_unreadable",
            f"{file} looks like an Excel/OpenDocument file but is damaged or truncated ({type(exc).__name__}); "
            "download or save it again",
            file,
        ) from None
    if len(infos) > MAX_MEMBERS:
        raise _fail("file_too_large", f"{file} holds {len(infos):,} parts (a workbook has a few dozen)", file)
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        raise _fail(
            "file_too_large",
            f"{file} would unpack to {total / (1 << 30):.1f} GiB (the limit is {MAX_UNCOMPRESSED >> 30} GiB)",
            file,
        )
    for info in infos:
        if info.file_size >= _RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise _fail(
                "file_too_large",
                f"{file}: part {info.filename!r} would expand {ratio:,.0f} times when unpacked "
                f"(real spreadsheets expand less than {MAX_RATIO} times), so it was not opened",
                file,
            )
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if mimetype.strip() == b"application/vnd.oasis.opendocument.spreadsheet":
        return "ods"
    what = "a zip archive"
    if "word/document.xml" in names:
        what = "a Word document"
    elif "ppt/presentation.xml" in names:
        what = "a PowerPoint presentation"
    elif mimetype.startswith(b"application/vnd.oasis.opendocument"):
        what = "an OpenDocument file that is not a spreadsheet"
    elif any(n.lower().endswith((".csv", ".xlsx", ".tsv")) for n in names):
        what = "a zip archive of exports: unzip it and give the file inside"
    raise _fail("not_a_spreadsheet", f"{file} is {what}", file)


def _check_ole2(path: str, file: str) -> FileKind:
    """Tell a legacy ``.xls`` from the other things Office stores as OLE2.

    An encrypted xlsx/docx is an OLE2 file with an ``EncryptedPackage`` stream (MS-OFFCRYPTO); a Word 97
    document has a ``WordDocument`` stream.  Stream names are UTF-16LE in the directory sectors, which may
    sit anywhere in the file, so the whole file is scanned (only for OLE2 files, which are small in practice).
    """
    try:
        with open(path, "rb") as fh:
            data = fh.read(256 << 20)
    except OSError as exc:  # pragma: no cover - sniff_kind already opened it
        raise _fail("file_unreadable", f"{file} could not be opened ({exc})", file) from None
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise _fail("file_password_protected", f"{file} is password-protected (encrypted)", file)
    if "WordDocument".encode("utf-16-le") in data:
        raise _fail("not_a_spreadsheet", f"{file} is a Word document", file)
    if "PowerPoint Document".encode("utf-16-le") in data:
        raise _fail("not_a_spreadsheet", f"{file} is a PowerPoint presentation", file)
    return "xls"
