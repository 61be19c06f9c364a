"""``peerimpact init DIR``: scaffold a programme folder for the termly governors' report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from peerimpact.cli import options
from peerimpact.cli._console import make_console

__all__ = ["init"]


def init(
    directory: Annotated[str, typer.Argument(help="Folder for the programme (created if missing).")] = ".",
    name: Annotated[str, typer.Option("--name", help="The programme's name.")] = "Peer mentoring",
    school: Annotated[str, typer.Option("--school", help="The school's name.")] = "Our school",
    report_for: Annotated[
        str, typer.Option("--for", help="Who the governors' report is for.")
    ] = "The governing board",
    year: Annotated[
        int | None,
        typer.Option(
            "--year", help="The school year's first calendar year (2026 for 2026–27).", min=2000, max=2100
        ),
    ] = None,
    instrument: options.Instrument = None,
    no_color: options.NoColor = False,
) -> None:
    """Start a programme folder: programme.toml (terms, their dates and files, group columns, the
    suppression threshold, who the report is for), blank entry templates, an activity log with a row per
    school week, and a short feedback survey for mentors and mentees. Existing files are never replaced.

    Example:  peerimpact init oakfield-mentors --school "Oakfield Academy" --year 2026 -i swemwbs
    """
    from peerimpact.governors.scaffold import write_programme_folder

    console = make_console(no_color)
    root = Path(directory)
    written = write_programme_folder(
        root,
        name=name,
        school=school,
        report_for=report_for,
        year=year,
        instruments=tuple(instrument or ("swemwbs",)),
    )
    if written:
        console.print(f"Wrote {len(written)} file(s) in {root}:", highlight=False, markup=False)
        for w in written:
            console.print(f"  {w}", highlight=False, markup=False)
    else:
        console.print(
            f"{root} already holds a programme: nothing was replaced.", highlight=False, markup=False
        )
    console.print(
        "Next: check the term dates in programme.toml, put each term's exports in data/ and name them there, "
        "fill in activity-log.xlsx week by week, then run:",
        highlight=False,
    )
    console.print(f"  peerimpact report --config {root / 'programme.toml'}", highlight=False, markup=False)
