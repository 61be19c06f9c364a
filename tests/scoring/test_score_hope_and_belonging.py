"""The Children's Hope Scale and the PISA belonging statements on the path the pipeline runs.

Each test writes a small export here (answers as labels, as a school's form gives them), runs ``peerimpact
score FILE -o out.csv`` and reads the scored CSV back with the standard ``csv`` module.  Every expected score
is worked out by hand in a comment from the published keys (tests/golden/instrument_facts.py):

* CHS (Snyder et al. 1997): None of the time 1 … All of the time 6, none reversed; total = sum of 6 (6-36),
  agency = items 1 + 3 + 5, pathways = items 2 + 4 + 6; peerimpact's stated missing rule: total prorated with
  one item missing (mean x 6, unrounded), subscales need all three items.
* belonging (OECD PISA ST034): Strongly disagree 1, Disagree 2, Agree 3, Strongly agree 4; items 1, 4, 6
  reversed (5 - code); belonging.mean = mean of the six; one item may be missing (mean of five).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from peerimpact.cli.app import app

runner = CliRunner()

CHS = {
    1: "None of the time",
    2: "A little of the time",
    3: "Some of the time",
    4: "A lot of the time",
    5: "Most of the time",
    6: "All of the time",
}
AGREE = {1: "Strongly disagree", 2: "Disagree", 3: "Agree", 4: "Strongly agree"}
SD, D, A, SA = (AGREE[k] for k in (1, 2, 3, 4))


def _write_csv(path: Path, headings: list[str], rows: list[list[str]]) -> Path:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows([headings, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _score(src: Path, out: Path, *options: str) -> list[dict[str, str]]:
    result = runner.invoke(app, ["score", str(src), "-o", str(out), "--quiet", *options])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))


def _value(cell: str) -> float | None:
    return None if cell == "" else float(cell)


def _chs_rows() -> list[list[str]]:
    codes: list[list[int | None]] = [
        [6, 1, 6, 1, 6, 1],  # agency 6+6+6 = 18, pathways 1+1+1 = 3, total 21
        [1, 2, 3, 4, 5, 6],  # agency 1+3+5 = 9, pathways 2+4+6 = 12, total 21
        [4, 5, 3, 6, 2, None],  # agency 4+3+2 = 9; pathways blank (item 6); total (4+5+3+6+2)/5 x 6 = 24.0
        [4, None, 3, None, 2, 6],  # two missing: total blank; agency 4+3+2 = 9; pathways blank
        [6, 6, 6, 6, 6, 6],  # 36, 18, 18: the ceiling
    ]
    return [[f"P{k:02d}", *("" if c is None else CHS[c] for c in row)] for k, row in enumerate(codes, 1)]


CHS_EXPECTED = {
    "chs.total": [21.0, 21.0, 24.0, None, 36.0],
    "chs.agency": [18.0, 9.0, 9.0, 9.0, 18.0],
    "chs.pathways": [3.0, 12.0, None, None, 18.0],
    "status": ["scored", "scored", "partly scored", "partly scored", "scored"],
}


def test_chs_named_columns_are_scored_by_the_published_key(tmp_path: Path) -> None:
    src = _write_csv(tmp_path / "hope.csv", ["Pupil ID", *[f"chs_{i}" for i in range(1, 7)]], _chs_rows())
    scored = _score(src, tmp_path / "hope_scored.csv")
    assert [r["id"] for r in scored] == ["P01", "P02", "P03", "P04", "P05"]
    for measure in ("chs.total", "chs.agency", "chs.pathways"):
        assert [_value(r[measure]) for r in scored] == CHS_EXPECTED[measure], measure
    assert [r["status"] for r in scored] == CHS_EXPECTED["status"]
    assert not [c for c in scored[0] if c.endswith(".band")]  # no published bands
    assert "chs.total prorated (1 item missing)" in scored[2]["reason"]


def test_chs_found_by_its_answer_labels(tmp_path: Path) -> None:
    # headings that say nothing (a form's statements): the six CHS-label columns are the CHS
    headings = ["Pupil ID", *[f"Goals statement {c}" for c in "ABCDEF"]]
    src = _write_csv(tmp_path / "goals.csv", headings, _chs_rows())
    scored = _score(src, tmp_path / "goals_scored.csv")
    assert [_value(r["chs.total"]) for r in scored] == CHS_EXPECTED["chs.total"]
    assert [_value(r["chs.agency"]) for r in scored] == CHS_EXPECTED["chs.agency"]


def _belonging_rows() -> list[list[str]]:
    answers = [
        [SA, SA, SA, SA, SA, SA],  # 1->1, 4, 4, 1->1, 4, 1->1: (1+4+4+1+4+1)/6 = 15/6 = 2.5
        [SD, SA, SA, SD, SA, SD],  # negatives 5-1 = 4, positives 4: 24/6 = 4.0
        [D, A, A, D, A, D],  # negatives 5-2 = 3, positives 3: 18/6 = 3.0
        [A, D, D, A, D, ""],  # 5-3 = 2, 2, 2, 5-3 = 2, 2, missing: 10/5 = 2.0 (one missing allowed)
        [A, D, D, "", D, ""],  # two missing: blank
        [SA, SD, SD, SA, SD, SA],  # negatives 5-4 = 1, positives 1: 6/6 = 1.0, the floor
    ]
    return [[f"B{k:02d}", *row] for k, row in enumerate(answers, 1)]


def test_belonging_named_columns_are_the_mean_of_the_pisa_items(tmp_path: Path) -> None:
    headings = ["Pupil ID", *[f"belonging_{i}" for i in range(1, 7)]]
    src = _write_csv(tmp_path / "belonging.csv", headings, _belonging_rows())
    scored = _score(src, tmp_path / "belonging_scored.csv")
    values = [_value(r["belonging.mean"]) for r in scored]
    assert values[4] is None
    assert [v for k, v in enumerate(values) if k != 4] == pytest.approx([2.5, 4.0, 3.0, 2.0, 1.0], rel=1e-12)
    assert [r["status"] for r in scored] == [
        "scored",
        "scored",
        "scored",
        "partly scored",
        "excluded",
        "scored",
    ]
    assert "brs.score" not in scored[0]


def test_unnamed_agree_columns_with_neutral_are_brs_and_without_are_refused(tmp_path: Path) -> None:
    headings = ["Pupil ID", *[f"How I feel {c}" for c in "ABCDEF"]]
    rows = [r for k, r in enumerate(_belonging_rows()) if k != 4]
    src = _write_csv(tmp_path / "agree.csv", headings, rows)
    result = runner.invoke(app, ["score", str(src), "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    flat = " ".join(result.output.split())
    assert "--instrument brs" in flat and "--instrument belonging" in flat
    # the user says which: belonging, same numbers as by name
    scored = _score(src, tmp_path / "agree_belonging.csv", "--instrument", "belonging")
    assert [_value(r["belonging.mean"]) for r in scored] == pytest.approx(
        [2.5, 4.0, 3.0, 2.0, 1.0], rel=1e-12
    )
    # one "Neutral" (BRS's middle option) makes the columns BRS: row B03 answered Neutral to item 2
    # BRS codes SD 1 D 2 N 3 A 4 SA 5, items 2, 4, 6 reversed (6 - code):
    # B03 = D, Neutral, A, D, A, D -> 2, 6-3 = 3, 4, 6-2 = 4, 4, 6-2 = 4: 21/6 = 3.5
    rows[2][2] = "Neutral"
    src = _write_csv(tmp_path / "agree_neutral.csv", headings, rows)
    scored = _score(src, tmp_path / "agree_brs.csv")
    assert "belonging.mean" not in scored[0]
    assert _value(scored[2]["brs.score"]) == pytest.approx(3.5, rel=1e-12)


def test_template_for_chs_scores_back(tmp_path: Path) -> None:
    out = tmp_path / "chs_entry.xlsx"
    result = runner.invoke(app, ["template", "chs", "-o", str(out)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    ws = wb["Responses"]
    headings = [c.value for c in ws[1]]
    assert headings == ["UPN", "Year group", *[f"chs_{i}" for i in range(1, 7)]]
    (dv,) = ws.data_validations.dataValidation
    assert dv.formula1 == '"' + ",".join(CHS[k] for k in range(1, 7)) + '"'
    # one pupil typed in: 2, 3, 4, 5, 6, 1 -> agency 2+4+6 = 12, pathways 3+5+1 = 9, total 21
    for j, code in enumerate([2, 3, 4, 5, 6, 1], start=3):
        ws.cell(row=2, column=j, value=CHS[code])
    ws.cell(row=2, column=1, value="H801200001001")
    wb.save(out)
    (row,) = _score(out, tmp_path / "entry_scored.csv")
    assert (_value(row["chs.total"]), _value(row["chs.agency"]), _value(row["chs.pathways"])) == (21, 12, 9)


def test_template_for_belonging_lists_the_four_answers(tmp_path: Path) -> None:
    out = tmp_path / "belonging_entry.xlsx"
    result = runner.invoke(app, ["template", "belonging", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Responses"]
    assert [c.value for c in ws[1]][2:] == [f"belonging_{i}" for i in range(1, 7)]
    (dv,) = ws.data_validations.dataValidation
    assert dv.formula1 == '"Strongly disagree,Disagree,Agree,Strongly agree"'


@pytest.mark.parametrize("name", ["chs", "belonging"])
def test_instruments_command_shows_them(name: str) -> None:
    result = runner.invoke(app, ["instruments", name])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "Licence:" in flat and "not shipped" in flat
    if name == "belonging":
        assert "NOT the OECD's BELONG index" in flat and "Reverse-keyed: 1, 4, 6" in flat
    else:
        assert "secondary sources" in flat and "chs.agency" in flat and "chs.pathways" in flat
    listing = " ".join(runner.invoke(app, ["instruments"]).output.split())
    assert name in listing
