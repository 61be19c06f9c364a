"""No output of ``score`` or ``compare`` ever holds a live formula (SPEC §7), whatever the input calls itself.

SPEC §7: "Text written to Excel is never turned into a formula: cells starting with ``=``, ``+``, ``-``,
``@``, tab or CR are written as text."  The inputs below put formula-like text everywhere a user can: the file
name (``=1+1.csv``: it reaches the About sheet), the sheet name, the pupil-id heading (named with
``--id-column``, it reaches the About sheet and the Issues sheet), other headings, the ids and unknown answers
(they reach the Scores and Issues sheets).  The check is independent of peerimpact: every cell of every sheet is
read back with openpyxl (``data_type == "f"`` is a formula) and every worksheet's XML is searched for an
``<f>`` element; CSV fields are read back with the stdlib ``csv`` module.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from peerimpact.cli.app import app

# SPEC §7's risky first characters (=, +, -, @, tab, CR); LF as well, which the CSV guard also prefixes
# (src/peerimpact/reports/_cells.py documents the set).  A field starting with one of these in a CSV output
# must have been prefixed with a single quote (OWASP "CSV Injection").
RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
RISKY_TEXTS = [
    "=1+1",
    '=HYPERLINK("http://x.example","y")',
    "+44 7700",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]
W = ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]  # WEMWBS labels, 1..5
ID_HEADING = "=ID()"  # a formula-like id heading: chosen with --id-column


def _rows() -> tuple[list[str], list[list[str]]]:
    """Headings and rows: a formula-like id per row, one unknown formula-like answer per row (an issue whose
    value is that text), and a formula-like extra column."""
    headings = [ID_HEADING, "=cmd|' /C calc'!A0", *[f"wemwbs_{i}" for i in range(1, 15)]]
    rows = []
    for k, text in enumerate(RISKY_TEXTS):
        answers = [W[(k + j) % 5] for j in range(14)]
        answers[k % 14] = text  # not a WEMWBS label: an unknown_answer_label issue carrying the text
        rows.append([text, "@" + str(k), *answers])
    rows.append(["-7", "+1", *[W[2]] * 14])  # a fully scored row: its scores are numbers, not text
    return headings, rows


def _write_csv(path: Path) -> Path:
    headings, rows = _rows()
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows([headings, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _write_xlsx(path: Path, sheet: str) -> Path:
    headings, rows = _rows()
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for j, h in enumerate(headings, 1):
        ws.cell(row=1, column=j, value=h).data_type = "s"  # stored as text in the input, as Excel would
    for i, row in enumerate(rows, 2):
        for j, v in enumerate(row, 1):
            ws.cell(row=i, column=j, value=v).data_type = "s"
    wb.save(path)
    return path


def _no_formula_anywhere(book: Path) -> list[str]:
    """Every cell of every sheet, read back by openpyxl, and the raw sheet XML: no formula.  Returns every
    text value found, so the caller can check the risky texts did reach the workbook (as text)."""
    with zipfile.ZipFile(book) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = z.read(name).decode("utf-8")
                assert not re.search(r"<(\w+:)?f[ >/]", xml), f"a formula element in {name}"
    wb = openpyxl.load_workbook(book)  # not read-only: data_type is the stored cell type
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def _score(*args: str) -> None:
    result = CliRunner().invoke(app, ["score", *args, "--quiet"])
    assert result.exit_code == 0, result.output


# Ids are trimmed (SPEC §3 "Normalise ids (trim, case-fold emails, …)"), so a leading tab or CR in an id
# cannot reach an output; a file name can hold them (POSIX names may hold any byte but "/" and NUL), and it is
# written to the Issues and About sheets.
@pytest.fixture(params=["=1+1.csv", "\t=1+1.csv", "\r+1.csv", "@SUM(1).xlsx"])
def survey(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    name = request.param
    if name.endswith(".csv"):
        return _write_csv(tmp_path / name)  # "=1+1.csv": the file name of issue #12
    return _write_xlsx(tmp_path / name, sheet="=1+1")


def test_scored_workbook_has_no_formula_in_any_sheet(survey: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    _score(str(survey), "--id-column", ID_HEADING, "-o", str(out))
    texts = _no_formula_anywhere(out)
    assert openpyxl.load_workbook(out).sheetnames == ["Scores", "Issues", "About"]
    # the risky texts reached the workbook, as text: the file name (About), the id heading (About),
    # the ids (Scores) and the unknown answers (Issues)
    # (a raw CR in XML text is read back as LF: XML 1.0 §2.11 end-of-line handling)
    assert survey.name in texts or survey.name.replace("\r", "\n") in texts
    assert any(t.startswith(ID_HEADING) for t in texts)
    folded = {t.casefold() for t in texts}
    for text in RISKY_TEXTS:  # as ids (trimmed; "@…" case-folded as an email) and as unknown answers
        assert text.strip().casefold() in folded, text
    if survey.suffix == ".xlsx":
        assert "=1+1" in texts  # the sheet name (About) as well as an id


def test_scored_csv_prefixes_every_formula_like_field(survey: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    _score(str(survey), "--id-column", ID_HEADING, "-o", str(out))
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    fields = [f for r in rows for f in r]
    assert not [f for f in fields if f.startswith(RISKY_STARTS)]
    # each formula-like id is there (trimmed, case-folded when email-like: SPEC §3), prefixed with one quote
    # (OWASP); the fully scored row's "-7" too
    ids = [r[0].casefold() for r in rows[1:]]
    assert ids == ["'" + t.strip().casefold() for t in RISKY_TEXTS] + ["'-7"]


def test_compare_workbook_of_formula_named_files_has_no_formula(tmp_path: Path) -> None:
    pre = _write_csv(tmp_path / "=1+1.csv")
    post = _write_xlsx(tmp_path / "+post.xlsx", sheet="-summer")
    out = tmp_path / "compare.xlsx"
    result = CliRunner().invoke(
        app,
        ["compare", "--pre", str(pre), "--post", str(post), "--id-column", ID_HEADING, "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    texts = _no_formula_anywhere(out)
    assert any(t.startswith(tuple(RISKY_STARTS[:4])) for t in texts)  # risky text did reach it, as text
