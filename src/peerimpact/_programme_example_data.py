"""The example programme's synthetic data (:func:`peerimpact.programme_example.write_example_programme`): its
terms, a spring SWEMWBS wave, weekly activity counts and feedback-survey answers."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from peerimpact.programme_example import TermSpec, _mondays, _save

_EXAMPLE_TERMS: list[TermSpec] = [
    ("autumn-2026", "Autumn 2026", date(2026, 9, 2), date(2026, 12, 18)),
    ("spring-2027", "Spring 2027", date(2027, 1, 5), date(2027, 3, 26)),
    ("summer-2027", "Summer 2027", date(2027, 4, 12), date(2027, 7, 21)),
]


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
            ws.append(r[:5] + [a if rng.random() < 0.5 else b for a, b in zip(r[5:], s[5:], strict=True)])
    out = data / "swemwbs_spring.xlsx"
    _save(wb, out)
    return out


def _activity_rows(rng: np.random.Generator) -> list[list[int | None]]:
    """Synthetic weekly counts: mentors trained and started early in autumn, mentees joining all year."""
    out: list[list[int | None]] = []
    weeks = _mondays(_EXAMPLE_TERMS)
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
