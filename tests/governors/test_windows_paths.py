r"""Windows paths in programme.toml (issue 15).  In a TOML basic string ("...") a backslash starts an escape
(TOML v1.0.0, "String": \b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX; any other escape is reserved and an error),
so ``"data\x.csv"`` and ``"C:\Users\..."`` (``\U`` wants eight hex digits) are errors, and ``"C:\temp\new.csv"`` silently holds a tab and a new line.  The message says
what to do: write paths with /, or in single quotes (a literal string, where \ is just a character).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from peerimpact.governors.programme import load_programme
from peerimpact.issues import PeerimpactError

GOOD = 'attendance = "data/attendance_autumn_sims.csv"'
HINT = 'write paths with / (e.g. "data/x.csv"), or in single quotes'


@pytest.fixture()
def programme(example: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "programme"
    shutil.copytree(example.parent, folder, ignore=shutil.ignore_patterns("reports"))
    assert GOOD in (folder / "programme.toml").read_text("utf-8")  # the example as this test knows it
    return folder / "programme.toml"


def _with(toml: Path, line: str) -> int:
    """Replace the autumn attendance line; returns its line number (1-based)."""
    text = toml.read_text("utf-8")
    toml.write_text(text.replace(GOOD, line), "utf-8")
    return text[: text.index(GOOD)].count("\n") + 1


def _error(toml: Path) -> PeerimpactError:
    with pytest.raises(PeerimpactError) as caught:
        load_programme(toml)
    return caught.value


@pytest.mark.parametrize(
    "line",
    [r'attendance = "data\attendance_autumn_sims.csv"', r'attendance = "C:\Users\smhl\data\attendance.csv"'],
    ids=["relative (unknown escape \\a)", "C:\\Users (\\U without hex digits)"],
)
def test_a_backslash_path_in_double_quotes_says_write_paths_with_a_slash(programme: Path, line: str) -> None:
    row = _with(programme, line)
    err = _error(programme)
    assert err.issue.code == "programme_file_invalid" and err.issue.row == row
    assert HINT in err.issue.message and f"line {row} holds a Windows path" in err.issue.message
    assert "check quotes" not in err.issue.message


def test_a_single_quoted_relative_windows_path_loads(programme: Path) -> None:
    _with(programme, r"attendance = 'data\attendance_autumn_sims.csv'")
    prog = load_programme(programme)
    assert prog.term("autumn-2026").attendance == programme.parent / "data" / "attendance_autumn_sims.csv"


def test_a_single_quoted_drive_path_is_read_as_written(programme: Path) -> None:
    row = _with(programme, r"attendance = 'C:\Users\smhl\attendance.csv'")
    err = _error(programme)  # valid TOML: the only problem left is that this machine has no such file
    assert err.issue.code == "programme_file_missing" and err.issue.row == row
    assert "Users" in err.issue.message and "not valid TOML" not in err.issue.message


def test_a_tab_or_new_line_read_from_a_path_gets_the_same_hint(programme: Path) -> None:
    _with(programme, r'attendance = "C:\temp\new.csv"')  # valid TOML: \t and \n are escapes
    err = _error(programme)
    assert err.issue.code == "programme_file_missing" and HINT in err.issue.message


def test_other_toml_errors_keep_their_own_advice(programme: Path) -> None:
    _with(programme, 'attendance = "data/x.csv')  # an unclosed quote: nothing to do with backslashes
    err = _error(programme)
    assert "check quotes" in err.issue.message and HINT not in err.issue.message
