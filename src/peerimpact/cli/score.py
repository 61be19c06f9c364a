"""``peerimpact score`` and ``peerimpact validate``."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer

from peerimpact.cli import options
from peerimpact.cli._console import make_console

_FORMATS = (".xlsx", ".csv", ".json")


def default_output(path: str) -> Path:
    """``survey.xlsx`` → ``survey.scored.xlsx`` beside the input."""
    p = Path(path)
    return p.with_name(p.stem + ".scored.xlsx")


def score(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="Survey export: .xlsx, .xls, .ods, .csv or .tsv.")
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Where to write: .xlsx (default), .csv or .json."
        ),
    ] = None,
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
    """Read a survey export, find its questionnaires, validate and score every response.

    Writes FILE.scored.xlsx (sheets Scores, Issues, About) unless -o names a .csv or .json file.

    Example:  peerimpact score autumn_survey.xlsx -o autumn_scores.csv
    """
    from peerimpact.pipeline import score_file
    from peerimpact.util.files import check_output

    out = Path(output) if output else default_output(file)
    if out.suffix.lower() not in _FORMATS:
        raise typer.BadParameter(f"the output must end in {', '.join(_FORMATS)}", param_hint="-o")
    check_output(out, [file, *(instrument_file or [])], force=force)
    console = None if quiet else make_console(no_color)  # quiet: rich is loaded only to show an error

    def step(text: str) -> Any:
        return console.status(text, spinner="dots") if console is not None else nullcontext()

    with step("Reading and scoring…"):
        run = score_file(
            file, instruments=instrument, instrument_files=instrument_file, id_column=id_column, sheet=sheet
        )
    from peerimpact.cli._pseudonyms import pseudonymiser

    if (p := pseudonymiser(pseudonymise, key_file, console)) is not None:
        run = run.pseudonymised(p)
    with step(f"Writing {out.name}…"):
        _write(run, out)
    if console is None:
        errors = [i for i in run.issues if str(i.severity) == "error"]
        if errors:
            from peerimpact.reports.terminal.scores import print_issues

            print_issues(make_console(no_color), errors)
        typer.echo(f"Wrote {out}")
        return
    from peerimpact.reports.terminal.scores import print_score_summary

    print_score_summary(console, run, str(out))


def _write(run: object, out: Path) -> None:
    suffix = out.suffix.lower()
    if suffix == ".csv":
        from peerimpact.reports.score_files import write_scores_csv

        write_scores_csv(run, out)  # type: ignore[arg-type]
    elif suffix == ".json":
        from peerimpact.reports.score_files import write_scores_json

        write_scores_json(run, out)  # type: ignore[arg-type]
    else:
        from peerimpact.reports.excel.scores import write_scores_workbook

        write_scores_workbook(run, out)  # type: ignore[arg-type]


def validate(
    file: Annotated[str, typer.Argument(metavar="FILE", help="Survey export to check.")],
    instrument: options.Instrument = None,
    instrument_file: options.InstrumentFile = None,
    id_column: options.IdColumn = None,
    sheet: options.Sheet = None,
    no_color: options.NoColor = False,
) -> None:
    """Check a survey export and list every problem found, grouped by kind. Exit code 1 when any is an error.

    Example:  peerimpact validate autumn_survey.xlsx
    """
    from peerimpact.pipeline import validate_file
    from peerimpact.reports.terminal.scores import print_issues

    console = make_console(no_color)
    report = validate_file(
        file, instruments=instrument, instrument_files=instrument_file, id_column=id_column, sheet=sheet
    )
    if report.layout:
        console.print(f"{Path(file).name}: read as {report.layout}", markup=False)
    if report.counts:
        c = report.counts
        console.print(
            f"Rows: {c['read']} read = {c['scored']} scored + {c['partly scored']} partly scored + "
            f"{c['excluded']} excluded"
        )
    rest = "peerimpact score FILE writes them all to the Issues sheet of FILE.scored.xlsx"
    print_issues(console, report.issues, skip=("layout_detected",), rest=rest)
    if not report.ok:
        raise typer.Exit(1)
    warned = any(str(i.severity) == "warning" for i in report.issues)
    console.print("No errors (warnings above are worth a look)." if warned else "No errors.")
