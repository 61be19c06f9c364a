"""Shared fixtures: the bundled example programme, written once, and its summer report."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example programme folder's programme.toml (synthetic Oakfield pupils, three terms)."""
    from peerimpact.demo.programme import write_example_programme

    return write_example_programme(tmp_path_factory.mktemp("oakfield"))


@pytest.fixture(scope="session")
def summer(example: Path) -> tuple[list[Path], object, list[object]]:
    """The summer-2027 report written to the example's reports/ folder: (files, report, issues)."""
    from peerimpact.cli.report import write_report

    return write_report(example, "summer-2027")  # type: ignore[return-value]
