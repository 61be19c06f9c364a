"""programme.toml as text: its encodings (UTF-8, or Notepad's UTF-16 with a BOM; anything else a located
error saying how to save it), the line that sets a key (for located messages), and a rough nesting depth."""

from __future__ import annotations

import codecs
from pathlib import Path

from peerimpact.issues import PeerimpactError, make_issue

__all__ = ["deepest_line", "line_of", "read_text"]


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
