"""Pseudonymised ids for pupil-level exports to an external evaluator (SPEC §7).

Each normalised id becomes ``P-`` + the first 16 hex digits of HMAC-SHA256(key, id as UTF-8): a keyed hash, so
nobody without the key can test a guessed UPN against it (a plain hash of a UPN can be reversed by trying every
UPN), and the same key gives the same pseudonym in every term.  The key is 32 random bytes kept as hex in
``peerimpact.key`` (in the programme folder, or where ``--key-file`` says), created on first use with owner-only
permissions and never written into an output.  Standard library only.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from peerimpact.issues import PeerimpactError, make_issue
from peerimpact.util.idtext import looks_like_upn, normalise_id

if TYPE_CHECKING:
    from peerimpact.issues import Issue

__all__ = ["KEY_FILE", "Pseudonymiser", "load_or_create_key", "pseudonym"]

KEY_FILE = "peerimpact.key"
_KEY_BYTES = 32
_TOKEN = re.compile(r"[^\s,;:()'\"]+")


def pseudonym(key: bytes, pupil_id: str) -> str:
    """``P-`` + the first 16 hex digits of HMAC-SHA256(key, pupil_id as UTF-8) (RFC 2104, FIPS 180-4)."""
    return "P-" + hmac.new(key, pupil_id.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def load_or_create_key(path: str | Path) -> tuple[bytes, bool]:
    """The key in ``path`` (64 hex digits), created there on first use; and whether it was created now."""
    p = Path(path)
    if p.exists():
        text = p.read_text(encoding="ascii", errors="replace").strip()
        try:
            key = bytes.fromhex(text)
        except ValueError:
            key = b""
        if len(key) != _KEY_BYTES:
            raise PeerimpactError(
                make_issue(
                    "key_file_invalid",
                    f"{p} should hold 64 hexadecimal digits (the key peerimpact made); it holds something else",
                    file=p.name,
                )
            )
        return key, False
    key = secrets.token_bytes(_KEY_BYTES)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(key.hex() + "\n")
    except OSError as exc:
        raise PeerimpactError(
            make_issue("output_unwritable", f"{p}: {exc.strerror or exc}", file=p.name)
        ) from None
    return key, True


@dataclass(slots=True)
class Pseudonymiser:
    """Pseudonyms under one key, each id computed once; :meth:`scrub` takes ids out of an issue's text."""

    key: bytes
    _cache: dict[str, str] = field(default_factory=dict)

    def __call__(self, pupil_id: str | None) -> str | None:
        if pupil_id is None:
            return None
        got = self._cache.get(pupil_id)
        if got is None:
            got = self._cache[pupil_id] = pseudonym(self.key, pupil_id)
        return got

    def scrub(self, issue: Issue, raw_to_id: dict[str, str]) -> Issue:
        """``issue`` with every id in its value and message replaced by its pseudonym.  ``raw_to_id`` maps each
        id as written in the file (and as normalised) to its normalised id."""

        def swap(token: str) -> str:
            pid = raw_to_id.get(token)
            if pid is None:
                pid = raw_to_id.get(token.casefold()) or raw_to_id.get(token.upper())
            if pid is None and ("@" in token or looks_like_upn(token)):
                pid = normalise_id(token)  # an id of a pupil the run does not list: hidden all the same
            return self(pid) or token if pid is not None else token

        value = issue.value
        own = value.strip() if value is not None else None
        if value is not None:
            value = swap(value.strip())

        def swap_text(token: str) -> str:
            # a bare number in a message is a row or a count unless it is this issue's own id
            return token if token.isdigit() and token != own else swap(token)

        message = _TOKEN.sub(lambda m: swap_text(m.group(0)), issue.message)
        return replace(issue, value=value, message=message)
