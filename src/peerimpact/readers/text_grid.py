"""The :class:`~peerimpact.readers.grid.Grid` of a CSV/TSV export: its first rows, then the rest in chunks.

Text is parsed in chunks so that a 1,000,000-row CSV never holds its whole text, or every row, in memory at
once.  Without any ``"`` in the file no cell can hold a delimiter or a line break, so lines are split with
``str.split`` (about twice as fast as the csv module); otherwise the csv module does it, quoted line breaks
included.  A CSV record is one row in Excel, so a record's row number is its position, counting from 1.
The body of a large UTF-8 file is parsed by Arrow instead (:mod:`._arrow_text`).

Records may end CR LF, LF, CR or CR CR LF (a real Qualtrics export): all read the same rows.  The first three
are Python's universal newlines; a CR CR LF file (:func:`~.sniff_text.ends_crcrlf`) is read through
:class:`_OneBreak`, which makes each CR CR LF one line break before any parsing, so it is not read as a record
followed by an empty line (which cost the Qualtrics reader a heading row).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from functools import partial
from itertools import chain, islice
from operator import methodcaller
from typing import Any, Protocol

from peerimpact.issues import PeerimpactError, make_issue
from peerimpact.readers import _arrow_text
from peerimpact.readers.base import CodedColumn
from peerimpact.readers.grid import Chunk, ColumnChunk, Grid, start_grid, unreadable
from peerimpact.readers.sniff_text import TextInfo

__all__ = ["DEDUPE_BYTES", "MAX_COLUMNS", "MAX_LINE_CHARS", "open_text_grid"]

_CSV_CHUNK_ROWS = 50_000
_SPLIT_CHUNK_CHARS = 1 << 22
_FIRST_CHUNK_CHARS = 1 << 16
#: text files above this size keep one copy of each distinct answer (see cells.clean_strings)
DEDUPE_BYTES = 32 << 20


#: Excel's widest sheet (A to XFD): no export a school can open has more columns (SPEC §8)
MAX_COLUMNS = 16_384
#: the longest line read whole: a line longer than this (no line break in 16 Mi characters) is not a table
MAX_LINE_CHARS = 16 << 20


def _too_wide(file: str, row: int | None, width: int) -> PeerimpactError:
    where = f"row {row} of {file}" if row is not None else f"a row of {file}"
    return PeerimpactError(
        make_issue(
            "file_too_large",
            f"{where} has {width:,} columns or more (Excel holds at most {MAX_COLUMNS:,}); a survey export "
            "is not this wide -- check it is the right file",
            file=file,
            row=row,
        )
    )


def _too_long(file: str, row: int) -> PeerimpactError:
    return PeerimpactError(
        make_issue(
            "file_too_large",
            f"row {row} of {file} runs on for more than {MAX_LINE_CHARS:,} characters without a line break; "
            "a survey export is not built this way -- check it is the right file",
            file=file,
            row=row,
        )
    )


def _read_block(stream: _Text, size: int, carry: str, delimiter: str, file: str, row: int) -> str:
    """``carry`` plus at least ``size`` more characters, read on until a line break (``""`` at the end).

    Pieces are joined once, so a file without line breaks costs linear time (joining each piece to all the
    text before it was quadratic: minutes for 300 MB).  The unfinished line is bounded before it is joined
    or split: at most :data:`MAX_LINE_CHARS` characters and :data:`MAX_COLUMNS` delimiters.
    """
    pieces = [carry]
    length, delimiters = len(carry), carry.count(delimiter)
    while piece := stream.read(size):
        pieces.append(piece)
        cut = piece.find("\n")
        if cut >= 0:
            if delimiters + piece.count(delimiter, 0, cut) >= MAX_COLUMNS:
                raise _too_wide(file, row, delimiters + piece.count(delimiter, 0, cut) + 1)
            break
        length += len(piece)
        delimiters += piece.count(delimiter)
        if delimiters >= MAX_COLUMNS:
            raise _too_wide(file, row, delimiters + 1)
        if length > MAX_LINE_CHARS:
            raise _too_long(file, row)
    return "".join(pieces) if len(pieces) > 1 else ""


_SPACE = " \t\f\v"


def _skip_blank_start(stream: _Text, delimiter: str) -> tuple[int, str]:
    """Read past the blank lines (whitespace and delimiters only) at the start of a ``newline=""`` stream, a
    block at a time (``lstrip`` and ``count``, in C); return how many there were and the text read after them
    (ending at a line break)."""
    count, pending = 0, ""
    while block := stream.read(_FIRST_CHUNK_CHARS):
        block = pending + block
        blank = len(block) - len(block.lstrip(_SPACE + "\r\n" + delimiter))
        end = max(block.rfind("\n", 0, blank), block.rfind("\r", 0, blank)) + 1
        if end == len(block) and block.endswith("\r"):
            end -= 1  # a CR LF cut by the block's end
        count += block.count("\n", 0, end) + block.count("\r", 0, end) - block.count("\r\n", 0, end)
        pending = block[end:]
        if blank < len(block):
            return count, pending + stream.readline(MAX_LINE_CHARS + 1)
    return count, pending


def _bounded_lines(stream: _Text, delimiter: str, file: str, lead: list[int] | None = None) -> Iterator[str]:
    """The lines of ``stream`` for the csv module, each bounded as in :func:`_read_block` before it is parsed
    (a quoted cell may hold delimiters, so the cap on one line is four times :data:`MAX_COLUMNS`).  With
    ``lead``, the blank lines at the start are skipped a block at a time and counted there (one by one, 9 MB
    of line breaks cost 40 s)."""
    first = ""
    if lead is not None:
        lead[0], first = _skip_blank_start(stream, delimiter)
    row = lead[0] if lead is not None else 0
    more = iter(partial(stream.readline, MAX_LINE_CHARS + 1), "")
    for line in chain(io.StringIO(first, newline="").readlines(), more):
        row += 1
        if len(line) > MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            raise _too_long(file, row)
        if line.count(delimiter) >= 4 * MAX_COLUMNS:
            raise _too_wide(file, row, line.count(delimiter) + 1)
        yield line


def _split_chunks(
    stream: _Text, delimiter: str, file: str = "", lead: list[int] | None = None
) -> Iterator[Chunk]:
    """Rows of a file with no quotes: universal newlines, then ``str.split``, ~4 MiB at a time.

    The first 64 KiB come row by row (for layout detection); later blocks whose lines all have the same
    number of delimiters are split in one call and sliced into columns (:class:`ColumnChunk`), with one
    search over the block deciding whether any cell needs cleaning -- about a third of the cost of splitting
    line by line, transposing and cleaning column by column.

    Blank lines before the first one with text (whitespace and delimiters only) are dropped here, with one
    ``lstrip`` per block, and counted in ``lead[0]``: 9 MB of line breaks cost 40 s row by row.
    """
    d = re.escape(delimiter)
    started = lead is None
    needs_cleaning = re.compile(rf"{d}[\s{d}]")  # an empty cell, or a cell starting with whitespace
    ends_blank = re.compile(rf"{d}\s")  # on the reversed block: a cell ending with whitespace
    count = methodcaller("count", delimiter)
    carry = ""
    size = _FIRST_CHUNK_CHARS
    row = 1
    while block := _read_block(stream, size, carry, delimiter, file, row):
        if not started and lead is not None:
            blank = len(block) - len(block.lstrip(_SPACE + "\n" + delimiter))
            end = block.rfind("\n", 0, blank) + 1  # whole blank lines only
            lead[0] += block.count("\n", 0, end)
            row += block.count("\n", 0, end)
            block, carry = block[end:], ""
            if blank == len(block) + end:  # nothing but blank text so far: read on
                carry = block
                continue
            started = True
        cut = block.rfind("\n")
        if cut < 0:
            carry = block
            continue
        carry = block[cut + 1 :]
        lines = block[:cut].split("\n")
        counts = set(map(count, lines))
        if max(counts) >= MAX_COLUMNS:
            raise _too_wide(file, row + list(map(count, lines)).index(max(counts)), max(counts) + 1)
        row += len(lines)
        if size == _FIRST_CHUNK_CHARS or len(counts) != 1:
            size = _SPLIT_CHUNK_CHARS
            yield [line.split(delimiter) for line in lines]
            continue
        width = counts.pop() + 1
        flat = block[:cut].replace("\n", delimiter)
        framed = delimiter + flat + delimiter
        clean = needs_cleaning.search(framed) is None and ends_blank.search(framed[::-1]) is None
        cells = flat.split(delimiter)
        yield ColumnChunk([cells[j::width] for j in range(width)], len(lines), clean)
    if carry:
        yield [carry.split(delimiter)]


def _csv_chunks(stream: _Text, delimiter: str, file: str, lead: list[int] | None = None) -> Iterator[Chunk]:
    """Rows parsed by the csv module (quoted delimiters and line breaks), 50,000 records at a time."""
    reader = csv.reader(_bounded_lines(stream, delimiter, file, lead), delimiter=delimiter)
    while True:
        try:
            chunk = list(islice(reader, _CSV_CHUNK_ROWS))
            if max(map(len, chunk), default=0) > MAX_COLUMNS:
                raise _too_wide(file, None, max(map(len, chunk)))
        except csv.Error as exc:
            raise unreadable(
                file,
                f"{file} is not a well-formed CSV file near line {reader.line_num} ({exc}); "
                "open it in Excel and save it again as CSV UTF-8",
            ) from None
        if not chunk:
            return
        yield chunk


class _Text(Protocol):
    """What the chunk readers need of a text stream (an open text file, or :class:`_OneBreak`)."""

    def read(self, size: int | None = ..., /) -> str: ...
    def readline(self, size: int = ..., /) -> str: ...
    def close(self) -> None: ...


class _OneBreak:
    """A text stream read with ``newline=""`` whose every CR CR LF, CR LF or lone CR comes out as one LF.

    A CR at the end of a block waits for the next block, so a CR CR LF split across two reads is still one
    break.  ``readline`` keeps what it read past the line for the next call (pieces joined once: linear).
    """

    def __init__(self, raw: _Text) -> None:
        self._raw = raw
        self._buf = ""

    def _block(self, size: int) -> str:
        block = self._raw.read(size)
        while block.endswith("\r"):
            more = self._raw.read(2)
            if not more:
                break
            block += more
        return block.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")

    def read(self, size: int | None = -1, /) -> str:
        if size is None or size < 0:
            out, self._buf = self._buf + self._block(-1), ""
            return out
        if self._buf:
            out, self._buf = self._buf[:size], self._buf[size:]
            return out
        return self._block(size)

    def readline(self, size: int = -1, /) -> str:
        limit = size
        pieces, length = [self._buf], len(self._buf)
        while "\n" not in pieces[-1] and (limit < 0 or length < limit):
            block = self._block(_FIRST_CHUNK_CHARS)
            if not block:
                break
            pieces.append(block)
            length += len(block)
        text = "".join(pieces)
        i = text.find("\n")
        end = len(text) if i < 0 else i + 1
        if limit >= 0:
            end = min(end, limit)
        line, self._buf = text[:end], text[end:]
        return line

    def close(self) -> None:
        self._raw.close()


def open_text_grid(path: str, file: str, info: TextInfo) -> Grid:
    """Open a CSV/TSV export as a :class:`Grid` (encoding and delimiter already sniffed).

    Undecodable bytes cannot stop the read: the encoding was checked over the whole file first, and any
    byte Windows-1252 leaves undefined becomes U+FFFD.
    """
    lead = [0]  # blank lines dropped before the first row by _split_chunks
    stream: _Text
    if info.crcrlf:  # newline="" so that the CRs reach _OneBreak, which makes each CR CR LF one break
        raw = open(path, encoding=info.encoding, errors="replace", newline="")  # noqa: SIM115 - generator owns it
        stream = _OneBreak(raw)
    elif info.quoted:
        stream = open(path, encoding=info.encoding, errors="replace", newline="")  # noqa: SIM115 - generator owns it
    else:
        stream = open(path, encoding=info.encoding, errors="replace")  # noqa: SIM115 - generator owns it
    if info.quoted:
        chunks: Iterator[Chunk] = _csv_chunks(stream, info.delimiter, file, lead)
    else:
        chunks = _split_chunks(stream, info.delimiter, file, lead)
    chunks = _closing(chunks, stream)
    head, first_row, buffer, rest = start_grid(chunks, 1)
    first_row += lead[0]
    fast = _arrow_text.eligible(info.encoding, info.size) and not info.crcrlf
    if not head:
        raise PeerimpactError(
            make_issue("file_empty", f"{file} has no content (only blank lines)", file=file)
        )
    return Grid(
        sheet=None,
        head=head,
        first_row=first_row,
        first_col=0,
        text=True,
        encoding=info.encoding,
        delimiter=info.delimiter,
        dedupe=info.size > DEDUPE_BYTES and not fast,
        issues=list(info.issues),
        _buffer=buffer,
        _rest=rest,
        _fast_body=partial(_arrow_body, path, info) if fast else None,
    )


def _arrow_body(
    path: str, info: TextInfo, skip: int, width: int, distinct: set[int]
) -> tuple[list[list[Any] | CodedColumn], int] | None:
    return _arrow_text.read_body(
        path, delimiter=info.delimiter, quoted=info.quoted, width=width, skip=skip, distinct=distinct
    )


def _closing(chunks: Iterator[Chunk], stream: _Text) -> Iterator[Chunk]:
    """Yield from ``chunks`` and close ``stream`` when done, abandoned or failed."""
    try:
        yield from chunks
    finally:
        stream.close()
