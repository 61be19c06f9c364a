"""The CLI as a user meets it: exit codes, plain messages, outputs, untouched inputs (SPEC §2)."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from peerimpact.cli.app import app

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
runner = CliRunner()
W = ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def _wemwbs_xlsx(path: Path, rows: list[list[object]], header: list[str] | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header or ["UPN", *[f"wemwbs_{i}" for i in range(1, 15)]])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_score_example_writes_xlsx_beside_input_and_leaves_input_alone(tmp_path: Path) -> None:
    src = shutil.copy(DATA / "wemwbs_autumn_forms.xlsx", tmp_path / "autumn.xlsx")
    before = _digest(Path(src))
    code, out = _run("score", str(src))
    assert code == 0, out
    assert "Microsoft Forms" in out and "wemwbs.total" in out
    wb = openpyxl.load_workbook(tmp_path / "autumn.scored.xlsx")
    assert wb.sheetnames == ["Scores", "Issues", "About"]
    assert _digest(Path(src)) == before


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_score_output_formats(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"scores{suffix}"
    code, text = _run("score", str(DATA / "sdq_autumn_qualtrics.csv"), "-o", str(out), "--quiet")
    assert code == 0, text
    if suffix == ".csv":
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
        rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
        assert len(rows) == 103  # one per data row, platform rows included
        assert {r["status"] for r in rows} == {"scored", "partly scored", "excluded"}
        assert list(rows[0])[:2] == ["id", "source_row"] and list(rows[0])[-2:] == ["status", "reason"]
    else:
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert doc["counts"]["read"] == len(doc["rows"]) == 103


def test_output_may_not_be_an_input(tmp_path: Path) -> None:
    src = shutil.copy(DATA / "sdq_autumn_qualtrics.csv", tmp_path / "s.csv")
    before = _digest(Path(src))
    code, out = _run("score", str(src), "-o", str(src))
    assert code == 1 and "input" in out
    assert _digest(Path(src)) == before


def test_unknown_output_format_is_a_usage_error(tmp_path: Path) -> None:
    code, _ = _run("score", str(DATA / "sdq_autumn_qualtrics.csv"), "-o", str(tmp_path / "x.pdf"))
    assert code == 2


@pytest.mark.parametrize(
    ("name", "content", "expect"),
    [
        ("empty.csv", b"", "empty"),
        ("picture.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(200), "not a spreadsheet"),
        ("header_only.csv", b"upn,wemwbs_1\n", "no answers"),
    ],
)
def test_bad_files_exit_1_with_one_plain_message(
    tmp_path: Path, name: str, content: bytes, expect: str
) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    code, out = _run("score", str(p))
    assert code == 1
    assert expect in out.lower() and name in out
    assert "Traceback" not in out
    assert p.read_bytes() == content


def test_truncated_xlsx(tmp_path: Path) -> None:
    good = _wemwbs_xlsx(tmp_path / "good.xlsx", [["H801200001001", *W[:5] * 2, *W[:4]]])
    bad = tmp_path / "truncated.xlsx"
    bad.write_bytes(good.read_bytes()[:700])
    code, out = _run("score", str(bad))
    assert code == 1 and "truncated.xlsx" in out and "Traceback" not in out


def test_not_a_zip_but_zip_magic(tmp_path: Path) -> None:
    p = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    code, out = _run("score", str(p))
    assert code == 1 and "odd.xlsx" in out


def test_sheet_without_pupil_id_still_scores_with_a_warning(tmp_path: Path) -> None:
    p = _wemwbs_xlsx(
        tmp_path / "anon.xlsx",
        [[*W, *W, *W[:4]], [*W[::-1], *W, *W[:4]]],
        header=[f"wemwbs_{i}" for i in range(1, 15)],
    )
    code, out = _run("score", str(p), "-o", str(tmp_path / "anon.csv"))
    assert code == 0
    assert "no_id_column" in out or "No pupil id" in out


def test_unknown_instrument_name(tmp_path: Path) -> None:
    code, out = _run("score", str(DATA / "sdq_autumn_qualtrics.csv"), "--instrument", "kessler10")
    assert code == 1 and "kessler10" in out and "wemwbs" in out


def test_labels_from_the_wrong_scale(tmp_path: Path) -> None:
    # SDQ answers under WEMWBS column names: one plain message naming what was found and the fix
    sdq = ["Not True", "Somewhat True", "Certainly True"]
    p = _wemwbs_xlsx(tmp_path / "wrong.xlsx", [["H801200001001", *(sdq * 5)[:14]]])
    code, out = _run("score", str(p), "-o", str(tmp_path / "wrong.csv"))
    assert code == 1
    assert "wrong.xlsx" in out and "'Not True'" in out and "--instrument" in out
    assert not (tmp_path / "wrong.csv").exists()


def test_a_row_of_invalid_answers_is_reported_not_silently_dropped(tmp_path: Path) -> None:
    p = _wemwbs_xlsx(
        tmp_path / "mixed.xlsx", [["H801200001001", *([W[2]] * 14)], ["B801200005001", *(["Sometimes"] * 14)]]
    )
    code, out = _run("score", str(p), "-o", str(tmp_path / "mixed.csv"))
    assert code == 0 and "unknown_answer_label" in out
    rows = list(csv.DictReader((tmp_path / "mixed.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1]["status"] == "excluded" and "unknown answer" in rows[1]["reason"]


def test_out_of_range_codes_and_text_in_numeric_columns(tmp_path: Path) -> None:
    p = _wemwbs_xlsx(
        tmp_path / "codes.xlsx",
        [
            ["H801200001001", *([3] * 14)],
            ["B801200005001", 9, *([3] * 13)],
            ["G80120000101A", "three", *([3] * 13)],
        ],
    )
    code, out = _run("score", str(p), "-o", str(tmp_path / "codes.csv"), "--instrument", "wemwbs")
    assert code == 0
    assert "out_of_range_code" in out and "unknown_answer_label" in out
    rows = list(csv.DictReader((tmp_path / "codes.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0]["wemwbs.total"] == "42.0" and rows[1]["wemwbs.total"] == ""


def test_utf16_tab_separated_csv(tmp_path: Path) -> None:
    header = ["UPN", *[f"wemwbs_{i}" for i in range(1, 15)]]
    text = "\t".join(header) + "\r\n" + "\t".join(["H801200001001", *([W[2]] * 14)]) + "\r\n"
    p = tmp_path / "unicode.txt"
    p.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    code, out = _run("score", str(p), "-o", str(tmp_path / "u.csv"))
    assert code == 0, out
    rows = list(csv.DictReader((tmp_path / "u.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0]["wemwbs.total"] == "42.0"


def test_validate_exit_codes(tmp_path: Path) -> None:
    code, out = _run("validate", str(DATA / "swemwbs_autumn.xlsx"))
    assert code == 0 and "out_of_range_code" in out
    p = tmp_path / "empty.csv"
    p.write_bytes(b"")
    code, out = _run("validate", str(p))
    assert code == 1 and "file_empty" in out


def test_instruments_list_and_detail() -> None:
    code, out = _run("instruments")
    assert code == 0 and all(n in out for n in ("wemwbs", "swemwbs", "sdq", "scwbs", "brs"))
    code, out = _run("instruments", "sdq")
    assert code == 0 and "7, 11, 14, 21, 25" in out and "rounded half up" in out
    # the published norm compare sets each wave beside (Clarke et al. 2011, abstract: 13-16, mean 48.8, SD 6.8)
    code, out = _run("instruments", "wemwbs")
    flat = " ".join(out.split())
    assert code == 0 and "ages 13–16" in flat and "mean 48.8, SD 6.8" in flat and "Clarke et al. 2011" in flat


def test_template_has_drop_downs_and_scores_back(tmp_path: Path) -> None:
    out = tmp_path / "entry.xlsx"
    code, text = _run("template", "swemwbs", "-o", str(out))
    assert code == 0, text
    wb = openpyxl.load_workbook(out)
    ws = wb["Responses"]
    assert [c.value for c in ws[1]][:3] == ["UPN", "Year group", "swemwbs_1"]
    dvs = ws.data_validations.dataValidation
    assert dvs and "None of the time" in (dvs[0].formula1 or "") and "C2" in str(dvs[0].sqref)
    # fill one pupil and score it: the template is recognised by its column names
    ws.append(["H801200001001", 9, *(["Often"] * 7)])
    wb.save(out)
    code, text = _run("score", str(out), "-o", str(tmp_path / "entry.csv"))
    assert code == 0, text
    rows = list(csv.DictReader((tmp_path / "entry.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0]["swemwbs.raw"] == "28.0" and rows[0]["swemwbs.metric"] == "25.03"


def test_formula_like_text_is_stored_as_text(tmp_path: Path) -> None:
    p = _wemwbs_xlsx(
        tmp_path / "f.xlsx",
        [['=HYPERLINK("x")', *([W[2]] * 14)]],
        header=["Pupil ID", *[f"wemwbs_{i}" for i in range(1, 15)]],
    )
    out = tmp_path / "f.scored.xlsx"
    code, _ = _run("score", str(p), "-o", str(out))
    assert code == 0
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys, runpy\nsys.argv=['peerimpact','--help']\n"
        "try:\n    runpy.run_module('peerimpact', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas','scipy','statsmodels','pingouin','numpy','openpyxl') if m in sys.modules]\n"
        "sys.stderr.write('HEAVY:' + ','.join(heavy))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage" in r.stdout
    assert r.stderr.strip().endswith("HEAVY:")
