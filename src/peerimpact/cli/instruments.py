"""``peerimpact instruments`` and ``peerimpact template``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from peerimpact.cli import options
from peerimpact.cli._console import make_console


def instruments(
    name: Annotated[
        str | None, typer.Argument(metavar="[NAME]", help="An instrument name, e.g. sdq, for its full key.")
    ] = None,
    instrument_file: options.InstrumentFile = None,
    no_color: options.NoColor = False,
) -> None:
    """List the built-in questionnaires; with a name, show its items, keys, scoring rules, bands, sources
    and licence.

    Example:  peerimpact instruments sdq
    """
    from peerimpact.instruments.load import BUILTIN, load_builtin, load_instrument_file
    from peerimpact.reports.terminal.instruments import print_instrument, print_instrument_list

    console = make_console(no_color)
    if instrument_file:
        for f in instrument_file:
            print_instrument(console, load_instrument_file(f))
        return
    if name is None:
        print_instrument_list(console, [load_builtin(n) for n in BUILTIN])
        return
    print_instrument(console, load_builtin(name))


def template(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Instrument name, e.g. swemwbs.")],
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="FILE", help="The workbook to write (.xlsx).")
    ] = "",
    rows: Annotated[int, typer.Option("--rows", metavar="N", help="How many pupil rows to prepare.")] = 500,
    instrument_file: options.InstrumentFile = None,
    force: options.Force = False,
    no_color: options.NoColor = False,
) -> None:
    """Write a blank data-entry workbook for a questionnaire, with a drop-down list on every answer cell.

    Example:  peerimpact template swemwbs -o swemwbs_entry.xlsx
    """
    from peerimpact.instruments.load import load_builtin, load_instrument_file
    from peerimpact.instruments.template import write_entry_template
    from peerimpact.util.files import check_output

    ins = load_instrument_file(instrument_file[0]) if instrument_file else load_builtin(name)
    out = Path(output or f"{ins.name}_entry.xlsx")
    if out.suffix.lower() != ".xlsx":
        raise typer.BadParameter("the template must be an .xlsx file", param_hint="-o")
    check_output(out, list(instrument_file or []), force=force)
    write_entry_template(ins, out, rows=rows)
    make_console(no_color).print(
        f"Wrote {out}: one row per pupil, UPN first, then {ins.name}_1 … {ins.name}_{ins.n_items} "
        f"with drop-down answers. Score it with: peerimpact score {out}",
        markup=False,
    )
