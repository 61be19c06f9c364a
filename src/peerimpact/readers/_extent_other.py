"""ODS extent walking for :mod:`peerimpact.readers.extent`: every table of ``content.xml``, repeats included."""

from __future__ import annotations

import re
from collections.abc import Iterator

from peerimpact.readers._extent_base import MAX_CELLS, Extent

_ODS_TAG = re.compile(rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*)>")
_ODS_ROWS = re.compile(rb'number-rows-repeated\s*=\s*"(\d+)"')
_ODS_COLS = re.compile(rb'number-columns-repeated\s*=\s*"(\d+)"')
_ODS_NAME = re.compile(rb'table:name\s*=\s*"([^"]*)"')


def walk_ods(blocks: Iterator[bytes]) -> dict[str, Extent]:
    """The extent calamine gives each table of an ODS ``content.xml``, repeats included.

    A cell counts when it has a value type or content (a start tag that is not self-closing); the rows and
    columns it is repeated over count with it.  Empty cells and rows at the end of a row or table are
    ignored, as calamine ignores them.  Stops once a table passes :data:`MAX_CELLS`.
    """
    tables: dict[str, Extent] = {}
    extent = Extent()
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
                    extent = tables.setdefault(title, Extent())
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
