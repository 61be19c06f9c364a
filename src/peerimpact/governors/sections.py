"""One role's part of the governors' report (SPEC §6.1): a :class:`~peerimpact.governors.model.RoleSection`
from the CompareRun of that role's pupils (:func:`~peerimpact.governors.term_compare.compare_term`).

The strongest design leads: with comparison pupils, each outcome's headline is the ANCOVA difference
between the role's pupils and the comparison pupils, adjusted for where each started (WWC 2022, the
comparison-design rows of the CompareRun), with Hedges' g, its likely range and the pupils in each arm; the
role's own before/after change follows.  One attrition figure per arm (WWC: pupils in the first survey, and of
them those analysed).  Every count goes into the report's one :class:`~peerimpact.governors.plan.Ledger`,
keyed by role (:func:`~peerimpact.governors.model.lkey`); comparison pupils are the same pupils in every
role's section, so their counts are one count."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from peerimpact.governors.model import (
    ArmAttrition,
    ComparisonRow,
    Count,
    RoleSection,
    better_direction,
    lkey,
    pct,
    shown_ci,
    shown_value,
)
from peerimpact.governors.outcomes import mis_rows, outcome_row, shown_measures, subgroup_rows
from peerimpact.governors.plan import HEADLINE, Ledger
from peerimpact.governors.programme import Programme

if TYPE_CHECKING:
    from peerimpact.comparison.model import CompareRun
    from peerimpact.results import Outcome

__all__ = ["LABELS", "role_section", "tie_attrition"]

LABELS = {"mentees": "Mentees", "mentors": "Mentors", "pupils": "Programme pupils"}


def _comparison_row(
    o: Outcome, threshold: int, ledger: Ledger, role: str, n_own: int | None
) -> ComparisonRow:
    from peerimpact.statistics.effect_sizes import size_label

    a = o.ancova
    assert a is not None
    title = o.title or o.measure
    m = lkey(o.measure, role)
    key_p: Any = ("n", m) if n_own == a.n_treatment else ("arm", m, "programme")
    n_p = ledger.count(key_p, a.n_treatment, cost=HEADLINE)
    n_c = ledger.count(("arm", o.measure, "comparison"), a.n_comparison, cost=HEADLINE)
    shown = min(a.n_treatment, a.n_comparison) >= threshold and a.adjusted_difference is not None
    if not shown:
        return ComparisonRow(
            measure=o.measure,
            title=title,
            n_programme=n_p,
            n_comparison=n_c,
            verdict=o.verdict,
            sentence=f"{title}: fewer than {threshold} pupils in one of the two groups, so the comparison is not "
            "shown.",
            shown=False,
            direction=o.direction,
        )
    dp = o.dp
    g = shown_value(a.hedges_g, 2)
    g_ci = shown_ci(a.hedges_g_ci95, 2)
    better, better_ci = better_direction(g, g_ci, o.direction)
    return ComparisonRow(
        measure=o.measure,
        title=title,
        n_programme=n_p,
        n_comparison=n_c,
        verdict=o.verdict,
        # the comparison layer says "programme pupils": here they are one role's
        sentence=(o.summary or "").replace(
            "programme pupils", role if role != "pupils" else "programme pupils"
        ),
        shown=True,
        dp=dp,
        difference=shown_value(a.adjusted_difference, dp),
        difference_ci=shown_ci(a.ci95, dp),
        g=g,
        g_ci=g_ci,
        better_g=better,
        better_g_ci=better_ci,
        size_label=size_label(g),
        direction=o.direction,
        similar_at_start=o.baseline_equivalence is not None
        and o.baseline_equivalence.classification == "satisfied",
    )


def _arm_attrition(run: CompareRun, ledger: Ledger, role: str, label: str) -> list[tuple[str, Count, Count]]:
    """WWC attrition per arm (first survey's pupils, and of them those analysed) into ``ledger``."""
    w = run.extras.get("wwc_attrition") or {}
    out = []
    arms = [("programme", label.casefold())]
    if w:
        arms.append(("comparison", "comparison pupils"))
    for arm, name in arms:
        if w:
            first_n, both_n = (
                w.get(f"assigned_{'treatment' if arm == 'programme' else arm}"),
                w.get(f"analysed_{'treatment' if arm == 'programme' else arm}"),
            )
        else:
            m = run.matching
            first_n = int(m.get("matched", 0)) + int(m.get("pre_only", 0)) if m else None
            both_n = int(m.get("matched", 0)) if m else None
        if first_n is None or both_n is None or not first_n:
            continue
        who = role if arm == "programme" else "comparison"
        keys = [("attr", who, "first"), ("attr", who, "both"), ("attr", who, "lost")]
        first = ledger.count(keys[0], int(first_n))
        both = ledger.count(keys[1], int(both_n))
        ledger.derived(keys[2], int(first_n) - int(both_n))
        ledger.line(keys[0], keys[1:])
        if arm == "programme":  # a reader takes equal counts for the same pupils
            for o in run.overall:
                if ledger.values.get(("n", lkey(o.measure, role))) == int(both_n):
                    ledger.same(keys[1], ("n", lkey(o.measure, role)))
        out.append((name, first, both))
    return out


def tie_attrition(ledger: Ledger, roles: list[str], base_key: str) -> None:
    """Tie each arm's first-survey pupils to the other counts of the same pupils a reader sees (the trend's
    pupils at the first survey, the caveat's "answered a first questionnaire"), just before the plan is
    resolved: equal counts of the same role are the same pupils, and the arms add up to the whole."""
    values = dict(ledger.values)
    for role in roles:
        own = ("attr", role, "first")
        if own not in values:
            continue
        comp = ("attr", "comparison", "first")
        for key, v in values.items():
            if not isinstance(key, tuple) or len(key) != 3 or key[2] != base_key:
                continue
            mine = key[0] == "responded" and str(key[1]).endswith(f"@{role}" if role != "pupils" else "")
            if key[0] == "responded" and role == "pupils" and "@" in str(key[1]):
                mine = False
            if mine and v == values[own]:
                ledger.same(own, key)
            whole = key[0] == "first" or (key[0] == "responded" and "@" not in str(key[1]))
            if whole and comp in values and v == values[own] + values[comp]:
                ledger.line(key, [own, comp])
            elif key[0] == "first" and comp not in values and v == values[own]:
                ledger.same(own, key)


def role_section(
    programme: Programme, role: str, run: CompareRun, ledger: Ledger, available: set[str] | None = None
) -> Callable[[], RoleSection]:
    """Register one role's counts in ``ledger`` and return the function that makes its section once the
    ledger is resolved."""
    threshold = programme.threshold
    label = LABELS.get(role, role.capitalize())
    measures = shown_measures(run, programme)
    rows = {o.measure: outcome_row(o, threshold, ledger, role) for o in run.overall}
    own = {o.measure: o.n for o in run.overall}
    comparison = [
        _comparison_row(o, threshold, ledger, role, own.get(o.measure))
        for o in run.comparison
        if o.measure in measures and o.ancova is not None
    ]
    finish_mis = mis_rows(run, threshold, ledger, role)
    finish_groups = subgroup_rows(run, programme, measures, ledger, role)
    attrition = (
        _arm_attrition(run, ledger, role, label)
        if role != "pupils" or run.design == "comparison_group"
        else []  # one arm without roles: the caveat's attrition sentence says it
    )
    primary = programme.primary if programme.primary in measures else None
    # a measure no role has this term (a measure only mentors answer is not missing for mentees)
    missing = [m for m in programme.measures if m not in measures and m not in (available or set())]

    def finish() -> RoleSection:
        from dataclasses import replace

        section = RoleSection(role=role, label=label, design=run.design)
        section.outcomes = [_hidden_n(rows[m]) for m in measures]
        section.attendance = rows.get("attendance.rate")
        section.headline_measure = primary or next(iter(measures), None)
        section.comparison = comparison
        section.mis, section.mis_sentences = finish_mis()
        section.subgroups = [replace(g) for g in finish_groups()]
        section.attrition = [
            ArmAttrition(
                arm=name,
                first=first,
                both=both,
                lost_pct=None
                if first.value is None or both.value is None
                else pct(first.value - both.value, first.value),
            )
            for name, first, both in attrition
        ]
        if missing:
            section.outcome_note = f"Not in this term's data: {', '.join(missing)}."
        return section

    return finish


def _hidden_n(row: Any) -> Any:
    """An outcome whose number of pupils the plan hides keeps its figures but not its sentence (which
    names the number)."""
    from dataclasses import replace

    if not row.shown or row.n.value is not None:
        return row
    return replace(
        row,
        sentence=f"{row.title}: {row.clear_text} (the number of pupils is not shown: with the other figures "
        "it would reveal a smaller number).",
    )
