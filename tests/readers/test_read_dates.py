"""Dates keep their platform's order, decided per column; Excel serial numbers beside text dates are dates too
(SPEC §3 "Dates keep their platform's order", issue 11)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reader_helpers import csv_bytes, read, write_xlsx

_SETTINGS = settings(
    deadline=None, database=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow]
)
_META = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address"]
_FORMS = ["ID", "Start time", "Completion time", "Email", "Name", "UPN"]

#: date-times whose day is at most 12 (so every numeric date could be day or month first), whole seconds
_AMBIGUOUS = st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 12, 12)).map(
    lambda t: t.replace(day=min(t.day, 12), microsecond=0)
)


def _surveymonkey(path: Path, times: list[dt.datetime]) -> Path:
    rows: list[list[object]] = [[*_META, "What is your pupil ID?"], [""] * 6 + ["Open-Ended Response"]]
    for k, t in enumerate(times):
        text = t.strftime("%m/%d/%Y %I:%M:%S %p")  # SurveyMonkey's order, whatever the account's country
        rows.append([str(100 + k), "431", text, text, "", "", f"P{k}"])
    path.write_bytes(csv_bytes(rows))
    return path


def _notes(table: object) -> list[str]:
    return [i.message for i in table.issues if "could be day first or month first" in i.message]  # type: ignore[attr-defined]


@_SETTINGS
@given(times=st.lists(_AMBIGUOUS, min_size=1, max_size=6))
def test_surveymonkey_dates_are_month_first_when_every_day_is_at_most_12(times: list[dt.datetime]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        table = read(_surveymonkey(Path(tmp) / "sm.csv", times))
    assert list(table.column("End Date")) == times
    assert list(table.column("Start Date")) == times
    if any(t.day != t.month for t in times):  # 05/05 reads the same either way: nothing to say then
        assert len(_notes(table)) == 2 and all("month first" in n for n in _notes(table))
    else:
        assert _notes(table) == []


def test_a_day_over_12_settles_the_order_of_a_surveymonkey_column(tmp_path: Path) -> None:
    # a UK-formatted SurveyMonkey download: 13/10/2026 cannot be month first, so the column is day first
    rows: list[list[object]] = [[*_META], [""] * 6]
    for k, text in enumerate(["13/10/2026 10:00:00", "03/10/2026 09:00:00"]):
        rows.append([str(k), "1", text, text, "", ""])
    table = read(_write(tmp_path / "uk.csv", rows))
    assert list(table.column("End Date")) == [dt.datetime(2026, 10, 13, 10), dt.datetime(2026, 10, 3, 9)]
    assert _notes(table) == []


def test_google_forms_ambiguous_dates_stay_day_first_and_are_noted(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Timestamp", "Email address", "UPN"]]
    rows += [
        ["03/11/2026 14:30:01", "a@school.example", "A"],
        ["12/10/2026 09:05:00", "b@school.example", "B"],
    ]
    table = read(_write(tmp_path / "g.csv", rows))
    assert list(table.column("Timestamp")) == [
        dt.datetime(2026, 11, 3, 14, 30, 1),
        dt.datetime(2026, 10, 12, 9, 5),
    ]
    [note] = _notes(table)
    assert "day first" in note and note.startswith("Dates that could be day or month first")


def _serial(t: dt.datetime) -> float:
    return (t - dt.datetime(1899, 12, 30)).total_seconds() / 86_400


@_SETTINGS
@given(
    times=st.lists(st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2099, 12, 31)), min_size=1, max_size=6),
    as_text=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_excel_serials_and_text_dates_in_one_column_are_all_dates(
    times: list[dt.datetime], as_text: list[bool]
) -> None:
    times = [t.replace(microsecond=0) for t in times]
    # a day over 12 somewhere settles the text dates as day first, as a UK sheet would be
    times.append(dt.datetime(2026, 10, 20, 9, 0))
    text = [*as_text[: len(times) - 1], True]  # the settling date is text
    rows: list[list[object]] = [[*_FORMS, "wemwbs_1"]]
    for k, t in enumerate(times):
        cell: object = t.strftime("%d/%m/%Y %H:%M:%S") if text[k] else _serial(t)
        rows.append([k + 1, cell, cell, f"p{k}@school.example", None, f"U{k}", "Often"])
    with tempfile.TemporaryDirectory() as tmp:
        table = read(write_xlsx(Path(tmp) / "f.xlsx", rows))
    assert table.layout == "microsoft_forms"
    assert list(table.column("Completion time")) == times
    assert list(table.column("Start time")) == times


def test_numbers_outside_the_serial_range_are_left_alone(tmp_path: Path) -> None:
    rows: list[list[object]] = [[*_FORMS], [1, 7, 2026, "a@school.example", None, "A"]]
    table = read(write_xlsx(tmp_path / "n.xlsx", rows))
    assert list(table.column("Start time")) == [7] and list(table.column("Completion time")) == [2026]


def _write(path: Path, rows: list[list[object]]) -> Path:
    path.write_bytes(csv_bytes(rows))
    return path


def test_a_plain_sheet_keeps_the_later_of_a_pupils_answers_by_completion_time(tmp_path: Path) -> None:
    from peerimpact import score_file

    head = ["Pupil ID", "Completion time", *[f"swemwbs_{i}" for i in range(1, 8)]]
    rows: list[list[object]] = [
        head,
        ["P1", "20/10/2026 09:00", *[4] * 7],
        ["P1", "05/10/2026 12:00", *[3] * 7],
    ]
    path = write_xlsx(tmp_path / "merged.xlsx", rows)
    table = read(path)
    assert table.roles == {"completion_time": "Completion time"}
    assert list(table.column("Completion time")) == [
        dt.datetime(2026, 10, 20, 9),
        dt.datetime(2026, 10, 5, 12),
    ]
    run = score_file(path)
    # 20 October is later than 5 October, so row 2 is kept although row 3 comes after it
    assert run.duplicates == {1: 0}
    assert run.scales["swemwbs.raw"].values.tolist()[0] == 28.0  # seven 4s


def test_a_plain_date_column_is_not_taken_for_a_completion_time(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["UPN", "Date", "End Date", "wemwbs_1"],
        ["A1", "03/10/2026", "04/10/2026", 3],
    ]
    assert read(write_xlsx(tmp_path / "mis.xlsx", rows)).roles == {}
