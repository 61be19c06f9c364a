"""The example school's pupils and their answers: the roster, survey waves and item codes.

Shared by the survey layouts (``layouts``), the MIS files (``mis``) and the example programme. Everything is
synthetic (see :mod:`peerimpact.demo.surveys`); numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from peerimpact.scoring import ids

SEED = 20260906
FIVE_LABELS = ("None of the time", "Rarely", "Some of the time", "Often", "All of the time")  # codes 1..5
SDQ_LABELS = ("Not True", "Somewhat True", "Certainly True")  # codes 0..2
SWEMWBS_ITEMS = (1, 2, 3, 6, 7, 9, 11)  # the WEMWBS items that make up SWEMWBS
SDQ_SCALES = {  # difficulty scales and their items (1-based)
    "emotional": (3, 8, 13, 16, 24),
    "conduct": (5, 7, 12, 18, 22),
    "hyperactivity": (2, 10, 15, 21, 25),
    "peer": (6, 11, 14, 19, 23),
}
DOMAIN = "oakfield.sch.example"
FIXED_TIME = datetime(2026, 9, 1)
ZIP_TIME = (2026, 9, 1, 0, 0, 0)
_SDQ_ITEM_MEAN = {"emotional": 0.52, "conduct": 0.30, "hyperactivity": 0.68, "peer": 0.22}
_SDQ_POSITIVE = (7, 11, 14, 21, 25)  # worded positively, reverse-keyed when scored
_SDQ_PROSOCIAL = (1, 4, 9, 17, 20)
_WEMWBS_ITEM_MEAN = (3.2, 3.6, 3.3, 3.4, 3.0, 3.6, 3.5, 3.6, 3.3, 3.5, 3.6, 3.5, 3.7, 3.3)
_NAME_LISTS = {  # first names by the gender a pupil gives (anyone else: a name used for either)
    "Girl": "Ava Amelia Isla Olivia Mia Freya Lily Grace Evie Ella Poppy Sophia Ruby Zoë Maya Aisha Hannah "
    "Chloé Siân Niamh Imogen Leah Esme Fatima Layla",
    "Boy": "Noah Oliver George Arthur Leo Harry Oscar Jack Theo Muhammad Jacob Alfie Finley Ethan Reuben "
    "Rhys Kai Samuel Yusuf Dylan Toby Ibrahim Callum Owen Zain",
    "": "Alex Charlie Sam Jamie Riley Robin Morgan",
    # surnames: invented, and meant to read as placeholders
    "surname": "Sampleton Testwood Demoford Mockridge Exampleby Madeupson Synthwell Fictionley Pretendall "
    "Dummyfield Lorembrook Ipsumworth Trialby Placeholt Inventon Notreal",
}
_NAMES = {key: names.split() for key, names in _NAME_LISTS.items()}
_ASCII = str.maketrans({"ë": "e", "é": "e", "â": "a"})
_GENDERS = ("Girl", "Boy", "Other", "Prefer not to say")
_FEEDERS = (2014, 2051, 2097, 2133, 2210, 3027, 3411)  # invented primary-school numbers in LA 801


@dataclass(frozen=True, slots=True)
class Pupil:
    """One synthetic pupil of the fictional school, with the stable traits that drive every answer."""

    key: int
    name: str
    email: str  # lower case, as the school's accounts hold it
    upn: str
    year: int  # 7..11 in 2026/27
    gender: str
    send: str  # N / K / E (DfE SEN provision codes)
    pupil_premium: bool
    role: str | None  # "Mentor" / "Mentee"; None for the comparison pool
    trait: float  # stable wellbeing, SD units
    other: float  # stable difficulties not explained by wellbeing, SD units

    @property
    def group(self) -> str:
        return "Comparison" if self.role is None else "Participant"


@dataclass(frozen=True, slots=True)
class MessNote:
    """One deliberate problem: where it is (the row a spreadsheet shows), whose it is, and what it is."""

    file: str
    row: int  # header rows counted, as Excel shows it
    pupil: str  # the id as written in the file, "" when there is none
    kind: str  # snake_case token, e.g. "duplicate_submission", "label_typo"
    column: str  # the affected column, "" for the whole row
    what: str


@dataclass(slots=True)
class Table:
    """One file to write: header row(s), data rows (cells as written), and the mess placed in it."""

    name: str
    sheet: str | None  # None: a CSV file
    header: list[list[str]]
    rows: list[list[Any]]
    notes: list[MessNote] = field(default_factory=list)


def upn_check_letter(body: str) -> str:
    """DfE UPN check letter for characters 2-13 (all digits): the scorer's own rule, so the two cannot differ."""
    letter = ids.upn_check_letter("?" + body)
    if letter is None:
        raise ValueError(f"not a UPN body: {body!r}")
    return letter


def make_roster(rng: np.random.Generator, n_participants: int = 150, n_comparison: int = 110) -> list[Pupil]:
    """The school's pupils: programme participants (mentors Y9-11, mentees Y7-9), then a comparison pool.

    Mentees are picked for lower wellbeing (trait mean -0.3 SD), mentors for higher (+0.3 SD); the comparison
    pool is the rest of the school (mean 0).  Trait variance 0.65 leaves 0.35 to the occasion, so one
    questionnaire taken twice correlates about 0.65: a plausible test-retest over two terms.
    """
    pupils: list[Pupil] = []
    emails: set[str] = set()
    upns: set[str] = set()
    for key in range(n_participants + n_comparison):
        if key >= n_participants:
            role, year, shift = None, int(rng.integers(7, 12)), 0.0
        elif rng.random() < 0.36:
            role, year, shift = "Mentor", int(rng.choice([9, 10, 11], p=[0.25, 0.4, 0.35])), 0.3
        else:
            role, year, shift = "Mentee", int(rng.choice([7, 8, 9], p=[0.45, 0.35, 0.2])), -0.3
        gender = _GENDERS[int(rng.choice(4, p=[0.48, 0.47, 0.02, 0.03]))]
        while True:  # e-mail: first name, surname initial, the year they started Year 7
            first, surname = (
                str(rng.choice(_NAMES.get(gender, _NAMES[""]))),
                str(rng.choice(_NAMES["surname"])),
            )
            local = f"{first.translate(_ASCII).lower()}.{surname[0].lower()}{33 - year}"
            if local not in emails:
                emails.add(local)
                break
        pupils.append(
            Pupil(
                key=key,
                name=f"{first} {surname}",
                email=f"{local}@{DOMAIN}",
                upn=_new_upn(rng, year, upns),
                year=year,
                gender=gender,
                send=str(rng.choice(["N", "K", "E"], p=[0.84, 0.13, 0.03])),
                pupil_premium=bool(rng.random() < 0.27),
                role=role,
                trait=float(rng.normal(shift, 0.65**0.5)),
                other=float(rng.normal()),
            )
        )
    return pupils


def _new_upn(rng: np.random.Generator, year: int, taken: set[str]) -> str:
    """A permanent UPN as given in reception (LA, primary school, year of issue, serial), unique in taken."""
    while True:
        la = 801 if rng.random() < 0.85 else int(rng.choice([802, 803, 806, 866]))
        school = int(rng.choice(_FEEDERS)) if la == 801 else int(rng.integers(2001, 2400))
        body = f"{la:03d}{school:04d}{(2026 - year) % 100:02d}{int(rng.integers(1, 1000)):03d}"
        upn = upn_check_letter(body) + body
        if upn not in taken:
            taken.add(upn)
            return upn


def draw_waves(
    rng: np.random.Generator, pool: list[Pupil], n_pre: int, n_leave: int, n_join: int
) -> tuple[list[Pupil], list[Pupil], list[Pupil]]:
    """Who answers each wave: pre; post = pre minus leavers plus joiners; and the pupils in neither."""
    order = [pool[i] for i in rng.permutation(len(pool))]
    pre = order[:n_pre]
    leavers = {pre[int(i)].key for i in rng.choice(n_pre, n_leave, replace=False)}
    post = [p for p in pre if p.key not in leavers] + order[n_pre : n_pre + n_join]
    return pre, post, order[n_pre + n_join :]


def wellbeing(rng: np.random.Generator, pupils: list[Pupil], post: bool) -> np.ndarray:
    """Wellbeing on one occasion (SD units): trait + occasion noise, plus the programme's effect at post.

    Participants gain 0.25 SD, comparison pupils 0.05 SD: about +1.7 WEMWBS points, d_z near 0.25.
    """
    trait = np.array([p.trait for p in pupils])
    effect = np.array([(0.25 if p.role else 0.05) * post for p in pupils])
    return np.asarray(trait + effect + rng.normal(0.0, 0.35**0.5, len(pupils)))


def wemwbs_codes(rng: np.random.Generator, z: np.ndarray) -> np.ndarray:
    """14 WEMWBS codes 1..5 per pupil: at baseline the total has mean about 48, SD about 8, alpha 0.89."""
    x = np.asarray(_WEMWBS_ITEM_MEAN) + 0.56 * z[:, None] + rng.normal(0.0, 0.66, (len(z), 14))
    return np.clip(np.rint(x), 1, 5).astype(int)


def sdq_codes(rng: np.random.Generator, pupils: list[Pupil], z: np.ndarray) -> np.ndarray:
    """25 SDQ answer codes 0..2 (Not / Somewhat / Certainly True) per pupil, in item order.

    Difficulties rise as wellbeing z falls.  Positively worded items (7, 11, 14, 21, 25) are answered the
    other way round, so that scoring reverses them back.  Total difficulties: mean about 10, SD about 5.5,
    about 78% "close to average" (0-14), the rest in the raised bands — near the UK self-report norms.
    """
    n = len(pupils)
    d = -0.68 * z + 0.83 * (0.8 * np.array([p.other for p in pupils]) + 0.6 * rng.normal(0.0, 1.0, n))
    codes = np.zeros((n, 25), dtype=int)
    for scale, items in SDQ_SCALES.items():
        zk = 0.75 * d + 0.66 * rng.normal(0.0, 1.0, n)
        y = _SDQ_ITEM_MEAN[scale] + 0.40 * zk[:, None] + rng.normal(0.0, 0.5, (n, 5))
        codes[:, [i - 1 for i in items]] = np.clip(np.rint(y), 0, 2)
    y = 1.6 + 0.4 * (-0.3 * d + 0.95 * rng.normal(0.0, 1.0, n))[:, None] + rng.normal(0.0, 0.5, (n, 5))
    codes[:, [i - 1 for i in _SDQ_PROSOCIAL]] = np.clip(np.rint(y), 0, 2)
    positive = [i - 1 for i in _SDQ_POSITIVE]
    codes[:, positive] = 2 - codes[:, positive]
    return codes
