"""Pre/post comparison of two scored waves (SPEC §5): outcomes, subgroups, comparison group, attrition.

:func:`compare_runs` takes two :class:`~peerimpact.score_run.ScoreRun` objects and returns a
:class:`~peerimpact.compare_results.CompareRun`.  Statistics come from :mod:`peerimpact.statistics`
(arrays in, results out); sentences from :mod:`peerimpact.wording`.  Multiplicity follows SPEC §5: the
``primary`` measure is unadjusted, Holm across the run's other overall outcomes, Benjamini–Hochberg across
the whole subgroup × outcome grid (exploratory), Holm across the ANCOVA rows.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from peerimpact.compare_results import AttritionRow, CompareRun, InputFile, PupilChange
from peerimpact.instruments.model import Instrument, Scale
from peerimpact.issues import Issue, PeerimpactError, make_issue
from peerimpact.matching import Matching, match_waves
from peerimpact.results import Change, EffectSizes, Outcome, Reliability, ReliableChange
from peerimpact.score_run import ScoreRun
from peerimpact.scoring import reverse_keyed
from peerimpact.statistics.effect_sizes import improvement, paired_effect_sizes, size_label
from peerimpact.statistics.groups import ancova, attrition, baseline_equivalence, regression_to_mean
from peerimpact.statistics.multiplicity import adjust
from peerimpact.statistics.paired import paired_descriptives, paired_tests
from peerimpact.statistics.power import mdes_paired
from peerimpact.statistics.reliability import clinical_change, cronbach_alpha, reliable_change
from peerimpact.wording import (
    COMPARISON_NOTE,
    MIN_PAIRS_TO_TEST,
    SINGLE_GROUP_NOTE,
    ancova_sentences,
    detail_sentence,
    plain_sentence,
    verdict,
)

__all__ = ["compare_runs"]

_COMPARISON_WORDS = re.compile(r"comparison|control|wait|not in|non[- ]?participant|no programme", re.I)
_CATEGORY_WORDS = {
    "improved": "reliably improved",
    "no_change": "no reliable change",
    "deteriorated": "reliably deteriorated",
}


# ----------------------------------------------------------------------------------------------- helpers
def _scale_items(ins: Instrument, scale: Scale) -> list[int]:
    """The items behind a scale (through composite and lookup scales)."""
    if scale.items:
        return list(scale.items)
    names = list(scale.scales) or ([scale.from_scale] if scale.from_scale else [])
    out: list[int] = []
    for n in names:
        out += [i for i in _scale_items(ins, ins.scale(n)) if i not in out]
    return out


def _alpha(run: ScoreRun, ins: Instrument, scale: Scale) -> Any:
    """Cronbach's alpha of the scale's items on every complete, kept response of one wave."""
    answers = run.answers.get(ins.name)
    if answers is None:
        return None
    items = [i - 1 for i in _scale_items(ins, scale)]
    if len(items) < 2:
        return None
    keyed = reverse_keyed(ins, answers.codes)[:, items]
    keep = run.active & ~np.isnan(keyed).any(axis=1)
    return cronbach_alpha(keyed[keep])


def _dp(scale: Scale) -> int:
    return 2 if scale.method == "mean" or scale.lookup else 1


def _scale_range(scale: Scale) -> str | None:
    if not scale.range:
        return None
    lo, hi = scale.range
    return f"{lo:g}–{hi:g}"


def _group_values(pre: ScoreRun, post: ScoreRun, m: Matching, column: str) -> list[str | None]:
    """The matched pupils' level of ``column``, from the pre file (the post file where the pre has none)."""

    def cells(run: ScoreRun, positions: np.ndarray) -> list[Any]:
        if column in run.source.columns:
            col = run.source.column(column)
            return [col[p] for p in positions.tolist()]
        return [None] * len(positions)

    a, b = cells(pre, m.pre_pos), cells(post, m.post_pos)
    out: list[str | None] = []
    for x, y in zip(a, b, strict=True):
        v = x if x is not None else y
        out.append(
            None if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
        )
    return out


def _natural(text: str) -> list[object]:
    """Sort key with numbers compared as numbers: Year 7 < Year 10."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def _find_column(pre: ScoreRun, post: ScoreRun, column: str) -> str:
    for run in (pre, post):
        for c in run.source.columns:
            if c == column or c.casefold() == column.strip().casefold():
                return c
    raise PeerimpactError(
        make_issue(
            "group_column_not_found",
            f"{column!r} is in neither file; the pre file's columns are {', '.join(pre.source.columns[:25])}",
            file=pre.source.file,
            column=column,
        )
    )


# ----------------------------------------------------------------------------------------------- outcomes
def _outcome(
    pre: np.ndarray,
    post: np.ndarray,
    *,
    measure: str,
    group: str,
    scale: Scale,
    alpha: float,
    reliability: Reliability | None,
    rc_basis: tuple[float | None, float | None, str] | None,
) -> tuple[Outcome, ReliableChange | None]:
    """One paired outcome (p_adjusted and verdict filled in later, after multiplicity)."""
    keep = ~np.isnan(pre) & ~np.isnan(post)
    x, y = pre[keep], post[keep]
    n = int(keep.sum())
    direction = scale.direction
    desc = paired_descriptives(x, y)
    es = paired_effect_sizes(x, y)
    tests = paired_tests(x, y) if n >= MIN_PAIRS_TO_TEST else None
    power = mdes_paired(n, alpha=alpha, sd_change=desc.change.sd) if n >= MIN_PAIRS_TO_TEST else None
    rc = None
    clinical = None
    if rc_basis is not None and n >= 2:
        sd, rxx, basis = rc_basis
        if rxx is not None and 0 < rxx < 1:
            rc = reliable_change(x, y, direction=direction, reliability=rxx, basis=basis, sd=sd)
            if scale.clinical is not None and rc.reason is None:
                clinical = clinical_change(
                    x,
                    y,
                    direction=direction,
                    cutoff=scale.clinical.value,
                    clinical_includes_cutoff=scale.clinical.op in ("<=", ">="),
                    reliable=rc,
                )
    out = Outcome(
        measure=measure,
        group=group,
        direction=direction,
        n=n,
        pre=desc.pre,
        post=desc.post,
        change=desc.change,
        effect_size=es,
        verdict="not_tested",
        tests=tests,
        primary_test=tests.primary_test if tests else None,
        p_value=tests.p_value if tests else None,
        r=desc.r,
        reliable_change=rc,
        reliability=reliability,
        power=power,
        clinical_change=clinical,
        title=scale.title,
        dp=_dp(scale),
    )
    return out, rc


def _finish(
    outcomes: list[Outcome], method: str | None, alpha: float, scales: dict[str, Scale]
) -> list[Outcome]:
    """Adjust p (method None = unadjusted), set verdict, size word and sentences."""
    adjusted = (
        adjust([o.p_value for o in outcomes], method=method) if method else [o.p_value for o in outcomes]
    )
    done = []
    for o, p_adj in zip(outcomes, adjusted, strict=True):
        scale = scales[o.measure]
        better = improvement(o.change.mean, o.direction)
        v = verdict(p_adj, alpha, better, o.n)
        es = o.effect_size
        if v in ("improved", "worsened"):
            es = dataclasses.replace(es, label=size_label(es.g_av))
        o = dataclasses.replace(o, p_adjusted=p_adj, adjustment=method or "none", verdict=v, effect_size=es)
        title = scale.title if o.group in ("all", "comparison") else f"{scale.title} ({o.group})"
        if o.group == "comparison":
            detail, plain = ancova_sentences(o, title=title, alpha=alpha, dp=_dp(scale))
        else:
            detail = detail_sentence(o, title=title, alpha=alpha, dp=_dp(scale))
            plain = plain_sentence(o, title=title, scale_range=_scale_range(scale), dp=_dp(scale))
        o = dataclasses.replace(o, detail=detail, summary=plain)
        done.append(o)
    return done


def _ancova_outcome(
    measure: str, scale: Scale, pre: np.ndarray, post: np.ndarray, is_prog: np.ndarray, alpha: float
) -> tuple[Outcome | None, dict[str, Any]]:
    keep = ~np.isnan(pre) & ~np.isnan(post)
    x, y, g = pre[keep], post[keep], is_prog[keep].astype(float)
    extras: dict[str, Any] = {"baseline_equivalence": baseline_equivalence(x[g == 1], x[g == 0]).to_dict()}
    if (g == 1).sum() < MIN_PAIRS_TO_TEST or (g == 0).sum() < MIN_PAIRS_TO_TEST:
        return None, extras
    model = ancova(x, y, g)
    desc = paired_descriptives(x[g == 1], y[g == 1])
    es_none = EffectSizes(
        n=int(keep.sum()),
        d_z=None,
        d_z_ci95=None,
        hedges_g_z=None,
        hedges_g_z_ci95=None,
        d_av=None,
        d_av_ci95=None,
        g_av=None,
        g_av_ci95=None,
        hedges_j=None,
        df=None,
        reason="see_ancova",
    )
    o = Outcome(
        measure=measure,
        group="comparison",
        direction=scale.direction,
        n=int(keep.sum()),
        pre=desc.pre,
        post=desc.post,
        change=Change(n=desc.change.n, mean=model.adjusted_difference, sd=None, ci95=model.ci95),
        effect_size=es_none,
        verdict="not_tested",
        ancova=model,
        primary_test="ancova",
        p_value=model.p_value,
        title=scale.title,
        dp=_dp(scale),
    )
    return o, extras


# ----------------------------------------------------------------------------------------------- the run
def compare_runs(
    pre: ScoreRun,
    post: ScoreRun,
    *,
    alpha: float = 0.05,
    primary: str | None = None,
    group_columns: Sequence[str] = (),
    comparison_column: str | None = None,
    selected_low: bool = False,
    inputs: Sequence[InputFile] = (),
) -> CompareRun:
    """Compare two scored waves of the same pupils; see the module docstring."""
    if not 0 < alpha < 1:
        raise ValueError("alpha must be between 0 and 1")
    for run, role in ((pre, "pre"), (post, "post")):
        if run.id_column is None:
            raise PeerimpactError(
                make_issue(
                    "no_id_column",
                    f"the {role} file has no pupil id, so its pupils cannot be matched; name it with --id-column",
                    file=run.source.file,
                    sheet=run.source.sheet,
                )
            )
    m = match_waves(pre, post)
    if m.matched == 0:
        kinds = {pre.id_column.kind, post.id_column.kind}  # type: ignore[union-attr]
        hint = (
            " The two files use different kinds of id (" + " and ".join(sorted(kinds)) + ")."
            if len(kinds) > 1
            else ""
        )
        raise PeerimpactError(
            make_issue(
                "no_pupils_matched",
                f"no pupil id in {pre.source.file} ({pre.id_column.column}) is also in {post.source.file} "  # type: ignore[union-attr]
                f"({post.id_column.column}).{hint} Check both files identify pupils the same way, or name the "  # type: ignore[union-attr]
                "columns with --id-column",
                file=post.source.file,
            )
        )
    common = [ms for ms in pre.measures if ms in post.measures]
    if not common:
        a = ", ".join(u.instrument.name for u in pre.uses)
        b = ", ".join(u.instrument.name for u in post.uses)
        raise PeerimpactError(
            make_issue(
                "different_instruments",
                f"the pre file has {a}, the post file has {b}: nothing to compare",
                file=post.source.file,
            )
        )
    if primary is not None and primary not in common:
        raise PeerimpactError(
            make_issue(
                "unknown_measure", f"--primary {primary!r} is not one of {', '.join(common)}", value=primary
            )
        )
    instruments = {u.instrument.name: u.instrument for u in pre.uses}
    scales = {ms: instruments[ms.split(".", 1)[0]].scale(ms.split(".", 1)[1]) for ms in common}
    issues: list[Issue] = []
    caveats: list[str] = []
    extras: dict[str, Any] = {}

    # programme vs comparison pupils
    is_prog = np.ones(m.matched, dtype=bool)
    comp_col = None
    if comparison_column:
        comp_col = _find_column(pre, post, comparison_column)
        levels = _group_values(pre, post, m, comp_col)
        distinct = sorted({v for v in levels if v is not None})
        comp_levels = [v for v in distinct if _COMPARISON_WORDS.search(v)]
        if len(distinct) != 2 or len(comp_levels) != 1:
            raise PeerimpactError(
                make_issue(
                    "comparison_levels",
                    f"{comp_col!r} holds {', '.join(repr(v) for v in distinct) or 'nothing'}; it needs exactly two "
                    "values, one of them naming the comparison group (e.g. 'Participant' and 'Comparison')",
                    file=pre.source.file,
                    column=comp_col,
                )
            )
        is_prog = np.array([v is not None and v != comp_levels[0] for v in levels])
        extras["comparison"] = {
            "column": comp_col,
            "comparison_value": comp_levels[0],
            "programme_values": [v for v in distinct if v != comp_levels[0]],
        }
    design = "comparison_group" if comparison_column else "single_group"
    caveats.append(COMPARISON_NOTE if comparison_column else SINGLE_GROUP_NOTE)

    alphas: dict[str, Reliability] = {}
    overall: list[Outcome] = []
    pupils: list[PupilChange] = []
    pre_vals: dict[str, np.ndarray] = {}
    post_vals: dict[str, np.ndarray] = {}
    rc_bases: dict[str, tuple[float | None, float | None, str] | None] = {}
    for ms in common:
        scale = scales[ms]
        ins = instruments[ms.split(".", 1)[0]]
        a_pre, a_post = _alpha(pre, ins, scale), _alpha(post, ins, scale)
        rel = Reliability(pre=a_pre, post=a_post) if (a_pre or a_post) else None
        alphas[ms] = rel  # type: ignore[assignment]
        x = pre.scales[ms].values[m.pre_pos]
        y = post.scales[ms].values[m.post_pos]
        pre_vals[ms], post_vals[ms] = x, y
        if scale.norms and scale.norms.sd and scale.norms.reliability:
            basis: tuple[float | None, float | None, str] | None = (
                scale.norms.sd,
                scale.norms.reliability,
                "published",
            )
        elif a_pre is not None and a_pre.alpha is not None:
            basis = (None, a_pre.alpha, "sample")
        else:
            basis = None
        rc_bases[ms] = basis
        o, rc = _outcome(
            x[is_prog],
            y[is_prog],
            measure=ms,
            group="all",
            scale=scale,
            alpha=alpha,
            reliability=rel,
            rc_basis=basis,
        )
        norms = scale.norms
        if (
            selected_low
            and norms
            and norms.mean is not None
            and norms.test_retest is not None
            and o.pre.mean is not None
        ):
            rtm = regression_to_mean(
                population_mean=norms.mean, baseline_mean=o.pre.mean, test_retest_r=norms.test_retest
            )
            o = dataclasses.replace(o, regression_to_mean=rtm)
        overall.append(o)
        # pupil rows (programme pupils first, then comparison)
        keep = ~np.isnan(x) & ~np.isnan(y)
        prog_keep = keep & is_prog
        cats = list(rc.categories) if rc is not None and rc.reason is None else []
        s_diff = rc.s_diff if rc is not None else None
        ci = 0
        ids = m.ids
        for i in np.flatnonzero(keep).tolist():
            change = float(y[i] - x[i])
            cat = None
            if prog_keep[i] and cats:
                cat = _CATEGORY_WORDS.get(cats[ci], cats[ci])
            if prog_keep[i]:
                ci += 1
            pupils.append(
                PupilChange(
                    id=ids[i],
                    measure=ms,
                    pre=float(x[i]),
                    post=float(y[i]),
                    change=change,
                    rci=change / s_diff if s_diff else None,
                    category=cat,
                    group=None if not comparison_column else ("programme" if is_prog[i] else "comparison"),
                )
            )

    # multiplicity: primary unadjusted, Holm across the rest
    final: list[Outcome] = []
    rest = [o for o in overall if o.measure != primary]
    if primary is not None:
        final += _finish([o for o in overall if o.measure == primary], None, alpha, scales)
    final += _finish(rest, "holm", alpha, scales)
    final.sort(key=lambda o: common.index(o.measure))

    # subgroups: BH over the whole grid
    grid: list[Outcome] = []
    for col in group_columns:
        real = _find_column(pre, post, col)
        levels = _group_values(pre, post, m, real)
        for level in sorted({v for v in levels if v is not None}, key=_natural):
            mask = np.array([v == level for v in levels]) & is_prog
            for ms in common:
                o, _ = _outcome(
                    pre_vals[ms][mask],
                    post_vals[ms][mask],
                    measure=ms,
                    group=f"{real}={level}",
                    scale=scales[ms],
                    alpha=alpha,
                    reliability=None,
                    rc_basis=rc_bases[ms],
                )
                grid.append(o)
    if comparison_column:
        for ms in common:
            o, _ = _outcome(
                pre_vals[ms][~is_prog],
                post_vals[ms][~is_prog],
                measure=ms,
                group=f"{comp_col}={extras['comparison']['comparison_value']}",
                scale=scales[ms],
                alpha=alpha,
                reliability=None,
                rc_basis=rc_bases[ms],
            )
            grid.append(o)
    final += _finish(grid, "fdr_bh", alpha, scales) if grid else []

    # comparison group: ANCOVA per measure, Holm across them
    if comparison_column:
        rows = []
        extras["baseline_equivalence"] = {}
        for ms in common:
            row, ex = _ancova_outcome(ms, scales[ms], pre_vals[ms], post_vals[ms], is_prog, alpha)
            extras["baseline_equivalence"][ms] = ex["baseline_equivalence"]
            if row is not None:
                rows.append(row)
        final += _finish(rows, "holm", alpha, scales) if rows else []
        extras["wwc_attrition"] = _wwc_attrition(
            pre, post, m, comp_col or "", extras["comparison"]["comparison_value"], common
        )

    # attrition: completers vs non-completers on each measure's baseline
    att = []
    b_ids = set(m.ids)
    for ms in common:
        values = pre.scales[ms].values
        scored = [(pid, values[p]) for pid, p in _kept(pre).items() if values[p] == values[p]]
        comp = [v for pid, v in scored if pid in b_ids]
        non = [v for pid, v in scored if pid not in b_ids]
        allv = np.array([v for _, v in scored])
        att.append(
            AttritionRow(
                measure=ms,
                completers=len(comp),
                non_completers=len(non),
                baseline_mean_completers=float(np.mean(comp)) if comp else None,
                baseline_mean_non_completers=float(np.mean(non)) if non else None,
                baseline_sd=float(allv.std(ddof=1)) if allv.size > 1 else None,
            )
        )
    n_pre = len(_kept(pre))
    if n_pre:
        lost = len(m.pre_only)
        caveats.append(
            f"Attrition: {lost} of {n_pre} pupils who answered the first survey ({100 * lost / n_pre:.0f}%) did not "
            f"answer the second; {len(m.post_only)} answered only the second. Pupils who drop out can differ "
            "from those who stay (see the Attrition sheet)."
        )
    small = [o.measure for o in final if o.group == "all" and o.n < 30]
    if small:
        caveats.append(
            f"Small samples ({', '.join(small)}): with fewer than about 30 pupils only large changes can be "
            "detected, and a non-significant result is not evidence of no change."
        )
    if selected_low:
        caveats.append(
            "Pupils were selected for low scores: part of any rise is expected from regression to the mean "
            "alone (shown beside each change where the instrument publishes a population mean and test–retest r)."
        )
    return CompareRun(
        alpha=alpha,
        design=design,
        design_note=caveats[0],
        inputs=list(inputs),
        matching=m.to_dict(),
        outcomes=final,
        attrition=att,
        pupils=pupils,
        caveats=caveats,
        issues=issues + pre.issues + post.issues,
        primary=primary,
        extras=extras,
    )


def _kept(run: ScoreRun) -> dict[str, int]:
    from peerimpact.matching import wave_positions

    return wave_positions(run)


def _wwc_attrition(
    pre: ScoreRun, post: ScoreRun, m: Matching, column: str, comp_value: str, measures: Sequence[str]
) -> dict[str, Any]:
    """WWC overall and differential attrition: assigned = pupils in the pre file by group, analysed = those
    with every compared measure at both waves."""
    kept = _kept(pre)
    col = pre.source.column(column) if column in pre.source.columns else None
    if col is None:
        return {}
    assigned = {True: 0, False: 0}
    for _pid, p in kept.items():
        v = col[p]
        if v is None:
            continue
        assigned[str(v) != comp_value] += 1
    levels = _group_values(pre, post, m, column)
    analysed = {True: 0, False: 0}
    for i, v in enumerate(levels):
        if v is None:
            continue
        ok = all(
            pre.scales[ms].values[m.pre_pos[i]] == pre.scales[ms].values[m.pre_pos[i]]
            and post.scales[ms].values[m.post_pos[i]] == post.scales[ms].values[m.post_pos[i]]
            for ms in measures
        )
        if ok:
            analysed[v != comp_value] += 1
    if not assigned[True] or not assigned[False]:
        return {}
    return attrition(
        assigned_treatment=assigned[True],
        analysed_treatment=analysed[True],
        assigned_comparison=assigned[False],
        analysed_comparison=analysed[False],
    ).to_dict()
