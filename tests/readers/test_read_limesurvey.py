"""LimeSurvey exports are recognised with full-text or code headings (see also test_real_exports.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reader_helpers import csv_bytes, read


def test_code_headings_are_recognised_and_the_response_id_is_a_role(tmp_path: Path) -> None:
    rows = [
        [
            "id",
            "submitdate",
            "lastpage",
            "startlanguage",
            "seed",
            "startdate",
            "datestamp",
            "UPN",
            "wemwbs_1",
        ],
        [
            "1",
            "2026-10-05 09:10:00",
            "2",
            "en",
            "123",
            "2026-10-05 09:00:00",
            "2026-10-05 09:10:00",
            "A1",
            "3",
        ],
        ["2", "", "1", "en", "456", "2026-10-06 09:00:00", "2026-10-06 09:01:00", "A2", ""],
    ]
    path = tmp_path / "results-survey123456.csv"
    path.write_bytes(csv_bytes(rows))
    table = read(path)
    assert (table.layout, table.header_rows, table.rows) == ("limesurvey", 1, [2, 3])
    assert table.layout_name == "LimeSurvey export (one header row)"
    assert table.roles == {"response_id": "id", "start_time": "startdate", "completion_time": "submitdate"}
    assert list(table.column("submitdate")) == [dt.datetime(2026, 10, 5, 9, 10), None]


def test_a_plain_table_with_an_id_column_is_not_limesurvey(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_bytes(csv_bytes([["id", "UPN", "wemwbs_1"], ["1", "A1", "3"]]))
    assert read(path).layout == "plain"


def test_a_limesurvey_response_never_submitted_is_unfinished(tmp_path: Path) -> None:
    from peerimpact import score_file

    head = "Response ID,Date submitted,Last page,Start language,Pupil ID," + ",".join(
        f"brs_{i}" for i in range(1, 7)
    )
    rows = [
        "1,2026-10-03 09:00:00,2,en,P1," + ",".join(["Agree"] * 6),
        "2,,1,en,P2," + ",".join(["Agree"] * 3 + [""] * 3),  # left at page 1: no submit date
    ]
    path = tmp_path / "results-survey123456.csv"
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    run = score_file(path)
    assert run.source.layout == "limesurvey"
    assert any(i.code == "unfinished_response" and i.row == 3 for i in run.issues)
    assert "unfinished response" in run.reason[1]
