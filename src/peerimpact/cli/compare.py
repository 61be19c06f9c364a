"""``peerimpact compare --pre A --post B``."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from peerimpact.cli import options
from peerimpact.cli._console import make_console


def default_output(post: str) -> Path:
    """``summer.xlsx`` → ``summer.compare.xlsx`` beside the post file."""
    p = Path(post)
    return p.with_name(p.stem + ".compare.xlsx")


def compare(
    pre: Annotated[
        list[str],
        typer.Option(
            "--pre", metavar="FILE", help="First-period file: a survey or an attendance export (repeatable)."
        ),
    ],
    post: Annotated[
        list[str],
        typer.Option(
            "--post", metavar="FILE", help="Second-period file, in the same order as --pre (repeatable)."
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Workbook to write (default: POST.compare.xlsx)."
        ),
    ] = None,
    json_out: Annotated[
        str | None, typer.Option("--json", metavar="FILE", help="Also write the results as JSON.")
    ] = None,
    group_column: Annotated[
        list[str] | None,
        typer.Option(
            "--group-column",
            metavar="COLUMN",
            help="Break results down by this column (repeatable), e.g. 'Year group'.",
        ),
    ] = None,
    comparison_column: Annotated[
        str | None,
        typer.Option(
            "--comparison-column",
            metavar="COLUMN",
            help="Column saying who is in the programme and who is a comparison.",
        ),
    ] = None,
    measure: Annotated[
        list[str] | None,
        typer.Option(
            "--measure",
            metavar="COLUMN",
            help="Compare an already-scored numeric column as it is, as measure.COLUMN (repeatable), "
            "e.g. 'Reading age'.",
        ),
    ] = None,
    lower_is_better: Annotated[
        list[str] | None,
        typer.Option(
            "--lower-is-better",
            metavar="COLUMN",
            help="A --measure column on which a fall is an improvement (repeatable).",
        ),
    ] = None,
    dose_column: Annotated[
        str | None,
        typer.Option(
            "--dose-column",
            metavar="COLUMN",
            help="Sessions attended (or another dose) per pupil: change regressed on it, exploratory.",
        ),
    ] = None,
    primary: Annotated[
        str | None,
        typer.Option(
            "--primary", metavar="MEASURE", help="The one pre-declared primary outcome, e.g. wemwbs.total."
        ),
    ] = None,
    alpha: Annotated[
        float, typer.Option("--alpha", metavar="ALPHA", help="Significance level.", min=0.0001, max=0.5)
    ] = 0.05,
    selected_low: Annotated[
        bool,
        typer.Option("--selected-low", help="Pupils were picked for the programme because of low scores."),
    ] = False,
    behaviour: Annotated[
        str | None,
        typer.Option(
            "--behaviour",
            metavar="FILE",
            help="Behaviour event log (or per-pupil totals) covering both periods.",
        ),
    ] = None,
    pre_period: Annotated[
        str | None,
        typer.Option(
            "--pre-period",
            metavar="START..END",
            help="First period as START..END, e.g. 2026-09-01..2026-12-18.",
        ),
    ] = None,
    post_period: Annotated[
        str | None, typer.Option("--post-period", metavar="START..END", help="Second period as START..END.")
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="COLUMN=FIELD",
            help="MIS column mapping COLUMN=FIELD, e.g. 'Poss Sess=possible' (repeatable).",
        ),
    ] = None,
    min_sessions: Annotated[
        int,
        typer.Option(
            "--min-sessions", metavar="N", help="Fewest possible sessions for an attendance rate.", min=1
        ),
    ] = 20,
    instrument: options.Instrument = None,
    instrument_file: options.InstrumentFile = None,
    id_column: options.IdColumn = None,
    sheet: options.Sheet = None,
    force: options.Force = False,
    quiet: options.Quiet = False,
    no_color: options.NoColor = False,
    pseudonymise: options.Pseudonymise = False,
    key_file: options.KeyFile = None,
) -> None:
    """Match pupils across two periods, test the change on every scale (and attendance and behaviour when
    given) and write Excel, terminal and JSON reports from one set of results.

    Attendance exports go in --pre/--post beside the surveys (recognised by their columns); a behaviour log
    goes in --behaviour with --pre-period and --post-period.  The files are read side by side (on Linux);
    set the environment variable PEERIMPACT_WORKERS=1 to read them one after the other, using less memory.

    --measure compares a column scored elsewhere (a reading age, an SDQ total) with the same statistics.

    Example:  peerimpact compare --pre autumn.xlsx --post summer.xlsx
    """
    from peerimpact.pipeline import compare_files
    from peerimpact.util.files import check_output

    out = Path(output) if output else default_output(post[0])
    if out.suffix.lower() != ".xlsx":
        raise typer.BadParameter("the workbook must end in .xlsx", param_hint="-o")
    inputs = [*pre, *post, *([behaviour] if behaviour else []), *(instrument_file or [])]
    periods = _periods(pre_period, post_period)
    mapping = _mapping(map_ or [])
    if json_out and (Path(json_out).resolve() == out.resolve() or _same_file(json_out, out)):
        raise typer.BadParameter(
            f"-o and --json both name {out}: give them different files", param_hint="--json"
        )
    check_output(out, inputs, force=force)
    if json_out:
        check_output(json_out, inputs, force=force)
    console = make_console(no_color)
    with console.status("Scoring both surveys and comparing…") if not quiet else nullcontext():
        run = compare_files(
            pre,
            post,
            instruments=instrument,
            instrument_files=instrument_file,
            id_column=id_column,
            sheet=sheet,
            group_columns=group_column or (),
            comparison_column=comparison_column,
            primary=primary,
            alpha=alpha,
            selected_low=selected_low,
            behaviour=behaviour,
            periods=periods,
            mapping=mapping,
            min_sessions=min_sessions,
            measures=measure or (),
            lower_is_better=lower_is_better or (),
            dose_column=dose_column,
        )
    from peerimpact.util.phases import phase

    with phase("outputs"):
        from peerimpact.cli._pseudonyms import pseudonymiser
        from peerimpact.comparison.follow_up import dsl_only, sorted_pupils

        follow_up = None
        if (p := pseudonymiser(pseudonymise, key_file, None if quiet else console)) is not None:
            run = run.pseudonymised(p)  # an evaluator's export: no safeguarding sheet
        else:
            # risk-item answers always reach the DSL; the follow-up list is the report's SMHL workbooks'
            # (SPEC §6.1), as building it costs a third of a 100,000-pupil compare
            follow_up = dsl_only({"all": run})
        run.pupils = sorted_pupils(run)
        from peerimpact.reports.excel.compare import write_compare_workbook

        write_compare_workbook(run, out, follow_up)
        written = [str(out)]
        if json_out:
            from peerimpact.util.files import atomic_output

            with atomic_output(json_out, "w", encoding="utf-8") as fh:
                fh.write(run.to_json())
            written.append(json_out)
    if quiet:
        for w in written:
            console.print(f"Wrote {w}", highlight=False, markup=False)
    else:
        from peerimpact.reports.terminal.compare import print_compare

        print_compare(console, run, written)


def _period(text: str, option: str) -> tuple[date, date]:
    parts = [p.strip() for p in text.replace("..", "|").replace(":", "|").split("|")]
    try:
        start, end = (date.fromisoformat(p) for p in parts)
    except ValueError:
        raise typer.BadParameter("use START..END with dates as YYYY-MM-DD", param_hint=option) from None
    if end < start:
        raise typer.BadParameter("the period ends before it starts", param_hint=option)
    return start, end


def _periods(pre: str | None, post: str | None) -> dict[str, tuple[date, date]] | None:
    if pre is None and post is None:
        return None
    if pre is None or post is None:
        raise typer.BadParameter("give both --pre-period and --post-period", param_hint="--pre-period")
    a, b = _period(pre, "--pre-period"), _period(post, "--post-period")
    if a[1] >= b[0]:
        raise typer.BadParameter("the periods overlap or are in the wrong order", param_hint="--post-period")
    return {f"{a[0]}..{a[1]}": a, f"{b[0]}..{b[1]}": b}


def _mapping(items: list[str]) -> dict[str, str] | None:
    out = {}
    for item in items:
        column, sep, field = item.partition("=")
        if not sep or not column.strip() or not field.strip():
            raise typer.BadParameter(f"{item!r}: use COLUMN=FIELD", param_hint="--map")
        out[column.strip()] = field.strip()
    return out or None


def _same_file(a: str | Path, b: str | Path) -> bool:
    import os

    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
