"""Delivery, term by term, and the targets (SPEC §6.1): one row per term so far from each term's activity
log — sessions held, mentees, sessions per mentee, supervision planned and delivered, self- and staff
referrals, mentors trained — and each ``[targets]`` entry of programme.toml as met or not met.

Every count of pupils (mentees, referrals, mentors trained) is registered in the report's one
:class:`~peerimpact.governors.plan.Ledger` with the equations a reader knows (a term's referrals and their
total, "so far" and the terms before it) by :func:`register_delivery`, which
:func:`~peerimpact.governors.process.activity_reach` calls for this report and for every earlier term's
report it replays, so a term's row is shown or hidden alike in every term's report.  Sessions and
supervision sessions are not counts of pupils and are not suppressed.  The rows are made by
:func:`delivery_rows` once the ledger is resolved; a figure worked out from a hidden count (a percentage, a
ratio) is not shown.

The dose, "sessions per mentee", is the sessions held in a term divided by the mentees mentored so far at
the end of that term: the activity log records when a mentee starts (their first session), not when they
stop, so every mentee so far is taken to be still being seen.  On the "So far" row it is every session held
divided by every mentee: the average number of sessions a mentee has had.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

from peerimpact.governors.model import Count, DeliveryRow, Reach, TargetRow, pct, shown_value
from peerimpact.governors.plan import HEADLINE, Ledger
from peerimpact.wording.numbers import fmt_number

if TYPE_CHECKING:
    from peerimpact.governors.activity_log import ActivitySummary
    from peerimpact.governors.programme import Programme, Term

__all__ = ["DOSE_NOTE", "delivery_rows", "register_delivery", "target_rows"]

DOSE_NOTE = (
    "Sessions per mentee: the sessions held in the term divided by all the pupils mentored so far (the log "
    "records when a mentee starts, not when they stop, so every mentee so far is counted as still being seen); "
    "on the So far row, every session divided by every mentee. Supervision: sessions for mentors held of those "
    "planned. Self-referral share: pupils who asked for a mentor themselves, of all referrals (referrals are not "
    "added up over the terms: a total would give away a term's hidden figure)."
)


def _n(s: ActivitySummary, name: str) -> int:
    return s.get(name) or 0


def register_delivery(
    ledger: Ledger, per: Sequence[tuple[Term, ActivitySummary]], keys: Sequence[str]
) -> dict[str, tuple[Count, ...]]:
    """Register the delivery table's pupil counts of the report whose terms so far are ``per`` (``keys``:
    the key each term's "so far" is filed under, the last being the report's term): per term, then so far —
    mentees so far, self- and staff referrals (with each term's total, which a reader takes for the term's
    new mentees when the two agree) and mentors trained in the term.  Referrals have no "so far" total:
    with it, one term's small count hidden would take the mentees' figures with it (so far minus the other
    terms gives the hidden term back).

    Called after :func:`~peerimpact.governors.process._register_reach`'s own counts (the mentees' and
    training's "so far" equations are registered there)."""
    last = len(per) - 1
    mentees: list[Count] = []
    trained: list[Count] = []
    for i, ((_, s), k) in enumerate(zip(per, keys, strict=True)):
        so_far = ("mentees", "so far", k)  # the headline's figure for that term's report: hidden last
        mentees.append(ledger.count(so_far, int(ledger.values[so_far]), cost=HEADLINE if i == last else 2))
        trained.append(ledger.count(("trained", "rise", k), _n(s, "mentors_trained")))
    mentees.append(
        ledger.count(("mentees", "so far", keys[-1]), int(ledger.values[("mentees", "so far", keys[-1])]))
    )
    trained.append(ledger.count(("trained", keys[-1]), int(ledger.values[("trained", keys[-1])])))
    out: dict[str, tuple[Count, ...]] = {"mentees_so_far": tuple(mentees), "trained_per_term": tuple(trained)}
    for x, s in per:  # each term's referrals add up to that term's total
        parts: list[Hashable] = []
        for part, field in (("self", "self_referrals"), ("staff", "staff_referrals")):
            ledger.derived(("referrals", part, x.key), _n(s, field))
            parts.append(("referrals", part, x.key))
        ledger.derived(("referrals", "all", x.key), _n(s, "self_referrals") + _n(s, "staff_referrals"))
        if x.key != keys[-1]:  # the report's own term's equation is registered with its reach
            ledger.line(("referrals", "all", x.key), parts)
        if ledger.values[("referrals", "all", x.key)] == ledger.values.get(("mentees", x.key)):
            ledger.same(("referrals", "all", x.key), ("mentees", x.key))  # a reader takes them as one
    for part, field in (("self", "self_referrals"), ("staff", "staff_referrals")):
        out[f"{part}_referrals"] = tuple(
            ledger.count(("referrals", part, x.key), _n(s, field)) for x, s in per
        )
    return out


def _share(k: Count | None, rest: Count | None) -> int | None:
    """k of (k + rest) as a whole percentage; None when either is hidden or not given, or there is none."""
    if k is None or rest is None or k.value is None or rest.value is None or k.value + rest.value == 0:
        return None
    return pct(k.value, k.value + rest.value)


def delivery_rows(reach: Reach | None) -> list[DeliveryRow]:
    """The term-by-term delivery table (then "So far") from ``reach``, once its ledger is resolved."""
    if reach is None or not reach.summaries:
        return []
    out = []
    names = (*reach.terms, "So far")
    so_far = reach.so_far
    for i, name in enumerate(names):
        s = reach.summaries[i] if i < len(reach.summaries) else so_far
        sessions = s.get("sessions_held")
        mentees = reach.mentees_so_far[i]
        dose = (
            shown_value(sessions / mentees.value, 1)
            if sessions is not None and mentees.value  # hidden (None) or 0: no ratio
            else None
        )
        planned, done = s.get("supervision_planned"), s.get("supervision_delivered")
        own = reach.self_referrals[i] if i < len(reach.self_referrals) else None  # no "so far" total
        staff = reach.staff_referrals[i] if i < len(reach.staff_referrals) else None
        out.append(
            DeliveryRow(
                term=name,
                sessions=sessions,
                new_mentees=reach.mentees[i],
                mentees_so_far=mentees,
                per_mentee=dose,
                supervision_planned=planned,
                supervision_delivered=done if planned else None,
                supervision_pct=pct(done or 0, planned) if planned else None,
                self_referrals=own,
                staff_referrals=staff,
                self_share=_share(own, staff),
                trained=reach.trained_per_term[i],
            )
        )
    return out


#: ``[targets]`` key -> (label, unit, decimals); numbers are compared with the programme so far, shares
#: with this term (a decline shows the term it happens in)
_TARGETS: dict[str, tuple[str, str, int]] = {
    "mentees": ("Pupils mentored so far", "", 0),
    "mentors": ("Peer mentors so far", "", 0),
    "sessions": ("Mentoring sessions held so far", "", 0),
    "sessions_per_mentee": ("Sessions per mentee so far", "", 1),
    "mentors_trained": ("Mentors who have completed training", "", 0),
    "supervision_delivered": ("Supervision sessions delivered this term", "%", 0),
    "self_referral_share": ("Self-referral share this term", "%", 0),
}


def _figure(key: str, reach: Reach, total: DeliveryRow, this: DeliveryRow | None) -> tuple[float | None, str]:
    """The figure a target is compared with, as shown, and why there is none ("hidden" or "none");
    ``total`` is the "So far" row, ``this`` the report's term's row (None when the term has no log)."""
    count: Count | None = {
        "mentees": reach.mentees[-1],
        "mentors": reach.mentors[-1],
        "mentors_trained": reach.trained,
    }.get(key)
    if count is not None:
        return (None, "hidden") if count.value is None else (float(count.value), "")
    if key == "sessions":
        return (None, "none") if total.sessions is None else (float(total.sessions), "")
    if key == "sessions_per_mentee":
        if total.per_mentee is not None:
            return total.per_mentee, ""
        return None, "hidden" if total.mentees_so_far.value is None else "none"
    if this is None:
        return None, "none"
    if key == "supervision_delivered":
        return (None, "none") if this.supervision_pct is None else (float(this.supervision_pct), "")
    if this.self_share is not None:
        return float(this.self_share), ""
    hidden = any(c is not None and c.value is None for c in (this.self_referrals, this.staff_referrals))
    return None, "hidden" if hidden else "none"


def target_rows(
    programme: Programme, reach: Reach | None, rows: Sequence[DeliveryRow], term: Term
) -> list[TargetRow]:
    """Each ``[targets]`` entry as met / not met (SPEC §6.1), in the order of :data:`_TARGETS`.

    The figure compared is the one printed (a percentage to the whole number, sessions per mentee to one
    decimal), so that a governor checking the line by eye agrees with it; a figure equal to its target meets
    it.  A figure hidden by suppression (or worked out from a hidden count) says "not shown (small
    numbers)"; a figure the logs cannot give yet (no supervision planned, no activity log) "no figure yet"."""
    out = []
    this = rows[-2] if len(rows) >= 2 and reach is not None and reach.terms[-1] == term.name else None
    for key in (k for k in _TARGETS if k in programme.targets):
        label, unit, dp = _TARGETS[key]
        target = round(programme.targets[key] * (100 if unit == "%" else 1), 9)  # 0.9 × 100 is 90.000…01
        shown_target = fmt_number(target, 0 if float(target).is_integer() else max(dp, 1)) + unit
        figure, why = (None, "none") if reach is None or not rows else _figure(key, reach, rows[-1], this)
        if figure is None:
            status = "not shown (small numbers)" if why == "hidden" else "no figure yet"
            text = f"{label}: {status} (target {shown_target})"
        else:
            status = "met" if figure >= target - 1e-9 else "not met"
            text = f"{label}: {fmt_number(figure, dp)}{unit} (target {shown_target}) — {status}"
        out.append(TargetRow(key, label, figure, float(target), unit, dp, status, text))
    return out
