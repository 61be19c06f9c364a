"""Reading the values of ``programme.toml``'s keys: typed values, lists of text, dates, the roles and the
targets, each with a plain problem naming its key (:class:`BadKey`, which
:func:`peerimpact.governors.programme.load_programme` turns into a located error).

Kept apart from :mod:`peerimpact.governors.programme` (the file, its terms and files) so that each stays
one concern: this module knows what a valid value of a key looks like, not where the file is.
"""

from __future__ import annotations

from datetime import date
from typing import Any

__all__ = [
    "DEFAULT_ROLES",
    "ROLE_NAMES",
    "TARGETS",
    "BadKey",
    "check_known",
    "get_key",
    "positive",
    "read_date",
    "read_roles",
    "read_targets",
    "strings",
]

#: the roles a pupil can have (SPEC §6.1), and the values that mean each when ``[analysis.roles]`` is absent
ROLE_NAMES = ("mentee", "mentor", "comparison")
DEFAULT_ROLES: dict[str, tuple[str, ...]] = {
    "mentee": ("mentee", "mentees"),
    "mentor": ("mentor", "mentors", "peer mentor", "peer mentors", "ambassador", "wellbeing ambassador"),
    "comparison": ("comparison", "control", "comparison group", "control group"),
}
#: ``[targets]`` keys: what each is compared with, and whether it is a share (0–1) or a number
TARGETS: dict[str, str] = {
    "mentees": "number",
    "mentors": "number",
    "sessions": "number",
    "sessions_per_mentee": "number",
    "mentors_trained": "number",
    "supervision_delivered": "share",
    "self_referral_share": "share",
}


class BadKey(Exception):
    """A problem at ``key``; turned into a located PeerimpactError by :func:`load_programme`."""

    def __init__(self, key: str, problem: str, code: str = "programme_file_invalid") -> None:
        super().__init__(problem)
        self.key, self.problem, self.code = key, problem, code


def get_key(d: dict[str, Any], key: str, typ: type | tuple[type, ...], where: str, default: Any = ...) -> Any:
    if key not in d:
        if default is ...:
            raise BadKey(f"{where}{key}", "is missing: add it")
        return default
    v = d[key]
    if typ is float and isinstance(v, int) and not isinstance(v, bool):
        v = float(v)
    if not isinstance(v, typ) or (typ is int and isinstance(v, bool)):
        want = typ.__name__ if isinstance(typ, type) else " or ".join(t.__name__ for t in typ)
        want = {"str": "text in quotes", "int": "a whole number", "bool": "true or false"}.get(want, want)
        raise BadKey(f"{where}{key}", f"must be {want}")
    return v


def strings(d: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    v = get_key(d, key, list, where, [])
    if not all(isinstance(x, str) and x.strip() for x in v):
        raise BadKey(f"{where}{key}", 'must be a list of text in quotes, e.g. ["Year group"]')
    return tuple(x.strip() for x in v)


def check_known(d: dict[str, Any], allowed: set[str], where: str) -> None:
    for k in d:
        if k not in allowed:
            raise BadKey(
                f"{where}{k}",
                f"is not a key peerimpact knows here; the keys are {', '.join(sorted(allowed))}",
            )


def read_date(d: dict[str, Any], key: str, where: str) -> date:
    v = get_key(d, key, (date, str), where)
    if isinstance(v, str):
        try:
            v = date.fromisoformat(v.strip())
        except ValueError:
            raise BadKey(f"{where}{key}", "must be a date written YYYY-MM-DD, e.g. 2026-09-02") from None
    if type(v) is not date:  # a TOML date-time
        raise BadKey(f"{where}{key}", "must be a date without a time, e.g. 2026-09-02")
    return v


def read_roles(an: dict[str, Any], role_column: str | None) -> dict[str, tuple[str, ...]]:
    """``[analysis.roles]``: which values of ``role_column`` mean mentee, mentor and comparison pupil."""
    raw = get_key(an, "roles", dict, "analysis.", {})
    if raw and not role_column:
        raise BadKey("analysis.roles", 'needs role_column: the survey column holding the roles, e.g. "Role"')
    if not role_column:
        return {}
    check_known(raw, set(ROLE_NAMES), "analysis.roles.")
    out = {r: tuple(v.casefold() for v in strings(raw, r, "analysis.roles.")) for r in raw}
    out = {r: out.get(r) or DEFAULT_ROLES[r] for r in ROLE_NAMES}
    seen: dict[str, str] = {}
    for r, values in out.items():
        for v in values:
            if v in seen and seen[v] != r:
                raise BadKey(f"analysis.roles.{r}", f"{v!r} is also listed under {seen[v]}: give it one role")
            seen[v] = r
    return out


def read_targets(raw: dict[str, Any]) -> dict[str, float]:
    """``[targets]``: the SMHL's success criteria, each a number or a share between 0 and 1."""
    check_known(raw, set(TARGETS), "targets.")
    out: dict[str, float] = {}
    for k, kind in TARGETS.items():
        if k not in raw:
            continue
        v = get_key(raw, k, float, "targets.")
        if kind == "share" and not 0 <= v <= 1:
            raise BadKey(f"targets.{k}", f"is {v}; write a share between 0 and 1, e.g. 0.9 for 90%")
        if v < 0:
            raise BadKey(f"targets.{k}", f"is {v}; a target cannot be below 0")
        out[k] = v
    return out


def positive(an: dict[str, Any], key: str, default: int) -> int:
    v: int = get_key(an, key, int, "analysis.", default)
    if v < 1:
        raise BadKey(f"analysis.{key}", f"is {v}; it must be 1 or more (the usual value is {default})")
    return v
