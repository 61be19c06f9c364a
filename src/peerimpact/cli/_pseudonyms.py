"""``--pseudonymise`` / ``--key-file`` for ``score`` and ``compare``: the key, and a line saying where it is."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from peerimpact.util.pseudonyms import Pseudonymiser


def pseudonymiser(wanted: bool, key_file: str | None, console: Any | None) -> Pseudonymiser | None:
    """The pseudonymiser the options ask for (None without --pseudonymise), its key made on first use."""
    if not wanted:
        return None
    from peerimpact.util.pseudonyms import KEY_FILE, Pseudonymiser, load_or_create_key

    path = Path(key_file) if key_file else Path(KEY_FILE)
    key, created = load_or_create_key(path)
    if console is not None:
        what = "made a new pseudonym key in" if created else "pseudonyms keyed by"
        console.print(
            f"Ids replaced by pseudonyms: {what} {path} (keep it with the school's files; never send it with "
            "the data — the same key gives the same pseudonyms next term)",
            highlight=False,
            markup=False,
        )
    return Pseudonymiser(key)
