"""Options shared by several commands, defined once (as frictionless' ``console/common.py`` does)."""

from __future__ import annotations

from typing import Annotated

import typer

Instrument = Annotated[
    list[str] | None,
    typer.Option(
        "--instrument",
        "-i",
        metavar="NAME",
        help="Questionnaire to score (repeatable); skips detection. See 'peerimpact instruments'.",
        show_default=False,
    ),
]
InstrumentFile = Annotated[
    list[str] | None,
    typer.Option(
        "--instrument-file",
        metavar="FILE",
        help="Your own instrument file (TOML); see the README.",
        show_default=False,
    ),
]
IdColumn = Annotated[
    str | None,
    typer.Option(
        "--id-column", metavar="COLUMN", help="Column holding the pupil id (UPN, pupil number, email)."
    ),
]
Sheet = Annotated[
    str | None, typer.Option("--sheet", metavar="SHEET", help="Sheet to read (default: the first with data).")
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems and where outputs went.")]
NoColor = Annotated[bool, typer.Option("--no-color", help="No colours (NO_COLOR is honoured too).")]
Pseudonymise = Annotated[
    bool,
    typer.Option(
        "--pseudonymise",
        help="Write P-… pseudonyms (a keyed HMAC of each id) instead of pupil ids, for an external evaluator.",
    ),
]
KeyFile = Annotated[
    str | None,
    typer.Option(
        "--key-file",
        metavar="FILE",
        help="The pseudonym key (default: peerimpact.key in the current folder, made on first use; keep it safe).",
    ),
]
Force = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Replace an existing output file even when peerimpact did not write it (an input is never replaced).",
    ),
]
