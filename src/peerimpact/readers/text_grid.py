"""The :class:`~peerimpact.readers.grid.Grid` of a CSV/TSV export: its first rows, then the rest in chunks.

Text is parsed in chunks so that a 1,000,000-row CSV never holds its whole text, or every row, in memory at
once.  Without any ``"`` in the file no cell can hold a delimiter or a line break, so lines are split with
``str.split`` (about twice as fast as the csv module); otherwise the csv module does it, quoted line breaks
included.  A CSV record is one row in Excel, so a record's row number is its position, counting from 1.
The body of a large UTF-8 file is parsed by Arrow instead (:mod:`._arrow_text`).

Records may end CR LF, LF, CR or CR CR LF (a real Qualtrics export): all read the same rows.  The first three
are Python's universal newlines; a CR CR LF file (:func:`~.sniff.ends_crcrlf`) is read through
:class:`_OneBreak`, which makes each CR CR LF one line break before any parsing, so it is not read as a record
followed by an empty line (which cost the Qualtrics reader a heading row).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import partial
from itertools import islice
from operator import methodcaller
from typing import Any, Protocol

from peerimpact.issues import PeerimpactError, make_issue
from peerimpact.readers import _arrow_text
from peerimpact.readers.base import CodedColumn
from peerimpact.readers.grid import Chunk, ColumnChunk, Grid, _start_grid, _unreadable
from peerimpact.readers.sniff import TextInfo

__all__ = ["DEDUPE_BYTES", "open_text_grid"]

_CSV_CHUNK_ROWS = 50_000
_SPLIT_CHUNK_CHARS = 1 << 22
_FIRST_CHUNK_CHARS = 1 << 16
#: text files above this size keep one copy of each distinct answer (see table.clean_strings)
DEDUPE_BYTES = 32 << 20


def _split_chunks(stream: _Text, delimiter: str) -> Iterator[Chunk]:
    """Rows of a file with no quotes: universal newlines, then ``str.split``, ~4 MiB at a time.

    The first 64 KiB come row by row (for layout detection); later blocks whose lines all have the same
    number of delimiters are split in one call and sliced into columns (:class:`ColumnChunk`), with one
    search over the block deciding whether any cell needs cleaning -- about a third of the cost of splitting
    line by line, transposing and cleaning column by column.
    """
    d = re.escape(delimiter)
    needs_cleaning = re.compile(rf"{d}[\s{d}]")  # an empty cell, or a cell starting with whitespace
    ends_blank = re.compile(rf"{d}\s")  # on the reversed block: a cell ending with whitespace
    count = methodcaller("count", delimiter)
    carry = ""
    size = _FIRST_CHUNK_CHARS
    while block := stream.read(size):
        block = carry + block
        cut = block.rfind("\n")
        if cut < 0:
            carry = block
            continue
        carry = block[cut + 1 :]
        lines = block[:cut].split("\n")
        counts = set(map(count, lines))
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


def _csv_chunks(stream: _Text, delimiter: str, file: str) -> Iterator[Chunk]:
    """Rows parsed by the csv module (quoted delimiters and line breaks), 50,000 records at a time."""
    reader = csv.reader(stream, delimiter=delimiter)
    while True:
        try:
            chunk = list(islice(reader, _CSV_CHUNK_ROWS))
        except csv.Error as exc:
            raise _unreadable(
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
    def __iter__(self) -> Iterator[str]: ...
    def close(self) -> None: ...


class _OneBreak:
    """A text stream read with ``newline=""`` whose every CR CR LF, CR LF or lone CR comes out as one LF.

    A CR at the end of a block waits for the next block, so a CR CR LF split across two reads is still one
    break.  Iterating gives lines (LF-ended), as the csv module wants.
    """

    def __init__(self, raw: _Text) -> None:
        self._raw = raw

    def read(self, size: int | None = -1) -> str:
        block = self._raw.read(-1 if size is None else size)
        while block.endswith("\r"):
            more = self._raw.read(2)
            if not more:
                break
            block += more
        return block.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")

    def __iter__(self) -> Iterator[str]:
        return self._lines()

    def _lines(self) -> Iterator[str]:
        carry = ""
        while block := self.read(_FIRST_CHUNK_CHARS):
            lines = (carry + block).split("\n")
            carry = lines.pop()
            for line in lines:
                yield line + "\n"
        if carry:
            yield carry

    def close(self) -> None:
        self._raw.close()


def open_text_grid(path: str, file: str, info: TextInfo) -> Grid:
    """Open a CSV/TSV export as a :class:`Grid` (encoding and delimiter already sniffed).

    Undecodable bytes cannot stop the read: the encoding was checked over the whole file first, and any
    byte Windows-1252 leaves undefined becomes U+FFFD.
    """
    stream: _Text
    if info.crcrlf:  # newline="" so that the CRs reach _OneBreak, which makes each CR CR LF one break
        raw = open(path, encoding=info.encoding, errors="replace", newline="")  # noqa: SIM115 - generator owns it
        stream = _OneBreak(raw)
    elif info.quoted:
        stream = open(path, encoding=info.encoding, errors="replace", newline="")  # noqa: SIM115 - generator owns it
    else:
        stream = open(path, encoding=info.encoding, errors="replace")  # noqa: SIM115 - generator owns it
    if info.quoted:
        chunks: Iterator[Chunk] = _csv_chunks(stream, info.delimiter, file)
    else:
        chunks = _split_chunks(stream, info.delimiter)
    chunks = _closing(chunks, stream)
    head, first_row, buffer, rest = _start_grid(chunks, 1)
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
