"""The SMHL's follow-up list (SPEC §6.1) and the DSL's risk-item list (SPEC §7), from one CompareRun per role.

Who is listed: a pupil who reliably got worse on a measure, or whose second score is in the measure's clinical
range.  "Reliably worse" is the CompareRun's own decision per pupil — the reliable change index of Jacobson &
Truax (1991) beyond −1.96 in the measure's direction, as :func:`peerimpact.statistics.reliability.reliable_change`
made it for the programme pupils (``PupilChange.category``); a comparison pupil has no category, and the same
criterion (:data:`~peerimpact.statistics.reliability.RCI_CRITERION`) is applied to the run's RCI of that
pupil, which uses the same S_diff.  The clinical range is the instrument's cut-off (``Scale.clinical``), the band
the instrument's bands (``Scale.bands_of``), both decided by ``compare`` (``PupilChange.clinical``/``band``).

Sorted by concern: reliably worse and in a clinical range first, then reliably worse, then in a clinical range;
within each, the largest deterioration (the most negative RCI in the measure's better direction) first.

Chance: with a two-sided 95% criterion, about 2.5% of pupils cross the "worse" threshold by measurement error
alone when nothing truly changed (Jacobson & Truax 1991; P(Z < −1.96) = 0.025), so n × 0.025 pupils of n are
expected to look reliably worse by chance; it is stated rounded half up, beside the count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from peerimpact.comparison.follow_up_model import (
    CHANCE_SHARE,
    ChanceRow,
    DslRow,
    FollowUp,
    FollowUpRow,
    MeasureNow,
)
from peerimpact.comparison.model import CompareRun, PupilChange, PupilColumns, PupilRows
from peerimpact.statistics.reliability import RCI_CRITERION

if TYPE_CHECKING:
    from peerimpact.scoring.run import RiskFlag

__all__ = ["POOLED", "build_follow_up", "dsl_only", "expected_by_chance", "sorted_pupils"]

_WORSE = "reliably deteriorated"
#: role labels of a run that pools every programme pupil (no roles given): the rows then name no role
POOLED = ("all", "pupils")
_ARMS = ("programme", "comparison")


def expected_by_chance(n: int) -> int:
    """n × 2.5% rounded half up (exact in integers: n/40): pupils expected to look reliably worse by chance."""
    return (n * 25 + 500) // 1000


def _blocks(pupils: Sequence[PupilChange]) -> list[PupilColumns]:
    """The run's pupil rows as one column block per measure (a hand-made list is grouped here)."""
    if isinstance(pupils, PupilRows):
        return list(pupils.blocks)
    out: dict[str, PupilColumns] = {}
    for p in pupils:
        b = out.setdefault(p.measure, PupilColumns(p.measure, [], [], [], [], [], [], [], [], []))
        for name in ("ids", "pre", "post", "change", "rci", "category", "group", "band", "clinical"):
            getattr(b, name).append(getattr(p, "id" if name == "ids" else name))
    for b in out.values():
        if all(v is None for v in b.band):
            b.band.clear()
        if all(v is None for v in b.clinical):
            b.clinical.clear()
    return list(out.values())


def _followed(b: PupilColumns) -> bool:
    """A measure the follow-up looks at: one with a reliable change figure, bands or a clinical cut-off."""
    return bool(b.band or b.clinical or any(r is not None for r in b.rci))


@dataclass(slots=True)
class _Flags:
    """One measure's block of pupil rows, judged: reliably worse, clinical now, the RCI turned so that
    negative is worse (+inf where there is none: sorted last), and which pupils have an RCI."""

    block: PupilColumns
    worse: np.ndarray
    clinical: np.ndarray
    aligned: np.ndarray
    has_rci: np.ndarray

    @property
    def concern(self) -> np.ndarray:
        w, c = self.worse, self.clinical
        return np.select([w & c, w, c], [1, 2, 3], default=4)


def _judge(b: PupilColumns, sign: int) -> _Flags:
    """The CompareRun's category where it has one (programme pupils); else the same criterion on its RCI."""
    rci = np.array(b.rci, dtype=float)  # None -> NaN
    has_category = np.fromiter((c is not None for c in b.category), dtype=bool, count=len(b.category))
    by_category = np.fromiter((c == _WORSE for c in b.category), dtype=bool, count=len(b.category))
    with np.errstate(invalid="ignore"):
        by_rci = sign * rci < -RCI_CRITERION  # NaN compares False
    worse = np.where(has_category, by_category, by_rci)
    clinical = np.fromiter((c is True for c in b.clinicals()), dtype=bool, count=len(b.ids))
    has = ~np.isnan(rci)
    return _Flags(b, worse, clinical, np.where(has, sign * rci, np.inf), has)


@dataclass(slots=True)
class _Pupil:
    id: str
    role: str | None
    arm: str
    at: dict[str, tuple[_Flags, int]]  # measure -> the pupil's row in that block


def _signs(runs: Iterable[CompareRun]) -> dict[str, int]:
    signs: dict[str, int] = {}
    for run in runs:
        for o in run.outcomes:
            signs.setdefault(o.measure, -1 if o.direction == "lower_is_better" else 1)
    return signs


def _arm(group: str | None) -> str:
    return group or "programme"


def sorted_pupils(run: CompareRun) -> PupilRows:
    """The run's pupil rows in the Pupils sheet's order: by arm (programme first), measure, then concern
    (reliably worse and clinical, reliably worse, clinical, the rest), the largest deterioration first."""
    signs = _signs([run])
    judged = [_judge(b, signs.get(b.measure, 1)) for b in _blocks(run.pupils)]
    out: list[PupilColumns] = []
    for arm in _ARMS:
        for f in judged:
            b = f.block
            idx = np.flatnonzero(np.array([_arm(g) == arm for g in b.group], dtype=bool))
            if not idx.size:
                continue
            ids = np.array(b.ids, dtype=object)[idx]
            keep = idx[np.lexsort((ids.astype(str), f.aligned[idx], f.concern[idx]))].tolist()
            band, clin = b.bands(), b.clinicals()
            out.append(
                PupilColumns(
                    b.measure,
                    [b.ids[i] for i in keep],
                    [b.pre[i] for i in keep],
                    [b.post[i] for i in keep],
                    [b.change[i] for i in keep],
                    [b.rci[i] for i in keep],
                    [b.category[i] for i in keep],
                    [b.group[i] for i in keep],
                    [band[i] for i in keep] if b.band else [],
                    [clin[i] for i in keep] if b.clinical else [],
                )
            )
    return PupilRows(out)


def _collect(
    runs: Mapping[str, CompareRun], signs: dict[str, int]
) -> tuple[list[_Pupil], dict[tuple[str | None, str, str], list[int]]]:
    """The pupils to list (keyed by role and id; a comparison pupil once, whatever run it is in) and, per
    (role, arm, measure), [pupils with an RCI, of whom reliably worse]."""
    pupils: dict[tuple[str | None, str], _Pupil] = {}
    listed: dict[tuple[str | None, str], None] = {}
    counts: dict[tuple[str | None, str, str], list[int]] = {}
    for role, run in runs.items():
        seen: set[tuple[str | None, str]] = set()
        for b in _blocks(run.pupils):
            if not _followed(b):
                continue
            f = _judge(b, signs.get(b.measure, 1))
            flagged = (f.worse | f.clinical).tolist()
            for i, (pid, g, worse, has) in enumerate(
                zip(b.ids, b.group, f.worse.tolist(), f.has_rci.tolist(), strict=True)
            ):
                arm = _arm(g)
                key = (role if arm == "programme" and role not in POOLED else None, pid)
                if key in pupils and key not in seen:
                    continue  # a comparison pupil already met in an earlier role's run
                seen.add(key)
                p = pupils.get(key)
                if p is None:
                    p = pupils[key] = _Pupil(pid, key[0], arm, {})
                p.at[b.measure] = (f, i)
                if has:
                    c = counts.setdefault((key[0], arm, b.measure), [0, 0])
                    c[0] += 1
                    c[1] += worse
                if flagged[i]:
                    listed[key] = None
    return [pupils[k] for k in listed], counts


def _now(f: _Flags, i: int) -> MeasureNow:
    b = f.block
    return MeasureNow(
        b.pre[i],
        b.post[i],
        b.change[i],
        b.rci[i],
        b.bands()[i] if b.band else None,
        b.clinicals()[i] if b.clinical else None,
        bool(f.worse[i]),
    )


def _row(
    p: _Pupil, measures: Sequence[tuple[str, str]], groups: Sequence[dict[str, str]]
) -> tuple[float, FollowUpRow]:
    """The pupil's row, and its largest deterioration (the least aligned RCI) for the sort."""
    now = {m: _now(f, i) for m, (f, i) in p.at.items()}
    worse = [t for m, t in measures if (x := now.get(m)) is not None and x.reliably_worse]
    clinical = [
        f"{t} ({x.band})" if x.band else t
        for m, t in measures
        if (x := now.get(m)) is not None and x.clinical
    ]
    reasons = []
    if worse:
        reasons.append("reliably worse: " + ", ".join(worse))
    if clinical:
        reasons.append("clinical range now: " + ", ".join(clinical))
    row = FollowUpRow(
        id=p.id,
        role=p.role,
        arm=p.arm,
        groups=tuple(g.get(p.id) for g in groups),
        measures=tuple(now.get(m) for m, _ in measures),
        concern=1 if worse and clinical else 2 if worse else 3,
        reasons="; ".join(reasons),
    )
    return min((float(f.aligned[i]) for f, i in p.at.values()), default=float("inf")), row


def _who(role: str | None, arm: str) -> str:
    if arm == "comparison":
        return "comparison pupils"
    return "programme pupils" if role is None else str(role)


def _chance(
    counts: dict[tuple[str | None, str, str], list[int]], measures: Sequence[tuple[str, str]]
) -> list[ChanceRow]:
    out = []
    roles = list(dict.fromkeys(k[0] for k in counts))
    for arm in _ARMS:  # the programme pupils (each role) first, then the comparison pupils
        for role in roles:
            for m, title in measures:
                if (role, arm, m) not in counts:
                    continue
                n, worse = counts[role, arm, m]
                e = expected_by_chance(n)
                about = f"about {e}" if e else "fewer than 1"
                sentence = (
                    f"{worse} of {n} {_who(role, arm)} reliably got worse on {title}; {about} would be "
                    f"expected by chance alone ({CHANCE_SHARE} of {n}: Jacobson & Truax 1991)."
                )
                out.append(ChanceRow(role, arm, m, title, n, worse, e, sentence))
    return out


def _dsl(runs: Mapping[str, CompareRun]) -> tuple[list[DslRow], str]:
    names = sorted({name for run in runs.values() for name in run.risk_instruments})
    flags: dict[tuple[str, str, int, str, int], RiskFlag] = {}
    waves: list[str] = []
    for run in runs.values():
        for f in run.risk_flags:
            waves += [f.wave] if f.wave not in waves else []
            flags.setdefault((f.wave, f.file, f.row, f.instrument, f.item), f)
    rows = [DslRow(f.id, f.wave, f.instrument, f.item, f.answer, f.file, f.row) for f in flags.values()]
    rows.sort(
        key=lambda r: (-waves.index(r.wave), r.file, r.row, r.instrument, r.item)
    )  # latest survey first
    if not names:
        note = (
            "None of the questionnaires used has a risk item (a question whose answer must go to the Designated "
            "Safeguarding Lead), so the For the DSL sheet lists no answer. Any concern about a pupil's safety follows the "
            "school's safeguarding policy as usual."
        )
    elif not rows:
        note = f"The risk items of {', '.join(names)} were checked in every survey: no pupil gave an answer that raises a flag."
    else:
        note = (
            f"{len(rows)} answer{'s' if len(rows) != 1 else ''} to a risk item of {', '.join(names)} "
            "raise a flag: pass this sheet to the Designated Safeguarding Lead now and follow the school's "
            "safeguarding policy. Every response in the surveys is checked, whatever the pupil's role or group; "
            "each row names the file and row of the response."
        )
    return rows, note


NOTE = (
    "Pupils listed: reliably worse on at least one measure (a reliable change index beyond 1.96 in the worse "
    "direction, Jacobson & Truax 1991, as the Reliable change sheet counts them) or in the clinical range of a "
    "measure at the second survey (the questionnaire's cut-off). Most concern first: reliably worse and in the "
    "clinical range, then reliably worse, then in the clinical range; within each, the largest deterioration "
    "first. A reliable change can still be chance: see the counts beside chance."
)


def build_follow_up(runs: Mapping[str, CompareRun]) -> FollowUp:
    """The follow-up list, the counts beside chance, the DSL's list and the Pupils sheet's order for the runs
    keyed by role label (``{"pupils": run}`` when roles are pooled, see :data:`POOLED`; ``{"mentees": r1,
    "mentors": r2}``).  Every run's risk-item flags are listed, whatever the pupil's role: a role's run keeps
    the flags of the whole survey, so that no answer is lost with a pupil whose role is not known."""
    signs = _signs(runs.values())
    titles: dict[str, str] = {}
    dp: dict[str, int] = {}
    columns: list[str] = []
    measures: list[str] = []
    for run in runs.values():
        for o in run.outcomes:
            titles.setdefault(o.measure, o.title or o.measure)
            dp.setdefault(o.measure, o.dp)
        measures += [b.measure for b in _blocks(run.pupils) if _followed(b) and b.measure not in measures]
        columns += [c for c in run.pupil_groups if c not in columns]
    named = tuple((m, titles.get(m, m)) for m in measures)
    groups = [
        {pid: level for run in runs.values() for pid, level in run.pupil_groups.get(c, {}).items()}
        for c in columns
    ]
    pupils, counts = _collect(runs, signs)
    ranked = [_row(p, named, groups) for p in pupils]
    ranked.sort(key=lambda t: (t[1].concern, t[0], t[1].role or "", t[1].id))
    dsl, dsl_note = _dsl(runs)
    return FollowUp(
        measures=named,
        dp=dp,
        group_columns=tuple(columns),
        rows=[r for _, r in ranked],
        chance=_chance(counts, named),
        note=NOTE,
        dsl=dsl,
        dsl_note=dsl_note,
        pupils={role: sorted_pupils(run) for role, run in runs.items()},
    )


def dsl_only(runs: Mapping[str, CompareRun]) -> FollowUp:
    """The For the DSL list alone, for ``compare``'s own workbook: every risk-item answer still reaches the
    Designated Safeguarding Lead, while the follow-up list — a third of the time of a 100,000-pupil compare
    — is left to the report's SMHL workbooks (SPEC §6.1)."""
    dsl, dsl_note = _dsl(runs)
    return FollowUp(measures=(), dp={}, group_columns=(), dsl=dsl, dsl_note=dsl_note, listed=False)
