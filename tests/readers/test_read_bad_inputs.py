"""Files that cannot be read give one PeerimpactError naming the file and saying what to do, never a raw error."""

from __future__ import annotations

import struct
import time
import zipfile
from pathlib import Path

import pytest
from reader_helpers import csv_bytes, read_error, write_xlsx

from peerimpact.issues import CODES
from peerimpact.readers import read_export


def _assert_helpful(error: Exception, file: str) -> None:
    text = str(error)
    assert file in text
    code = error.issue.code  # type: ignore[attr-defined]
    assert CODES[code].advice in text  # what to do
    assert error.issue.file == file  # type: ignore[attr-defined]


def test_missing_file(tmp_path: Path) -> None:
    error = read_error(tmp_path / "nope.xlsx", "file_not_found")
    _assert_helpful(error, "nope.xlsx")


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    (tmp_path / "dir.csv").mkdir()
    read_error(tmp_path / "dir.csv", "file_not_found")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    _assert_helpful(read_error(path, "file_empty"), "empty.csv")


def test_only_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_bytes(b"\r\n\r\n  \r\n")
    read_error(path, "file_empty")


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG"),
        ("report.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        ("random.csv", bytes(range(256)) * 4, "binary"),
        (
            "page.xls",
            b"<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></body></html>",
            "web page",
        ),
    ],
)
def test_not_a_spreadsheet(tmp_path: Path, name: str, data: bytes, what: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    error = read_error(path, "not_a_spreadsheet")
    _assert_helpful(error, name)
    assert what in str(error)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<document/>")
    assert "Word" in str(read_error(path, "not_a_spreadsheet"))


def test_zip_of_csv_files(tmp_path: Path) -> None:
    path = tmp_path / "responses.csv.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Responses.csv", "Timestamp,Q1\n")
    assert "unzip" in str(read_error(path, "not_a_spreadsheet"))


def test_truncated_xlsx(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [["a", "b"], [1, 2]])
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    error = read_error(path, "file_unreadable")
    _assert_helpful(error, "cut.xlsx")
    assert "truncated" in str(error)


def test_damaged_sheet_inside_a_sound_zip(tmp_path: Path) -> None:
    path = tmp_path / "damaged.xlsx"
    good = write_xlsx(tmp_path / "good.xlsx", [["a", "b"], [1, 2]])
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]  # cut the sheet's XML mid-element
            dst.writestr(info, data)
    _assert_helpful(read_error(path, "file_unreadable"), "damaged.xlsx")


def test_header_without_rows_csv(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_bytes(csv_bytes([["UPN", "Q1", "Q2"], ["", "", ""]]))
    _assert_helpful(read_error(path, "no_data_rows"), "header.csv")


def test_header_without_rows_xlsx(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "header.xlsx", [["UPN", "Q1"]])
    error = read_error(path, "no_data_rows")
    assert error.issue.sheet == "Sheet1"


def test_qualtrics_headers_without_rows(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_bytes(
        csv_bytes(
            [
                ["StartDate", "EndDate", "Status"],
                ["Start", "End", "Type"],
                ['{"ImportId":"startDate"}', '{"ImportId":"endDate"}', '{"ImportId":"status"}'],
            ]
        )
    )
    read_error(path, "no_data_rows")


def test_zip_bomb_by_ratio_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * (24 << 20))  # 24 MiB of zeros: ~1000:1
    started = time.perf_counter()
    error = read_error(path, "file_too_large")
    assert time.perf_counter() - started < 2
    _assert_helpful(error, "bomb.xlsx")
    assert "expand" in str(error)


def test_zip_bomb_by_declared_size_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    data = bytearray(path.read_bytes())
    entry = data.rfind(b"PK\x01\x02")  # the sheet's central-directory entry (written last)
    struct.pack_into("<I", data, entry + 24, 0xFFFF_FF00)  # claims ~4 GiB uncompressed
    path.write_bytes(bytes(data))
    started = time.perf_counter()
    error = read_error(path, "file_too_large")
    assert time.perf_counter() - started < 2
    assert "GiB" in str(error)


def test_ole2_that_is_not_a_readable_xls(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    _assert_helpful(read_error(path, "file_unreadable"), "old.xls")


def test_encrypted_ooxml_says_password(tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    body = b"\x00" * 200 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 200
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + body)
    error = read_error(path, "file_password_protected")
    assert "password" in str(error)


def test_word_97_document(tmp_path: Path) -> None:
    path = tmp_path / "letter.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\x00" * 64)
    read_error(path, "not_a_spreadsheet")


def test_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "book.xlsx", [["a"], [1]], title="Answers", more={"Notes": [["x"]]})
    error = read_error(path, "sheet_not_found", sheet="Responses")
    assert "'Answers'" in str(error) and "'Notes'" in str(error)


def test_workbook_without_visible_data(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "hidden.xlsx", [], title="Front", more={"Data": [["a"], [1]]}, hidden=["Data"]
    )
    error = read_error(path, "file_empty")
    assert "'Data'" in str(error)


def test_path_like_accepted(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"a,b\n1,2\n")
    assert read_export(path).rows == [2]  # type: ignore[arg-type]


def test_named_sheet_that_is_empty(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "book.xlsx", [["a"], [1]], more={"Blank": []})
    error = read_error(path, "file_empty", sheet="Blank")
    assert "sheet 'Blank' of book.xlsx" in str(error)


def test_no_pandas_imported() -> None:
    import subprocess
    import sys

    code = "import sys, peerimpact.readers.detect; print('pandas' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
    )
