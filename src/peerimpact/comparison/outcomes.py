"""One outcome row from one measure's matched values: paired scores, yes/no statuses, counts, ANCOVA.

Each builder takes arrays (pre, post in that order) plus what it needs to know about the measure, calls
:mod:`peerimpact.statistics`, and returns an :class:`~peerimpact.results.Outcome` whose ``verdict``,
``p_adjusted`` and sentences are filled in by :func:`finish` once the multiplicity family is known.

- scores (scales, attendance %): descriptives, paired t and Wilcoxon with Shapiro–Wilk choosing the
  primary test, d_z/d_av/g_av, MDES, reliable and clinically significant change where a reliability exists;
- yes/no statuses (persistent absence): exact McNemar test on the discordant pupils (SPEC §6), the
  proportions before and after, and the transition counts;
- counts (behaviour referrals): the exact conditional test of two Poisson rates and the rate ratio with its
  CI as the primary result, with the Wilcoxon test on per-pupil counts beside it (SPEC §6).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np

from peerimpact.results import (
    Change,
    EffectSizes,
    Outcome,
    Reliability,
    ReliableChange,
    Summary,
)
from peerimpact.statistics.counts import mcnemar_exact, poisson_rate_ratio
from peerimpact.statistics.effect_sizes import improvement, paired_effect_sizes, size_label
from peerimpact.statistics.groups import ancova, baseline_equivalence, pretest_r_squared
from peerimpact.statistics.multiplicity import adjust
from peerimpact.statistics.paired import describe, paired_descriptives, paired_tests
from peerimpact.statistics.power import mdes_ancova, mdes_paired
from peerimpact.statistics.reliability import clinical_change, reliable_change
from peerimpact.wording.designs import ancova_sentences, count_sentences, status_sentences
from peerimpact.wording.numbers import round_half_up
from peerimpact.wording.verdicts import (
    MIN_PAIRS_TO_TEST,
    detail_sentence,
    not_tested_reason,
    plain_sentence,
    verdict,
)

__all__ = [
    "MeasureInfo",
    "ancova_outcome",
    "binary_outcome",
    "count_outcome",
    "finish",
    "score_outcome",
]


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    """What an outcome needs to know about its measure, whatever the source."""

    measure: str
    title: str
    kind: str  # "score" | "binary" | "count"
    direction: str
    dp: int = 1
    scale_range: str | None = None
    clinical: Any = None  # instruments.model.Clinical
    units: str = "points"
    state: str = ""  # for yes/no measures: the status in words, e.g. "persistently absent"
    who: str = "with both surveys"  # which pupils the n counts, for sentences


def score_outcome(
    pre: np.ndarray,
    post: np.ndarray,
    info: MeasureInfo,
    *,
    group: str,
    alpha: float,
    reliability: Reliability | None,
    rc_basis: tuple[float | None, float | None, str] | None,
) -> tuple[Outcome, ReliableChange | None]:
    """A paired outcome on a continuous measure (a scale score or an attendance %)."""
    keep = ~np.isnan(pre) & ~np.isnan(post)
    x, y = pre[keep], post[keep]
    n = int(keep.sum())
    desc = paired_descriptives(x, y)
    tests = paired_tests(x, y) if n >= MIN_PAIRS_TO_TEST else None
    power = mdes_paired(n, alpha=alpha, sd_change=desc.change.sd) if n >= MIN_PAIRS_TO_TEST else None
    rc = None
    clinical = None
    if rc_basis is not None and n >= 2:
        sd, rxx, basis = rc_basis
        if rxx is not None and 0 < rxx < 1:
            rc = reliable_change(x, y, direction=info.direction, reliability=rxx, basis=basis, sd=sd)
            if info.clinical is not None and rc.reason is None:
                clinical = clinical_change(
                    x,
                    y,
                    direction=info.direction,
                    cutoff=info.clinical.value,
                    clinical_includes_cutoff=info.clinical.includes_cutoff,
                    reliable=rc,
                )
    out = Outcome(
        measure=info.measure,
        group=group,
        direction=info.direction,
        n=n,
        pre=desc.pre,
        post=desc.post,
        change=desc.change,
        # below 5 pairs: descriptive figures only, in every view (no tests, no effect sizes; SPEC §5)
        effect_size=(
            paired_effect_sizes(x, y)
            if n >= MIN_PAIRS_TO_TEST
            else EffectSizes.empty(n, "fewer_than_5_pairs")
        ),
        verdict="not_tested",
        tests=tests,
        primary_test=tests.primary_test if tests else None,
        p_value=tests.p_value if tests else None,
        r=desc.r,
        reliable_change=rc,
        reliability=reliability,
        power=power,
        clinical_change=clinical,
        title=info.title,
        dp=info.dp,
    )
    return out, rc


def binary_outcome(pre: np.ndarray, post: np.ndarray, info: MeasureInfo, *, group: str) -> Outcome:
    """A yes/no status before and after (1.0/0.0, NaN unknown): exact McNemar, proportions, transitions."""
    keep = ~np.isnan(pre) & ~np.isnan(post)
    x, y = pre[keep], post[keep]
    n = int(keep.sum())
    test = mcnemar_exact(x == 1.0, y == 1.0) if n else None
    change = None if n == 0 else float(y.mean() - x.mean())
    return Outcome(
        measure=info.measure,
        group=group,
        direction=info.direction,
        n=n,
        pre=Summary(n=n, mean=float(x.mean()) if n else None, sd=None, median=None),
        post=Summary(n=n, mean=float(y.mean()) if n else None, sd=None, median=None),
        change=Change(n=n, mean=change, sd=None, ci95=None),
        effect_size=EffectSizes.empty(n, "yes_no_status"),
        verdict="not_tested",
        mcnemar=test,
        primary_test="mcnemar" if n >= MIN_PAIRS_TO_TEST else None,
        p_value=test.p_value if test is not None and n >= MIN_PAIRS_TO_TEST else None,
        title=info.title,
        dp=info.dp,
    )


def count_outcome(
    pre: np.ndarray,
    post: np.ndarray,
    info: MeasureInfo,
    *,
    group: str,
    exposure_pre: float,
    exposure_post: float,
    exposure_unit: str = "possible_sessions",
) -> Outcome:
    """Per-pupil event counts in two periods: Poisson rate ratio (primary) and Wilcoxon on the counts."""
    keep = ~np.isnan(pre) & ~np.isnan(post)
    x, y = pre[keep], post[keep]
    n = int(keep.sum())
    desc = paired_descriptives(x, y)
    tests = paired_tests(x, y) if n >= MIN_PAIRS_TO_TEST else None
    rates = None
    if n >= MIN_PAIRS_TO_TEST and exposure_pre > 0 and exposure_post > 0:
        rates = poisson_rate_ratio(
            count_pre=int(x.sum()),
            exposure_pre=float(exposure_pre),
            count_post=int(y.sum()),
            exposure_post=float(exposure_post),
        )
        rates = dataclasses.replace(rates, exposure_unit=exposure_unit)
    return Outcome(
        measure=info.measure,
        group=group,
        direction=info.direction,
        n=n,
        pre=desc.pre if n else describe(x),
        post=desc.post if n else describe(y),
        change=desc.change,
        effect_size=EffectSizes.empty(n, "see_rate_ratio"),
        verdict="not_tested",
        tests=tests,
        poisson_rate=rates,
        primary_test="poisson_rate" if rates is not None else None,
        p_value=rates.p_value if rates is not None else None,
        r=desc.r,
        title=info.title,
        dp=info.dp,
    )


def ancova_outcome(
    pre: np.ndarray, post: np.ndarray, is_prog: np.ndarray, info: MeasureInfo, *, alpha: float = 0.05
) -> tuple[Outcome | None, dict[str, Any]]:
    """post ~ pre + group for programme vs comparison pupils (the primary result of a comparison design),
    with WWC baseline equivalence and the minimum detectable difference between the arms (80% power, the
    ANCOVA's pre-test R²)."""
    keep = ~np.isnan(pre) & ~np.isnan(post)
    x, y, g = pre[keep], post[keep], is_prog[keep].astype(float)
    be = baseline_equivalence(x[g == 1], x[g == 0])
    extras: dict[str, Any] = {"baseline_equivalence": be.to_dict()}
    if (g == 1).sum() < MIN_PAIRS_TO_TEST or (g == 0).sum() < MIN_PAIRS_TO_TEST:
        return None, extras
    model = ancova(x, y, g)
    r2 = pretest_r_squared(x, y, g)
    power = (
        mdes_ancova(
            int((g == 1).sum()), int((g == 0).sum()), r_squared=r2, alpha=alpha, sd=model.pooled_sd_post
        )
        if r2 is not None and r2 < 1.0
        else None
    )
    desc = paired_descriptives(x[g == 1], y[g == 1])
    o = Outcome(
        measure=info.measure,
        group="comparison",
        direction=info.direction,
        n=int(keep.sum()),
        pre=desc.pre,
        post=desc.post,
        change=Change(n=desc.change.n, mean=model.adjusted_difference, sd=None, ci95=model.ci95),
        effect_size=EffectSizes.empty(int(keep.sum()), "see_ancova"),
        verdict="not_tested",
        ancova=model,
        primary_test="ancova",
        p_value=model.p_value,
        power=power,
        baseline_equivalence=be,
        title=info.title,
        dp=info.dp,
    )
    return o, extras


def finish(
    outcomes: list[Outcome], method: str | None, alpha: float, infos: dict[str, MeasureInfo]
) -> list[Outcome]:
    """Adjust p across ``outcomes`` (``method`` None: unadjusted), then set verdict, size word, sentences."""
    if not outcomes:
        return []
    raw = [o.p_value for o in outcomes]
    adjusted = adjust(raw, method=method) if method else raw
    done = []
    for o, p_adj in zip(outcomes, adjusted, strict=True):
        info = infos[o.measure]
        better = improvement(o.primary_estimate, o.direction)
        v = verdict(p_adj, alpha, better, o.n)
        es = o.effect_size
        g_better = improvement(es.g_av, o.direction)
        agrees = g_better is not None and (g_better > 0) == (v == "improved")
        if v in ("improved", "worsened") and es.g_av is not None and agrees:
            # no size word from a g_av pointing against the primary test's direction (mean vs pseudomedian)
            # the word describes g as printed (2 dp): 0.1996 prints as 0.20, so "small", never "0.20
            # (very small)" in one view beside "0.20 (small)" in another (SPEC §6.1, "Plain reading")
            es = dataclasses.replace(es, label=size_label(float(round_half_up(es.g_av, 2))))
        o = dataclasses.replace(
            o,
            p_adjusted=p_adj,
            adjustment=method or "none",
            verdict=v,
            effect_size=es,
            not_tested_reason=not_tested_reason(o, info.kind) if v == "not_tested" else None,
        )
        if o.group in ("all", "comparison"):
            title = info.title
        elif o.group == "comparison_arm":
            title = f"{info.title} (comparison pupils)"
        else:
            title = f"{info.title} ({o.group})"
        if o.group == "comparison":
            detail, plain = ancova_sentences(o, title=title, alpha=alpha, dp=info.dp)
        elif info.kind == "binary":
            detail, plain = status_sentences(o, title=title, alpha=alpha, state=info.state or title.lower())
        elif info.kind == "count":
            detail, plain = count_sentences(o, title=title, alpha=alpha)
        else:
            detail = detail_sentence(o, title=title, alpha=alpha, dp=info.dp, units=info.units, who=info.who)
            plain = plain_sentence(o, title=title, scale_range=info.scale_range, dp=info.dp, units=info.units)
        done.append(dataclasses.replace(o, detail=detail, summary=plain))
    return done
