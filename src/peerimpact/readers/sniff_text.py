"""How a text export is encoded and delimited, and whether it is a table at all (SPEC §3).

UTF-8 with or without a BOM, UTF-16 with a BOM (Excel's "Unicode text", tab-separated), else Windows-1252,
the UK Excel default, with a warning (formats.md §1.6).  The whole file is scanned once before parsing, so
a stray byte in the last row is noticed, and so is any ``"`` (without one, lines can be split directly).

Every failure raises :class:`~peerimpact.issues.PeerimpactError` naming the file and what to do.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from dataclasses import dataclass, field

from peerimpact.issues import Issue, PeerimpactError, make_issue

__all__ = ["TextInfo", "ends_crcrlf", "sniff_delimiter", "sniff_text", "utf16_without_bom"]

_SAMPLE = 1 << 16  # bytes looked at to decide the encoding and the delimiter
_BLOCK = 1 << 20  # bytes scanned at a time


def _fail(code: str, detail: str, file: str) -> PeerimpactError:
    return PeerimpactError(make_issue(code, detail, file=file))


@dataclass(slots=True)
class TextInfo:
    """How a text export is encoded and laid out, decided before it is parsed.

    ``encoding`` is a Python codec name (``utf-8``, ``utf-8-sig``, ``utf-16``, ``cp1252``); ``quoted`` says
    whether any ``"`` occurs (without one no cell can hold a delimiter or a line break, so lines can be
    split directly, about twice as fast as the csv module); ``crcrlf`` says the records end CR CR LF (a
    real Qualtrics export does: one record separator, not a record and an empty line); ``issues`` holds the
    ``encoding_fallback`` warning when it applies.
    """

    encoding: str
    delimiter: str
    quoted: bool
    size: int
    issues: list[Issue] = field(default_factory=list)
    crcrlf: bool = False


def sniff_text(path: str, file: str) -> TextInfo:
    """Find the encoding and delimiter of a text export and check it really is a table.

    The whole file is scanned once in 1 MiB blocks (with an incremental UTF-8 decoder, so a Windows-1252 byte
    at the last row is still noticed before parsing begins, and for any ``"``).  Cost: about 20 ms per 20 MB.

    Raises
    ------
    PeerimpactError
        ``file_empty`` (only blank lines), ``not_a_spreadsheet`` (binary content, a web page or an
        XML "spreadsheet" saved with a spreadsheet's name).
    """
    size = os.path.getsize(path)
    with open(path, "rb") as fh:
        head = fh.read(_SAMPLE)
    issues: list[Issue] = []
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif b"\x00" in head:
        utf16 = utf16_without_bom(head)
        if utf16 is None:
            raise _fail("not_a_spreadsheet", f"{file} holds binary data, not a table of answers", file)
        encoding = utf16
    else:
        encoding = "utf-8"
    valid_utf8, quoted = _scan(path, check_utf8=encoding == "utf-8")
    if not valid_utf8:
        encoding = "cp1252"
    sample = head.decode(encoding, errors="replace")  # utf-8-sig and utf-16 drop their BOM here
    if encoding == "cp1252":
        issues.append(
            make_issue(
                "encoding_fallback",
                f"{file} is not UTF-8; it was read as Windows-1252 (the UK Excel default)",
                file=file,
            )
        )
    stripped = sample.lstrip()
    if not stripped and len(head) == size:
        raise _fail("file_empty", f"{file} has no content (only blank lines)", file)
    lowered = stripped[:400].lower()
    if lowered.startswith(("<!doctype html", "<html", "<table")) or (
        lowered.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in sample[:4000]
    ):
        raise _fail(
            "not_a_spreadsheet",
            f"{file} is a web page or XML file with a spreadsheet's name; open it in Excel and "
            "save it as an Excel workbook (.xlsx)",
            file,
        )
    if _looks_binary(sample):
        raise _fail("not_a_spreadsheet", f"{file} holds binary data, not a table of answers", file)
    delimiter = sniff_delimiter(sample, prefer_tab=encoding.startswith("utf-16"), whole=len(head) == size)
    return TextInfo(
        encoding=encoding,
        delimiter=delimiter,
        quoted=quoted,
        size=size,
        issues=issues,
        crcrlf=ends_crcrlf(sample),
    )


def ends_crcrlf(sample: str) -> bool:
    """True when the records of ``sample`` end CR CR LF: at least half of its line feeds follow two CRs.

    Half, not all: a quoted cell may hold a line break of its own (a question's text over two lines).
    """
    doubled = sample.count("\r\r\n")
    return doubled > 0 and 2 * doubled >= sample.count("\n")


def utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` for text saved as UTF-16 without a byte-order mark, else None.

    Such text (a "Unicode" export whose byte-order mark was lost, e.g. cut off by a script) has a NUL beside
    nearly every character of a Latin-script table, always on the same side: odd bytes for little-endian,
    even for big-endian.  Binary files have NULs on both sides.
    """
    sample = head[: len(head) // 2 * 2][:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.6 and even_nul < 0.02:
        encoding = "utf-16-le"
    elif even_nul > 0.6 and odd_nul < 0.02:
        encoding = "utf-16-be"
    else:
        return None
    try:
        sample.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding


def _scan(path: str, *, check_utf8: bool) -> tuple[bool, bool]:
    """One pass over the file: is it valid UTF-8 (when asked), and does it contain a ``"``?"""
    decoder = codecs.getincrementaldecoder("utf-8")()
    valid, quoted = True, False
    with open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            if not quoted and b'"' in block:
                quoted = True
            if valid and check_utf8 and not (block.isascii() and not decoder.getstate()[0]):
                try:  # ASCII with nothing pending is valid UTF-8: isascii() is ~10x faster than decoding
                    decoder.decode(block)
                except UnicodeDecodeError:
                    valid = False
            if quoted and not (valid and check_utf8):
                break
    if valid and check_utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            valid = False
    return valid, quoted


def _looks_binary(sample: str) -> bool:
    """True when many characters are control characters no survey text contains."""
    if not sample:
        return False
    bad = sum(1 for ch in sample[:4096] if ch < " " and ch not in "\t\r\n\f\v")
    return bad > max(8, len(sample[:4096]) // 100)


def sniff_delimiter(sample: str, *, prefer_tab: bool = False, whole: bool = False) -> str:
    """Pick ``,``, ``;`` or tab: the one that splits the header into most columns consistently.

    Each candidate parses the sample with the csv module (so quoted delimiters and quoted newlines are
    respected); it scores by the share of records with as many fields as the header, then by the header's
    width.  A semicolon file with decimal commas (``1,5;2,5``) gives ragged records under ``,`` and loses.
    ``csv.Sniffer`` is not used: it guesses from character frequencies and is easily misled by free text.

    Parameters
    ----------
    sample : str
        The start of the decoded text.
    prefer_tab : bool
        Break ties in favour of tab (Excel's UTF-16 "Unicode text" is tab-separated).
    whole : bool
        The sample is the whole file (otherwise its last, possibly cut, record is ignored).
    """
    candidates = ["\t", ",", ";"] if prefer_tab else [",", ";", "\t"]
    best, best_score = candidates[0], (-1.0, 0)
    for delim in candidates:
        try:
            records = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delim) if r]
        except csv.Error:
            continue
        if not whole and len(records) > 1:
            records = records[:-1]
        if not records:
            continue
        width = len(records[0])
        if width < 2:
            continue
        agree = sum(1 for r in records[:200] if len(r) == width) / len(records[:200])
        score = (agree, width)
        if score > best_score:
            best, best_score = delim, score
    return best
