"""Detection by labels with the Children's Hope Scale and the PISA belonging statements built in.

The belonging answers (Strongly disagree … Strongly agree, 4 points) are a subset of the Brief Resilience Scale's
(the same four plus "Neutral"), and both have six items; the CHS labels share "None of the time", "Some of the
time" and "All of the time" with WEMWBS/SWEMWBS (and the last two with Stirling).  What must hold (SPEC §4:
column names first, then label runs whose length matches; ambiguity is an error naming the candidates):

* six columns named ``belonging_1`` … ``belonging_6`` are belonging, whatever their answers (names win);
* six unnamed agree/disagree columns with at least one "Neutral" answer are BRS (only BRS has that label);
* six unnamed agree/disagree columns with no "Neutral" at all are ``ambiguous_instrument``, naming
  ``--instrument brs`` and ``--instrument belonging``; naming one with ``--instrument`` resolves it;
* six columns answered with CHS labels are CHS, even when only the labels shared with WEMWBS were used;
* WEMWBS (14) and SWEMWBS (7) runs are found as before, also beside a CHS block.

Tables are built in code (``tests.conftest.make_table``) and detection runs with every built-in candidate, as
``peerimpact score`` does without ``--instrument``.
"""

from __future__ import annotations

import pytest
from tests.conftest import make_table

from peerimpact.instruments.detect import detect_instruments
from peerimpact.instruments.load import BUILTIN, load_builtin
from peerimpact.issues import PeerimpactError

AGREE = ["Strongly disagree", "Disagree", "Agree", "Strongly agree"]
CHS = [
    "None of the time",
    "A little of the time",
    "Some of the time",
    "A lot of the time",
    "Most of the time",
    "All of the time",
]
SHARED = ["None of the time", "Some of the time", "All of the time"]  # CHS labels that are WEMWBS labels too
WEMWBS = ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]
STATEMENTS = [f"Statement {i}" for i in range(1, 7)]


def _every_builtin() -> list:  # type: ignore[type-arg]
    return [load_builtin(n) for n in BUILTIN]


def _detect(columns: list[str], rows: list[list[object]], *, names: list[str] | None = None) -> list[str]:
    """Instrument names found (in the order found), with every built-in as a candidate unless ``names``."""
    table = make_table(["UPN", *columns], [[f"H80120000{k:04d}", *r] for k, r in enumerate(rows)])
    candidates = [load_builtin(n) for n in names] if names else _every_builtin()
    uses, _ = detect_instruments(table, candidates, given=bool(names), skip_columns=["UPN"])
    return [u.instrument.name for u in uses]


def _error(columns: list[str], rows: list[list[object]]) -> PeerimpactError:
    with pytest.raises(PeerimpactError) as err:
        _detect(columns, rows)
    return err.value


def _agree_rows(n: int = 5) -> list[list[object]]:
    return [[AGREE[(i + j) % 4] for j in range(6)] for i in range(n)]


def test_columns_named_belonging_are_belonging_whatever_the_answers() -> None:
    named = [f"belonging_{i}" for i in range(1, 7)]
    assert _detect(named, _agree_rows()) == ["belonging"]
    rows = _agree_rows()
    rows[0][2] = "Neutral"  # a BRS label under belonging names: names win; it becomes an unknown answer
    assert _detect(named, rows) == ["belonging"]
    assert _detect([f"Belonging {i}" for i in range(1, 7)], _agree_rows()) == ["belonging"]


@pytest.mark.parametrize("column", range(6))
def test_one_neutral_answer_anywhere_makes_unnamed_agree_columns_brs(column: int) -> None:
    rows = _agree_rows()
    rows[3][column] = "Neutral"
    assert _detect(STATEMENTS, rows) == ["brs"]


def test_unnamed_agree_columns_without_neutral_are_ambiguous_naming_both() -> None:
    err = _error(STATEMENTS, _agree_rows())
    assert err.issue.code == "ambiguous_instrument"
    assert "--instrument brs" in err.issue.message and "--instrument belonging" in err.issue.message
    assert "'Statement 1'" in err.issue.message and "'Statement 6'" in err.issue.message


@pytest.mark.parametrize("name", ["brs", "belonging"])
def test_naming_the_instrument_resolves_the_ambiguity(name: str) -> None:
    assert _detect(STATEMENTS, _agree_rows(), names=[name]) == [name]


def test_columns_named_for_another_construct_are_explained_not_ambiguous() -> None:
    # before belonging was built in these were "named for 'school_belonging'"; they still are
    err = _error([f"school_belonging_{i}" for i in range(1, 7)], _agree_rows())
    assert err.issue.code == "no_instrument_found"
    assert "named for 'school_belonging'" in err.issue.message
    assert "--instrument belonging" in err.issue.message


def test_brs_named_columns_are_still_brs() -> None:
    assert _detect([f"brs_{i}" for i in range(1, 7)], _agree_rows()) == ["brs"]


def test_chs_labels_in_six_columns_are_chs() -> None:
    rows = [[CHS[(i + j) % 6] for j in range(6)] for i in range(6)]
    assert _detect(STATEMENTS, rows) == ["chs"]
    # only the labels CHS shares with WEMWBS and Stirling: six columns is still only CHS's length
    shared = [[SHARED[(i + j) % 3] for j in range(6)] for i in range(4)]
    assert _detect(STATEMENTS, shared) == ["chs"]
    assert _detect([f"chs_{i}" for i in range(1, 7)], rows) == ["chs"]


def test_wemwbs_and_swemwbs_runs_are_unchanged() -> None:
    rows14 = [[WEMWBS[(i + j) % 5] for j in range(14)] for i in range(6)]
    assert _detect([f"Wellbeing statement {i}" for i in range(1, 15)], rows14) == ["wemwbs"]
    rows7 = [r[:7] for r in rows14]
    assert _detect([f"S{i}" for i in range(1, 8)], rows7) == ["swemwbs"]
    # SWEMWBS answered only with the labels it shares with CHS: 7 columns are SWEMWBS, not CHS (6)
    shared7 = [[SHARED[(i + j) % 3] for j in range(7)] for i in range(4)]
    assert _detect([f"S{i}" for i in range(1, 8)], shared7) == ["swemwbs"]


def test_chs_beside_swemwbs_gives_both() -> None:
    columns = [f"Q{i}" for i in range(1, 14)]  # one generic stem: nothing but the labels tells them apart
    rows = [[CHS[(i + j) % 6] for j in range(6)] + [WEMWBS[(i + j) % 5] for j in range(7)] for i in range(6)]
    assert _detect(columns, rows) == ["chs", "swemwbs"]


def test_belonging_beside_brs_in_question_blocks_gives_both() -> None:
    # Qualtrics-style tags: the stems Q5 and Q6 keep the two blocks apart (SPEC §4, one question block)
    columns = [f"Q5_{i}" for i in range(1, 7)] + [f"Q6_{i}" for i in range(1, 7)]
    rows: list[list[object]] = [[*a, *a] for a in _agree_rows()]
    for row in rows[:2]:
        row[8] = "Neutral"  # the second block has a Neutral: BRS
    with pytest.raises(PeerimpactError) as err:
        _detect(columns, rows)  # the first block has none: ambiguous, and the error says which columns
    assert err.value.issue.code == "ambiguous_instrument" and "'Q5_1'" in err.value.issue.message
    rows[0][1] = "Neutral"
    assert _detect(columns, rows) == ["brs", "brs#2"]
