"""Terminal view of a :class:`~peerimpact.comparison.model.CompareRun` (rich).

Same figures as the workbook and the JSON — all read from the run object, rounded here for display only
(reporting.md §6): means and changes 1 dp (2 dp for mean-scored or converted scales), effect sizes 2 dp,
p 3 dp without a leading zero.  The plain-English sentences are the ones stored in each outcome.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from peerimpact.comparison.model import CompareRun
from peerimpact.reports.terminal.safe import plain
from peerimpact.reports.terminal.scores import print_issues
from peerimpact.results import Outcome
from peerimpact.wording.numbers import fmt_ci, fmt_number, fmt_opt, fmt_p
from peerimpact.wording.verdicts import not_tested_words

__all__ = ["print_compare"]

_VERDICT_STYLE = {
    "improved": "bold green",
    "worsened": "bold red",
    "no_significant_change": "white",
    "not_tested": "dim",
}
_VERDICT_TEXT = {
    "improved": "improved",
    "worsened": "worsened",
    "no_significant_change": "no clear change",
    "not_tested": "not tested",
}
_TEST_SHORT = {
    "paired_t": "t",
    "wilcoxon": "W",
    "ancova": "ANCOVA",
    "mcnemar": "McNemar",
    "poisson_rate": "Poisson",
}


def _row(o: Outcome, alpha: float) -> list[str]:
    dp = o.dp
    es = o.effect_size
    verdict = not_tested_words(o) if o.verdict == "not_tested" else _VERDICT_TEXT[o.verdict]
    if es.label and o.verdict in ("improved", "worsened"):
        verdict += f" ({es.label})"
    p = fmt_p(o.p_value, alpha) if o.p_value is not None else "–"
    test = _TEST_SHORT.get(o.primary_test or "", "")
    name = plain(
        o.measure
        if o.group in ("all", "comparison")
        else f"comparison pupils · {o.measure}"
        if o.group == "comparison_arm"
        else f"{o.group} · {o.measure}"
    )
    if o.mcnemar is not None:  # a yes/no status: proportions and the transitions
        m = o.mcnemar
        pre = "–" if o.pre.mean is None else f"{round(100 * o.pre.mean)}%"
        post = "–" if o.post.mean is None else f"{round(100 * o.post.mean)}%"
        change = f"+{m.became} / −{m.left}"
        effect = "–"
    elif o.poisson_rate is not None:  # counts: totals and the rate ratio
        r = o.poisson_rate
        pre, post = (
            f"{r.count_pre} ({fmt_number(100 * r.rate_pre, 1)}/100)",
            f"{r.count_post} ({fmt_number(100 * r.rate_post, 1)}/100)",
        )
        change = f"RR {fmt_opt(r.rate_ratio, 2)} {fmt_ci(r.ci95, 2).replace('95% CI ', '')}"
        effect = "–"
    else:
        pre = f"{fmt_opt(o.pre.mean, dp)} ({fmt_opt(o.pre.sd, dp)})"
        post = f"{fmt_opt(o.post.mean, dp)} ({fmt_opt(o.post.sd, dp)})"
        change = f"{fmt_opt(o.change.mean, dp)} {fmt_ci(o.change.ci95, dp).replace('95% CI ', '')}"
        w = o.tests.wilcoxon if o.tests is not None else None
        if o.primary_test == "wilcoxon" and w is not None and w.estimate is not None:
            # the primary test's own estimate first: the verdict's direction is its sign (SPEC §5)
            hl_ci = "" if w.ci95 is None else " " + fmt_ci(w.ci95, dp).replace("95% CI ", "")
            change = f"HL {fmt_number(w.estimate, dp)}{hl_ci} (mean {fmt_opt(o.change.mean, dp)})"
        effect = (
            f"{fmt_opt(es.g_av, 2)} {fmt_ci(es.g_av_ci95, 2).replace('95% CI ', '')}"
            if es.g_av is not None
            else "–"
        )
    return [
        name,
        str(o.n),
        pre,
        post,
        change,
        f"{p} {test}".strip(),
        fmt_p(o.p_adjusted, alpha) if o.p_adjusted is not None else "–",
        effect,
        fmt_opt(es.d_z, 2),
        f"[{_VERDICT_STYLE[o.verdict]}]{verdict}[/]",
    ]


_HEADINGS = (
    "measure",
    "n",
    "before",
    "after",
    "change [95% CI]",
    "p",
    "adj. p",
    "g_av [95% CI]",
    "d_z",
    "verdict",
)
_WIDE = 140  # narrower consoles get one line per outcome instead of a table


def _table(title: str, outcomes: list[Outcome], alpha: float) -> Table:
    t = Table(title=title, title_justify="left", show_edge=False, header_style="bold")
    for col in _HEADINGS:
        t.add_column(col, justify="left" if col in ("measure", "verdict") else "right", overflow="fold")
    for o in outcomes:
        t.add_row(*_row(o, alpha))
    return t


def _print_outcomes(console: Console, title: str, outcomes: list[Outcome], alpha: float) -> None:
    if console.width >= _WIDE:
        console.print(_table(title, outcomes, alpha))
        return
    console.print(f"[bold]{title}[/]", highlight=False)
    for o in outcomes:
        name, n, pre, post, change, p, p_adj, g, _d_z, verdict = _row(o, alpha)
        line = f"  [bold]{name}[/] n = {n}: {pre} → {post}; change {change}; p {p}, adj. p {p_adj}"
        if g != "–":
            line += f"; g_av {g}"
        console.print(f"{line} — {verdict}", highlight=False)


def _ancova_figures(run: CompareRun, o: Outcome) -> dict[str, str] | None:
    """The figures of one ANCOVA row, formatted once for the table and the narrow-screen lines."""
    a = o.ancova
    if a is None:
        return None
    be = run.extras.get("baseline_equivalence", {}).get(o.measure, {})
    return {
        "diff": f"{fmt_opt(a.adjusted_difference, o.dp)} {fmt_ci(a.ci95, o.dp).replace('95% CI ', '')}",
        "p": fmt_p(a.p_value, run.alpha) if a.p_value is not None else "–",
        "p_adj": fmt_p(o.p_adjusted, run.alpha) if o.p_adjusted is not None else "–",
        "g": f"{fmt_opt(a.hedges_g, 2)} {fmt_ci(a.hedges_g_ci95, 2).replace('95% CI ', '')}",
        "baseline": (
            f"{fmt_opt(be.get('effect_size'), 2)} SD ({str(be.get('classification') or '').replace('_', ' ')})"
            if be
            else ""
        ),
        "verdict": f"[{_VERDICT_STYLE[o.verdict]}]{_VERDICT_TEXT[o.verdict]}[/]",
    }


def _ancova_table(run: CompareRun) -> Table:
    t = Table(
        title="Primary: compared with the comparison group (ANCOVA: second survey adjusted for the first)",
        title_justify="left",
        show_edge=False,
        header_style="bold",
    )
    for col in (
        "measure",
        "programme n",
        "comparison n",
        "adjusted difference [95% CI]",
        "F",
        "p",
        "adj. p",
        "Hedges' g [95% CI]",
        "baseline",
        "verdict",
    ):
        t.add_column(
            col, justify="left" if col in ("measure", "verdict", "baseline") else "right", overflow="fold"
        )
    for o in run.comparison:
        f = _ancova_figures(run, o)
        if f is None or o.ancova is None:
            continue
        a = o.ancova
        t.add_row(
            plain(o.measure),
            str(a.n_treatment),
            str(a.n_comparison),
            f["diff"],
            fmt_opt(a.statistic, 2),
            f["p"],
            f["p_adj"],
            f["g"],
            f["baseline"] or "–",
            f["verdict"],
        )
    return t


def _dropped(d: dict[str, int]) -> str:
    if not d or not any(d.values()):
        return ""
    return f" (duplicate submissions dropped: {d.get('pre', 0)} before, {d.get('post', 0)} after)"


def _print_ancova(console: Console, run: CompareRun) -> None:
    if console.width >= _WIDE:
        console.print(_ancova_table(run))
        return
    console.print(
        "[bold]Primary: compared with the comparison group (ANCOVA: second survey adjusted for the first)[/]"
    )
    for o in run.comparison:
        f = _ancova_figures(run, o)
        if f is None or o.ancova is None:
            continue
        a = o.ancova
        base = f"; baseline difference {f['baseline']}" if f["baseline"] else ""
        console.print(
            f"  [bold]{plain(o.measure)}[/] {a.n_treatment} programme, {a.n_comparison} comparison: adjusted difference "
            f"{f['diff']}; p {f['p']}, adj. p {f['p_adj']}; Hedges' g {fmt_opt(a.hedges_g, 2)}{base} — {f['verdict']}",
            highlight=False,
        )


def print_compare(console: Console, run: CompareRun, outputs: list[str] | None = None) -> None:
    for inp in run.inputs:
        console.print(
            f"{inp.role}: [bold]{plain(inp.path)}[/] ({plain(inp.layout)}, {inp.rows} rows)", highlight=False
        )
    m = run.matching
    console.print(
        f"Pupils matched by {plain(repr(m['id_column']))}: {m['matched']} in both, {m['pre_only']} only before, "
        f"{m['post_only']} only after" + _dropped(m.get("duplicates_dropped", {})),
        highlight=False,
    )
    for src in run.extras.get("matching_by_source", [])[1:]:
        if "matched" in src:
            console.print(
                f"{src['source'].capitalize()}: {src['matched']} pupils in both periods, {src['pre_only']} only in the "
                f"first, {src['post_only']} only in the second",
                highlight=False,
            )
        elif "pupils" in src:
            console.print(
                f"Behaviour: counted for {src['pupils']} pupils ({src['pupils_with_events']} with at least one event)",
                highlight=False,
            )
    console.print(f"[bold yellow]{plain(run.design_note)}[/]", highlight=False)
    if run.comparison:  # a comparison design: the ANCOVA rows are the primary results (SPEC §5)
        _print_ancova(console, run)
        for o in run.comparison:
            console.print(f"• {plain(o.summary)}", highlight=False)
    title = (
        "Programme pupils' own change — secondary (Holm-adjusted across outcomes)"
        if run.design == "comparison_group"
        else "Outcomes (Holm-adjusted across outcomes; primary unadjusted)"
    )
    _print_outcomes(console, title, run.overall, run.alpha)
    for o in run.overall:
        console.print(f"• {plain(o.summary)}", highlight=False)
        rc = o.reliable_change
        if rc is not None and rc.reason is None and rc.threshold is not None:
            basis = "published SD and reliability" if rc.basis == "published" else "sample pre SD and alpha"
            console.print(
                f"  Reliable change (±{fmt_number(rc.threshold, 1)} points, {basis}): {rc.improved} improved, "
                f"{rc.no_change} no reliable change, {rc.deteriorated} deteriorated of {rc.n}.",
                highlight=False,
                style="dim",
            )
        if o.regression_to_mean is not None:
            console.print(
                f"  Expected rise from regression to the mean alone: "
                f"{fmt_number(o.regression_to_mean.expected_change, 1)} points.",
                highlight=False,
                style="dim",
            )
        for extra in (o.dose, o.norm_comparison):  # exploratory / context: never the outcome's verdict
            if extra is not None and extra.summary:
                console.print(f"  {extra.summary}", highlight=False, style="dim")
    if run.comparison_arm:
        _print_outcomes(
            console,
            "Comparison pupils' own change — secondary (Holm-adjusted across outcomes)",
            run.comparison_arm,
            run.alpha,
        )
    if run.subgroups:
        _print_outcomes(
            console,
            "Subgroups — exploratory (Benjamini–Hochberg across the whole grid)",
            run.subgroups,
            run.alpha,
        )
    console.print("[bold]Caveats[/]")
    for c in run.caveats:
        if c != run.design_note:  # printed in bold above, as the workbook's Summary does
            console.print(f"  – {plain(c)}", highlight=False)
    print_issues(
        console,
        [i for i in run.issues if str(i.severity) != "info"],
        rest="all are on the Data issues sheet of the workbook",
    )
    for out in outputs or []:
        console.print(f"Wrote [bold]{plain(out)}[/]", highlight=False)
