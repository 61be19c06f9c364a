"""Shared fixtures: SourceTables built in code, so core tests do not depend on any reader."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from peerimpact.readers.base import SourceTable


def make_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    file: str = "survey.xlsx",
    sheet: str | None = "Sheet1",
    layout: str = "plain",
    roles: dict[str, str] | None = None,
    excluded: dict[int, str] | None = None,
) -> SourceTable:
    """A SourceTable as a plain one-header sheet would give it: data rows start at Excel row 2."""
    data = [list(col) for col in zip(*rows, strict=True)] if rows else [[] for _ in columns]
    return SourceTable(
        path=file,
        file=file,
        sheet=sheet,
        layout=layout,
        columns=list(columns),
        data=data,
        rows=list(range(2, 2 + len(rows))),
        roles=roles or {},
        excluded=excluded or {},
    )


@pytest.fixture
def table_factory():  # type: ignore[no-untyped-def]
    return make_table
