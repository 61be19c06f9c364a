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

__all__ = ["build_follow_up", "expected_by_chance", "sorted_pupils"]

_WORSE = "reliably deteriorated"
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


def _is_worse(category: str | None, rci: float | None, sign: int) -> bool:
    if category is not None:
        return category == _WORSE
    return rci is not None and sign * rci < -RCI_CRITERION


@dataclass(slots=True)
class _Pupil:
    id: str
    role: str | None
    arm: str
    measures: dict[str, MeasureNow]


def _concern(worse: bool, clinical: bool) -> int:
    return 1 if worse and clinical else 2 if worse else 3 if clinical else 4


def _signs(runs: Iterable[CompareRun]) -> dict[str, int]:
    signs: dict[str, int] = {}
    for run in runs:
        for o in run.outcomes:
            signs.setdefault(o.measure, -1 if o.direction == "lower_is_better" else 1)
    return signs


def _aligned(m: MeasureNow | None, sign: int) -> float:
    """The pupil's RCI turned so that negative is worse (+inf when there is none: sorted last)."""
    return sign * m.rci if m is not None and m.rci is not None else float("inf")


def sorted_pupils(run: CompareRun) -> PupilRows:
    """The run's pupil rows in the Pupils sheet's order: by arm (programme first), measure, then concern
    (reliably worse and clinical, reliably worse, clinical, the rest), the largest deterioration first."""
    signs = _signs([run])
    out: list[PupilColumns] = []
    blocks = _blocks(run.pupils)
    arms = [a for a in _ARMS if any((g or "programme") == a for b in blocks for g in b.group)]
    for arm in arms:
        for b in blocks:
            sign = signs.get(b.measure, 1)
            band, clin = b.bands(), b.clinicals()
            keep = [i for i, g in enumerate(b.group) if (g or "programme") == arm]

            def key(
                i: int, b: PupilColumns = b, sign: int = sign, clin: list[bool | None] = clin
            ) -> tuple[int, float, str]:
                worse = _is_worse(b.category[i], b.rci[i], sign)
                rci = b.rci[i]
                return (
                    _concern(worse, bool(clin[i])),
                    sign * rci if rci is not None else float("inf"),
                    b.ids[i],
                )

            keep.sort(key=key)
            if not keep:
                continue
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


def _collect(runs: Mapping[str, CompareRun], signs: dict[str, int]) -> dict[tuple[str | None, str], _Pupil]:
    """Every pupil of every run, keyed (role, id); a comparison pupil once, whatever run it is in."""
    pupils: dict[tuple[str | None, str], _Pupil] = {}
    for role, run in runs.items():
        seen: set[tuple[str | None, str]] = set()
        for b in _blocks(run.pupils):
            if not _followed(b):
                continue
            sign = signs.get(b.measure, 1)
            for pid, x, y, d, rci, cat, g, band, clin in zip(
                b.ids,
                b.pre,
                b.post,
                b.change,
                b.rci,
                b.category,
                b.group,
                b.bands(),
                b.clinicals(),
                strict=True,
            ):
                arm = g or "programme"
                key = (role if arm == "programme" else None, pid)
                if key in pupils and key not in seen:
                    continue  # a comparison pupil already met in an earlier role's run
                seen.add(key)
                p = pupils.setdefault(key, _Pupil(pid, key[0], arm, {}))
                p.measures[b.measure] = MeasureNow(x, y, d, rci, band, clin, _is_worse(cat, rci, sign))
    return pupils


def _row(
    p: _Pupil, measures: Sequence[tuple[str, str]], groups: Sequence[dict[str, str]], signs: dict[str, int]
) -> FollowUpRow | None:
    worse = [t for m, t in measures if (x := p.measures.get(m)) is not None and x.reliably_worse]
    clinical = [
        f"{t} ({x.band})" if x.band else t
        for m, t in measures
        if (x := p.measures.get(m)) is not None and x.clinical
    ]
    concern = _concern(bool(worse), bool(clinical))
    if concern == 4:
        return None
    reasons = []
    if worse:
        reasons.append("reliably worse: " + ", ".join(worse))
    if clinical:
        reasons.append("clinical range now: " + ", ".join(clinical))
    return FollowUpRow(
        id=p.id,
        role=p.role,
        arm=p.arm,
        groups=tuple(g.get(p.id) for g in groups),
        measures=tuple(p.measures.get(m) for m, _ in measures),
        concern=concern,
        reasons="; ".join(reasons),
    )


def _who(role: str | None, arm: str) -> str:
    if arm == "comparison":
        return "comparison pupils"
    return "programme pupils" if role in (None, "all") else str(role)


def _chance(pupils: Iterable[_Pupil], measures: Sequence[tuple[str, str]]) -> list[ChanceRow]:
    counts: dict[tuple[str | None, str, str], list[int]] = {}
    for p in pupils:
        for m, x in p.measures.items():
            if x.rci is not None:
                c = counts.setdefault((p.role, p.arm, m), [0, 0])
                c[0] += 1
                c[1] += x.reliably_worse
    out = []
    titles = dict(measures)
    roles = list(dict.fromkeys(k[0] for k in counts))
    for role in roles:
        for arm in _ARMS:
            for m, title in measures:
                if (role, arm, m) not in counts:
                    continue
                n, worse = counts[role, arm, m]
                e = expected_by_chance(n)
                about = f"about {e}" if e else "fewer than 1"
                sentence = (
                    f"{worse} of {n} {_who(role, arm)} reliably got worse on {titles[m]}; {about} would be "
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
            "safeguarding policy. Each row names the file and row of the response."
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
    keyed by role label (``{"all": run}`` while roles are pooled; ``{"mentees": r1, "mentors": r2}``)."""
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
    pupils = _collect(runs, signs)
    rows = [r for p in pupils.values() if (r := _row(p, named, groups, signs)) is not None]
    order = {
        id(r): min(
            (_aligned(x, signs.get(m, 1)) for (m, _), x in zip(named, r.measures, strict=True)),
            default=float("inf"),
        )
        for r in rows
    }
    rows.sort(key=lambda r: (r.concern, order[id(r)], r.role or "", r.id))
    dsl, dsl_note = _dsl(runs)
    return FollowUp(
        measures=named,
        dp=dp,
        group_columns=tuple(columns),
        rows=rows,
        chance=_chance(pupils.values(), named),
        note=NOTE,
        dsl=dsl,
        dsl_note=dsl_note,
        pupils={role: sorted_pupils(run) for role, run in runs.items()},
    )
