"""Risk-item flags (SPEC §7): responses that gave a flagging answer to an instrument's ``risk_items``.

An instrument file may declare items whose answers must reach the Designated Safeguarding Lead (for example
a questionnaire's own self-harm item, where its publisher says so).  This module finds, in one scored wave,
every response that gave one of those answers.  The flags go to the DSL's sheet of the SMHL's workbook only,
never into governors' outputs.  None of the built-in instruments declares a risk item.

Which rows are checked: every row the platform did not mark as a preview, test or spam response — duplicate
submissions and rows with too few answers to score included, because a safeguarding answer must not vanish
because a pupil answered twice or skipped other questions.  The raw answer codes are compared (before any
reverse-keying), as the instrument file lists them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from peerimpact.scoring.run import RiskFlag

if TYPE_CHECKING:
    from peerimpact.readers.base import SourceTable
    from peerimpact.scoring.validation import AnswerCodes

__all__ = ["risk_flags"]


def risk_flags(table: SourceTable, ids: list[str | None], answers: list[AnswerCodes]) -> list[RiskFlag]:
    """One :class:`RiskFlag` per (response, risk item) whose answer is a flagging one, in row order."""
    checked = np.ones(table.n_rows, dtype=bool)
    checked[list(table.excluded)] = False
    flags: list[tuple[int, RiskFlag]] = []
    for a in answers:
        ins = a.instrument
        for risk in ins.risk_items:
            column = a.codes[:, risk.item - 1]
            hit = np.isin(column, np.asarray(risk.codes, dtype=float)) & checked
            for pos in np.flatnonzero(hit).tolist():
                code = int(column[pos])
                flags.append(
                    (
                        pos,
                        RiskFlag(
                            id=ids[pos],
                            instrument=ins.name,
                            item=risk.item,
                            answer=ins.option_label(code),
                            code=code,
                            file=table.file,
                            row=table.rows[pos],
                        ),
                    )
                )
    flags.sort(key=lambda f: (f[0], f[1].instrument, f[1].item))
    return [f for _, f in flags]
