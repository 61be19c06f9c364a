"""Text from the data is printed as text (issue 14, items 4 and 8): rich markup such as ``[/]`` in a heading,
sheet name, group value or answer never crashes a printout, and terminal escape codes are never printed raw."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.hardening.test_bad_corpus import maker
from typer.testing import CliRunner

from peerimpact.cli.app import app
from peerimpact.reports.terminal.safe import SafeConsole, plain, sanitize

runner = CliRunner()
ESC = "\x1b"
GROUP = "Group [/]"


def _files(folder: Path) -> tuple[Path, Path]:
    rows = maker._sheet_rows(8)
    rows[0] = ["UPN", GROUP, f"Note [/bold] {ESC}[2J", *maker.ITEMS]
    for k, row in enumerate(rows[1:]):  # escape codes in two cells only: many would make it "binary data"
        group = f"[bold red]mentor{ESC}[31m" if k == 0 else "[/]" if k % 2 else "[bold red]mentor"
        row[1:1] = [group, f"[link=file:///etc]x[/link] {ESC}]0;t" if k == 1 else "[link=x]"]
    rows[1][3] = "Often [/]"  # an answer that is not a label: an issue quoting it
    csv_path = folder / "markup.csv"
    csv_path.write_bytes(maker.csv_bytes(rows))
    xlsx_path = folder / "markup.xlsx"
    xlsx_path.write_bytes(maker.xlsx_bytes([maker.Sheet("Autumn [/]", rows)]))
    return csv_path, xlsx_path


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "240", "NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    assert ESC not in result.output and "\a" not in result.output
    return result.output


@pytest.mark.parametrize("width", ["240", "80"])
def test_markup_in_headings_sheets_groups_and_answers_prints_as_text(tmp_path: Path, width: str) -> None:
    csv_path, xlsx_path = _files(tmp_path)
    out = _run("validate", str(xlsx_path))
    assert "Autumn [/]" in out
    assert "'Often [/]'" in out or "Often [/]" in out
    _run("score", str(csv_path), "-o", str(tmp_path / "s.csv"))
    _run("score", str(xlsx_path), "-o", str(tmp_path / "s.xlsx"))
    result = runner.invoke(
        app,
        [
            "compare",
            "--pre",
            str(csv_path),
            "--post",
            str(xlsx_path),
            "--group-column",
            GROUP,
            "-o",
            str(tmp_path / "c.xlsx"),
            "--json",
            str(tmp_path / "c.json"),
        ],
        env={"COLUMNS": width, "NO_COLOR": "1"},
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    assert f"{GROUP}=[/]" in result.output and ESC not in result.output
    assert (tmp_path / "c.xlsx").exists()


def test_the_safety_net_prints_bad_markup_literally() -> None:
    console = SafeConsole(width=80, no_color=True, record=True)
    console.print("[bold]fine[/] then [/] and \x1b[2J")
    text = console.export_text()
    assert "[/]" in text and ESC not in text and "\N{REPLACEMENT CHARACTER}[2J" in text
    assert (
        plain("[/]") == "\\[/]"
        and sanitize("a\x1bb\x9bc\td\n") == "a\N{REPLACEMENT CHARACTER}b\N{REPLACEMENT CHARACTER}c\td\n"
    )


def test_the_governors_report_prints_markup_in_the_programme_name_as_text(tmp_path: Path) -> None:
    """``report`` printed its panel after writing its files, and crashed there on a name holding ``[/]``."""
    from peerimpact.demo.programme import write_example_programme

    toml = write_example_programme(tmp_path / "programme")
    text = toml.read_text(encoding="utf-8").replace(
        'name = "Oakfield Peer Mentors"', 'name = "Oakfield [/] Mentors \\u001b[2J"'
    )
    toml.write_text(text, encoding="utf-8")
    out = _run("report", "--config", str(toml))
    assert "Oakfield [/] Mentors" in out and "Wrote:" in out
