"""compare on the real-export cases of issue 11 that need both periods: --map given once for every file,
an attendance export whose headings are not the usual ones, an MIS file keyed by another kind of id."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from peerimpact.cli.app import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"
runner = CliRunner()

# the SIMS example's headings, renamed as another MIS might write them
_RENAMED = {"Possible Sessions": "Sessions Offered", "Present": "Sessions Attended"}


def _renamed(tmp_path: Path, name: str) -> Path:
    text = (EXAMPLES / name).read_text(encoding="utf-8-sig")
    head, _, body = text.partition("\n")
    for old, new in _RENAMED.items():
        head = head.replace(f",{old},", f",{new},")
    out = tmp_path / name
    out.write_text(head + "\n" + body, encoding="utf-8")
    return out


def _compare(tmp_path: Path, *extra: str) -> object:
    pre = _renamed(tmp_path, "attendance_autumn_sims.csv")
    post = _renamed(tmp_path, "attendance_summer_sims.csv")
    args = ["compare", "--pre", str(EXAMPLES / "swemwbs_autumn.xlsx"), "--pre", str(pre)]
    args += ["--post", str(EXAMPLES / "swemwbs_summer.xlsx"), "--post", str(post)]
    args += [
        "--comparison-column",
        "Group",
        "--json",
        str(tmp_path / "r.json"),
        "-o",
        str(tmp_path / "r.xlsx"),
    ]
    return runner.invoke(app, [*args, *extra])


def test_unfamiliar_attendance_headings_ask_for_map_not_for_item_columns(tmp_path: Path) -> None:
    result = _compare(tmp_path)
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    out = " ".join(result.output.split())  # type: ignore[attr-defined]
    assert "--map" in out and "Sessions Offered" in out and "rename the item columns" not in out


def test_map_given_once_applies_to_the_files_that_have_those_headings(tmp_path: Path) -> None:
    # the survey files have no 'Sessions Offered' column: --map must not be checked against them
    result = _compare(tmp_path, "--map", "Sessions Offered=possible", "--map", "Sessions Attended=present")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    import json

    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    measures = {o["measure"] for o in doc["outcomes"]}
    assert "attendance.rate" in measures and "swemwbs.metric" in measures


def test_map_naming_a_column_no_file_has_is_still_an_error(tmp_path: Path) -> None:
    result = _compare(
        tmp_path,
        "--map",
        "Sessions Offered=possible",
        "--map",
        "Sessions Attended=present",
        "--map",
        "Nope=aea",
    )
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    assert "Nope" in result.output  # type: ignore[attr-defined]


def test_behaviour_log_keyed_by_another_id_is_an_error_naming_both_kinds(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(EXAMPLES / "behaviour_events.xlsx")
    ws = wb.active
    assert ws["A1"].value == "UPN"
    ws["A1"].value = "Admission No"
    numbers: dict[str, str] = {}
    for (cell,) in ws.iter_rows(min_row=2, max_col=1):
        if cell.value:
            cell.value = numbers.setdefault(str(cell.value), f"{1000 + len(numbers)}")
    log = tmp_path / "behaviour_by_admission_number.xlsx"
    wb.save(log)
    result = runner.invoke(
        app,
        [
            "compare",
            "--pre",
            str(EXAMPLES / "swemwbs_autumn.xlsx"),
            "--post",
            str(EXAMPLES / "swemwbs_summer.xlsx"),
            "--behaviour",
            str(log),
            "--pre-period",
            "2026-09-02:2026-12-18",
            "--post-period",
            "2027-04-12:2027-07-21",
            "--comparison-column",
            "Group",
        ],
    )
    out = " ".join(result.output.split())  # type: ignore[attr-defined]
    assert result.exit_code == 1, out  # type: ignore[attr-defined]
    assert "UPNs" in out and "admission numbers" in out and "Traceback" not in out
