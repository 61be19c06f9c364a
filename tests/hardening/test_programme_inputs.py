"""programme.toml and MIS exports as a school's machine saves them (issue 14, items 4 and 8): Windows-1252,
Notepad's "Unicode" (UTF-16), deep nesting, data paths outside the folder, ``min_sessions = -5``, 1e308
sessions -- each a located message (or read correctly), never a traceback."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peerimpact.cli.app import app
from peerimpact.governors.programme import load_programme
from peerimpact.issues import PeerimpactError

MIS = Path(__file__).resolve().parents[1] / "data" / "mis" / "sims_summary.csv"
runner = CliRunner()

GOOD = """format_version = 1

[programme]
name = "Peer mentors"
school = "St Renée's School"
report_for = "Governors"

[analysis]
group_columns = ["Year group"]

[terms.autumn-2026]
name = "Autumn 2026"
start = 2026-09-02
end = 2026-12-18

[terms.autumn-2026.surveys]
wellbeing = "autumn.csv"
"""


def _folder(tmp_path: Path, data: bytes) -> Path:
    (tmp_path / "autumn.csv").write_text("UPN,swemwbs_1\nH801200001001,Often\n", encoding="utf-8")
    cfg = tmp_path / "programme.toml"
    cfg.write_bytes(data)
    return cfg


def _error(cfg: Path) -> PeerimpactError:
    with pytest.raises(PeerimpactError) as info:
        load_programme(cfg)
    return info.value


def test_notepad_unicode_utf16_with_bom_is_read(tmp_path: Path) -> None:
    for codec, bom in (("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)):
        prog = load_programme(_folder(tmp_path, bom + GOOD.encode(codec)))
        assert prog.school == "St Renée's School"


def test_windows_1252_names_its_line_and_the_fix(tmp_path: Path) -> None:
    exc = _error(_folder(tmp_path, GOOD.encode("cp1252")))
    assert exc.issue.code == "programme_file_invalid" and exc.issue.row == 5
    assert "Windows-1252" in str(exc) and "UTF-8" in str(exc)


def test_utf16_without_a_bom_is_a_plain_refusal(tmp_path: Path) -> None:
    exc = _error(_folder(tmp_path, GOOD.encode("utf-16-le")))
    assert exc.issue.code == "programme_file_invalid" and "UTF-16" in str(exc)


def test_deep_nesting_is_a_located_refusal(tmp_path: Path) -> None:
    text = GOOD + "deep = " + "[" * 100_000 + "]" * 100_000 + "\n"
    exc = _error(_folder(tmp_path, text.encode()))
    assert exc.issue.code == "programme_file_invalid" and "too deeply" in str(exc)
    assert exc.issue.row == GOOD.count("\n") + 1
    code = runner.invoke(app, ["report", "--config", str(tmp_path / "programme.toml")]).exit_code
    assert code == 1


def test_min_sessions_must_be_positive(tmp_path: Path) -> None:
    text = GOOD.replace('group_columns = ["Year group"]', "min_sessions = -5")
    exc = _error(_folder(tmp_path, text.encode()))
    assert "analysis.min_sessions" in str(exc) and "1 or more" in str(exc) and exc.issue.row == 9


def test_data_outside_the_folder_is_warned_with_its_key(tmp_path: Path) -> None:
    inner = tmp_path / "programme"
    inner.mkdir()
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("UPN,swemwbs_1\nH801200001001,Often\n", encoding="utf-8")
    text = GOOD + "[terms.autumn-2026.extra]\n"
    text = GOOD.replace('wellbeing = "autumn.csv"', 'wellbeing = "autumn.csv"\nfeedback = "../elsewhere.csv"')
    prog = load_programme(_folder(inner, text.encode()))
    (note,) = prog.notes
    assert note.code == "data_outside_folder" and str(note.severity) == "warning"
    assert (
        "terms.autumn-2026.surveys.feedback" in note.message
        and note.row == text.splitlines().index('feedback = "../elsewhere.csv"') + 1
    )
    assert not load_programme(_folder(inner, GOOD.encode())).notes


def test_a_fifo_named_as_data_is_refused_at_once(tmp_path: Path) -> None:
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are a POSIX feature")
    os.mkfifo(tmp_path / "pipe.csv")
    text = GOOD.replace('wellbeing = "autumn.csv"', 'wellbeing = "pipe.csv"')
    exc = _error(_folder(tmp_path, text.encode()))
    assert "pipe or device" in str(exc)


def test_astronomical_session_counts_are_located_not_a_crash(tmp_path: Path) -> None:
    lines = MIS.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    j = header.index("Possible Sessions")
    rows = [line.split(",") for line in lines[1:]]
    rows[0][j], rows[1][j] = "1e308", "inf"
    huge = tmp_path / "huge.csv"
    huge.write_text("\n".join([lines[0], *(",".join(r) for r in rows)]) + "\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "compare",
            "--pre",
            str(huge),
            "--post",
            str(MIS),
            "-o",
            str(tmp_path / "c.xlsx"),
            "--json",
            str(tmp_path / "c.json"),
        ],
        env={"COLUMNS": "240", "NO_COLOR": "1"},
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    assert (
        "mis_value_invalid" in result.output
        and "huge.csv, row 2, column 'Possible Sessions'" in result.output
    )


def test_utf16_without_a_bom_is_text_not_binary(tmp_path: Path) -> None:
    from peerimpact.readers import read_export

    files = Path(__file__).resolve().parents[1] / "data" / "bad" / "files"
    table = read_export(str(files / "utf16_no_bom.txt"))
    assert (table.encoding, table.delimiter) == ("utf-16-le", "\t")
    assert table.column("Name")[:3] == ["Zoë", "Siân", "Łukasz"]
    be = tmp_path / "utf16_be.txt"
    be.write_bytes((files / "utf16_no_bom.txt").read_bytes().decode("utf-16-le").encode("utf-16-be"))
    assert read_export(str(be)).column("Name")[0] == "Zoë"


def test_an_instrument_file_that_is_a_fifo_or_nested_deeply_is_refused(tmp_path: Path) -> None:
    import os

    from peerimpact.instruments.load import load_instrument_file

    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(PeerimpactError, match="nested too deeply"):
        load_instrument_file(deep)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.toml")
        with pytest.raises(PeerimpactError, match="not a saved file"):
            load_instrument_file(tmp_path / "pipe.toml")
        os.mkfifo(tmp_path / "programme.toml")
        with pytest.raises(PeerimpactError, match="not a saved file"):
            load_programme(tmp_path / "programme.toml")
