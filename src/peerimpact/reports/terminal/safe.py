"""Text from the data printed as text: never as rich markup, never as terminal control codes.

Headings, sheet names, group values, answers and file names come from files a school was sent; a heading
``Mood [/]`` once crashed the printout (rich read it as a closing tag) and a heading holding ``ESC [2J``
cleared the screen.  :func:`plain` makes one value safe to put inside markup; :class:`SafeConsole` is the
safety net under every print: control characters are shown as ``�`` and a string rich cannot parse as
markup is printed as it is, so a value that escaped :func:`plain` can look odd but never stop the run.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.errors import MarkupError
from rich.markup import escape
from rich.text import Text

__all__ = ["SafeConsole", "plain", "sanitize"]

#: C0 controls but tab and line feed, DEL and the C1 controls (ESC, CSI …): what a terminal would obey
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def sanitize(text: str) -> str:
    """``text`` with every terminal control character shown as ``�``."""
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", text)


def plain(value: object) -> str:
    """One value from the data, ready to sit inside rich markup: escaped and sanitized."""
    return escape(sanitize(str(value)))


class SafeConsole(Console):
    """A rich console whose strings are sanitized, and printed literally when they are not valid markup."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        text = sanitize(text)
        try:
            return super().render_str(text, **kwargs)
        except MarkupError:
            return super().render_str(escape(text), **kwargs)
