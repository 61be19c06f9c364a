"""Terminal views (rich): the score summary and the issue digest.

Issues are grouped by code with counts and the first few locations — the full list is in the workbook;
only what the terminal shows is capped, never what is collected.  Numbers are rounded here for display
only (``reports/_numbers.py`` rules: scale means and SDs to 1 dp, BRS-style means to 2 dp).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from peerimpact.issues import CODES, Issue, Severity
from peerimpact.reports.terminal.safe import plain, sanitize
from peerimpact.scoring.run import ScoreRun

__all__ = ["print_issues", "print_score_summary"]

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_SHOWN_PER_CODE = 3


def _fmt(x: float | None, dp: int) -> str:
    if x is None:
        return "–"
    from peerimpact.wording.numbers import fmt_number

    return fmt_number(x, dp)


def print_issues(
    console: Console, issues: Sequence[Issue], *, skip: Sequence[str] = (), rest: str = "see the Issues sheet"
) -> None:
    """Issues grouped by code: count, what it means, where the first few are, what to do.

    ``rest`` says where the ones not shown can be read (which depends on what was written).
    """
    groups: dict[str, list[Issue]] = defaultdict(list)
    for issue in issues:
        if issue.code not in skip:
            groups[issue.code].append(issue)
    if not groups:
        return
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    for code, items in sorted(groups.items(), key=lambda kv: (order[kv[1][0].severity], kv[0])):
        first = items[0]
        entry = CODES.get(code)
        title = entry.title if entry else code
        console.print(
            f"[{_STYLE[first.severity]}]{first.severity}[/] {title} [dim]({code})[/]: {len(items)}",
            highlight=False,
        )
        for issue in items[:_SHOWN_PER_CODE]:
            where = issue.where()
            detail = issue.message.split(": ", 1)[1] if ": " in issue.message else ""
            console.print(Padding(Text(sanitize(f"{where}{' — ' + detail if detail else ''}")), (0, 0, 0, 4)))
        if len(items) > _SHOWN_PER_CODE:
            console.print(
                f"    … and {len(items) - _SHOWN_PER_CODE} more ({rest})", style="dim", highlight=False
            )
        if entry and first.severity is not Severity.INFO:
            console.print(Padding(Text(f"What to do: {entry.advice}", style="dim"), (0, 0, 0, 4)))


def _where_rest(output: str | None) -> str:
    """Where every issue of a scored file can be read, given the file written."""
    name = Path(output).name if output else ""
    if name.lower().endswith(".xlsx"):
        return f"all are on the Issues sheet of {name}"
    if name.lower().endswith(".json"):
        return f'all are in {name}, under "issues"'
    return "without -o, score writes them all to the Issues sheet of FILE.scored.xlsx"


def print_score_summary(console: Console, run: ScoreRun, output: str | None = None) -> None:
    t = run.source
    console.print(
        f"[bold]{plain(t.file)}[/]"
        + (f", sheet {plain(repr(t.sheet))}" if t.sheet else "")
        + f": read as {t.layout_name}"
    )
    if run.id_column:
        console.print(
            f"Pupil id: column {plain(repr(run.id_column.column))} ({plain(run.id_column.reason)})",
            highlight=False,
        )
    else:
        console.print("Pupil id: [yellow]none found[/] — scores cannot be matched to another survey")
    for use in run.uses:
        console.print(f"Took {plain(use.describe())}", highlight=False)
    c = run.counts
    console.print(
        f"Rows: {c['read']} read = {c['scored']} scored + {c['partly scored']} partly scored + "
        f"{c['excluded']} excluded",
        highlight=False,
    )
    table = Table(title=None, show_edge=False, header_style="bold")
    for col, justify in (
        ("score", "left"),
        ("n", "right"),
        ("mean", "right"),
        ("SD", "right"),
        ("range", "right"),
        ("prorated", "right"),
    ):
        table.add_column(col, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    band_lines = []
    for s in run.summaries():
        scale = run.scales[s.measure].scale
        dp = 2 if scale.method == "mean" or scale.lookup else 1
        rng = f"{_fmt(s.minimum, dp)}–{_fmt(s.maximum, dp)}" if s.n else "–"
        table.add_row(plain(s.measure), str(s.n), _fmt(s.mean, dp), _fmt(s.sd, dp), rng, str(s.prorated))
        if s.bands:
            band_lines.append(
                f"  {plain(s.measure)}: " + " · ".join(f"{plain(label)} {k}" for label, k in s.bands.items())
            )
    console.print(table)
    if band_lines:
        console.print("Bands (pupils scored):", highlight=False)
        for line in band_lines:
            console.print(line, highlight=False)
    print_issues(
        console, run.issues, skip=("instrument_columns", "layout_detected"), rest=_where_rest(output)
    )
    if output:
        console.print(f"Wrote [bold]{plain(output)}[/]", highlight=False)
