"""The SMHL's follow-up list and the DSL's list as data (SPEC §6.1 "Follow-up for the SMHL", SPEC §7).

Pupil-level, for the Senior Mental Health Lead's workbook only — never in governors' outputs.
:func:`peerimpact.comparison.follow_up.build_follow_up` makes a :class:`FollowUp` from one CompareRun per role;
the workbook's "Follow-up" and "For the DSL" sheets format it and compute nothing.  Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from peerimpact.comparison.model import PupilRows

__all__ = [
    "CHANCE_SHARE",
    "CONCERN_WORDS",
    "ChanceRow",
    "DslRow",
    "FollowUp",
    "FollowUpRow",
    "MeasureNow",
]

#: the share of pupils expected beyond the "worse" side of a two-sided 95% reliable change criterion
#: (|RCI| > 1.96) by measurement error alone: 2.5% (Jacobson & Truax 1991)
CHANCE_SHARE = "2.5%"

#: concern rank (1 first) in words
CONCERN_WORDS = {
    1: "reliably worse and in the clinical range",
    2: "reliably worse",
    3: "in the clinical range",
}


@dataclass(frozen=True, slots=True)
class MeasureNow:
    """One pupil on one measure: before, after, change, the band of the second score and the flags."""

    before: float | None
    after: float | None
    change: float | None
    rci: float | None
    band: str | None
    clinical: bool | None  # None: the measure has no clinical cut-off
    reliably_worse: bool


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    """One pupil to follow up: reliably worse on a measure, or in a clinical range at the latest wave."""

    id: str
    role: str | None  # the role label of the run (None for a comparison pupil: not in a role)
    arm: str  # "programme" | "comparison"
    groups: tuple[str | None, ...]  # the level of each of FollowUp.group_columns
    measures: tuple[MeasureNow | None, ...]  # aligned with FollowUp.measures; None: not scored twice
    concern: int  # 1 reliably worse and clinical, 2 reliably worse, 3 clinical (CONCERN_WORDS)
    reasons: str  # which measures, in words


@dataclass(frozen=True, slots=True)
class ChanceRow:
    """How many pupils of one role and arm reliably got worse on one measure, beside chance."""

    role: str | None
    arm: str
    measure: str
    title: str
    n: int  # pupils with a reliable change figure (scored at both waves)
    worse: int
    expected: int  # n × 2.5%, rounded half up
    sentence: str


@dataclass(frozen=True, slots=True)
class DslRow:
    """One answer to a risk item (SPEC §7): where to find it, for the Designated Safeguarding Lead."""

    id: str | None
    wave: str
    instrument: str
    item: int
    answer: str
    file: str
    row: int


@dataclass(slots=True)
class FollowUp:
    """Everything the SMHL's Follow-up and For the DSL sheets show, and the Pupils sheet's order."""

    measures: tuple[tuple[str, str], ...]  # (measure, title) in the runs' order
    dp: dict[str, int]  # display decimals per measure
    group_columns: tuple[str, ...]
    rows: list[FollowUpRow] = field(default_factory=list)
    chance: list[ChanceRow] = field(default_factory=list)
    note: str = ""  # how the list was made, in words
    dsl: list[DslRow] = field(default_factory=list)
    dsl_note: str = ""
    pupils: dict[str, PupilRows] = field(default_factory=dict)  # role -> the Pupils sheet's rows, sorted
    #: False for ``compare``'s own workbook: the DSL's list only (the follow-up list is the report's)
    listed: bool = True
