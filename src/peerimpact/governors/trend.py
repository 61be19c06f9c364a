"""The governors' report's trend across terms (:mod:`peerimpact.governors.build`): each outcome's scores at
every survey so far (three or more), the mixed model of :mod:`peerimpact.statistics.trend` fitted to them,
and a note when no trend can be shown."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerimpact.governors.model import Count, TrendRow, lkey, shown_value
from peerimpact.governors.outcomes import ROLE_SECTIONS, shown_measures
from peerimpact.governors.plan import Ledger
from peerimpact.governors.programme import Programme, Term
from peerimpact.governors.ranges import MIN_RANGE
from peerimpact.governors.text import trend_sentence

if TYPE_CHECKING:
    from peerimpact.comparison.model import CompareRun
    from peerimpact.scoring.run import ScoreRun

__all__ = ["MIN_WAVES_FOR_TREND", "fit_trend", "term_positions", "trend_files", "trend_record", "trends"]

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


def _register(
    ledger: Ledger,
    programme: Programme,
    measure: str,
    waves: Sequence[Term],
    term_key: str,
    ns: Sequence[int],
    sets: Sequence[set[str]],
    outcome_n: int | None,
) -> tuple[Count, ...]:
    """The pupils at each survey go into ``ledger``, tied to the pupils in both the first survey and each
    later one (this report's outcome, or an earlier term's report's): the first survey's pupils are those
    in both plus those who missed the later one, a later survey's are those in both plus newcomers."""
    counts = tuple(ledger.count(("responded", measure, w.key), n) for w, n in zip(waves, ns, strict=True))
    first = ("responded", measure, waves[0].key)
    for k in range(1, len(waves)):
        both = len(sets[0] & sets[k])
        key: Any = ("pairs", measure, waves[k].key)
        if waves[k].key == term_key and outcome_n == both:
            key = ("n", measure)  # the outcome's own pupils
        else:
            ledger.derived(key, both)
            if waves[k].key != term_key:  # an earlier term's report showed it (its outcome's pupils)
                if both >= programme.threshold:
                    ledger.earlier([key], [])
                else:
                    ledger.earlier([], [key])
        for name, total in (("missed", first), ("joined", ("responded", measure, waves[k].key))):
            part = (name, measure, waves[k].key)
            ledger.derived(part, ledger.values[total] - both)
            ledger.line(total, [key, part])
    return counts


def _means_dp(programme: Programme, ns: Sequence[int], sets: Sequence[set[str]], dp: int) -> int:
    """Decimals for the trend's averages: the outcome's own, or fewer where an average over all pupils
    at a survey sits beside one over a few less (the outcome's pupils, in this or an earlier report) and
    the two as shown would pin the total score of the few (differencing): the total of the d pupils lies
    in a range n·10^−dp + m·10^−dp_outcome wide, which must be at least MIN_RANGE points."""
    checks = []
    for k in range(1, len(ns)):
        both = len(sets[0] & sets[k])
        for n in (ns[0], ns[k]):
            if 0 < n - both < programme.threshold and both >= programme.threshold:
                checks.append((n, both))
    for places in range(dp, -1, -1):
        if all(n * 10.0**-places + m * 10.0**-dp >= MIN_RANGE for n, m in checks):
            return places
    return 0


def _flags(cells: Sequence[Any], test: Callable[[Any], bool]) -> Any:
    """``test`` of every cell of a column as a numpy bool array, ``test`` called once per distinct cell."""
    import numpy as np

    from peerimpact.readers.base import CodedColumn

    if isinstance(cells, CodedColumn):
        return np.array([bool(test(v)) for v in cells.values], dtype=bool)[cells.codes]
    seen: dict[Any, bool] = {}
    out = np.zeros(len(cells), dtype=bool)
    for k, cell in enumerate(cells):
        try:
            hit = seen[cell]
        except (KeyError, TypeError):
            hit = bool(test(cell))
            with contextlib.suppress(TypeError):
                seen[cell] = hit
        out[k] = hit
    return out


def _trend_rows(
    programme: Programme,
    waves: Sequence[Term],
    runs: Sequence[ScoreRun],
    run: CompareRun | None,
    skipped: list[str],
    ledger: Ledger,
    term_key: str,
    role: str = "pupils",
) -> list[TrendRow]:
    import numpy as np

    from peerimpact.comparison.matching import wave_positions

    comp = run.extras.get("comparison") if run is not None else None
    comp_col = str(comp["column"]) if comp else None
    comp_value = str(comp["comparison_value"]).casefold() if comp else None
    wanted = {section: one for one, section in ROLE_SECTIONS}.get(role)  # "mentees" -> "mentee"
    if programme.role_column and wanted:  # one role's pupils (SPEC §6.1)
        comp_col = programme.role_column

        def other(cell: object) -> bool:
            return programme.role_of(cell) != wanted

    else:

        def other(cell: object) -> bool:
            return str(cell).strip().casefold() == comp_value

    shown = shown_measures(run, programme) if run is not None else list(programme.measures)
    common = [
        m for m in runs[-1].measures if all(m in r.measures for r in runs) and (not shown or m in shown)
    ]
    if not common:
        skipped.append("the surveys of the terms so far share no questionnaire score shown in this report")
    info = {o.measure: o for o in run.overall} if run is not None else {}
    positions, per = term_positions(waves)
    # each survey's pupils (one kept response each, in row order) less the other role's or arm's
    pupils = []
    for r in runs:
        col = next((c for c in r.source.columns if comp_col and c.casefold() == comp_col.casefold()), None)
        where = wave_positions(r)
        pids = list(where)
        pos = np.fromiter(where.values(), dtype=np.intp, count=len(pids))
        if col is not None:
            pos_ok = ~_flags(r.source.column(col), other)[pos]
            pids = [pids[k] for k in np.flatnonzero(pos_ok).tolist()]
            pos = pos[pos_ok]
        pupils.append((pids, pos))
    out = []
    for measure in common:
        ids: list[str] = []
        wave: list[float] = []
        ys: list[float] = []
        means: list[float | None] = []
        ns: list[int] = []
        sets: list[set[str]] = []
        for w, (r, (pids, pos)) in enumerate(zip(runs, pupils, strict=True)):
            vals = np.asarray(r.scales[measure].values, dtype=float)[pos]
            answered = np.flatnonzero(~np.isnan(vals))
            mine = [pids[k] for k in answered.tolist()]
            got = vals[answered].tolist()
            ids += mine
            wave += [positions[w]] * len(mine)
            ys += got
            sets.append(set(mine))
            ns.append(len(got))
            means.append(float(np.mean(got)) if got else None)
        scale = runs[-1].scales[measure].scale
        o = info.get(measure)
        title = (o.title if o is not None else None) or scale.title
        dp = o.dp if o is not None else (2 if scale.method == "mean" or scale.lookup else 1)
        terms = tuple(t.name for t in waves)
        if any(0 < n < programme.threshold for n in ns) or len(set(ids)) < programme.threshold:
            skipped.append(f"fewer than {programme.threshold} pupils answered {title} at one of the surveys")
            continue
        counts = _register(
            ledger, programme, lkey(measure, role), waves, term_key, ns, sets, o.n if o is not None else None
        )
        means_dp = _means_dp(programme, ns, sets, dp)
        try:
            from peerimpact.statistics.trend import mixed_trend

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
                role=role,
                terms=terms,
                means=tuple(shown_value(m, means_dp) for m in means),  # as shown: no unrounded means
                counts=counts,
                slope=shown_value(slope, dp),
                ci=(float(shown_value(lo, dp) or 0.0), float(shown_value(hi, dp) or 0.0)),
                p_value=shown_value(p, 3),
                n_pupils=len(set(ids)),
                n_observations=len(ys),
                clear=clear,
                sentence=trend_sentence(
                    title,
                    terms,
                    slope,
                    (lo, hi),
                    clear,
                    scale.direction,
                    dp,
                    per=per,
                    who="programme pupils" if role == "pupils" else role,
                ),
                direction=scale.direction,
                dp=dp,
                means_dp=means_dp,
                positions=tuple(positions),
                per=per,
                se=shown_value(fit.se, dp + 2),
                var_pupil=shown_value(fit.var_pupil, dp + 2),
                var_residual=shown_value(fit.var_residual, dp + 2),
            )
        )
    return out


def _carries(run: ScoreRun, columns: set[str]) -> bool:
    """Whether ``run``'s table still holds every cell of its columns named (casefolded) in ``columns``:
    a run read for ``compare`` keeps only the columns compare reads (its group, arm and role columns)."""
    t = run.source
    return all(len(t.column(c)) == t.n_rows for c in t.columns if c.casefold() in columns)


def _scored_waves(
    programme: Programme,
    paths: Sequence[Path],
    scored: dict[Path, ScoreRun],
    columns: set[str],
) -> list[ScoreRun]:
    """Each survey file's ScoreRun: the one ``compare`` already read in this report run (``scored``, by
    resolved path; the same reading and scoring as ``score_file`` with the programme's id column and the
    built-in questionnaires), or the file read and scored now and kept there."""
    from peerimpact.scoring.score import score_file

    out = []
    for path in paths:
        key = Path(path).resolve()
        run = scored.get(key)
        if run is None or not _carries(run, columns):
            run = scored[key] = score_file(path, id_column=programme.id_column)
        out.append(run)
    return out


def trend_files(programme: Programme, term: Term) -> list[Path]:
    """The survey files :func:`trends` reads for ``term``: every wave of each of its survey labels that
    has :data:`MIN_WAVES_FOR_TREND` or more up to it (for compare to read ahead, beside its own files)."""
    terms = programme.terms_until(term)
    out: list[Path] = []
    for label in term.surveys:
        waves = [t for t in terms if label in t.surveys]
        if len(waves) >= MIN_WAVES_FOR_TREND:
            out += [Path(t.surveys[label]) for t in waves]
    return out


def trends(
    programme: Programme,
    term: Term,
    runs: Mapping[str, CompareRun],
    ledger: Ledger,
    scored: dict[Path, ScoreRun] | None = None,
) -> tuple[list[TrendRow], str]:
    """Trend rows for every survey label with three or more waves up to ``term`` (per role: ``runs``' keys),
    and a note otherwise.  ``scored``: the surveys this report run has read and scored so far, by resolved
    path (:func:`~peerimpact.governors.term_compare.compare_term` fills it), so that no file is read twice."""
    scored = {} if scored is None else scored
    columns = {c.casefold() for c in (programme.role_column, programme.comparison_column) if c}
    columns |= {
        str(r.extras["comparison"]["column"]).casefold() for r in runs.values() if r.extras.get("comparison")
    }
    terms = programme.terms_until(term)
    rows: list[TrendRow] = []
    most = 0
    skipped: list[str] = []
    for label in term.surveys:
        waves = [t for t in terms if label in t.surveys]
        most = max(most, len(waves))
        if len(waves) >= MIN_WAVES_FOR_TREND:
            wave_runs = _scored_waves(programme, [t.surveys[label] for t in waves], scored, columns)
            by_role: Mapping[str, CompareRun | None] = runs or {"pupils": None}
            for role, run in by_role.items():
                rows += _trend_rows(programme, waves, wave_runs, run, skipped, ledger, term.key, role)
    if not term.surveys:  # no survey this term: the outcomes note says when they come; no trend section
        return rows, ""
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
