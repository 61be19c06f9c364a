"""Behaviour exports: negative events per pupil per period, UK dates, free text never kept.

``tests/data/mis/behaviour_events.csv`` by hand, periods autumn 02/09/2026-18/12/2026 and summer
12/04/2027-21/07/2027 (both inclusive), counting negative events:
  2 H… 05/10/2026 Negative                    → autumn
  3 H… 2026-10-06 Merit, Positive             → positive: not counted
  4 H… 12/10/2026 14:05 Detention, points -2  → autumn (negative points)
  5 H… 10/13/2026                             → not a date (never read as 13 October)
  6 B… 04/05/2027 "Late to lesson", no polarity or points → negative by its type word → summer
  7 B… 05/05/2027 "Chat", points 0            → polarity unknown, excluded
  8 B… 01/02/2027 Negative                    → spring: outside the periods
  9 B… 06/05/2027 "Achievement point"         → positive by its type word
 10 (no UPN)                                  → excluded
 11 X… 18/12/2026 polarity "N"                → autumn (the last day counts)
 12 X… 19/12/2026 Negative                    → outside the periods
→ H: autumn 2; B: summer 1; X: autumn 1.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import numpy as np
import pytest
from tests.conftest import make_table
from tests.mis.helpers import DATA, strings, triples

from peerimpact.issues import PeerimpactError
from peerimpact.mis.behaviour import (
    BehaviourCounts,
    behaviour_from_table,
    looks_like_behaviour,
    rate_per_100_sessions,
    read_behaviour,
)

PERIODS = {"autumn": (date(2026, 9, 2), date(2026, 12, 18)), "summer": (date(2027, 4, 12), date(2027, 7, 21))}
H, B, X = "H801200001001", "B801200005001", "X801200001002"


def by_pupil(b: BehaviourCounts, period: str) -> dict[str, float]:
    return dict(zip(b.ids, b.counts[period].tolist(), strict=True))


def test_negative_events_per_period_by_hand() -> None:
    b = read_behaviour(str(DATA / "behaviour_events.csv"), periods=PERIODS)
    assert b.kind == "events" and b.counted == "negative"
    assert by_pupil(b, "autumn") == {H: 2, B: 0, X: 1}
    assert by_pupil(b, "summer") == {H: 0, B: 1, X: 0}
    assert b.periods == PERIODS


def test_every_behaviour_row_is_accounted_for_with_located_issues() -> None:
    b = read_behaviour(str(DATA / "behaviour_events.csv"), periods=PERIODS)
    assert b.ledger == {"read": 11, "used": 4, "excluded": 7}
    reasons = dict(zip(b.source.rows, b.reason, strict=True))
    assert reasons[3] == "positive event: only negative events are counted"
    assert reasons[8] == reasons[12] == "outside the periods"
    assert reasons[10] == "no pupil id"
    assert triples([i for i in b.issues if i.row is not None]) == {
        ("mis_value_invalid", 5, "Date"),
        ("behaviour_polarity_unknown", 7, "Type"),
        ("missing_id", 10, "UPN"),
    }
    assert "2 event(s)" in next(i.message for i in b.issues if i.code == "outside_periods")


def test_free_text_is_dropped_and_never_stored() -> None:
    b = read_behaviour(str(DATA / "behaviour_events.csv"), periods=PERIODS)
    held = "\n".join(strings(b))
    assert "SECRET-COMMENT" not in held and "Staff A" not in held
    assert "Comment" not in b.source.columns and "Staff" not in b.source.columns
    assert b.free_text_dropped == 1
    note = next(i for i in b.issues if i.code == "free_text_dropped")
    assert note.severity == "info" and note.value is None and "1 column" in note.message


def test_prose_in_an_unnamed_column_is_dropped_as_free_text() -> None:
    rows = [[H, "05/10/2026", "Detention", "a long description of what happened in the lesson today"]]
    b = behaviour_from_table(make_table(["UPN", "Date", "Type", "What happened"], rows), periods=PERIODS)
    assert b.free_text_dropped == 1 and "what happened" not in "\n".join(strings(b))


@pytest.mark.parametrize(
    ("count", "autumn", "summer"),
    [("positive", {H: 1, B: 0, X: 0}, {H: 0, B: 1, X: 0}), ("all", {H: 3, B: 0, X: 1}, {H: 0, B: 2, X: 0})],
)
def test_positive_or_all_events_on_request(
    count: str, autumn: dict[str, int], summer: dict[str, int]
) -> None:
    b = read_behaviour(str(DATA / "behaviour_events.csv"), periods=PERIODS, count=count)  # type: ignore[arg-type]
    assert by_pupil(b, "autumn") == autumn and by_pupil(b, "summer") == summer


def test_a_type_configured_as_negative_counts() -> None:
    b = read_behaviour(str(DATA / "behaviour_events.csv"), periods=PERIODS, negative_types=["Chat"])
    assert by_pupil(b, "summer")[B] == 2
    assert not triples(b.issues, "behaviour_polarity_unknown")


def test_an_incident_log_without_polarity_or_points_is_all_negative_said_once() -> None:
    rows = [[H, "05/10/2026", "Talking"], [H, "06/10/2026", "Merit"], [B, "07/10/2026", "Other"]]
    b = behaviour_from_table(make_table(["UPN", "Incident Date", "Reason"], rows), periods=PERIODS)
    assert by_pupil(b, "autumn") == {H: 1, B: 1}  # the merit is positive by its type word
    notes = [i for i in b.issues if i.code == "behaviour_polarity_assumed"]
    assert len(notes) == 1 and "2 event(s)" in notes[0].message


def test_uk_dates_are_day_first_and_real_excel_dates_are_read() -> None:
    rows: list[list[Any]] = [
        [H, "01/12/2026", "Detention", "Negative"],  # 1 December: autumn (US order would be 12 January)
        [H, "12/01/2027", "Detention", "Negative"],  # 12 January: in neither period
        [H, datetime(2027, 5, 4, 10, 30), "Detention", "Negative"],
        [H, date(2027, 5, 5), "Detention", "Negative"],
        [H, "5 May 2027", "Detention", "Negative"],
        [H, 46511, "Detention", "Negative"],  # an Excel serial number: 2027-05-04
    ]
    b = behaviour_from_table(make_table(["UPN", "Date", "Type", "Polarity"], rows), periods=PERIODS)
    assert by_pupil(b, "autumn") == {H: 1} and by_pupil(b, "summer") == {H: 4}
    assert b.reason[1] == "outside the periods"


def test_points_sign_decides_when_polarity_is_blank() -> None:
    rows: list[list[Any]] = [
        [H, "05/10/2026", "Something", None, -3],
        [H, "06/10/2026", "Something", None, "+2"],
    ]
    b = behaviour_from_table(make_table(["UPN", "Date", "Type", "Polarity", "Points"], rows), periods=PERIODS)
    assert by_pupil(b, "autumn") == {H: 1}


def test_counts_for_other_ids_and_rates_per_100_sessions() -> None:
    b = read_behaviour(str(DATA / "behaviour_events.csv"), periods=PERIODS)
    got = b.counts_for([X, "Q801200001999", None])
    assert got["autumn"][:2].tolist() == [1.0, 0.0] and np.isnan(got["autumn"][2])
    # 3 events in 150 possible sessions = 2 per 100; 1 in 40 = 2.5; no sessions: no rate
    rate = rate_per_100_sessions(np.array([3, 1, 2, 0]), np.array([150, 40, 0, np.nan]))
    assert rate[:2].tolist() == pytest.approx([2.0, 2.5]) and np.isnan(rate[2:]).all()


def test_a_totals_file_with_a_column_per_period() -> None:
    rows = [[H, 3, 1], [B, "", 2], [X, "many", 0], [H, 9, 9]]
    table = make_table(["UPN", "Autumn incidents", "Summer incidents", "Surname"][:3], rows)
    assert looks_like_behaviour(make_table(["UPN", "Incidents"], [[H, 1]])) == "totals"
    b = behaviour_from_table(table, periods=PERIODS)
    assert b.kind == "totals"
    assert by_pupil(b, "autumn")[H] == 3 and by_pupil(b, "summer")[B] == 2 and by_pupil(b, "autumn")[B] == 0
    assert np.isnan(by_pupil(b, "autumn")[X])
    assert triples([i for i in b.issues if i.row]) == {
        ("mis_value_invalid", 4, "Autumn incidents"),
        ("duplicate_mis_row", 5, "UPN"),
    }
    assert np.isnan(b.counts_for(["Q801200001999"])["autumn"][0])  # a totals file lists every pupil


def test_a_totals_file_with_one_count_for_one_period() -> None:
    b = behaviour_from_table(
        make_table(["UPN", "Negative Count"], [[H, 4]]), periods={"autumn": PERIODS["autumn"]}
    )
    assert by_pupil(b, "autumn") == {H: 4}
    with pytest.raises(PeerimpactError) as err:
        behaviour_from_table(make_table(["UPN", "Negative Count"], [[H, 4]]), periods=PERIODS)
    assert err.value.issue.code == "mis_column_missing"


def test_not_a_behaviour_file() -> None:
    with pytest.raises(PeerimpactError) as err:
        behaviour_from_table(make_table(["UPN", "Possible Sessions"], [[H, 100]]), periods=PERIODS)
    assert err.value.issue.code == "mis_column_missing"


def test_a_period_that_ends_before_it_starts_is_a_usage_error() -> None:
    with pytest.raises(ValueError):
        behaviour_from_table(
            make_table(["UPN", "Date", "Type"], [[H, "05/10/2026", "x"]]),
            periods={"x": (date(2027, 1, 2), date(2027, 1, 1))},
        )
