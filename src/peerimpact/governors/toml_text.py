r"""programme.toml as text: its encodings (UTF-8, or Notepad's UTF-16 with a BOM; anything else a located
error saying how to save it), the line that sets a key (for located messages), a rough nesting depth, and
the hint for a Windows path written with backslashes in double quotes (TOML reads ``\`` there as the start
of an escape: ``"data\x.csv"`` is an error, ``"C:\new"`` holds a new line; TOML v1.0.0, "String")."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from peerimpact.issues import PeerimpactError, make_issue

__all__ = ["WINDOWS_PATHS", "deepest_line", "escape_hint", "line_of", "read_text"]

#: what to do about a Windows path in double quotes
WINDOWS_PATHS = (
    'in double quotes a \\ starts an escape such as \\n, so write paths with / (e.g. "data/x.csv"), or in '
    "single quotes, where \\ is just a character (e.g. 'C:\\Users\\...')"
)
_AT = re.compile(r"at line (\d+), column (\d+)")
# tomllib's messages for a bad escape (an unknown \x, or \u / \U not followed by hex digits)
_ESCAPES = ("Unescaped '\\'", "Invalid hex value", "Escaped character is not a Unicode scalar value")
_QUOTED_BACKSLASH = re.compile(r'"[^"]*\\')


def escape_hint(text: str, message: str) -> str | None:
    """The Windows-path hint when a TOML error (``message``) is a bad escape on a line holding a backslash
    inside double quotes; None otherwise (the error is about something else)."""
    at = _AT.search(message)
    if at is None or not message.startswith(_ESCAPES):
        return None
    lines = text.splitlines()
    n = int(at[1])
    line = lines[n - 1] if 0 < n <= len(lines) else ""
    return f"line {n} holds a Windows path: {WINDOWS_PATHS}" if _QUOTED_BACKSLASH.search(line) else None


def line_of(text: str, key: str) -> int | None:
    """The line that sets ``key`` (a dotted path), else the line of its table header; None if neither."""
    table, best = "", None
    parts = key.split(".")
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if line.startswith("["):
            table = line.strip("[] ").replace('"', "")
            if best is None and table and key.startswith(table) and table.count(".") >= len(parts) - 2:
                best = n
            continue
        name = line.split("=", 1)[0].strip().strip('"') if "=" in line else ""
        if name and ".".join(x for x in (table, name) if x) == key:
            return n
    return best


def read_text(p: Path) -> str:
    """programme.toml as text: UTF-8 (with or without a BOM) or, as Notepad's "Unicode" saves it, UTF-16 with
    a BOM.  Anything else (Windows-1252 "ANSI", UTF-16 without a BOM) is a located error saying how to save
    it: TOML is UTF-8, and guessing would turn a school's name into mojibake."""
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise PeerimpactError(
            make_issue("programme_file_invalid", f"it could not be read ({exc.strerror or exc})", file=p.name)
        ) from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in raw:
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise PeerimpactError(
                make_issue(
                    "programme_file_invalid",
                    f"line {line} holds a character that is not UTF-8 (byte 0x{raw[exc.start]:02X}): the file "
                    "was saved as Windows-1252 ('ANSI'); in Notepad use Save As with Encoding UTF-8",
                    file=p.name,
                    row=line,
                )
            ) from None
    raise PeerimpactError(
        make_issue(
            "programme_file_invalid",
            "it is not UTF-8 text (it looks like UTF-16 without a byte-order mark); in Notepad use Save As "
            "with Encoding UTF-8",
            file=p.name,
        )
    )


def deepest_line(text: str) -> int | None:
    """The first line where brackets open more than 50 deep (a rough count: quotes are not parsed)."""
    depth = 0
    step = {"[": 1, "{": 1, "]": -1, "}": -1}
    for n, line in enumerate(text.splitlines(), start=1):
        for ch in line:
            depth += step.get(ch, 0)
            if depth > 50:
                return n
    return None
