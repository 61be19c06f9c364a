"""A scored file: every input row scored, partly scored or excluded with its reason.

:class:`ScoreRun` is the one object that the terminal, CSV, JSON and Excel views of ``peerimpact score`` are
drawn from; :func:`peerimpact.scoring.score.score_table` builds it.  This module is the model only: the types
it holds are imported for annotations, so a view that imports it loads no reader or scorer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import compress
from typing import TYPE_CHECKING, Any

import numpy as np

from peerimpact.issues import Issue

if TYPE_CHECKING:
    import pandas as pd

    from peerimpact.instruments.detect import InstrumentUse
    from peerimpact.readers.base import SourceTable
    from peerimpact.scoring.engine import ScaleScores
    from peerimpact.scoring.ids import IdColumn
    from peerimpact.scoring.validation import AnswerCodes
    from peerimpact.util.pseudonyms import Pseudonymiser

__all__ = ["STATUSES", "MeasureSummary", "RiskFlag", "ScoreRun"]

STATUSES = ("scored", "partly scored", "excluded")


@dataclass(frozen=True, slots=True)
class MeasureSummary:
    """One score column over the scored rows: n, mean, SD and the band counts."""

    measure: str
    title: str
    n: int
    mean: float | None
    sd: float | None
    minimum: float | None
    maximum: float | None
    bands: dict[str, int]
    prorated: int


@dataclass(frozen=True, slots=True)
class RiskFlag:
    """One response that answered an instrument's risk item with a flagging answer (SPEC §7): for the
    Designated Safeguarding Lead only, never in governors' outputs.  ``row`` is the row of ``file`` as the
    user sees it, so a response without a pupil id can still be found; ``wave`` is set by ``compare``."""

    id: str | None
    instrument: str
    item: int
    answer: str  # the option's label as printed
    code: int
    file: str
    row: int
    wave: str = ""


@dataclass(slots=True)
class ScoreRun:
    """Everything ``peerimpact score`` found, row by row (``pos`` indexes the table's data rows)."""

    source: SourceTable
    id_column: IdColumn | None
    ids: list[str | None]
    uses: list[InstrumentUse]
    answers: dict[str, AnswerCodes]
    scales: dict[str, ScaleScores]  # measure -> scores
    bands: dict[str, list[str | None]]
    status: list[str]
    reason: list[str]
    duplicates: dict[int, int]
    issues: list[Issue] = field(default_factory=list)
    risk_flags: list[RiskFlag] = field(default_factory=list)  # scoring.risk: for the DSL only

    @property
    def measures(self) -> list[str]:
        return list(self.scales)

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(self.status)
        return {"read": self.source.n_rows, **{s: c.get(s, 0) for s in STATUSES}}

    @property
    def kept(self) -> np.ndarray:
        """Rows that are pupils' responses: not a platform preview/test/spam row, not a dropped duplicate
        (whether or not any scale could be scored) — what pre/post matching counts."""
        mask = np.ones(self.source.n_rows, dtype=bool)
        mask[list(self.source.excluded)] = False
        mask[list(self.duplicates)] = False
        return mask

    @property
    def active(self) -> np.ndarray:
        """Rows that were scored or partly scored."""
        return np.fromiter(map("excluded".__ne__, self.status), dtype=bool, count=len(self.status))

    def summaries(self) -> list[MeasureSummary]:
        out = []
        active = self.active
        for measure, sc in self.scales.items():
            v = sc.values[active]
            v = v[~np.isnan(v)]
            bands = Counter(compress(self.bands[measure], active.tolist()))
            bands.pop(None, None)
            order = [b.label for b in sc.scale.bands]
            out.append(
                MeasureSummary(
                    measure=measure,
                    title=sc.scale.title,
                    n=int(v.size),
                    mean=float(v.mean()) if v.size else None,
                    sd=float(v.std(ddof=1)) if v.size > 1 else None,
                    minimum=float(v.min()) if v.size else None,
                    maximum=float(v.max()) if v.size else None,
                    bands={b: bands.get(b, 0) for b in order},
                    prorated=int((sc.prorated & active).sum()),
                )
            )
        return out

    def columns(self) -> list[str]:
        """Output columns: id, source_row, each score then its band, status, reason."""
        cols = ["id", "source_row"]
        for measure, sc in self.scales.items():
            cols.append(measure)
            if sc.scale.bands:
                cols.append(f"{measure}.band")
        return [*cols, "status", "reason"]

    def records(self) -> list[dict[str, Any]]:
        """One dict per input data row, in input order; scores unrounded, None when not scored."""
        values = {m: sc.values.tolist() for m, sc in self.scales.items()}
        out = []
        for pos in range(self.source.n_rows):
            rec: dict[str, Any] = {"id": self.ids[pos], "source_row": self.source.rows[pos]}
            for measure, sc in self.scales.items():
                v = values[measure][pos]
                rec[measure] = None if v != v else v
                if sc.scale.bands:
                    rec[f"{measure}.band"] = self.bands[measure][pos]
            rec["status"] = self.status[pos]
            rec["reason"] = self.reason[pos]
            out.append(rec)
        return out

    def pseudonymised(self, pseudonymiser: Pseudonymiser) -> ScoreRun:
        """This run with every pupil id replaced by its keyed pseudonym (SPEC §7), in the ids, in the id column
        of the table and in every issue's value and message — for pupil-level files sent to an evaluator."""
        raw_to_id: dict[str, str] = {}
        source = self.source
        if self.id_column is not None:
            j = source.columns.index(self.id_column.column)
            for raw, pid in zip(source.data[j], self.ids, strict=True):
                if pid is not None:
                    raw_to_id[pid] = pid
                    if raw is not None:
                        raw_to_id[str(raw).strip()] = pid
            data = list(source.data)
            data[j] = [pseudonymiser(pid) for pid in self.ids]
            source = replace(source, data=data)
        return replace(
            self,
            source=source,
            ids=[pseudonymiser(pid) for pid in self.ids],
            risk_flags=[replace(f, id=pseudonymiser(f.id)) for f in self.risk_flags],
            issues=[pseudonymiser.scrub(i, raw_to_id) for i in self.issues],
        )

    def to_frame(self) -> pd.DataFrame:
        """The per-row output as a pandas DataFrame (for notebooks)."""
        import pandas as pd

        return pd.DataFrame.from_records(self.records(), columns=self.columns())
