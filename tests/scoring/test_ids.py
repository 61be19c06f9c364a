"""Pupil ids: the DfE UPN check letter, id-column choice, normalisation, duplicate submissions."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import make_table

from peerimpact.issues import PeerimpactError
from peerimpact.scoring.ids import (
    choose_id_column,
    find_duplicates,
    is_valid_upn,
    normalise_ids,
    upn_check_letter,
)


# DfE "Unique Pupil Numbers — guidance" test vectors, as used in DfE's MTC service tests
# (DFEAGILEDEVOPS/MTC admin/spec/back-end/lib/validator/pupil-validator.spec.js), and python-stdnum's.
@pytest.mark.parametrize(
    ("upn", "valid"),
    [
        ("H801200001001", True),  # DfE valid permanent
        ("G80120000101A", True),  # DfE valid temporary
        ("Z801200001001", False),  # DfE invalid check letter
        ("B801200005001", True),  # python-stdnum valid
        ("A801200005001", False),  # python-stdnum bad check letter
        ("h801200001001", True),  # case is normalised
        ("H80120000100", False),  # too short
        ("H8012000010O1", False),  # letter inside the digits
    ],
)
def test_upn_check_letter_dfe_examples(upn: str, valid: bool) -> None:
    assert is_valid_upn(upn) is valid


def test_check_letter_by_hand() -> None:
    # H801200001001: digits 8,0,1,2,0,0,0,0,1,0,0,1 × weights 2..13
    # = 16+0+4+10+0+0+0+0+10+0+0+13 = 53; 53 mod 23 = 7 → 8th letter of ABCDEFGHJ… = H
    assert upn_check_letter("H801200001001") == "H"


def test_upn_column_found_by_values_under_a_question_heading() -> None:
    t = make_table(
        ["Name", "What is your student number?", "q1"],
        [["Ann", "H801200001001", "x"], ["Bob", "B801200005001", "y"], ["Cy", "A801200005001", "z"]],
        roles={"name": "Name"},
    )
    col = choose_id_column(t)
    assert (col.column, col.kind) == ("What is your student number?", "upn")


def test_id_preference_upn_before_pupil_number_before_email() -> None:
    t = make_table(["Email", "Admission No", "Pupil number"], [["a@x.org", "12", "900"]])
    assert choose_id_column(t).column == "Pupil number"
    t = make_table(["Email", "Admission No"], [["a@x.org", "12"]])
    assert choose_id_column(t).column == "Admission No"
    t = make_table(
        ["ID", "Email", "Name"], [[1, "a@x.org", "Ann"]], roles={"response_id": "ID", "name": "Name"}
    )
    assert choose_id_column(t).column == "Email"


def test_platform_response_id_and_name_are_never_ids() -> None:
    t = make_table(["ID", "Name", "q1"], [[1, "Ann", "x"]], roles={"response_id": "ID", "name": "Name"})
    with pytest.raises(PeerimpactError) as err:
        choose_id_column(t)
    assert err.value.issue.code == "no_id_column"


def test_given_id_column_must_exist() -> None:
    t = make_table(["upn"], [["H801200001001"]])
    with pytest.raises(PeerimpactError) as err:
        choose_id_column(t, "pupil")
    assert err.value.issue.code == "id_column_not_found"


def test_normalisation() -> None:
    assert normalise_ids([" h8012 00001001 ", "Ava.K@School.UK", 1234.0, None, "  "], "upn") == [
        "H801200001001",
        "ava.k@school.uk",
        "1234",
        None,
        None,
    ]


def test_duplicates_keep_latest_complete() -> None:
    ids = ["a", "a", "a", "b", "b"]
    complete = [True, True, False, False, False]
    times = [datetime(2026, 1, 1), datetime(2026, 1, 3), datetime(2026, 1, 5), None, None]
    dropped = find_duplicates(ids, complete, times, [True] * 5)
    # a: rows 0 and 1 complete, 1 is later → keep 1 (2 is later but incomplete); b: none complete → last row
    assert dropped == {0: 1, 2: 1, 3: 4}


def test_duplicates_ignore_ineligible_rows() -> None:
    assert find_duplicates(["a", "a"], [True, True], None, [False, True]) == {}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.from_regex(r"\A[A-Z][0-9]{11}[0-9A-Z]\Z", fullmatch=True) | st.none() | st.text(max_size=14),
        max_size=30,
    )
)
def test_vectorised_check_letter_agrees_with_the_rule(ids: list[str | None]) -> None:
    from peerimpact.scoring.ids import _bad_upn_positions

    expected = [
        pos
        for pos, pid in enumerate(ids)
        if pid is not None and re.fullmatch(r"[A-Z][0-9]{11}[0-9A-Z]", pid) and not is_valid_upn(pid)
    ]
    assert _bad_upn_positions(ids) == expected


def test_normalise_ids_clean_and_messy_upn_columns_agree_with_one_by_one() -> None:
    from peerimpact.scoring.ids import _normalise_one, normalise_ids

    clean = ["H801200001001", None, "A801200005001"]
    assert normalise_ids(clean, "upn") == clean
    messy = ["h801200001001", " A801200005001", "A 8012 0000 5001", 801200001001, None, "ÄBC"]
    assert normalise_ids(messy, "upn") == [_normalise_one(v, "upn") for v in messy]


def test_bad_upn_positions_vectorised_shape_matches_the_regex() -> None:
    """Shape by the DfE rule (letter, 11 digits, digit or letter); check letters computed by hand in
    test_upn_check_letter above.  Non-UPN shapes are never flagged; non-ASCII ids take the slow path."""
    from peerimpact.scoring.ids import _bad_upn_positions, is_valid_upn

    ids = [
        "H801200001001",
        "B801200001001",
        "1801200001001",
        "H80120000100a",
        "G80120000101A",
        None,
        "É801200001001",
    ]
    bad = _bad_upn_positions(ids)
    assert bad == [
        i
        for i, v in enumerate(ids)
        if v
        and len(v) == 13
        and v[0].isascii()
        and v[0].isupper()
        and v[1:12].isdigit()
        and (v[12].isdigit() or v[12].isupper())
        and not is_valid_upn(v)
    ]
    assert 1 in bad and 0 not in bad and 2 not in bad and 3 not in bad


def test_find_duplicates_with_id_bytes_agrees_with_the_exact_path() -> None:
    """The hashed shortcut only ever says "all distinct" when they are; duplicates go the exact way."""
    import random

    from peerimpact.scoring.ids import find_duplicates, id_bytes

    rng = random.Random(7)
    distinct = [f"A{rng.randrange(10**12):012d}" for _ in range(5000)]
    distinct = list(dict.fromkeys(distinct))
    ok = [True] * len(distinct)
    assert find_duplicates(distinct, ok, None, ok, block=id_bytes(distinct)) == {}
    repeated = [*distinct, distinct[10]]
    ok = [True] * len(repeated)
    with_block = find_duplicates(repeated, ok, None, ok, block=id_bytes(repeated))
    assert with_block == find_duplicates(repeated, ok, None, ok) == {10: len(repeated) - 1}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.from_regex(r"\A[A-Z][0-9]{11}[0-9A-Z]\Z", fullmatch=True)
        | st.text(alphabet="ABCXYZabc0123456789 -", min_size=13, max_size=13),
        max_size=30,
    )
)
def test_vectorised_check_letter_on_a_clean_block_agrees_with_the_rule(ids: list[str]) -> None:
    """Every id 13 ASCII characters and none missing: the (n, 13) byte-array path (id_bytes)."""
    from peerimpact.scoring.ids import _bad_upn_positions, id_bytes

    expected = [
        pos
        for pos, pid in enumerate(ids)
        if re.fullmatch(r"[A-Z][0-9]{11}[0-9A-Z]", pid) and not is_valid_upn(pid)
    ]
    assert (id_bytes(ids) is not None) or not ids
    assert _bad_upn_positions(ids, id_bytes(ids)) == expected


@pytest.mark.parametrize(
    ("cells", "placeholder"),
    [
        (["anonymous"] * 30, True),  # an anonymous Microsoft Forms form (SPEC §3)
        (["Anonymous", "n/a", "-", None, "unknown"], True),
        ([None, "", "  "], True),
        (["x@school.org"] * 3 + ["y@school.org"] * 2, True),  # one value on most rows (3 of 5)
        (["a@s.org", "b@s.org", "a@s.org", "c@s.org"], False),  # a pupil who answered twice: 2 of 4
        (["a@s.org"], False),  # one answer is one pupil
        (["a@s.org", "a@s.org"], False),  # too few rows to call a shared value a placeholder
    ],
)
def test_placeholder_columns(cells: list[object], placeholder: bool) -> None:
    from peerimpact.scoring.ids import placeholder_reason

    assert (placeholder_reason(cells, "email") is not None) == placeholder


def test_placeholder_ids_are_missing_ids() -> None:
    assert normalise_ids(["anonymous", "N/A", "-", "Ab@School.org"], "email") == [
        None,
        None,
        None,
        "ab@school.org",
    ]
