"""The thin typer CLI: parse options, call :mod:`peerimpact.pipeline`, pick writers, set the exit code."""
