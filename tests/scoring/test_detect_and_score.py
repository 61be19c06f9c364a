"""Detection of instruments and scoring of whole tables (tables built in code, no reader involved)."""

from __future__ import annotations

import pytest
from tests.conftest import make_table

from peerimpact.instruments.detect import detect_instruments
from peerimpact.instruments.load import BUILTIN, load_builtin
from peerimpact.issues import PeerimpactError
from peerimpact.scoring.ids import IdColumn
from peerimpact.scoring.score import score_table

W = ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]  # WEMWBS codes 1..5


def _wemwbs_rows(codes_per_row: list[list[int | None]], ids: list[str | None]) -> list[list[object]]:
    return [
        [pid, *(None if c is None else W[c - 1] for c in codes)]
        for pid, codes in zip(ids, codes_per_row, strict=True)
    ]


def test_canonical_names_any_case_and_separator() -> None:
    cols = ["UPN", *[f"WEMWBS-{i}" for i in range(1, 15)]]
    t = make_table(cols, _wemwbs_rows([[3] * 14], ["H801200001001"]))
    uses, issues = detect_instruments(t, [load_builtin("wemwbs")], skip_columns=["UPN"])
    assert uses[0].how == "column names" and uses[0].columns[14] == "WEMWBS-14"
    assert [i.code for i in issues] == ["instrument_columns"]


def test_missing_canonical_item_is_named() -> None:
    cols = ["UPN", *[f"wemwbs_{i}" for i in range(1, 14)]]
    t = make_table(cols, _wemwbs_rows([[3] * 13], ["H801200001001"]))
    with pytest.raises(PeerimpactError) as err:
        detect_instruments(t, [load_builtin("wemwbs")])
    assert err.value.issue.code == "missing_item_column"
    assert "wemwbs_14" in err.value.issue.message


def test_label_run_of_14_is_wemwbs_despite_a_typo() -> None:
    cols = ["Email", *[f"Statement {i}" for i in range(1, 15)]]
    rows = _wemwbs_rows(
        [[1 + (i + j) % 5 for j in range(14)] for i in range(6)], [f"p{i}@x.org" for i in range(6)]
    )
    rows[0][5] = "Some of the tme"
    t = make_table(cols, rows)
    candidates = [load_builtin(n) for n in BUILTIN if n in ("wemwbs",)]
    uses, _ = detect_instruments(t, candidates, skip_columns=["Email"])
    assert uses[0].instrument.name == "wemwbs" and uses[0].how == "answer labels"
    assert uses[0].columns[1] == "Statement 1"


def test_no_instrument_explains_what_was_seen() -> None:
    cols = ["Email", *[f"Statement {i}" for i in range(1, 13)]]
    rows = _wemwbs_rows([[2] * 12], ["a@x.org"])
    t = make_table(cols, rows)
    with pytest.raises(PeerimpactError) as err:
        detect_instruments(t, [load_builtin("wemwbs")])
    assert err.value.issue.code == "no_instrument_found"
    assert "12 adjacent columns" in err.value.issue.message
    assert "--instrument" in str(err.value)  # the advice, said once


def test_numeric_codes_with_instrument_given() -> None:
    cols = ["upn", *[f"Q{i}" for i in range(1, 15)]]
    t = make_table(cols, [["H801200001001", *([4] * 14)]])
    uses, _ = detect_instruments(t, [load_builtin("wemwbs")], given=True, skip_columns=["upn"])
    assert uses[0].how == "numeric codes"


def test_score_table_accounts_for_every_row() -> None:
    cols = ["upn", *[f"wemwbs_{i}" for i in range(1, 15)]]
    full = [3] * 14
    rows = _wemwbs_rows(
        [full, full, [None] * 14, full, [*full[:13], None]],
        ["H801200001001", "B801200005001", "G80120000101A", "H801200001001", "A801200005001"],
    )
    rows[1][3] = "Sometimes"  # unknown label
    rows[1][4] = 7  # out of range
    t = make_table(cols, rows, excluded={})
    uses, _ = detect_instruments(t, [load_builtin("wemwbs")], skip_columns=["upn"])
    run = score_table(t, uses, IdColumn("upn", "upn", "test"))
    c = run.counts
    assert c["read"] == 5 == c["scored"] + c["partly scored"] + c["excluded"]
    codes = {(i.code, i.row, i.column) for i in run.issues}
    assert ("unknown_answer_label", 3, "wemwbs_3") in codes
    assert ("out_of_range_code", 3, "wemwbs_4") in codes
    assert ("duplicate_submission", 2, "upn") in codes  # rows 2 and 5 share a UPN; the later one is kept
    assert ("no_answers", 4, None) in codes
    assert ("invalid_upn", 6, "upn") in codes
    assert run.status == ["excluded", "excluded", "excluded", "scored", "excluded"]
    # row 6: 13 of 14 answered and WEMWBS allows no missing item here → not scored
    assert run.scales["wemwbs.total"].values[3] == 42.0  # 14 × 3, by hand
    assert "duplicate submission (row 5 kept)" in run.reason[0]


def test_unknown_builtin_lists_names() -> None:
    with pytest.raises(PeerimpactError) as err:
        load_builtin("kessler")
    assert err.value.issue.code == "unknown_instrument" and "wemwbs" in err.value.issue.message


def test_answers_mix_of_labels_numbers_text_numbers_and_bools() -> None:
    """Each kind of cell gets the code the classifier gives it, whatever the fast path sees first.

    By hand: "Often" = 4, 2 (int) = 2, 3.0 (float) = 3, "5" (text) = 5, " rarely." (other spelling) = 2;
    TRUE is no answer code although True == 1 as a dict key; 0 and 2.5 are out of range; None is missing.
    """
    cols = ["upn", *[f"wemwbs_{i}" for i in range(1, 15)]]
    cells: list[object] = ["Often", 2, 3.0, "5", "Rarely", True, 0, 2.5, None, "often", False, 1, "1", "n/a"]
    t = make_table(cols, [["H801200001001", *cells]])
    uses, _ = detect_instruments(t, [load_builtin("wemwbs")], given=True, skip_columns=["upn"])
    run = score_table(t, uses, IdColumn("upn", "upn", "test"))
    codes = run.answers["wemwbs"].codes[0].tolist()
    nan = float("nan")
    expected = [4, 2, 3, 5, 2, nan, nan, nan, nan, 4, nan, 1, 1, nan]
    assert [("nan" if c != c else c) for c in codes] == [("nan" if e != e else e) for e in expected]
    kinds = {(item, kind) for _, item, kind, _ in run.answers["wemwbs"].problems}
    assert kinds == {
        (6, "unknown_answer_label"),
        (7, "out_of_range_code"),
        (8, "out_of_range_code"),
        (11, "unknown_answer_label"),
    }


def test_named_for_reads_the_construct_from_item_names() -> None:
    from peerimpact.instruments.detect import heading_stem, named_for

    assert named_for("belonging_3") == "belonging" and named_for("Belonging 3") == "belonging"
    assert named_for("Q34_1") is None and named_for("Item 3") is None and named_for("q_12") is None
    assert named_for("I feel like an outsider") is None
    assert heading_stem("Q34_1") == "q34" and heading_stem("Q33_4") == "q33"
    assert heading_stem("Over the last two weeks [Statement 1]") == "over the last two weeks"
    assert heading_stem("I've been feeling optimistic about the future") is None


def test_headings_that_describe_items_are_not_constructs() -> None:
    from peerimpact.instruments.detect import named_for

    assert named_for("Wellbeing statement 1") is None  # the demo's Forms headings
    assert named_for("wellbeing_statement_1") is None
    assert named_for("school_belonging_2") == "school_belonging"
