"""The governors' report's trend across terms (:mod:`peerimpact.governors.build`): each outcome's scores at
every survey so far (three or more), the mixed model of :mod:`peerimpact.statistics.trend` fitted to them,
and a note when no trend can be shown."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from peerimpact.governors.model import TrendRow, suppressed_counts
from peerimpact.governors.outcomes import shown_measures
from peerimpact.governors.programme import Programme, Term
from peerimpact.governors.text import trend_sentence

if TYPE_CHECKING:
    from peerimpact.comparison.model import CompareRun
    from peerimpact.scoring.run import ScoreRun

__all__ = ["MIN_WAVES_FOR_TREND", "fit_trend", "term_positions", "trend_record", "trends"]

MIN_WAVES_FOR_TREND = 3


def _calendar_term(t: Term) -> int:
    """The term's place in the English school calendar, counted in terms: 3 × school year (starting in
    September) + 0 autumn / 1 spring / 2 summer, read from the month of the term's midpoint (Aug–Dec autumn,
    Jan–Mar spring, Apr–Jul summer)."""
    mid = t.start + (t.end - t.start) / 2
    if mid.month >= 8:
        return 3 * mid.year
    return 3 * (mid.year - 1) + (1 if mid.month <= 3 else 2)


def term_positions(terms: Sequence[Term]) -> tuple[list[float], str]:
    """Each survey's term position on the programme's calendar (0 = the first survey's term) and the unit
    of the slope: ``"term"``.  Autumn 2026, Spring 2027 and Autumn 2027 are 0, 1 and 3 (no summer survey),
    so the slope is per term of school time, not per survey.  When two surveys fall in the same calendar
    term (half-termly surveys) the positions are the surveys' order and the unit is ``"survey"``."""
    cal = [_calendar_term(t) for t in terms]
    if all(b > a for a, b in pairwise(cal)):
        return [float(c - cal[0]) for c in cal], "term"
    return [float(k) for k in range(len(terms))], "survey"


def trend_record(t: TrendRow) -> dict[str, object]:
    """A trend row as plain JSON data (for ``CompareRun.extras["trend"]``, the SMHL's audit trail)."""
    return {
        "measure": t.measure,
        "terms": list(t.terms),
        "positions": list(t.positions),
        "per": t.per,
        "means": list(t.means),
        "n": [c.value for c in t.counts],
        "slope": t.slope,
        "se": t.se,
        "ci95": None if t.ci is None else list(t.ci),
        "p_value": t.p_value,
        "n_pupils": t.n_pupils,
        "n_observations": t.n_observations,
        "var_pupil": t.var_pupil,
        "var_residual": t.var_residual,
        "method": "lmm_reml_random_intercept: y ~ position + (1 | pupil); GLS covariance at the REML "
        "variance estimates (as lme4); Wald z",
        "clear": t.clear,
    }


def fit_trend(
    ids: Sequence[str], wave: Sequence[float], y: Sequence[float]
) -> tuple[float, float, float, float]:
    """Linear mixed model y ~ position + (1 | pupil), REML with lme4's covariance
    (:func:`~peerimpact.statistics.trend.mixed_trend`): the slope per unit of position, its 95% CI (Wald,
    normal) and p (Wald z).  Raises ValueError when the model cannot be estimated."""
    from peerimpact.statistics.trend import mixed_trend

    fit = mixed_trend(ids, wave, y)
    return fit.slope, fit.ci_low, fit.ci_high, fit.p_value


def _trend_rows(
    programme: Programme,
    waves: Sequence[Term],
    runs: Sequence[ScoreRun],
    run: CompareRun | None,
    skipped: list[str],
) -> list[TrendRow]:
    import numpy as np

    from peerimpact.comparison.matching import wave_positions

    comp = run.extras.get("comparison") if run is not None else None
    comp_col = str(comp["column"]) if comp else None
    comp_value = str(comp["comparison_value"]).casefold() if comp else None
    shown = shown_measures(run, programme) if run is not None else list(programme.measures)
    common = [
        m for m in runs[-1].measures if all(m in r.measures for r in runs) and (not shown or m in shown)
    ]
    if not common:
        skipped.append("the surveys of the terms so far share no questionnaire score shown in this report")
    info = {o.measure: o for o in run.overall} if run is not None else {}
    positions, per = term_positions(waves)
    out = []
    for measure in common:
        ids: list[str] = []
        wave: list[float] = []
        ys: list[float] = []
        means: list[float | None] = []
        ns: list[int] = []
        for w, r in enumerate(runs):
            cells = r.source.column(comp_col) if comp_col and comp_col in r.source.columns else None
            vals = r.scales[measure].values
            got = []
            for pid, pos in wave_positions(r).items():
                if cells is not None and str(cells[pos]).strip().casefold() == comp_value:
                    continue
                if not np.isnan(vals[pos]):
                    ids.append(pid)
                    wave.append(positions[w])
                    got.append(float(vals[pos]))
            ys += got
            ns.append(len(got))
            means.append(float(np.mean(got)) if got else None)
        scale = runs[-1].scales[measure].scale
        o = info.get(measure)
        title = (o.title if o is not None else None) or scale.title
        dp = o.dp if o is not None else (2 if scale.method == "mean" or scale.lookup else 1)
        terms = tuple(t.name for t in waves)
        counts = tuple(suppressed_counts(ns, programme.threshold, total=False))
        if any(c.value is None for c in counts) or len(set(ids)) < programme.threshold:
            skipped.append(f"fewer than {programme.threshold} pupils answered {title} at one of the surveys")
            continue
        from peerimpact.statistics.trend import mixed_trend

        try:
            fit = mixed_trend(ids, wave, ys)
        except ValueError:
            skipped.append(f"the trend model for {title} could not be estimated from these data")
            continue
        slope, lo, hi, p = fit.slope, fit.ci_low, fit.ci_high, fit.p_value
        clear = p < programme.alpha
        out.append(
            TrendRow(
                measure=measure,
                title=title,
                terms=terms,
                means=tuple(means),
                counts=counts,
                slope=slope,
                ci=(lo, hi),
                p_value=p,
                n_pupils=len(set(ids)),
                n_observations=len(ys),
                clear=clear,
                sentence=trend_sentence(title, terms, slope, (lo, hi), clear, scale.direction, dp, per=per),
                direction=scale.direction,
                dp=dp,
                positions=tuple(positions),
                per=per,
                se=fit.se,
                var_pupil=fit.var_pupil,
                var_residual=fit.var_residual,
            )
        )
    return out


def trends(programme: Programme, term: Term, run: CompareRun | None) -> tuple[list[TrendRow], str]:
    """Trend rows for every survey label with three or more waves up to ``term``, and a note otherwise."""
    from peerimpact.scoring.score import score_file

    terms = programme.terms_until(term)
    rows: list[TrendRow] = []
    most = 0
    skipped: list[str] = []
    for label in term.surveys:
        waves = [t for t in terms if label in t.surveys]
        most = max(most, len(waves))
        if len(waves) >= MIN_WAVES_FOR_TREND:
            runs = [score_file(t.surveys[label], id_column=programme.id_column) for t in waves]
            rows += _trend_rows(programme, waves, runs, run, skipped)
    if most < MIN_WAVES_FOR_TREND:
        return rows, (
            f"A trend across terms is shown from the third survey onwards; so far there "
            f"{'is 1 survey' if most == 1 else f'are {most} surveys'}."
        )
    if not rows:
        why = (
            "; ".join(dict.fromkeys(skipped))
            or "the surveys of the terms so far share no questionnaire score"
        )
        return rows, f"No trend is shown: {why}."
    return rows, (
        "Trend: a mixed model fitted to every programme pupil's scores at each survey, placed on the school "
        "calendar (a straight line per term of school time, so a term without a survey still counts as a "
        "term; each pupil has their own starting level); pupils who missed a survey still count."
    )
