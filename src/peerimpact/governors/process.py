"""The governors' report's process figures (:mod:`peerimpact.governors.build`): reach and activity from the
activity logs of the terms so far, and the process (feedback) survey's top-band shares by role — every
count of pupils suppressed."""

from __future__ import annotations

from typing import Any

from peerimpact.governors.model import Count, ProcessRow, Reach, share_text, suppressed_counts
from peerimpact.governors.programme import ActivitySummary, Programme, Term
from peerimpact.governors.suppression import suppress_table
from peerimpact.issues import Issue

__all__ = ["activity_reach", "process_rows"]


def activity_reach(programme: Programme, term: Term, issues: list[Issue]) -> Reach | None:
    """Reach and activity from the activity logs of the terms so far (None when there is no log)."""
    from peerimpact.governors.programme import read_activity_log

    per: list[tuple[Term, ActivitySummary]] = []
    for x in programme.terms_until(term):
        if x.activity_log is not None:
            s = read_activity_log(x.activity_log, start=x.start, end=x.end, key=f"terms.{x.key}.activity_log")
            issues += s.issues
            per.append((x, s))
    if not per:
        return None
    this = per[-1][1] if per[-1][0].key == term.key else ActivitySummary()
    so_far = per[0][1]
    for _, s in per[1:]:
        so_far = so_far + s
    table = [[s.get("new_mentors") or 0, s.get("new_mentees") or 0] for _, s in per]
    sup = suppress_table(table, threshold=programme.threshold, row_totals=False)
    rows = range(len(per) + 1)
    refs = [this.get("self_referrals") or 0, this.get("staff_referrals") or 0]
    return Reach(
        terms=tuple(x.name for x, _ in per),
        mentors=tuple(Count(sup.value(i, 0), sup.reasons.get((i, 0))) for i in rows),
        mentees=tuple(Count(sup.value(i, 1), sup.reasons.get((i, 1))) for i in rows),
        sessions=(*(s.get("sessions_held") for _, s in per), so_far.get("sessions_held")),
        term=this,
        so_far=so_far,
        referrals=tuple(suppressed_counts(refs, programme.threshold)),  # type: ignore[arg-type]
        trained=suppressed_counts([so_far.get("mentors_trained") or 0], programme.threshold, total=False)[0],
    )


def _role(value: Any) -> str:
    text = str(value or "").casefold()
    if "mentee" in text:
        return "Mentees"
    if "mentor" in text:
        return "Mentors"
    return "Not given"


def process_rows(programme: Programme, term: Term) -> tuple[list[ProcessRow], Count | None]:
    """Per process-survey scale, how many pupils (by role) are in its top band ("agree"); suppressed."""
    if term.process_survey is None:
        return [], None
    from importlib import resources

    from peerimpact.scoring.score import score_file

    instrument = programme.process_instrument or resources.files("peerimpact.governors").joinpath(
        "templates/process_survey.toml"
    )
    run = score_file(term.process_survey, instrument_files=[str(instrument)])
    role_col = next(
        (c for c in run.source.columns if c.casefold() == "role" or "mentor" in c.casefold()), None
    )
    roles = [_role(v) for v in run.source.column(role_col)] if role_col else ["Not given"] * run.source.n_rows
    keep = (run.active & run.kept).tolist()
    order = [
        r
        for r in ("Mentors", "Mentees", "Not given")
        if any(k and x == r for k, x in zip(keep, roles, strict=True))
    ]
    out: list[ProcessRow] = []
    respondents = sum(keep)
    for measure, sc in run.scales.items():
        top = sc.scale.bands[-1].label
        bands = run.bands[measure]
        table = []
        for r in order:
            got = [b for b, k, x in zip(bands, keep, roles, strict=True) if k and x == r and b is not None]
            table.append([sum(b == top for b in got), sum(b != top for b in got)])
        s = suppress_table(table, threshold=programme.threshold)
        cells = []
        for i, name in [*((i, r) for i, r in enumerate(order) if len(order) > 1), (len(order), "All")]:
            k, n = Count(s.value(i, 0), s.reasons.get((i, 0))), Count(s.value(i, 2), s.reasons.get((i, 2)))
            text, p = share_text(k, n, programme.threshold)
            cells.append((name, text, k.value, n.value, p))
        out.append(ProcessRow(sc.scale.title, top, tuple(cells)))
    return out, suppressed_counts([respondents], programme.threshold, total=False)[0]
