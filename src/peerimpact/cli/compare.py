"""``peerimpact compare --pre A --post B``."""

from __future__ import annotations

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
    pre: Annotated[str, typer.Option("--pre", help="The first survey (before the programme).")],
    post: Annotated[str, typer.Option("--post", help="The second survey (after).")],
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Workbook to write (default: POST.compare.xlsx).")
    ] = None,
    json_out: Annotated[str | None, typer.Option("--json", help="Also write the results as JSON.")] = None,
    group_column: Annotated[
        list[str] | None,
        typer.Option(
            "--group-column", help="Break results down by this column (repeatable), e.g. 'Year group'."
        ),
    ] = None,
    comparison_column: Annotated[
        str | None,
        typer.Option(
            "--comparison-column", help="Column saying who is in the programme and who is a comparison."
        ),
    ] = None,
    primary: Annotated[
        str | None, typer.Option("--primary", help="The one pre-declared primary outcome, e.g. wemwbs.total.")
    ] = None,
    alpha: Annotated[float, typer.Option("--alpha", help="Significance level.", min=0.0001, max=0.5)] = 0.05,
    selected_low: Annotated[
        bool,
        typer.Option("--selected-low", help="Pupils were picked for the programme because of low scores."),
    ] = False,
    instrument: options.Instrument = None,
    instrument_file: options.InstrumentFile = None,
    id_column: options.IdColumn = None,
    sheet: options.Sheet = None,
    quiet: options.Quiet = False,
    no_color: options.NoColor = False,
) -> None:
    """Match pupils across two surveys, test the change on every scale and write Excel, terminal and JSON
    reports from one set of results.

    Example:  peerimpact compare --pre autumn.xlsx --post summer.xlsx --group-column "Year group"
    """
    from peerimpact._files import check_output
    from peerimpact.pipeline import compare_files

    out = Path(output) if output else default_output(post)
    if out.suffix.lower() != ".xlsx":
        raise typer.BadParameter("the workbook must end in .xlsx", param_hint="-o")
    inputs = [pre, post, *(instrument_file or [])]
    check_output(out, inputs)
    if json_out:
        check_output(json_out, inputs)
    console = make_console(no_color)
    with console.status("Scoring both surveys and comparing…") if not quiet else _null():
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
        )
    from peerimpact.reports.excel_compare import write_compare_workbook

    write_compare_workbook(run, out)
    written = [str(out)]
    if json_out:
        from peerimpact._files import atomic_output

        with atomic_output(json_out, "w", encoding="utf-8") as fh:
            fh.write(run.to_json())
        written.append(json_out)
    if quiet:
        for w in written:
            console.print(f"Wrote {w}", highlight=False)
        return
    from peerimpact.reports.terminal_compare import print_compare

    print_compare(console, run, written)


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
