"""``peerimpact demo``: the whole pipeline on the bundled example data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from peerimpact.cli import options
from peerimpact.cli._console import make_console


def demo(
    directory: Annotated[
        str, typer.Argument(help="Folder for the example data and outputs.")
    ] = "peerimpact-demo",
    no_color: options.NoColor = False,
) -> None:
    """Write the bundled example exports (synthetic pupils) into DIR and run the pipeline on them:
    score every file (Excel workbooks) and say where the outputs are.

    Example:  peerimpact demo my-demo
    """
    from peerimpact.demo_data import write_examples
    from peerimpact.pipeline import score_file
    from peerimpact.reports.excel_scores import write_scores_workbook
    from peerimpact.reports.terminal import print_score_summary

    console = make_console(no_color)
    root = Path(directory)
    data = root / "data"
    outputs = root / "outputs"
    files = write_examples(data)
    console.print(f"Example exports (synthetic pupils) written to [bold]{data}[/]\n", highlight=False)
    written = []
    for f in files:
        out = outputs / (f.stem + ".scored.xlsx")
        run = score_file(f)
        write_scores_workbook(run, out)
        console.rule(f.name)
        print_score_summary(console, run, str(out))
        written.append(out)
    console.rule("Done")
    console.print(f"{len(written)} scored workbooks in [bold]{outputs}[/]. Next: open one in Excel, or try")
    console.print(f"  peerimpact score {files[0]} -o scores.csv", highlight=False)
