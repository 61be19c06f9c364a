"""Deterministic bytes for the example files: CSV as Qualtrics writes it, workbooks with fixed dates and zip
times, written atomically (standard library and openpyxl only)."""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from datetime import datetime
from pathlib import Path

from peerimpact.demo.roster import FIXED_TIME, ZIP_TIME, Table

__all__ = ["csv_bytes", "fixed_zip", "write_atomic", "write_tables", "xlsx_bytes"]


def csv_bytes(table: Table) -> bytes:
    """UTF-8 without BOM, CRLF line ends, quoted only where needed — as Qualtrics writes its CSV."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(table.header + table.rows)
    return buf.getvalue().encode("utf-8")


def xlsx_bytes(table: Table) -> bytes:
    """One-sheet workbook; datetimes as real Excel dates; workbook dates and zip times fixed."""
    from openpyxl import Workbook  # the only openpyxl use: keeps ``import peerimpact.demo.surveys`` light

    wb = Workbook()
    ws = wb.active
    ws.title = table.sheet
    for row in table.header + table.rows:
        ws.append(row)
    for column in ws.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm:ss"
    for column in ws.iter_cols(max_row=1):
        ws.column_dimensions[column[0].column_letter].width = max(10, min(40, len(str(column[0].value)) + 2))
    wb.properties.creator = "peerimpact example data (synthetic)"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME  # openpyxl stamps the save time over this: fixed in fixed_zip
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """Rewrite an xlsx with every member dated ZIP_TIME and the core properties' modified date fixed."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for member in src.infolist():
            payload = src.read(member.filename)
            if member.filename == "docProps/core.xml":
                payload = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, payload)
            info = zipfile.ZipInfo(member.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, payload)
    return out.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside path, then rename over it, so a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_tables(out_dir: Path, tables: list[Table]) -> list[Path]:
    """Write each table into out_dir (created if missing) as CSV, or as a workbook when it names a sheet, and
    return their paths.  Files of the same names are replaced; nothing else in out_dir is touched."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in tables:
        path = out / table.name
        write_atomic(path, csv_bytes(table) if table.sheet is None else xlsx_bytes(table))
        paths.append(path)
    return paths
