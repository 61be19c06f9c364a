"""Every platform layout is recognised, and its headings, roles, questions and row numbers come out right."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from reader_helpers import csv_bytes, read, write_xlsx

from peerimpact.readers import SourceTable
from peerimpact.readers.detect import detect_layout


def _layout_note(table: SourceTable) -> str:
    return next(i.message for i in table.issues if i.code == "layout_detected")


# ------------------------------------------------------------------------------------------- Microsoft Forms


def test_microsoft_forms_xlsx(tmp_path: Path) -> None:
    start = dt.datetime(2025, 10, 1, 9, 0, 5)
    rows = [
        [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Last modified time",
            "I\u2019ve been feeling optimistic about the future",
            "I\u2019ve been feeling useful",
            "Points - I\u2019ve been feeling useful",
        ],
        [1, start, start + dt.timedelta(minutes=4), "anonymous", None, None, "Often", " Rarely ", 0],
        [2, start, start + dt.timedelta(minutes=6), "anonymous", None, None, "All of the time", "", 0],
    ]
    table = read(write_xlsx(tmp_path / "forms.xlsx", rows, title="Form1"))
    assert table.layout == "microsoft_forms"
    assert table.header_rows == 1
    assert table.sheet == "Form1"
    assert table.rows == [2, 3]
    assert table.columns[6] == "I've been feeling optimistic about the future"  # typographic apostrophe
    assert table.column("ID") == [1, 2]  # Excel's float 1.0 comes back as the int it shows
    assert table.column("Start time") == [start, start]
    assert table.column("I've been feeling useful") == ["Rarely", None]
    assert "Name" in table.columns  # an empty platform column keeps its heading
    assert table.roles == {
        "response_id": "ID",
        "start_time": "Start time",
        "completion_time": "Completion time",
        "email": "Email",
        "name": "Name",
    }
    assert table.questions == [""] * len(table.columns)
    assert table.encoding is None and table.delimiter is None
    note = _layout_note(table)
    assert "forms.xlsx" in note and "Microsoft Forms" in note


def test_microsoft_forms_columns_in_any_order_and_case(tmp_path: Path) -> None:
    rows = [["Completion time", "start time", "Id", "Q1"], ["2025-01-01", "2025-01-01", "7", "Often"]]
    path = tmp_path / "forms.csv"
    path.write_bytes(csv_bytes(rows))
    table = read(path)
    assert table.layout == "microsoft_forms"
    assert table.roles["response_id"] == "Id"


# ------------------------------------------------------------------------------------------- Google Forms


def test_google_forms_csv_all_quoted(tmp_path: Path) -> None:
    rows = [
        ["Timestamp", "Email address", "How often [I feel happy]", "How often [I sleep well]", "Comment"],
        ["2024/03/04 10:15:30 AM GMT", "a@school.org", "Often", "Rarely", "Fine, thanks"],
        ["2024/03/04 10:16:00 AM GMT", "b@school.org", "Never", "Often", ""],
    ]
    path = tmp_path / "google.csv"
    path.write_bytes(csv_bytes(rows, quoting=csv.QUOTE_ALL))
    table = read(path)
    assert table.layout == "google_forms"
    assert table.rows == [2, 3]
    assert table.roles == {"completion_time": "Timestamp", "email": "Email address"}
    assert table.questions == ["", "", "How often", "How often", ""]
    assert table.column("Comment") == ["Fine, thanks", None]
    assert table.encoding == "utf-8" and table.delimiter == ","


# ------------------------------------------------------------------------------------------- Qualtrics

_Q_TAGS = [
    "StartDate",
    "EndDate",
    "Status",
    "IPAddress",
    "Progress",
    "Duration (in seconds)",
    "Finished",
    "RecordedDate",
    "ResponseId",
    "RecipientLastName",
    "RecipientFirstName",
    "RecipientEmail",
    "ExternalReference",
    "LocationLatitude",
    "LocationLongitude",
    "DistributionChannel",
    "UserLanguage",
    "Q1",
    "Q2_1",
    "Q2_2",
]
_Q_TEXT = [
    "Start Date",
    "End Date",
    "Response Type",
    "IP Address",
    "Progress",
    "Duration (in seconds)",
    "Finished",
    "Recorded Date",
    "Response ID",
    "Recipient Last Name",
    "Recipient First Name",
    "Recipient Email",
    "External Data Reference",
    "Location Latitude",
    "Location Longitude",
    "Distribution Channel",
    "User Language",
    "<p><b>How</b> are you&nbsp;today?</p>",
    "Statements - I feel happy",
    "Statements - I feel calm",
]
_Q_IMPORT = [
    json.dumps({"ImportId": tag[:1].lower() + tag[1:], "timeZone": "Europe/London"}) for tag in _Q_TAGS[:17]
]
_Q_IMPORT += [
    json.dumps({"ImportId": "QID1"}),
    json.dumps({"ImportId": "QID2_1"}),
    json.dumps({"ImportId": "QID2_2"}),
]


def _q_row(status: object, progress: object, finished: object, rid: str) -> list[object]:
    return [
        "2025-10-01 09:00:00",
        "2025-10-01 09:05:00",
        status,
        "",
        progress,
        "300",
        finished,
        "2025-10-01 09:05:01",
        rid,
        "",
        "",
        "",
        "",
        "51.5",
        "-0.1",
        "anonymous",
        "EN",
        "Good",
        "Often",
        "Rarely",
    ]


def test_qualtrics_three_rows_with_preview_test_spam_and_unfinished(tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [
        _Q_TAGS,
        _Q_TEXT,
        _Q_IMPORT,
        _q_row("0", "100", "1", "R_a"),
        _q_row("1", "100", "1", "R_preview"),
        _q_row("2", "100", "1", "R_test"),
        _q_row("8", "100", "1", "R_spam"),
        _q_row("0", "50", "0", "R_unfinished"),
        _q_row("4", "100", "1", "R_imported"),
    ]
    path = tmp_path / "qualtrics.csv"
    path.write_bytes(csv_bytes([[*r, ""] for r in rows]))  # with Qualtrics' trailing empty column
    table = read(path)
    assert table.layout == "qualtrics"
    assert table.header_rows == 3
    assert table.columns == _Q_TAGS  # trailing empty column dropped, headings from row 1
    assert table.rows == [4, 5, 6, 7, 8, 9]
    assert table.n_rows == 6  # excluded rows stay in the table
    assert table.excluded == {1: "survey preview", 2: "survey test", 3: "spam"}
    excluded_issues = [i for i in table.issues if i.code == "platform_row_excluded"]
    assert [(i.row, i.value) for i in excluded_issues] == [(5, "1"), (6, "2"), (7, "8")]
    assert table.column("Finished") == ["1", "1", "1", "1", "0", "1"]
    assert table.column("Progress")[4] == "50"
    assert table.roles == {
        "response_id": "ResponseId",
        "start_time": "StartDate",
        "completion_time": "EndDate",
        "email": "RecipientEmail",
        "name": "RecipientFirstName",
        "finished": "Finished",
        "progress": "Progress",
        "status": "Status",
    }
    assert table.questions[17] == "How are you today?"  # HTML stripped, entity decoded
    assert table.questions[18] == "Statements - I feel happy"
    assert "Qualtrics export (3 header rows)" in _layout_note(table)


def test_qualtrics_xlsx_numeric_and_text_status(tmp_path: Path) -> None:
    rows = [
        _Q_TAGS,
        _Q_TEXT,
        _Q_IMPORT,
        _q_row(0, 100, 1, "R_a"),
        _q_row(1, 100, 1, "R_b"),
        _q_row("IP Address", 100, 1, "R_c"),
        _q_row("Survey Preview", 100, 1, "R_d"),
        _q_row("Imported", 100, True, "R_e"),
        _q_row(9, 100, 1, "R_f"),
    ]
    table = read(write_xlsx(tmp_path / "qualtrics.xlsx", rows))
    assert table.layout == "qualtrics" and table.header_rows == 3
    assert table.column("Status") == [0, 1, "IP Address", "Survey Preview", "Imported", 9]
    assert table.excluded == {1: "survey preview", 3: "survey preview", 5: "preview spam"}
    assert table.rows == [4, 5, 6, 7, 8, 9]


def test_qualtrics_two_rows_without_import_ids(tmp_path: Path) -> None:
    rows = [_Q_TAGS, _Q_TEXT, _q_row("0", "100", "1", "R_a")]
    path = tmp_path / "q2.csv"
    path.write_bytes(csv_bytes(rows))
    table = read(path)
    assert (table.layout, table.header_rows, table.rows) == ("qualtrics", 2, [3])
    assert "2 header rows" in _layout_note(table)
    assert table.layout_name == "Qualtrics export (2 header rows)"


def test_qualtrics_with_question_rows_deleted(tmp_path: Path) -> None:
    rows = [_Q_TAGS, _q_row("0", "100", "1", "R_a"), _q_row("1", "100", "1", "R_b")]
    path = tmp_path / "q1.csv"
    path.write_bytes(csv_bytes(rows))
    table = read(path)
    assert (table.layout, table.header_rows, table.rows) == ("qualtrics", 1, [2, 3])
    assert table.excluded == {1: "survey preview"}


def test_qualtrics_legacy_with_bom_and_trailing_comma(tmp_path: Path) -> None:
    text = (
        "V1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1,Q2,LocationLatitude,LocationLongitude,LocationAccuracy,\r\n"
        "ResponseID,ResponseSet,Name,ExternalDataReference,EmailAddress,IPAddress,Status,StartDate,EndDate,"
        "Finished,How are you?,Any comments?,LocationLatitude,LocationLongitude,LocationAccuracy,\r\n"
        "R_1,Default Response Set,Anonymous,,,1.2.3.4,0,2017-01-01 10:00:00,2017-01-01 10:05:00,1,Often,"
        ",51.5,-0.1,-1,\r\n"
        "R_2,Default Response Set,Anonymous,,,1.2.3.5,1,2017-01-01 11:00:00,2017-01-01 11:05:00,1,Rarely,"
        "Test run,51.5,-0.1,-1,\r\n"
    )
    path = tmp_path / "legacy.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    table = read(path)
    assert table.layout == "qualtrics_legacy"
    assert table.header_rows == 2
    assert table.encoding == "utf-8-sig"
    assert table.columns[:3] == ["ResponseID", "ResponseSet", "Name"]
    assert table.columns[10:12] == ["Q1", "Q2"]
    assert table.columns[-1] == "LocationAccuracy"  # the trailing empty column is gone
    assert table.questions[10] == "How are you?"
    assert table.questions[0] == ""
    assert table.rows == [3, 4]
    assert table.roles["response_id"] == "ResponseID"
    assert table.roles["status"] == "Status"
    assert table.excluded == {1: "survey preview"}


# ------------------------------------------------------------------------------------------- SurveyMonkey


def test_surveymonkey_two_rows(tmp_path: Path) -> None:
    meta = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    ]
    row1 = [*meta, "How are you feeling?", "Please rate:", "", "", "Any comments?"]
    row2 = [""] * 9 + [
        "Response",
        "I feel happy",
        "I feel calm",
        "Other (please specify)",
        "Open-Ended Response",
    ]
    data = [
        "114",
        "2501",
        "10/01/2025 09:00:00 AM",
        "10/01/2025 09:05:00 AM",
        "",
        "",
        "",
        "",
        "",
        "Good",
        "Often",
        "Rarely",
        "",
        "none",
    ]
    path = tmp_path / "monkey.csv"
    path.write_bytes(csv_bytes([row1, row2, data, data]))
    table = read(path)
    assert table.layout == "surveymonkey"
    assert table.header_rows == 2
    assert table.columns[9:] == [
        "How are you feeling?",
        "I feel happy",
        "I feel calm",
        "Other (please specify)",
        "Any comments?",
    ]
    assert table.questions[9:] == [
        "How are you feeling?",
        "Please rate:",
        "Please rate:",
        "Please rate:",
        "Any comments?",
    ]
    assert table.questions[:9] == [""] * 9
    assert table.rows == [3, 4]
    assert table.roles == {
        "response_id": "Respondent ID",
        "start_time": "Start Date",
        "completion_time": "End Date",
        "email": "Email Address",
        "name": "First Name",
    }
    assert table.column("I feel calm") == ["Rarely", "Rarely"]


def test_surveymonkey_xlsx_with_second_row_deleted(tmp_path: Path) -> None:
    rows = [["Respondent ID", "Collector ID", "Q1"], [114, 2501, "Often"], [115, 2501, "Rarely"]]
    table = read(write_xlsx(tmp_path / "monkey.xlsx", rows))
    assert (table.layout, table.header_rows, table.rows) == ("surveymonkey", 1, [2, 3])
    assert table.layout_name == "SurveyMonkey export (one header row)"
    assert table.column("Respondent ID") == [114, 115]


# ------------------------------------------------------------------------------------------- plain


def test_plain_table(tmp_path: Path) -> None:
    rows = [["UPN", "wemwbs_1", "wemwbs_2"], ["H801200001001", "Often", "Rarely"]]
    path = tmp_path / "plain.csv"
    path.write_bytes(csv_bytes(rows))
    table = read(path)
    assert (table.layout, table.header_rows, table.rows, table.roles) == ("plain", 1, [2], {})
    assert table.data == [["H801200001001"], ["Often"], ["Rarely"]]
    assert "plain table" in _layout_note(table)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ([["a", "b"], ["1", "2"]], ("plain", 1)),
        ([["Timestamp", "Q"], ["x", "y"]], ("google_forms", 1)),
        ([["ID", "Start time", "Completion time"]], ("microsoft_forms", 1)),
        ([["Respondent ID", "Collector ID"], ["", ""]], ("surveymonkey", 2)),
        ([["V1", "V2", "Q1"], ["ResponseID", "ResponseSet", "Q?"]], ("qualtrics_legacy", 2)),
        ([["Q1"], ["Question"], ['{"ImportId":"QID1"}']], ("qualtrics", 3)),
        (
            [["StartDate", "EndDate", "Progress"], ["Start Date", "End Date", "Progress"], ["x", "y", "z"]],
            ("qualtrics", 2),
        ),
        ([["StartDate", "EndDate", "Status"], [dt.datetime(2025, 1, 1), "", 0]], ("qualtrics", 1)),
        ([["StartDate", "EndDate", "Q1"], ["x", "y", "z"]], ("plain", 1)),  # no Status/Progress
        ([["Q1"], ["Question"], ["{not json"]], ("plain", 1)),
    ],
)
def test_detect_layout(head: list[list[object]], expected: tuple[str, int]) -> None:
    assert detect_layout(head) == expected


def test_a_python_dict_import_id_row_is_the_third_qualtrics_heading_row(tmp_path: Path) -> None:
    # Qualtrics exports of 2016-17 wrote row 3 as {'ImportId': 'startDate'} (see tests/data/real)
    rows = [
        ["StartDate", "EndDate", "Status", "ResponseId", "Q1"],
        ["Start Date", "End Date", "Response Type", "Response ID", "How are you?"],
        [
            "{'ImportId': 'startDate'}",
            "{'ImportId': 'endDate'}",
            "{'ImportId': 'status'}",
            "{'ImportId': 'x'}",
            "{'ImportId': 'QID1'}",
        ],
        ["2017-05-23 14:21:14", "2017-05-23 14:22:00", "0", "R_1", "Fine"],
    ]
    path = tmp_path / "q.csv"
    path.write_bytes(csv_bytes(rows))
    table = read(path)
    assert (table.layout, table.header_rows, table.rows, table.excluded) == ("qualtrics", 3, [4], {})
    assert table.column("Q1") == ["Fine"]
