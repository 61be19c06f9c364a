"""Real Qualtrics exports from the rOpenSci qualtRics package (see tests/data/readers/README.md)."""

from __future__ import annotations

from pathlib import Path

from reader_helpers import read

DATA = Path(__file__).resolve().parents[1] / "data" / "readers"


def test_qualtrics_sample() -> None:
    table = read(DATA / "qualtrics_sample.csv")
    assert (table.layout, table.header_rows, table.encoding, table.rows) == ("qualtrics", 3, "utf-8", [4])
    assert table.columns[:3] == ["StartDate", "EndDate", "Status"]  # row 1, not the German row-2 labels
    assert table.questions[0] == "Anfangsdatum"
    assert table.questions[table.columns.index("Q1")] == "This is a multiple choice question."
    assert table.column("ResponseId") == ["R_2YPOQ602ER1jkf1"]
    assert table.column("Q2") == ["Hello World!"]
    assert table.roles["response_id"] == "ResponseId"
    assert table.excluded == {}


def test_qualtrics_legacy_sample() -> None:
    table = read(DATA / "qualtrics_sample_legacy.csv")
    assert (table.layout, table.header_rows, table.encoding, table.rows) == (
        "qualtrics_legacy",
        2,
        "utf-8-sig",
        [3],
    )
    assert table.columns[0] == "ResponseID"  # no BOM left on the first heading
    assert table.columns[-1] == "LocationAccuracy"  # trailing empty column dropped
    assert table.column("Q2") == ["Hello World!"]
    assert table.questions[table.columns.index("Q1")] == "This is a multiple choice question."
    assert table.column("Status") == ["0"]
    assert table.excluded == {}
