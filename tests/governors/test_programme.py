"""programme.toml: a good file loads; every mistake is a PeerimpactError naming the file, the line, the key
and what to do (codes ``programme_file_missing``, ``unknown_term``, ``term_dates_overlap``,
``programme_file_wrong_format``, ``programme_file_invalid``); the activity log adds up by term."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from peerimpact.governors.programme import load_programme, read_activity_log
from peerimpact.governors.scaffold import write_activity_template
from peerimpact.issues import PeerimpactError

GOOD = """format_version = 1

[programme]
name = "Peer mentors"
school = "Test School"
report_for = "Governors"

[analysis]
group_columns = ["Year group"]

[terms.autumn-2026]
name = "Autumn 2026"
start = 2026-09-02
end = 2026-12-18
attendance = "att.csv"

[terms.autumn-2026.surveys]
wellbeing = "autumn.csv"

[terms.summer-2027]
name = "Summer 2027"
start = 2027-04-12
end = 2027-07-21

[terms.summer-2027.surveys]
wellbeing = "summer.csv"
"""


def _folder(tmp_path: Path, text: str = GOOD) -> Path:
    for name in ("att.csv", "autumn.csv", "summer.csv"):
        (tmp_path / name).write_text("UPN,swemwbs_1\nH801200001001,Often\n", encoding="utf-8")
    cfg = tmp_path / "programme.toml"
    cfg.write_text(text, encoding="utf-8")
    return cfg


def _error(cfg: Path) -> PeerimpactError:
    with pytest.raises(PeerimpactError) as info:
        load_programme(cfg)
    return info.value


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_a_good_file_loads_with_defaults(tmp_path: Path) -> None:
    prog = load_programme(_folder(tmp_path))
    assert [t.key for t in prog.terms] == ["autumn-2026", "summer-2027"]
    assert prog.threshold == 5 and prog.alpha == 0.05 and prog.group_columns == ("Year group",)
    assert prog.baseline_term.key == "autumn-2026"
    assert prog.terms[0].surveys["wellbeing"] == tmp_path / "autumn.csv"
    assert prog.term("Summer 2027").key == "summer-2027" and prog.term().key == "summer-2027"
    assert prog.reports_folder == tmp_path / "reports"


def test_a_missing_file_names_the_key_and_its_line(tmp_path: Path) -> None:
    text = GOOD.replace('attendance = "att.csv"', 'attendance = "data/attendance.csv"')
    exc = _error(_folder(tmp_path, text))
    assert exc.issue.code == "programme_file_missing"
    assert exc.issue.file == "programme.toml" and exc.issue.row == _line(text, "attendance =")
    message = str(exc)
    assert "terms.autumn-2026.attendance" in message and "data/attendance.csv" in message
    assert "relative to the folder" in message  # what to do


def test_an_unknown_term_lists_the_terms(tmp_path: Path) -> None:
    prog = load_programme(_folder(tmp_path))
    with pytest.raises(PeerimpactError) as info:
        prog.term("spring-2027")
    assert info.value.issue.code == "unknown_term"
    assert "autumn-2026 (Autumn 2026)" in str(info.value) and "summer-2027" in str(info.value)


def test_an_unknown_baseline_term_is_located(tmp_path: Path) -> None:
    text = GOOD.replace(
        'group_columns = ["Year group"]', 'group_columns = ["Year group"]\nbaseline = "spring"'
    )
    exc = _error(_folder(tmp_path, text))
    assert exc.issue.code == "unknown_term" and exc.issue.row == _line(text, "baseline =")
    assert "analysis.baseline" in str(exc)


def test_overlapping_term_dates_name_both_terms(tmp_path: Path) -> None:
    text = GOOD.replace("start = 2027-04-12", "start = 2026-12-01")
    exc = _error(_folder(tmp_path, text))
    assert exc.issue.code == "term_dates_overlap"
    assert exc.issue.row == _line(text, "start = 2026-12-01")
    assert "Summer 2027 starts on 2026-12-01, before Autumn 2026 ends (2026-12-18)" in str(exc)
    assert "each term ends before the next one starts" in str(exc)


def test_a_term_ending_before_it_starts(tmp_path: Path) -> None:
    text = GOOD.replace("end = 2026-12-18", "end = 2026-08-18")
    exc = _error(_folder(tmp_path, text))
    assert exc.issue.code == "term_dates_overlap" and "terms.autumn-2026.end" in str(exc)


def test_a_file_in_the_wrong_format(tmp_path: Path) -> None:
    cfg = _folder(tmp_path)
    (tmp_path / "att.csv").write_bytes(b"%PDF-1.7\n%binary")
    exc = _error(cfg)
    assert exc.issue.code == "programme_file_wrong_format"
    assert exc.issue.row == _line(GOOD, "attendance =")
    assert "terms.autumn-2026.attendance" in str(exc) and "PDF" in str(exc)


def test_a_process_instrument_that_is_not_an_instrument(tmp_path: Path) -> None:
    text = GOOD.replace('group_columns = ["Year group"]', 'process_instrument = "att.csv"')
    exc = _error(_folder(tmp_path, text))
    assert exc.issue.code == "programme_file_wrong_format" and "analysis.process_instrument" in str(exc)


def test_bad_toml_names_its_line(tmp_path: Path) -> None:
    text = GOOD.replace('school = "Test School"', "school = Test School")
    exc = _error(_folder(tmp_path, text))
    assert exc.issue.code == "programme_file_invalid" and exc.issue.row == _line(text, "school =")


def test_a_misspelt_key_is_an_error_not_a_default(tmp_path: Path) -> None:
    text = GOOD.replace('group_columns = ["Year group"]', "suppresion_threshold = 10")
    exc = _error(_folder(tmp_path, text))
    assert exc.issue.code == "programme_file_invalid" and "analysis.suppresion_threshold" in str(exc)
    assert "suppression_threshold" in str(exc)  # the keys it knows are listed


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('group_columns = ["Year group"]', "suppression_threshold = 1", "analysis.suppression_threshold"),
        ('group_columns = ["Year group"]', 'alpha = "0.05"', "analysis.alpha"),
        ('school = "Test School"\n', "", "programme.school"),
        ("start = 2026-09-02", 'start = "2 Sept 2026"', "terms.autumn-2026.start"),
        ("[terms.summer-2027]", "[terms.Summer_2027]", "terms.Summer_2027"),
    ],
)
def test_invalid_values_are_located(tmp_path: Path, old: str, new: str, key: str) -> None:
    exc = _error(_folder(tmp_path, GOOD.replace(old, new)))
    assert exc.issue.code == "programme_file_invalid" and key in str(exc)


def test_no_programme_file(tmp_path: Path) -> None:
    exc = _error(tmp_path / "programme.toml")
    assert exc.issue.code == "programme_file_missing"


# --------------------------------------------------------------------------------------------- activity log
TERMS = [("autumn", "Autumn", date(2026, 9, 2), date(2026, 12, 18))]


def _log(tmp_path: Path, rows: list[list[Any]]) -> Path:
    counts: list[list[Any]] = [r + [None] * (9 - len(r)) for r in rows]
    return write_activity_template(tmp_path / "log.xlsx", TERMS, counts)


def test_the_activity_log_adds_up_the_term(tmp_path: Path) -> None:
    path = _log(tmp_path, [[10, 1, 3, 6, 1, 2, 1, 1, 6], [12, 0, 2, 0, 2, 0, 1, 0]])
    s = read_activity_log(path, start=date(2026, 9, 2), end=date(2026, 12, 18))
    assert s.rows == 16  # one row per school week, the first week's Monday before the term starts
    assert s.get("sessions_held") == 22 and s.get("new_mentees") == 5 and s.get("new_mentors") == 6
    assert s.get("supervision_planned") == 2 and s.get("supervision_delivered") == 1
    assert not s.issues
    later = read_activity_log(path, start=date(2027, 1, 5), end=date(2027, 3, 26))
    assert later.rows == 0 and later.get("sessions_held") == 0


def test_a_bad_activity_cell_is_a_located_warning(tmp_path: Path) -> None:
    path = _log(tmp_path, [[10], [2.5]])
    wb = openpyxl.load_workbook(path)
    wb["Activity log"]["B4"] = "lots"
    wb.save(path)
    s = read_activity_log(path, start=date(2026, 9, 2), end=date(2026, 12, 18))
    assert s.get("sessions_held") == 10
    assert {(i.code, i.row, i.column) for i in s.issues} == {
        ("mis_value_invalid", 3, "Mentoring sessions held"),
        ("mis_value_invalid", 4, "Mentoring sessions held"),
    }


def test_a_survey_given_as_the_activity_log_is_the_wrong_format(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text("UPN,swemwbs_1\nH801200001001,Often\n", encoding="utf-8")
    with pytest.raises(PeerimpactError) as info:
        read_activity_log(path, start=date(2026, 9, 2), end=date(2026, 12, 18), key="terms.a.activity_log")
    assert info.value.issue.code == "programme_file_wrong_format"
    assert "terms.a.activity_log" in str(info.value) and "Week starting" in str(info.value)


def test_a_located_error_from_a_notepad_unicode_programme_toml(tmp_path: Path) -> None:
    """Programme.error reads the file as load_programme does: UTF-16 from Notepad gave a UnicodeDecodeError."""
    from peerimpact.governors.programme import load_programme
    from peerimpact.governors.scaffold import write_programme_folder

    write_programme_folder(tmp_path / "p", year=2026)
    toml = tmp_path / "p" / "programme.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_bytes(text.encode("utf-16"))  # with a BOM, as Notepad's "Unicode"
    prog = load_programme(toml)
    err = prog.error("programme_file_invalid", "analysis.suppression_threshold", "planted")
    expected = next(
        n for n, line in enumerate(text.splitlines(), 1) if line.startswith("suppression_threshold")
    )
    assert err.issue.row == expected
