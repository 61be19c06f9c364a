"""The governors' report's outcome figures (:mod:`peerimpact.governors.build`): the CompareRun's outcomes,
subgroups, attendance and behaviour turned into rows governors may see (small numbers suppressed, sentences
from ``Outcome.summary``).  The comparison itself (``compare_term``, re-exported here) is
:mod:`peerimpact.governors.term_compare`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from peerimpact.governors.model import (
    MIS_PREFIXES,
    Count,
    MisRow,
    OutcomeRow,
    SubgroupRow,
    better_direction,
    lkey,
    shown_ci,
    shown_value,
)
from peerimpact.governors.plan import HEADLINE, Ledger
from peerimpact.governors.programme import Programme
from peerimpact.governors.term_compare import ROLE_SECTIONS, compare_term
from peerimpact.wording.designs import rate_dp
from peerimpact.wording.numbers import fmt_opt, printed_change

if TYPE_CHECKING:
    from peerimpact.comparison.model import CompareRun
    from peerimpact.results import Outcome

__all__ = ["ROLE_SECTIONS", "compare_term", "outcome_row"]


def _aligned(o: Outcome) -> tuple[float | None, tuple[float | None, float | None] | None]:
    """g_av and its CI turned so that positive is better (a sign flip for lower-is-better measures)."""
    es = o.effect_size
    return better_direction(es.g_av, es.g_av_ci95, o.direction) if es.g_av is not None else (None, None)


def primary_change(o: Outcome) -> tuple[float | None, tuple[float | None, float | None] | None, str]:
    """The change shown beside the verdict: the primary test's own estimate (SPEC §5: the direction comes
    from it) — the Hodges–Lehmann estimate ("typical") when the Wilcoxon test is primary, else the mean."""
    w = o.tests.wilcoxon if o.tests is not None else None
    if o.primary_test == "wilcoxon" and w is not None and w.estimate is not None:
        return w.estimate, w.ci95, "typical"
    return o.change.mean, o.change.ci95, "mean"


def outcome_row(o: Outcome, threshold: int, ledger: Ledger, role: str = "pupils") -> OutcomeRow:
    """The governors' view of one overall outcome (figures hidden below the threshold); its pupils, and
    the reliable-change counts (whose total is the same pupils), go into ``ledger`` (keyed by ``role``)."""
    title = o.title or o.measure
    units = "percentage points" if o.measure == "attendance.rate" else "points"
    m = lkey(o.measure, role)
    n = ledger.count(("n", m), o.n, cost=HEADLINE)
    if o.n < threshold:
        return OutcomeRow(
            measure=o.measure,
            title=title,
            n=n,
            verdict=o.verdict,
            sentence=f"{title}: fewer than {threshold} pupils answered both questionnaires, so no results are "
            "shown (to protect their privacy, and because so few cannot show a change).",
            shown=False,
        )
    rc = o.reliable_change
    reliable = None
    if rc is not None and rc.reason is None and None not in (rc.improved, rc.no_change, rc.deteriorated):
        parts = {"better": rc.improved or 0, "within": rc.no_change or 0, "worse": rc.deteriorated or 0}
        cells = [ledger.count(("reliable", m, k), v) for k, v in parts.items()]
        total_key: Any = ("n", m) if sum(parts.values()) == o.n else ("reliable", m, "all")
        total = ledger.count(total_key, sum(parts.values()), cost=HEADLINE)
        ledger.line(total_key, [("reliable", m, k) for k in parts])
        reliable = (cells[0], cells[1], cells[2], total)
    better, better_ci = _aligned(o)
    dp = o.dp
    change, change_ci, kind = primary_change(o)
    pre_mean, post_mean = shown_value(o.pre.mean, dp), shown_value(o.post.mean, dp)
    if kind == "mean" and (shown := printed_change(pre_mean, post_mean, dp)) is not None:
        change = shown  # printed beside the averages, so it is their printed difference (SPEC §6.1)
    return OutcomeRow(  # every figure rounded as shown (SPEC §6.1): the views write these values only
        measure=o.measure,
        title=title,
        n=n,
        verdict=o.verdict,
        sentence=o.summary or "",
        shown=True,
        dp=dp,
        units=units,
        pre_mean=pre_mean,
        post_mean=post_mean,
        change=shown_value(change, dp),
        change_ci=shown_ci(change_ci, dp),
        change_kind=kind,
        g_av=shown_value(o.effect_size.g_av, 2),
        g_av_ci=shown_ci(o.effect_size.g_av_ci95, 2),
        better_g=shown_value(better, 2),
        better_g_ci=shown_ci(better_ci, 2),
        size_label=o.effect_size.label,
        mdes_points=shown_value(o.power.mdes_points, dp) if o.power is not None else None,
        reliable=reliable,
        not_tested_reason=o.not_tested_reason,
        g_against_verdict=o.g_av_against_primary,
        direction=o.direction,
    )


def shown_measures(run: CompareRun, programme: Programme) -> list[str]:
    have = [o.measure for o in run.overall]
    if programme.measures:
        return [m for m in programme.measures if m in have]
    return [m for m in have if not m.startswith(MIS_PREFIXES)]


def subgroup_rows(
    run: CompareRun, programme: Programme, measures: Sequence[str], ledger: Ledger, role: str = "pupils"
) -> Callable[[], list[SubgroupRow]]:
    """Exploratory rows per group column and outcome.  Each level's pupils go into ``ledger`` (their total
    is the outcome's pupils when every pupil has a level); the returned function makes the rows once the
    ledger is resolved: levels whose count is hidden show no figures and are folded into one row ("2 other
    groups") so that their names are not shown either."""
    comp = run.extras.get("comparison", {})
    comparison_group = f"{comp.get('column')}={comp.get('comparison_value')}" if comp else None
    skip_columns = {c.casefold() for c in (programme.role_column, comp.get("column") if comp else None) if c}
    overall = {o.measure: o.n for o in run.overall}
    pending: list[list[tuple[Outcome, Count]]] = []
    for column in programme.group_columns:
        for measure in measures:
            rows = [
                o
                for o in run.subgroups
                if o.measure == measure
                and o.group != comparison_group
                and o.group.split("=", 1)[0].casefold() == column.casefold()
                and column.casefold() not in skip_columns
                and o.n > 0
            ]
            if not rows:
                continue
            m = lkey(measure, role)
            keys = [("group", m, o.group) for o in rows]
            counts = [ledger.count(k, o.n) for k, o in zip(keys, rows, strict=True)]
            total = sum(o.n for o in rows)
            total_key: Any = ("n", m) if total == overall.get(measure) else ("group", m, column)
            if total_key != ("n", measure):
                ledger.derived(total_key, total)  # a reader may still assume the levels add up to it
            ledger.line(total_key, keys)
            pending.append(list(zip(rows, counts, strict=True)))

    def finish() -> list[SubgroupRow]:
        out: list[SubgroupRow] = []
        for pairs in pending:
            rows = [o for o, _ in pairs]
            for o, c in pairs:
                if c.value is None:
                    continue
                out.append(
                    SubgroupRow(
                        measure=o.measure,
                        title=o.title or o.measure,
                        column=o.group.split("=", 1)[0],
                        level=o.group.split("=", 1)[1],
                        n=c,
                        change=shown_value(primary_change(o)[0], o.dp),
                        change_ci=shown_ci(primary_change(o)[1], o.dp),
                        verdict=o.verdict,
                        dp=o.dp,
                    )
                )
            hidden = sum(c.value is None for _, c in pairs)
            if (
                hidden
            ):  # one line for the hidden levels: their names are not shown either (a name can identify)
                out.append(
                    SubgroupRow(
                        measure=rows[0].measure,
                        title=rows[0].title or rows[0].measure,
                        column=rows[0].group.split("=", 1)[0],
                        level=f"{hidden} other group{'s' if hidden > 1 else ''}",
                        n=Count(None, "primary"),
                        change=None,
                        change_ci=None,
                        verdict="not_tested",
                        dp=rows[0].dp,
                        folded=True,
                    )
                )
        return out

    return finish


def mis_rows(
    run: CompareRun, threshold: int, ledger: Ledger, role: str = "pupils"
) -> Callable[[], tuple[list[MisRow], list[str]]]:
    """Attendance and behaviour: their pupils, and the persistent-absence table (before × after), go into
    ``ledger``; the returned function makes the rows and sentences once it is resolved.  The shares
    persistently absent before and after are that table's totals, shown only where those survive."""
    pa: dict[str, Count] = {}
    ns: dict[str, Count] = {}
    for o in run.overall:
        if not o.measure.startswith(MIS_PREFIXES) or o.n < threshold:
            continue
        ns[o.measure] = ledger.count(("n", lkey(o.measure, role)), o.n, cost=HEADLINE)
        if o.measure == "attendance.persistent_absence" and o.mcnemar is not None:
            m = o.mcnemar
            a = "absence" if role == "pupils" else f"absence@{role}"
            for name, v in (("left", m.left), ("became", m.became)):
                pa[name] = ledger.count((a, name), v)
            pa["before"] = ledger.count((a, "before"), m.stayed + m.left)
            pa["after"] = ledger.count((a, "after"), m.stayed + m.became)
            for name, v in (("stayed", m.stayed), ("never", m.never)):
                ledger.derived((a, name), v)
            ledger.line((a, "before"), [(a, "stayed"), (a, "left")])
            ledger.line((a, "after"), [(a, "stayed"), (a, "became")])
            ledger.line(("n", lkey(o.measure, role)), [(a, "before"), (a, "became"), (a, "never")])

    def finish() -> tuple[list[MisRow], list[str]]:
        rows: list[MisRow] = []
        sentences: list[str] = []
        for o in run.overall:
            if not o.measure.startswith(MIS_PREFIXES):
                continue
            if o.n < threshold:
                sentences.append(f"{o.title}: fewer than {threshold} pupils, so no figures are shown.")
                continue
            n = ns[o.measure]
            if o.measure == "attendance.rate":
                rows.append(
                    MisRow(
                        o.title or o.measure,
                        "%",
                        shown_value(o.pre.mean, 1),
                        shown_value(o.post.mean, 1),
                        o.verdict,
                        n,
                    )
                )
                sentences.append(o.summary or "")
            elif o.measure == "attendance.persistent_absence" and o.mcnemar is not None:
                hide = (pa["before"].value is None, pa["after"].value is None)
                pre = None if o.pre.mean is None or hide[0] else shown_value(100 * o.pre.mean, 0)
                post = None if o.post.mean is None or hide[1] else shown_value(100 * o.post.mean, 0)
                rows.append(
                    MisRow("Persistently absent", "% of pupils", pre, post, o.verdict, n, dp=0, hidden=hide)
                )
                of = f"of {n.value} pupils " if n.value is not None else ""
                shares = (
                    f"{fmt_opt(pre, 0)}% {of}before and {fmt_opt(post, 0)}% after"
                    if not any(hide)
                    else f"how many {of.replace('of ', 'of the ')}were persistently absent before and after is "
                    f"not shown (it would give away a number below {threshold})"
                )
                left, became = pa["left"], pa["became"]
                text = (
                    f"Persistent absence (missing 1 in 10 sessions or more): {shares}. "
                    f"{left.prose(threshold).capitalize()} pupils stopped being persistently absent and "
                    f"{became.prose(threshold)} became persistently absent"
                )
                text += (
                    "; a clear change." if o.verdict in ("improved", "worsened") else "; not a clear change."
                )
                if any(c.value is None for c in pa.values()):
                    text += (
                        f" Numbers below {threshold} are not shown, nor any figure that would reveal them."
                    )
                sentences.append(text)
            elif o.measure == "behaviour.referrals" and o.poisson_rate is not None:
                r = o.poisson_rate
                rdp = rate_dp(r.rate_pre, r.rate_post)  # the sentence's decimals: the table agrees with it
                rows.append(
                    MisRow(
                        "Behaviour referrals",
                        "per 100 pupil school days" if r.exposure_unit == "weekdays" else "per 100 sessions",
                        shown_value(100 * r.rate_pre, rdp),
                        shown_value(100 * r.rate_post, rdp),
                        o.verdict,
                        n,
                        dp=rdp,
                    )
                )
                sentences.append(o.summary or "")
            elif o.measure == "behaviour.referrals":
                sentences.append(
                    "Behaviour referrals: no rate can be given without attendance figures for both terms."
                )
            elif o.summary:
                sentences.append(o.summary)
        return rows, sentences

    return finish
