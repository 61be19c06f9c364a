"""``peerimpact report --config programme.toml [--term KEY]``: the termly governors' report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from peerimpact.cli import options
from peerimpact.cli._console import make_console

if TYPE_CHECKING:
    from peerimpact.comparison.model import CompareRun
    from peerimpact.governors.model import GovernorsReport
    from peerimpact.issues import Issue

__all__ = ["report", "write_report"]


def write_report(
    config: str | Path, term: str | None = None
) -> tuple[list[Path], GovernorsReport, list[Issue]]:
    """Build the report for ``term`` of the programme in ``config`` and write, in its ``reports/`` folder,
    ``governors-report-<term>.html``, ``.xlsx`` and ``.json`` (three views of the one report object; the
    JSON follows ``governors-report.schema.json``) and (when there is a comparison) the SMHL's
    ``smhl-detail-<term>.xlsx`` with its results as ``smhl-detail-<term>.json`` (the trend included) — one
    pair per role (``smhl-detail-<term>-mentees.xlsx``, ``-mentors``) when programme.toml gives roles.
    Returns the files written, the report and the issues met on the way.
    ``peerimpact demo`` calls this on the example programme."""
    from functools import partial

    from peerimpact.comparison.parallel import run_tasks
    from peerimpact.governors.build import build_report
    from peerimpact.governors.programme import load_programme
    from peerimpact.reports.excel.governors import write_governors_workbook
    from peerimpact.reports.governors_json import write_json
    from peerimpact.reports.html import write_html
    from peerimpact.util.files import check_output

    programme = load_programme(config)
    report, runs, issues = build_report(programme, term)
    issues = [*programme.notes, *issues]
    folder = programme.reports_folder
    folder.mkdir(parents=True, exist_ok=True)
    inputs = programme.inputs()
    html = check_output(folder / f"governors-report-{report.term_key}.html", inputs)
    xlsx = check_output(folder / f"governors-report-{report.term_key}.xlsx", inputs)
    # the same figures as data, for a trust to collect across its schools (SPEC §6.1 "Machine-readable");
    # listed last, so that the files written before it keep their places
    machine = check_output(folder / f"governors-report-{report.term_key}.json", inputs)
    written = [html, xlsx]
    details = []
    for role in runs:
        # one SMHL workbook per role (mentees, mentors); one in all for a programme without roles
        stem = f"smhl-detail-{report.term_key}" + ("" if role == "pupils" else f"-{role}")
        details.append(
            (check_output(folder / f"{stem}.xlsx", inputs), check_output(folder / f"{stem}.json", inputs))
        )
        written += details[-1]

    def governors_views() -> None:
        write_html(report, html)
        write_governors_workbook(report, xlsx)
        write_json(report, machine)

    # each role's SMHL files in a worker process of its own (forked: nothing is pickled but errors) while
    # this one writes the governors' views: a second at 20,000 pupils a term, on two cores
    tasks = [
        partial(_write_detail, role, run, *paths)
        for (role, run), paths in zip(runs.items(), details, strict=True)
    ]
    for done in run_tasks(tasks, governors_views):
        done.get()  # the first role's error first, as when written in turn
    for run in runs.values():
        seen = set(issues)  # Issues are frozen: a set, not a scan of the list for each of thousands
        issues = [*issues, *(i for i in run.issues if i not in seen)]
    written.append(machine)
    return written, report, issues


def _write_detail(role: str, run: CompareRun, detail: Path, data: Path) -> None:
    """The SMHL's files for one role: the workbook, with the role's follow-up list and the DSL's risk-item
    list (SPEC §6.1, §7), and the same results as JSON (results.schema.json, trend included), for an
    evaluator to audit."""
    from peerimpact.comparison.follow_up import build_follow_up
    from peerimpact.reports.excel.compare import write_compare_workbook
    from peerimpact.util.files import atomic_output

    write_compare_workbook(run, detail, build_follow_up({role: run}))
    with atomic_output(data, "w", encoding="utf-8") as fh:
        fh.write(run.to_json())


def report(
    config: Annotated[
        str, typer.Option("--config", "-c", help="The programme file (see 'peerimpact init').")
    ] = "programme.toml",
    term: Annotated[
        str | None,
        typer.Option(
            "--term", "-t", help="Term key or name from programme.toml (default: the last with data)."
        ),
    ] = None,
    quiet: options.Quiet = False,
    no_color: options.NoColor = False,
) -> None:
    """Write the termly governors' report for a programme: a printable HTML page, a workbook and the same
    figures as JSON for governors (aggregate, small numbers suppressed), and the SMHL's pupil-level detail
    workbook, in the reports/ folder beside programme.toml.

    Example:  peerimpact report --config oakfield/programme.toml --term summer-2027
    """
    console = make_console(no_color)
    if quiet:
        written, _, _ = write_report(config, term)
    else:
        with console.status("Reading the term's files and comparing…"):
            written, rep, issues = write_report(config, term)
        _print(console, rep, issues)
    console.print("Wrote:", highlight=False)
    for w in written:
        console.print(f"  {w}", highlight=False, markup=False)
    detail = [w.name for w in written if w.name.startswith("smhl-detail")]
    if not quiet and detail:
        console.print(
            f"{', '.join(detail)}: pupil-level data, for the Senior Mental Health Lead only.",
            highlight=False,
        )


def _print(console: Any, rep: GovernorsReport, issues: list[Issue]) -> None:
    from rich.panel import Panel

    from peerimpact.reports.terminal.safe import plain

    console.print(Panel(plain(rep.headline), title=plain(f"{rep.programme}: {rep.term}"), expand=False))
    problems = [i for i in issues if str(i.severity) in ("error", "warning")]
    if problems:
        console.print(
            f"{len(problems)} problem(s) in the data files worth a look (listed in the SMHL's detail workbook):",
            highlight=False,
        )
        for i in problems[:5]:
            where = i.where()
            console.print(plain(f"  {where + ': ' if where else ''}{i.message}"), highlight=False)
        if len(problems) > 5:
            console.print(f"  … and {len(problems) - 5} more", highlight=False)
