"""``peerimpact demo``: the whole pipeline on the bundled example data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from peerimpact.cli import options
from peerimpact.cli._console import make_console

#: (pre, post, options) for the compare step of the demo
PAIRS: tuple[tuple[str, str, dict[str, object]], ...] = (
    (
        "wemwbs_autumn_forms.xlsx",
        "wemwbs_summer_forms.xlsx",
        {"group_columns": ["Are you a peer mentor or a mentee?", "Year group"]},
    ),
    ("sdq_autumn_qualtrics.csv", "sdq_summer_qualtrics.csv", {"primary": "sdq.total_difficulties"}),
    (
        "swemwbs_autumn.xlsx",
        "swemwbs_summer.xlsx",
        {"comparison_column": "Group", "group_columns": ["Year group"]},
    ),
)


def demo(
    directory: Annotated[
        str, typer.Argument(metavar="[DIR]", help="Folder for the example data and outputs.")
    ] = "peerimpact-demo",
    force: options.Force = False,
    quiet: options.Quiet = False,
    no_color: options.NoColor = False,
) -> None:
    """Write the bundled example exports (synthetic pupils) into DIR and run the pipeline on them: score
    every survey, compare each autumn/summer pair (one with attendance and behaviour too, one an
    already-scored reading age with the sessions each mentee attended), write the
    termly governors' report for an example programme, and say where the outputs are.

    Example:  peerimpact demo my-demo
    """
    from peerimpact.demo.programme import check_example_programme
    from peerimpact.demo.surveys import write_examples
    from peerimpact.pipeline import compare_files, score_file
    from peerimpact.reports.excel.compare import write_compare_workbook
    from peerimpact.reports.excel.scores import write_scores_workbook
    from peerimpact.reports.terminal.safe import plain

    console = make_console(no_color)
    root = Path(directory)
    check_example_programme(root / "programme", force=force)  # before anything is written
    data = root / "data"
    outputs = root / "outputs"
    files = write_examples(data)
    from peerimpact.demo.mis import write_mis_examples

    write_mis_examples(data)
    console.print(f"Example exports (synthetic pupils) written to [bold]{plain(data)}[/]\n", highlight=False)
    written: list[Path] = []
    for f in files:
        out = outputs / (f.stem + ".scored.xlsx")
        run = score_file(f)
        write_scores_workbook(run, out)
        written.append(out)
        if not quiet:
            c = run.counts
            warnings = sum(str(i.severity) == "warning" for i in run.issues)
            console.print(
                f"[bold]score[/] {f.name} ({run.source.layout_name}): {c['read']} rows = {c['scored']} scored + "
                f"{c['partly scored']} partly + {c['excluded']} excluded; {warnings} warnings → {out.name}",
                highlight=False,
            )
    for pre, post, kwargs in PAIRS:
        stem = post.split("_")[0]
        out = outputs / f"{stem}.compare.xlsx"
        json_out = outputs / f"{stem}.compare.json"
        crun = compare_files(data / pre, data / post, **kwargs)  # type: ignore[arg-type]
        write_compare_workbook(crun, out)
        json_out.write_text(crun.to_json(), encoding="utf-8")
        written += [out, json_out]
        if not quiet:
            _headline(console, f"compare {pre} → {post}", crun, out.name)
    # surveys with attendance and behaviour for the same pupils
    from peerimpact.demo.school import MIS_TERMS

    out = outputs / "swemwbs_attendance_behaviour.compare.xlsx"
    crun = compare_files(
        [data / "swemwbs_autumn.xlsx", data / "attendance_autumn_sims.csv"],
        [data / "swemwbs_summer.xlsx", data / "attendance_summer_sims.csv"],
        behaviour=data / "behaviour_events.xlsx",
        periods=dict(MIS_TERMS),
    )
    write_compare_workbook(crun, out)
    json_out = out.with_suffix(".json")
    json_out.write_text(crun.to_json(), encoding="utf-8")
    written += [out, json_out]
    if not quiet:
        _headline(console, "compare surveys + attendance + behaviour", crun, out.name)
    # an already-scored column (--measure) with the sessions each mentee attended (--dose-column)
    from peerimpact.demo.evaluator_examples import write_evaluator_examples

    reading = write_evaluator_examples(data)
    out = outputs / "reading_age.compare.xlsx"
    crun = compare_files(*reading, measures=["Reading age"], dose_column="Sessions attended")
    write_compare_workbook(crun, out)
    json_out = out.with_suffix(".json")
    json_out.write_text(crun.to_json(), encoding="utf-8")
    written += [out, json_out]
    if not quiet:
        _headline(
            console, "compare --measure 'Reading age' --dose-column 'Sessions attended'", crun, out.name
        )
    # the termly governors' report for an example programme folder
    from peerimpact.cli.report import write_report
    from peerimpact.demo.programme import write_example_programme

    report_files = write_report(write_example_programme(root / "programme", force=force))[0]
    written += report_files
    if not quiet:
        console.rule("governors' report")
        for f in report_files:
            console.print(f"  → {f}", highlight=False, soft_wrap=True)
    console.rule("Done")
    in_outputs = [w for w in written if Path(w).parent == outputs]
    console.print(f"{len(in_outputs)} outputs in [bold]{plain(outputs)}[/]:", highlight=False)
    for w in in_outputs:
        console.print(
            f"  {w}", highlight=False, soft_wrap=True, markup=False
        )  # whole paths, so they can be copied
    others = [w for w in written if w not in in_outputs]
    if others:
        console.print(f"and {len(others)} in [bold]{plain(Path(others[0]).parent)}[/]:", highlight=False)
        for w in others:
            console.print(f"  {w}", highlight=False, soft_wrap=True)
    console.print("Next: open the .compare.xlsx workbooks in Excel, or see a full report in the terminal:")
    console.print(
        f"  peerimpact compare --pre {data / PAIRS[0][0]} --post {data / PAIRS[0][1]}",
        highlight=False,
        soft_wrap=True,
    )


def _headline(console: Any, title: str, run: Any, out: str) -> None:
    """The design note and each overall outcome's plain sentence (the full report is one command away)."""
    console.rule(title)
    console.print(f"[bold yellow]{run.design_note}[/]", highlight=False)
    comparison = [o for o in run.outcomes if o.group == "comparison"]
    if comparison:
        console.print("Change among the programme pupils:", highlight=False)
    for o in run.overall:
        console.print(f"• {o.summary}", highlight=False)
        for extra in (o.dose, o.norm_comparison):  # exploratory / context, under the outcome
            if extra is not None and extra.summary:
                console.print(f"  {extra.summary}", highlight=False, style="dim")
    if comparison:
        console.print("Against the comparison group (the adjusted difference):", highlight=False)
    for o in comparison:
        console.print(f"• {o.summary}", highlight=False)
    console.print(f"  → {out}", highlight=False)
