"""Entry point: ``peerimpact`` (typer).  Only typer is imported at start-up, so ``--help`` stays fast;
every command imports the pipeline inside its body.

Exit codes: 0 done (warnings allowed); 1 the data cannot be analysed (a clear message, no traceback);
2 usage error; 3 a bug in peerimpact (traceback plus a request to report it).
"""

from __future__ import annotations

import functools
import gc
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from peerimpact._version import __version__

__all__ = ["app", "main"]

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="peerimpact",
    help="Evidence for school peer-support programmes: score wellbeing surveys, compare pre/post, report.\n\n"
    "Start with:  peerimpact demo",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def handle_errors(func: F) -> F:
    """Turn a PeerimpactError into its plain message and exit code 1 (never a traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from peerimpact.issues import PeerimpactError

        try:
            return func(*args, **kwargs)
        except PeerimpactError as exc:
            from peerimpact.reports.terminal.safe import sanitize  # rich: only when there is a message

            typer.echo(f"peerimpact: {sanitize(str(exc))}", err=True)
            raise typer.Exit(1) from None
        except OSError as exc:  # a full disk or read-only folder met outside our own writers
            from peerimpact.util.files import as_unwritable

            unwritable = as_unwritable(exc)
            if unwritable is None:
                raise
            typer.echo(f"peerimpact: {unwritable}", err=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"peerimpact {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Evidence for school peer-support programmes."""


def _register() -> None:
    from peerimpact.cli import compare, demo, init, instruments, report, score

    app.command("score", help=score.score.__doc__)(handle_errors(score.score))
    app.command("compare", help=compare.compare.__doc__)(handle_errors(compare.compare))
    app.command("validate", help=score.validate.__doc__)(handle_errors(score.validate))
    app.command("instruments", help=instruments.instruments.__doc__)(handle_errors(instruments.instruments))
    app.command("template", help=instruments.template.__doc__)(handle_errors(instruments.template))
    app.command("init", help=init.init.__doc__)(handle_errors(init.init))
    app.command("report", help=report.report.__doc__)(handle_errors(report.report))
    app.command("demo", help=demo.demo.__doc__)(handle_errors(demo.demo))


_register()


def main() -> None:
    """Console-script entry: run the app; a genuine bug prints its traceback and asks for a report."""
    try:
        app()
    except SystemExit:
        # Everything is written and the process is about to exit: freeze what is still in memory, so the
        # interpreter's final garbage collections pass it by (0.2-0.3 s after a large compare).  Objects
        # outside reference cycles are still freed as usual; the system reclaims the rest.
        gc.freeze()
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception:
        traceback.print_exc()
        print(
            "\nThis is a bug in peerimpact, not a problem with your data. Please report it with the "
            "command you ran (not the data file).",
            file=sys.stderr,
        )
        sys.exit(3)
