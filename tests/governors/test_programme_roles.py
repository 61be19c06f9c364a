"""programme.toml's round-3 keys (SPEC §6.1): ``role_column`` with ``[analysis.roles]``, ``[targets]`` and
``next_steps`` — read as written, defaults stated, every mistake located."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.governors.test_programme import GOOD, _folder

from peerimpact.governors.programme import DEFAULT_ROLES, load_programme
from peerimpact.issues import PeerimpactError

ROLES = GOOD.replace(
    '[analysis]\ngroup_columns = ["Year group"]',
    """[analysis]
group_columns = ["Year group"]
role_column = "Role"
[analysis.roles]
mentor = ["Mentor", "Peer mentor", "Ambassador"]
mentee = ["Mentee"]
comparison = ["Comparison", "Control"]

[targets]
supervision_delivered = 0.9
self_referral_share = 0.3
sessions_per_mentee = 6
mentees = 40""",
).replace(
    'report_for = "Governors"',
    'report_for = "Governors"\nnext_steps = ["Recruit Year 8 mentors", "Book supervision"]',
)


def test_roles_targets_and_next_steps_are_read_as_written(tmp_path: Path) -> None:
    prog = load_programme(_folder(tmp_path, ROLES))
    assert prog.role_column == "Role"
    assert prog.roles == {
        "mentee": ("mentee",),
        "mentor": ("mentor", "peer mentor", "ambassador"),
        "comparison": ("comparison", "control"),
    }
    assert prog.targets == {
        "supervision_delivered": 0.9,
        "self_referral_share": 0.3,
        "sessions_per_mentee": 6.0,
        "mentees": 40.0,
    }
    assert prog.next_steps == ("Recruit Year 8 mentors", "Book supervision")


def test_role_column_alone_takes_the_usual_words(tmp_path: Path) -> None:
    text = GOOD.replace('group_columns = ["Year group"]', 'role_column = "Role"')
    prog = load_programme(_folder(tmp_path, text))
    assert prog.roles == DEFAULT_ROLES and prog.comparison_column is None


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        ('mentee = ["Mentee"]', 'mentee = ["Mentee", "mentor"]', "analysis.roles.mentor", "one role"),
        ('mentee = ["Mentee"]', 'mentees = ["Mentee"]', "analysis.roles.mentees", "not a key"),
        ("supervision_delivered = 0.9", "supervision_delivered = 90", "targets.supervision_delivered", "0.9"),
        ("mentees = 40", "mentee_count = 40", "targets.mentee_count", "not a key"),
        (
            'role_column = "Role"',
            'role_column = "Role"\ncomparison_column = "Group"',
            "comparison_column",
            "not both",
        ),
        ('next_steps = ["Recruit', 'next_steps = [3, "Recruit', "programme.next_steps", "list of text"),
    ],
)
def test_mistakes_in_the_new_keys_are_located(
    tmp_path: Path, old: str, new: str, key: str, words: str
) -> None:
    text = ROLES.replace(old, new)
    assert text != ROLES
    with pytest.raises(PeerimpactError) as exc:
        load_programme(_folder(tmp_path, text))
    issue = exc.value.issue
    assert key in issue.message and words in issue.message
    assert issue.row is not None


def test_roles_without_a_role_column(tmp_path: Path) -> None:
    text = ROLES.replace('role_column = "Role"\n', "")
    with pytest.raises(PeerimpactError, match="needs role_column"):
        load_programme(_folder(tmp_path, text))


def test_role_of_ignores_case_and_spaces(tmp_path: Path) -> None:
    prog = load_programme(_folder(tmp_path, ROLES))
    assert [prog.role_of(v) for v in ("  Peer  Mentor ", "MENTEE", "control", "Staff", None, "")] == [
        "mentor",
        "mentee",
        "comparison",
        None,
        None,
        None,
    ]
