"""The rich console every command prints through (honours --no-color and NO_COLOR)."""

from __future__ import annotations

import os
from typing import Any


def make_console(no_color: bool = False, *, stderr: bool = False) -> Any:
    from peerimpact.reports.terminal.safe import SafeConsole

    return SafeConsole(no_color=no_color or "NO_COLOR" in os.environ, stderr=stderr, highlight=False)
