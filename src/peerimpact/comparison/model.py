"""The run-level result of ``peerimpact compare``: one object every report is drawn from.

:class:`CompareRun` holds the inputs, the matching, every :class:`~peerimpact.results.Outcome` (overall,
per subgroup, and the comparison-group ANCOVA rows), attrition, the per-pupil table for the SMHL's sheet,
the caveats and the issues.  ``to_dict()`` is ``results.schema.json`` (``peerimpact.results/1``); the
terminal, Excel and JSON views read this object only, so a figure cannot disagree with itself.
Standard library only (layer 0).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any, overload

from peerimpact._version import __version__
from peerimpact.issues import Issue
from peerimpact.results import Outcome

if TYPE_CHECKING:
    import pandas as pd

    from peerimpact.scoring.run import RiskFlag
    from peerimpact.util.pseudonyms import Pseudonymiser

__all__ = [
    "COMPARISON_ARM",
    "SCHEMA",
    "AttritionRow",
    "CompareRun",
    "InputFile",
    "PupilChange",
    "PupilColumns",
    "PupilRows",
]

SCHEMA = "peerimpact.results/1"
#: ``Outcome.group`` of the comparison pupils' own paired change (an arm, not a subgroup; SPEC §5)
COMPARISON_ARM = "comparison_arm"


@dataclass(frozen=True, slots=True)
class InputFile:
    role: str  # pre | post
    path: str
    sha256: str
    layout: str
    rows: int
    excluded_rows: int
    sheet: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "path": self.path,
            "sha256": self.sha256,
            "layout": self.layout,
            "rows": self.rows,
            "excluded_rows": self.excluded_rows,
        }


@dataclass(frozen=True, slots=True)
class AttritionRow:
    """Completers (scored at both waves) vs non-completers (scored at pre only) on one measure's baseline."""

    measure: str
    completers: int
    non_completers: int
    baseline_mean_completers: float | None
    baseline_mean_non_completers: float | None
    baseline_sd: float | None  # of everyone scored at pre

    @property
    def difference_sd(self) -> float | None:
        """(completers − non-completers) / pre SD: how different those who stayed were."""
        a, b, s = self.baseline_mean_completers, self.baseline_mean_non_completers, self.baseline_sd
        if a is None or b is None or not s:
            return None
        return (a - b) / s

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "completers": self.completers,
            "non_completers": self.non_completers,
            "baseline_mean_completers": self.baseline_mean_completers,
            "baseline_mean_non_completers": self.baseline_mean_non_completers,
            "baseline_sd": self.baseline_sd,
            "difference_sd": self.difference_sd,
        }


@dataclass(frozen=True, slots=True)
class PupilChange:
    """One matched pupil on one measure (pupil-level: for the SMHL only, never in governors' outputs)."""

    id: str
    measure: str
    pre: float | None
    post: float | None
    change: float | None
    rci: float | None
    category: str | None  # reliably improved | no reliable change | reliably deteriorated
    group: str | None = None  # participant / comparison when there is a comparison group
    band: str | None = None  # the instrument's band of the second score (None: no bands)
    clinical: bool | None = None  # second score in the clinical range (None: no clinical cut-off)


@dataclass(frozen=True, slots=True)
class PupilColumns:
    """One measure's :class:`PupilChange` rows held as columns (equal-length lists)."""

    measure: str
    ids: list[str]
    pre: list[float | None]
    post: list[float | None]
    change: list[float | None]
    rci: list[float | None]
    category: list[str | None]
    group: list[str | None]
    band: list[str | None] = field(default_factory=list)  # empty: no bands (None for every pupil)
    clinical: list[bool | None] = field(default_factory=list)  # empty: no clinical cut-off

    def __len__(self) -> int:
        return len(self.ids)

    def bands(self) -> list[str | None]:
        return self.band or [None] * len(self.ids)

    def clinicals(self) -> list[bool | None]:
        return self.clinical or [None] * len(self.ids)

    def rows(self) -> Iterator[PupilChange]:
        return map(
            PupilChange,
            self.ids,
            repeat(self.measure),
            self.pre,
            self.post,
            self.change,
            self.rci,
            self.category,
            self.group,
            self.bands(),
            self.clinicals(),
        )


class PupilRows(Sequence[PupilChange]):
    """``CompareRun.pupils`` as ``compare`` builds it: a read-only sequence of :class:`PupilChange`, kept as
    columns (one :class:`PupilColumns` block per measure) and made into objects only when read — 95,000
    pupils' objects cost more than the rest of the comparison, and the workbook reads the columns."""

    __slots__ = ("blocks",)

    def __init__(self, blocks: Sequence[PupilColumns] = ()) -> None:
        self.blocks = tuple(blocks)

    def __len__(self) -> int:
        return sum(len(b) for b in self.blocks)

    def __iter__(self) -> Iterator[PupilChange]:
        return chain.from_iterable(b.rows() for b in self.blocks)

    @overload
    def __getitem__(self, index: int) -> PupilChange: ...
    @overload
    def __getitem__(self, index: slice) -> list[PupilChange]: ...
    def __getitem__(self, index: int | slice) -> PupilChange | list[PupilChange]:
        if isinstance(index, slice):
            return list(self)[index]
        n = len(self)
        i = index + n if index < 0 else index
        if not 0 <= i < n:
            raise IndexError("pupil row index out of range")
        for b in self.blocks:
            if i < len(b):
                return PupilChange(
                    b.ids[i],
                    b.measure,
                    b.pre[i],
                    b.post[i],
                    b.change[i],
                    b.rci[i],
                    b.category[i],
                    b.group[i],
                    b.bands()[i],
                    b.clinicals()[i],
                )
            i -= len(b)
        raise IndexError("pupil row index out of range")  # pragma: no cover

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # compared by value, like a list

    def __repr__(self) -> str:
        return f"PupilRows({len(self)} rows)"

    def columns(self) -> tuple[list[Any], ...]:
        """The ten columns in :class:`PupilChange` field order (id, measure, pre, post, change, rci,
        category, group, band, clinical), over every block."""
        return tuple(
            list(chain.from_iterable(col(b) for b in self.blocks))
            for col in (
                lambda b: b.ids,
                lambda b: repeat(b.measure, len(b)),
                lambda b: b.pre,
                lambda b: b.post,
                lambda b: b.change,
                lambda b: b.rci,
                lambda b: b.category,
                lambda b: b.group,
                lambda b: b.bands(),
                lambda b: b.clinicals(),
            )
        )


@dataclass(slots=True)
class CompareRun:
    """Everything ``compare`` found.  ``outcomes`` has the overall rows (group ``all``: the programme pupils'
    change), subgroup rows (``<column>=<level>``, exploratory, BH-adjusted), and in a comparison design the
    comparison pupils' own change (``comparison_arm``) and the ANCOVA rows (``comparison``, the primary
    results)."""

    alpha: float
    design: str  # single_group | comparison_group
    design_note: str
    inputs: list[InputFile]
    matching: dict[str, Any]
    outcomes: list[Outcome]
    attrition: list[AttritionRow] = field(default_factory=list)
    pupils: Sequence[PupilChange] = field(default_factory=list)  # a PupilRows from compare
    caveats: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    primary: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)  # baseline equivalence, WWC attrition, RTM …
    # pupil-level, for the SMHL's workbook only (never in to_dict): group column -> pupil id -> level, the
    # instruments whose risk items were checked, and the responses they flagged (for the DSL, SPEC §7)
    pupil_groups: dict[str, dict[str, str]] = field(default_factory=dict)
    risk_instruments: list[str] = field(default_factory=list)
    risk_flags: list[RiskFlag] = field(default_factory=list)

    @property
    def overall(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.group == "all"]

    @property
    def subgroups(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.group not in ("all", "comparison", COMPARISON_ARM)]

    @property
    def comparison_arm(self) -> list[Outcome]:
        """The comparison pupils' own paired change per measure (secondary, beside the ANCOVA rows)."""
        return [o for o in self.outcomes if o.group == COMPARISON_ARM]

    @property
    def comparison(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.group == "comparison"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "tool": {"name": "peerimpact", "version": __version__},
            "alpha": self.alpha,
            "design": self.design,
            "design_note": self.design_note,
            "primary": self.primary,
            "inputs": [i.to_dict() for i in self.inputs],
            "matching": self.matching,
            "outcomes": [o.to_dict() for o in self.outcomes],
            "attrition": [a.to_dict() for a in self.attrition],
            "caveats": list(self.caveats),
            "extras": self.extras,
            "issues": [i.to_dict() for i in self.issues],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1, allow_nan=False)

    def pseudonymised(self, pseudonymiser: Pseudonymiser) -> CompareRun:
        """This run with every pupil id replaced by its keyed pseudonym (SPEC §7): the pupil rows and every
        issue's value and message — for pupil-level files sent to an evaluator."""
        from peerimpact.util.idtext import normalise_id

        pupils: Sequence[PupilChange]
        # the ids of pupils who were not matched appear only in issues: in each source's id column
        sources = [self.matching, *self.extras.get("matching_by_source", [])]
        id_columns = {m.get("id_column") for m in sources} - {None}
        extra = {
            i.value.strip(): pid
            for i in self.issues
            if i.column in id_columns and i.value and (pid := normalise_id(i.value)) is not None
        }
        if isinstance(self.pupils, PupilRows):
            raw_to_id = {pid: pid for b in self.pupils.blocks for pid in b.ids}
            pupils = PupilRows(
                [replace(b, ids=[pseudonymiser(pid) or "" for pid in b.ids]) for b in self.pupils.blocks]
            )
        else:
            raw_to_id = {p.id: p.id for p in self.pupils}
            pupils = [replace(p, id=pseudonymiser(p.id) or "") for p in self.pupils]
        raw_to_id |= extra | {pid: pid for pid in extra.values()}
        return replace(
            self,
            pupils=pupils,
            issues=[pseudonymiser.scrub(i, raw_to_id) for i in self.issues],
            pupil_groups={
                c: {pseudonymiser(pid) or "": level for pid, level in by_id.items()}
                for c, by_id in self.pupil_groups.items()
            },
            risk_flags=[replace(f, id=pseudonymiser(f.id)) for f in self.risk_flags],
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per outcome with the headline figures (for notebooks)."""
        import pandas as pd

        rows = []
        for o in self.outcomes:
            es = o.effect_size
            rows.append(
                {
                    "measure": o.measure,
                    "group": o.group,
                    "n": o.n,
                    "pre_mean": o.pre.mean,
                    "post_mean": o.post.mean,
                    "change": o.change.mean,
                    "change_ci_low": o.change.ci95[0] if o.change.ci95 else None,
                    "change_ci_high": o.change.ci95[1] if o.change.ci95 else None,
                    "primary_test": o.primary_test,
                    "p_value": o.p_value,
                    "p_adjusted": o.p_adjusted,
                    "adjustment": o.adjustment,
                    "d_z": es.d_z,
                    "g_av": es.g_av,
                    "verdict": o.verdict,
                }
            )
        return pd.DataFrame(rows)
