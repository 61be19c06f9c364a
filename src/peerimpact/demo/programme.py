"""The bundled example programme: the fictional Oakfield school's peer mentors over three terms.

:func:`write_example_programme` writes the example exports of :mod:`peerimpact.demo.surveys` and
:mod:`peerimpact.demo.mis`, a spring SWEMWBS wave made from them (each answer taken from the pupil's autumn or
summer answer), an activity log and a process survey, and a ``programme.toml`` — all synthetic and
deterministic (fixed seeds, fixed workbook dates).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from peerimpact.demo.mis import write_mis_examples
from peerimpact.demo.surveys import write_examples
from peerimpact.governors.scaffold import (
    ACTIVITY_FILE,
    PROCESS_FILE,
    TermSpec,
    mondays,
    process_survey_text,
    programme_toml,
    save_workbook,
    write_activity_template,
    write_process_template,
)

__all__ = ["write_example_programme"]

_SEED = 20260907

_EXAMPLE_TERMS: list[TermSpec] = [
    ("autumn-2026", "Autumn 2026", date(2026, 9, 2), date(2026, 12, 18)),
    ("spring-2027", "Spring 2027", date(2027, 1, 5), date(2027, 3, 26)),
    ("summer-2027", "Summer 2027", date(2027, 4, 12), date(2027, 7, 21)),
]


#: the example's success criteria: plausible for its synthetic log (53 mentees and 464 sessions by the
#: summer, so those are met; supervision fell to 4 of 8 in the summer, so that one is not)
_TARGETS: dict[str, float] = {
    "mentees": 40,
    "sessions_per_mentee": 6,
    "supervision_delivered": 0.9,
    "self_referral_share": 0.3,
}
_NEXT_STEPS = (
    "Book next year's supervision dates for mentors with the school counsellor before the summer holiday, "
    "so that no planned session is dropped.",
    "Tell pupils in assemblies and form time how to ask for a mentor themselves.",
    "Train six new mentors in the autumn to replace the Year 11 mentors who are leaving.",
)


def _spring_wave(data: Path, rng: np.random.Generator) -> Path:
    """A spring SWEMWBS wave: pupils in both the autumn and the summer file, each answer taken at random
    from their autumn or their summer answer (so the spring mean lies between the two)."""
    from openpyxl import Workbook, load_workbook

    def rows(name: str) -> list[list[Any]]:
        ws = load_workbook(data / name, read_only=True).active
        assert ws is not None
        return [list(r) for r in ws.iter_rows(values_only=True)]

    autumn, summer = rows("swemwbs_autumn.xlsx"), rows("swemwbs_summer.xlsx")
    header = autumn[0]
    later = {r[0]: r for r in summer[1:] if r[0]}
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Responses"
    ws.append(header)
    for r in autumn[1:]:
        if r[0] in later and rng.random() < 0.9:
            s = later[r[0]]
            k = header.index("Role") + 1  # the answers follow the pupil's details
            ws.append(r[:k] + [a if rng.random() < 0.5 else b for a, b in zip(r[k:], s[k:], strict=True)])
    out = data / "swemwbs_spring.xlsx"
    save_workbook(wb, out)
    return out


def _belonging_waves(data: Path, rng: np.random.Generator) -> None:
    """The PISA belonging statements (SPEC §4) for the mentors of the SWEMWBS survey, autumn and summer: a
    leadership role is meant to build belonging (issue 16), so the summer answers lean a little higher."""
    from openpyxl import load_workbook

    from peerimpact.demo.instrument_examples import AGREE_LABELS, BELONGING_NEGATIVE

    ws = load_workbook(data / "swemwbs_autumn.xlsx", read_only=True).active
    assert ws is not None
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    role = rows[0].index("Role")
    mentors = list(dict.fromkeys(r[0] for r in rows[1:] if r[0] and r[role] == "Mentor"))
    level = rng.normal(0, 0.5, len(mentors))
    for wave, lift in (("autumn", 0.0), ("summer", 0.35)):
        codes = np.clip(np.rint(2.8 + lift + level[:, None] + rng.normal(0, 0.55, (len(mentors), 6))), 1, 4)
        codes[:, [i - 1 for i in BELONGING_NEGATIVE]] = 5 - codes[:, [i - 1 for i in BELONGING_NEGATIVE]]
        lines = ["UPN,Role," + ",".join(f"belonging_{i}" for i in range(1, 7))]
        lines += [
            f"{upn},Mentor," + ",".join(AGREE_LABELS[int(c) - 1] for c in row)
            for upn, row in zip(mentors, codes, strict=True)
            if wave == "autumn" or rng.random() < 0.9
        ]
        (data / f"belonging_mentors_{wave}_programme.csv").write_text("\n".join(lines) + "\n", "utf-8")


def _activity_rows(rng: np.random.Generator) -> list[list[int | None]]:
    """Synthetic weekly counts: mentors trained and started early in autumn, mentees joining all year."""
    out: list[list[int | None]] = []
    weeks = mondays(_EXAMPLE_TERMS)
    for i, monday in enumerate(weeks):
        autumn = monday < date(2027, 1, 1)
        early = i < 3
        new_mentors = int(rng.integers(4, 8)) if early else (1 if monday == date(2027, 4, 19) else 0)
        sessions = 0 if early else int(rng.integers(8, 16))
        new_mentees = 0 if early else int(rng.poisson(2.2 if autumn else 1.0))
        self_ref = int(rng.binomial(new_mentees, 0.4))
        planned = 1 if i % 2 == 0 else 0
        delivered = planned if rng.random() < 0.85 else 0
        out.append(
            [
                sessions,
                1 if not early and i % 2 else 0,
                new_mentees,
                new_mentors,
                self_ref,
                new_mentees - self_ref,
                planned,
                delivered,
                new_mentors if autumn else 0,
            ]
        )
    return out


def _process_answers(rng: np.random.Generator) -> list[list[Any]]:
    labels = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
    out: list[list[Any]] = []
    for role, n, mood in (("Mentor", 14, 0.6), ("Mentee", 21, 0.3)):
        for _ in range(n):
            base = 4 + (rng.random() < mood) - (rng.random() < 0.25)
            codes = np.clip(base + rng.integers(-1, 2, size=6) * (rng.random(6) < 0.3), 1, 5)
            out.append([role, *(labels[int(c) - 1] for c in codes)])
    return out


def example_programme_text() -> str:
    """The example ``programme.toml``, exactly as :func:`write_example_programme` writes it."""
    common = {"behaviour": "data/behaviour_events.xlsx", "activity_log": ACTIVITY_FILE}
    files = {
        "autumn-2026": {
            "attendance": "data/attendance_autumn_sims.csv",
            **common,
            "surveys": {
                "wellbeing": "data/swemwbs_autumn.xlsx",
                "belonging": "data/belonging_mentors_autumn_programme.csv",
            },
        },
        "spring-2027": {**common, "surveys": {"wellbeing": "data/swemwbs_spring.xlsx"}},
        "summer-2027": {
            "attendance": "data/attendance_summer_sims.csv",
            **common,
            "process_survey": "data/process_survey_summer.xlsx",
            "surveys": {
                "wellbeing": "data/swemwbs_summer.xlsx",
                "belonging": "data/belonging_mentors_summer_programme.csv",
            },
        },
    }
    return programme_toml(
        name="Oakfield Peer Mentors",
        school="Oakfield Academy (a fictional school: every pupil is synthetic)",
        report_for="The governing board's wellbeing committee",
        terms=_EXAMPLE_TERMS,
        files=files,
        analysis={
            "group_columns": ["Year group"],
            "role_column": "Role",
            "primary": "swemwbs.metric",
            "measures": ["swemwbs.metric", "belonging.mean"],
        },
        targets=_TARGETS,
        next_steps=_NEXT_STEPS,
    )


def check_example_programme(directory: str | Path, *, force: bool = False) -> None:
    """Refuse (``output_not_ours``) when the folder's programme.toml or process-survey file differs from what
    the demo writes -- the user has edited it -- unless ``force``; SPEC §2: never replaced without --force."""
    from peerimpact.issues import PeerimpactError, make_issue

    root = Path(directory)
    for path, text in (
        (root / "programme.toml", example_programme_text()),
        (root / PROCESS_FILE, process_survey_text()),
    ):
        if force or not path.exists():
            continue
        try:
            same = path.read_text(encoding="utf-8") == text
        except (OSError, UnicodeDecodeError):
            same = False
        if not same:
            raise PeerimpactError(
                make_issue(
                    "output_not_ours",
                    f"{path} differs from the example the demo writes (edited?); it was left as it is",
                    file=path.name,
                )
            )


def write_example_programme(directory: str | Path, *, force: bool = False) -> Path:
    """Write the example programme folder (synthetic pupils of the fictional Oakfield school) and return
    the path of its ``programme.toml``: three terms, SWEMWBS in all three (so the trend is shown) with a
    comparison group, attendance, behaviour, an activity log and a summer feedback survey."""
    check_example_programme(directory, force=force)
    root = Path(directory)
    data = root / "data"
    write_examples(data)
    write_mis_examples(data)
    rng = np.random.default_rng(_SEED)
    _spring_wave(data, rng)
    _belonging_waves(data, np.random.default_rng([_SEED, 16]))
    write_activity_template(root / ACTIVITY_FILE, _EXAMPLE_TERMS, _activity_rows(rng))
    write_process_template(data / "process_survey_summer.xlsx", _process_answers(rng))
    (root / PROCESS_FILE).write_text(
        process_survey_text(),
        "utf-8",
    )
    toml = root / "programme.toml"
    toml.write_text(example_programme_text(), "utf-8")
    return toml
