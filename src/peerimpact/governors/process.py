"""The governors' report's process figures (:mod:`peerimpact.governors.build`): reach and activity from the
activity logs of the terms so far, and the process (feedback) survey's top-band shares by role — every
count of pupils suppressed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from peerimpact.governors.delivery import register_delivery
from peerimpact.governors.model import Count, ProcessRow, Reach, share_text
from peerimpact.governors.plan import HEADLINE, Ledger
from peerimpact.governors.programme import ActivitySummary, Programme, Term
from peerimpact.issues import Issue

__all__ = ["activity_reach", "process_rows"]


def _register_reach(
    ledger: Ledger, per: list[tuple[Term, ActivitySummary]], key: str, this: ActivitySummary
) -> dict[str, Any]:
    """The reach counts of the report for term ``key`` (``per``: the terms so far with a log), with their
    equations: each term's new mentors and mentees and the "so far" totals (every earlier report's too:
    each shows the terms up to it), this term's referrals, and mentors trained so far (one figure a
    report, so each term's rise is a count a reader could work out)."""
    out: dict[str, Any] = {"mentors": [], "mentees": []}
    keys = [x.key for x, _ in per[:-1]] + [key]
    for role in ("mentors", "mentees"):
        field = f"new_{role}"
        for x, s in per:
            out[role].append(ledger.count((role, x.key), s.get(field) or 0, cost=2))
        total = 0
        for i, ((_, s), k) in enumerate(zip(per, keys, strict=True)):
            total += s.get(field) or 0
            so_far = (role, "so far", k)
            if i == len(per) - 1:  # the headline's "N peer mentors … with M pupils": hidden last
                out[role].append(ledger.count(so_far, total, cost=HEADLINE))
            else:
                ledger.derived(so_far, total)  # printed by that term's report (shown or hidden there)
            ledger.line(so_far, [(role, y.key) for y, _ in per[: i + 1]])
    refs = [this.get("self_referrals") or 0, this.get("staff_referrals") or 0]
    out["referrals"] = (
        ledger.count(("referrals", "self", key), refs[0]),
        ledger.count(("referrals", "staff", key), refs[1]),
        ledger.count(("referrals", "all", key), sum(refs), cost=2),
    )
    ledger.line(("referrals", "all", key), [("referrals", "self", key), ("referrals", "staff", key)])
    trained = 0
    for i, ((_, s), k) in enumerate(zip(per, keys, strict=True)):
        rise = s.get("mentors_trained") or 0
        trained += rise
        if i == len(per) - 1:
            out["trained"] = ledger.count(("trained", k), trained)
        else:
            ledger.derived(("trained", k), trained)
        ledger.derived(("trained", "rise", k), rise)
        parts = [("trained", keys[i - 1]), ("trained", "rise", k)] if i else [("trained", "rise", k)]
        ledger.line(("trained", k), parts)
    out |= register_delivery(ledger, per, keys)  # the term-by-term delivery table's counts
    return out


def activity_reach(programme: Programme, term: Term, issues: list[Issue], ledger: Ledger) -> Reach | None:
    """Reach and activity from the activity logs of the terms so far (None when there is no log).

    The counts go into ``ledger`` with what each earlier term's report showed and hid (replayed here: the
    reach table repeats every term's row, and "so far" minus an earlier report's "so far" is a term)."""
    from peerimpact.governors.programme import read_activity_log

    per: list[tuple[Term, ActivitySummary]] = []
    tables: dict[Path, Any] = {}  # one log for every term (the usual case) is read once
    for x in programme.terms_until(term):
        if x.activity_log is not None:
            s = read_activity_log(
                x.activity_log, start=x.start, end=x.end, key=f"terms.{x.key}.activity_log", tables=tables
            )
            issues += s.issues
            per.append((x, s))
    if not per:
        return None
    this = per[-1][1] if per[-1][0].key == term.key else ActivitySummary()
    shown: set[Any] = set()
    hidden: set[Any] = set()
    for k in range(1, len(per)):  # the earlier reports, in order, each knowing what the ones before did
        past = Ledger(programme.threshold)
        _register_reach(past, per[:k], per[k - 1][0].key, per[k - 1][1])
        past.earlier(shown, hidden)
        past.resolve()
        now_shown, now_hidden = past.decisions()
        shown |= now_shown - hidden
        hidden |= now_hidden
    counts = _register_reach(ledger, per, term.key, this)
    ledger.earlier(shown, hidden)
    so_far = per[0][1]
    for _, s in per[1:]:
        so_far = so_far + s
    return Reach(
        terms=tuple(x.name for x, _ in per),
        mentors=tuple(counts["mentors"]),
        mentees=tuple(counts["mentees"]),
        sessions=(*(s.get("sessions_held") for _, s in per), so_far.get("sessions_held")),
        term=this,
        so_far=so_far,
        referrals=counts["referrals"],
        trained=counts["trained"],
        summaries=tuple(s for _, s in per),
        mentees_so_far=counts["mentees_so_far"],
        self_referrals=counts["self_referrals"],
        staff_referrals=counts["staff_referrals"],
        trained_per_term=counts["trained_per_term"],
    )


def _role(value: Any) -> str:
    text = str(value or "").casefold()
    if "mentee" in text:
        return "Mentees"
    if "mentor" in text:
        return "Mentors"
    return "Not given"


def process_rows(
    programme: Programme, term: Term, ledger: Ledger
) -> Callable[[], tuple[list[ProcessRow], Count | None]]:
    """Per process-survey scale, how many pupils (by role) are in its top band ("agree").

    The counts go into ``ledger`` (each scale's table: agreed and not by role, with role and overall
    totals; a role's total is one count with the pupils of that role who answered, when they agree, as
    is the overall total with "N pupils answered"); the rows are made by the returned function once the
    ledger is resolved."""
    if term.process_survey is None:
        return lambda: ([], None)
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
    respondents = {r: sum(k and x == r for k, x in zip(keep, roles, strict=True)) for r in order}
    respondents["All"] = sum(keep)
    process_n = ledger.count(("feedback", "answered", "All"), respondents["All"])
    for r in order:
        ledger.derived(("feedback", "answered", r), respondents[r])
    ledger.line(("feedback", "answered", "All"), [("feedback", "answered", r) for r in order])
    pending: list[tuple[str, str, list[tuple[str, Count, Count]]]] = []
    for measure, sc in run.scales.items():
        top = sc.scale.bands[-1].label
        bands = run.bands[measure]
        per: dict[str, tuple[int, int]] = {}
        for r in order:
            got = [b for b, k, x in zip(bands, keep, roles, strict=True) if k and x == r and b is not None]
            per[r] = (sum(b == top for b in got), sum(b != top for b in got))
        per["All"] = (sum(a for a, _ in per.values()), sum(b for _, b in per.values()))
        cells = []
        for r in [*order, "All"]:
            agreed, rest = per[r]
            n_key: Any = ("feedback", "answered", r)
            if agreed + rest != respondents[r]:  # some left this scale blank: its own total
                n_key = ("feedback", measure, "answered", r)
            k = ledger.count(("feedback", measure, "agreed", r), agreed)
            ledger.derived(("feedback", measure, "not", r), rest)
            n = ledger.count(n_key, agreed + rest)
            ledger.line(n_key, [("feedback", measure, "agreed", r), ("feedback", measure, "not", r)])
            cells.append((r, k, n))
        for part in ("agreed", "not"):
            ledger.line(("feedback", measure, part, "All"), [("feedback", measure, part, r) for r in order])
        pending.append((sc.scale.title, top, cells))

    def finish() -> tuple[list[ProcessRow], Count | None]:
        out = []
        for title, top, cells in pending:
            shown = [c for c in cells if len(order) > 1 or c[0] == "All"]
            row: list[tuple[str, str, int | None, int | None, int | None]] = []
            for r, k, n in shown:
                text, p = share_text(k, n, programme.threshold)
                if text == "c":
                    row.append((r, text, None, None, None))
                elif text.endswith("%") and " of " not in text:  # a group of 5–9: the percentage only
                    row.append((r, text, None, None, p))
                else:
                    row.append((r, text, k.value, n.value, p))
            out.append(ProcessRow(title, top, tuple(row)))
        return out, process_n

    return finish
