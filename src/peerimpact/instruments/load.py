"""Instrument files (TOML, ``format_version = 1``) to :class:`~peerimpact.instruments.model.Instrument`.

A mistake in an instrument file is a *definition* error (pandera's ``SchemaDefinitionError``), not a data
error: it raises :class:`~peerimpact.issues.PeerimpactError` with code ``instrument_file_invalid`` naming
the file and the key, so a user writing their own file sees exactly what to fix.

The format is documented in the README ("Your own questionnaire") and by the built-in files in
``instruments/data/``.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from peerimpact.instruments.model import Band, Clinical, Instrument, Norms, RiskItem, Scale, normalise_label
from peerimpact.issues import PeerimpactError, make_issue

__all__ = ["BUILTIN", "FORMAT_VERSION", "builtin_names", "load_builtin", "load_instrument_file", "parse"]

FORMAT_VERSION = 1
#: built-in instrument names, in the order `peerimpact instruments` lists them
BUILTIN = ("wemwbs", "swemwbs", "sdq", "scwbs", "brs", "chs", "belonging")


class _Bad(Exception):
    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


def _get(d: dict[str, Any], key: str, typ: type | tuple[type, ...], where: str, default: Any = ...) -> Any:
    if key not in d:
        if default is ...:
            raise _Bad(f"{where}{key}", "is required")
        return default
    value = d[key]
    if typ is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
        names = typ.__name__ if isinstance(typ, type) else " or ".join(t.__name__ for t in typ)
        raise _Bad(f"{where}{key}", f"must be {names}, not {type(value).__name__}")
    return value


def _num(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(key, "must be a number")
    return float(value)


def _bands(raw: Any, where: str) -> tuple[Band, ...]:
    if not isinstance(raw, list):
        raise _Bad(where, "must be a list of {label, below | up_to}")
    bands = []
    for i, b in enumerate(raw):
        key = f"{where}[{i}]"
        if not isinstance(b, dict):
            raise _Bad(key, "must be a table {label = ..., up_to = ...}")
        label = _get(b, "label", str, key + ".")
        below = _num(b["below"], key + ".below") if "below" in b else None
        up_to = _num(b["up_to"], key + ".up_to") if "up_to" in b else None
        if below is not None and up_to is not None:
            raise _Bad(key, "give either 'below' (score < x) or 'up_to' (score <= x), not both")
        if below is None and up_to is None and i != len(raw) - 1:
            raise _Bad(key, "only the last band may have no bound")
        bands.append(Band(label, below, up_to))
    edges = [b.below if b.below is not None else b.up_to for b in bands]
    bounds = [x for x in edges if x is not None]
    if bounds != sorted(bounds):
        raise _Bad(where, "bands must be in increasing order of their bounds")
    return tuple(bands)


def _scale(raw: dict[str, Any], i: int, n_items: int, lookups: dict[str, dict[int, float]]) -> Scale:
    where = f"scales[{i}]."
    name = _get(raw, "name", str, where)
    where = f"scales.{name}."
    items = tuple(_get(raw, "items", list, where, []))
    comps = tuple(_get(raw, "scales", list, where, []))
    from_scale = _get(raw, "from", str, where, None)
    lookup = _get(raw, "lookup", str, where, None)
    if sum(bool(x) for x in (items, comps, from_scale)) != 1:
        raise _Bad(where.rstrip("."), "needs exactly one of 'items', 'scales' or 'from' (with 'lookup')")
    for it in items:
        if not isinstance(it, int) or not 1 <= it <= n_items:
            raise _Bad(where + "items", f"item {it!r} is not between 1 and {n_items}")
    if from_scale and (not lookup or lookup not in lookups):
        raise _Bad(where + "lookup", "a scale made 'from' another needs a 'lookup' naming a [lookups] table")
    method = _get(raw, "method", str, where, "sum")
    if method not in ("sum", "mean"):
        raise _Bad(where + "method", "must be 'sum' or 'mean'")
    rounding = _get(raw, "rounding", str, where, "none")
    if rounding not in ("none", "half_up"):
        raise _Bad(where + "rounding", "must be 'none' or 'half_up'")
    direction = _get(raw, "direction", str, where, "higher_is_better")
    if direction not in ("higher_is_better", "lower_is_better"):
        raise _Bad(where + "direction", "must be 'higher_is_better' or 'lower_is_better'")
    max_missing = _get(raw, "max_missing", int, where, 0)
    prorate = _get(raw, "prorate", bool, where, False)
    size = len(items) or len(comps)
    if not 0 <= max_missing < max(size, 1):
        raise _Bad(where + "max_missing", f"must be between 0 and {max(size - 1, 0)}")
    if method == "sum" and max_missing > 0 and not prorate:
        raise _Bad(where + "prorate", "a sum with missing items allowed must be prorated (prorate = true)")
    rng = _get(raw, "range", list, where, None)
    norms = None
    if "norms" in raw:
        nr = _get(raw, "norms", dict, where)
        nw = where + "norms."
        norms = Norms(
            mean=_get(nr, "mean", float, nw, None),
            sd=_get(nr, "sd", float, nw, None),
            reliability=_get(nr, "reliability", float, nw, None),
            test_retest=_get(nr, "test_retest", float, nw, None),
            population=_get(nr, "population", str, nw, ""),
            source=_get(nr, "source", str, nw),
            ages=_get(nr, "ages", str, nw, ""),
            cite=_get(nr, "cite", str, nw, ""),
        )
    clinical = None
    if "clinical" in raw:
        cr = _get(raw, "clinical", dict, where)
        op = _get(cr, "op", str, where + "clinical.")
        if op not in ("<", "<=", ">", ">="):
            raise _Bad(where + "clinical.op", "must be one of < <= > >=")
        # the clinical range lies on the worse side: the statistics read it from the direction and whether the
        # cut-off is included, so the op must agree with the direction (one rule, two spellings kept equal)
        worse = ("<", "<=") if direction == "higher_is_better" else (">", ">=")
        if op not in worse:
            raise _Bad(
                where + "clinical.op",
                f"must be {' or '.join(worse)} for a {direction.replace('_', ' ')} scale (the clinical range "
                "is the worse side of the cut-off)",
            )
        clinical = Clinical(op, _num(cr.get("value"), where + "clinical.value"), cr.get("source", ""))
    return Scale(
        name=name,
        title=_get(raw, "title", str, where, name),
        items=items,
        scales=comps,
        from_scale=from_scale,
        lookup=lookup,
        method=method,
        max_missing=max_missing,
        prorate=prorate,
        rounding=rounding,
        direction=direction,
        range=(float(rng[0]), float(rng[1])) if rng else None,
        bands=_bands(raw.get("bands", []), where + "bands"),
        bands_source=_get(raw, "bands_source", str, where, ""),
        norms=norms,
        clinical=clinical,
        mic=_get(raw, "mic", float, where, None),
        mic_source=_get(raw, "mic_source", str, where, ""),
        missing_rule=_get(raw, "missing_rule", str, where, ""),
        source=_get(raw, "source", str, where, ""),
        about=_get(raw, "about", str, where, ""),
    )


def _options(raw: Any, key: str) -> tuple[tuple[str, int], ...]:
    if not isinstance(raw, list):
        raise _Bad(key, 'must be a list of ["label", code] pairs')
    out = []
    for i, pair in enumerate(raw):
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not isinstance(pair[0], str)
            or not isinstance(pair[1], int)
        ):
            raise _Bad(f"{key}[{i}]", 'must be ["label", whole-number code]')
        out.append((pair[0], pair[1]))
    return tuple(out)


def _risk_items(raw: Any, n_items: int, options: tuple[tuple[str, int], ...]) -> tuple[RiskItem, ...]:
    """``risk_items = [{ item = 9, answers = ["Often", "Always"], source = "..." }]``: each answer an option
    label (as printed) or its code; kept as codes, so the scorer compares codes (SPEC §7)."""
    if not isinstance(raw, list):
        raise _Bad("risk_items", 'must be a list of { item = n, answers = ["label", ...] }')
    codes_of = {normalise_label(label): code for label, code in options}
    valid = {code for _, code in options}
    out = []
    for i, r in enumerate(raw):
        key = f"risk_items[{i}]"
        if not isinstance(r, dict):
            raise _Bad(key, 'must be a table { item = n, answers = ["label", ...] }')
        item = _get(r, "item", int, key + ".")
        if not 1 <= item <= n_items:
            raise _Bad(key + ".item", f"item {item} is not between 1 and {n_items}")
        answers = _get(r, "answers", list, key + ".")
        if not answers:
            raise _Bad(key + ".answers", "must name at least one answer that raises the flag")
        codes: list[int] = []
        for a in answers:
            if isinstance(a, str) and normalise_label(a) in codes_of:
                code = codes_of[normalise_label(a)]
            elif isinstance(a, int) and not isinstance(a, bool) and a in valid:
                code = a
            else:
                labels = ", ".join(repr(label) for label, _ in options)
                raise _Bad(key + ".answers", f"{a!r} is not one of the options ({labels}) or their codes")
            if code not in codes:
                codes.append(code)
        out.append(RiskItem(item, tuple(codes), _get(r, "source", str, key + ".", "")))
    if len({r.item for r in out}) != len(out):
        raise _Bad("risk_items", "each item may be listed once (put all its flagging answers in one list)")
    return tuple(out)


def parse(data: dict[str, Any], path: str = "<instrument>") -> Instrument:
    """Build an Instrument from parsed TOML; raises PeerimpactError(instrument_file_invalid)."""
    try:
        return _parse(data, path)
    except _Bad as bad:
        raise PeerimpactError(
            make_issue("instrument_file_invalid", f"key {bad.key!r} {bad.problem}", file=path, column=bad.key)
        ) from None


def _parse(data: dict[str, Any], path: str) -> Instrument:
    version = _get(data, "format_version", int, "")
    if version != FORMAT_VERSION:
        raise _Bad("format_version", f"is {version}; this peerimpact reads format_version = {FORMAT_VERSION}")
    name = _get(data, "name", str, "")
    if not name.isidentifier() or name != name.lower():
        raise _Bad("name", "must be lower case letters, digits and underscores, e.g. 'my_scale'")
    n_items = _get(data, "items", int, "")
    opts = _get(data, "options", dict, "")
    options = _options(_get(opts, "labels", list, "options."), "options.labels")
    if len({c for _, c in options}) != len(options):
        raise _Bad("options.labels", "each option needs its own code")
    aliases = _options(opts.get("aliases", []), "options.aliases")
    reverse = tuple(_get(data, "reverse", list, "", []))
    unscored = tuple(_get(data, "unscored", list, "", []))
    for key, lst in (("reverse", reverse), ("unscored", unscored)):
        for it in lst:
            if not isinstance(it, int) or not 1 <= it <= n_items:
                raise _Bad(key, f"item {it!r} is not between 1 and {n_items}")
    lookups: dict[str, dict[int, float]] = {}
    for lname, table in _get(data, "lookups", dict, "", {}).items():
        rows = _get(table, "table", list, f"lookups.{lname}.")
        try:
            lookups[lname] = {int(k): float(v) for k, v in rows}
        except (TypeError, ValueError):
            raise _Bad(f"lookups.{lname}.table", "must be a list of [raw, value] pairs") from None
    raw_scales = _get(data, "scales", list, "")
    if not raw_scales:
        raise _Bad("scales", "at least one scale is required")
    scales = tuple(_scale(s, i, n_items, lookups) for i, s in enumerate(raw_scales))
    names = [s.name for s in scales]
    for s in scales:
        for ref in (*s.scales, *([s.from_scale] if s.from_scale else [])):
            if ref not in names[: names.index(s.name)]:
                raise _Bad(f"scales.{s.name}", f"refers to scale {ref!r}, which must be declared before it")
    return Instrument(
        name=name,
        title=_get(data, "title", str, ""),
        n_items=n_items,
        options=options,
        aliases=aliases,
        scales=scales,
        reverse=reverse,
        unscored=unscored,
        lookups=lookups,
        column_prefixes=tuple(_get(data, "column_prefixes", list, "", [])),
        version=str(data.get("version", "")),
        age=str(data.get("age", "")),
        licence=_get(data, "licence", str, ""),
        citation=_get(data, "citation", str, "", ""),
        source=_get(data, "source", str, "", ""),
        reverse_source=_get(data, "reverse_source", str, "", ""),
        options_source=_get(opts, "source", str, "options.", ""),
        notes=_get(data, "notes", str, "", ""),
        path=path,
        risk_items=_risk_items(data.get("risk_items", []), n_items, options),
    )


def load_instrument_file(path: str | Path) -> Instrument:
    """Read a user's instrument file (``--instrument-file``)."""
    p = Path(path)
    if p.exists() and not p.is_file():  # a folder, pipe or device: reading would fail or block for ever
        raise PeerimpactError(make_issue("instrument_file_invalid", f"{p} is not a saved file", file=p.name))
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PeerimpactError(make_issue("file_not_found", str(p), file=p.name)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PeerimpactError(make_issue("instrument_file_invalid", str(exc), file=p.name)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PeerimpactError(
            make_issue("instrument_file_invalid", f"not valid TOML ({exc})", file=p.name)
        ) from None
    except RecursionError:
        raise PeerimpactError(
            make_issue("instrument_file_invalid", "lists or tables nested too deeply", file=p.name)
        ) from None
    return parse(data, p.name)


_CACHE: dict[str, Instrument] = {}


def builtin_names() -> tuple[str, ...]:
    return BUILTIN


def load_builtin(name: str) -> Instrument:
    """A built-in instrument by name; ``unknown_instrument`` lists the names when it is not one."""
    key = name.strip().lower()
    if key not in BUILTIN:
        raise PeerimpactError(
            make_issue(
                "unknown_instrument", f"{name!r}; the built-in ones are {', '.join(BUILTIN)}", value=name
            )
        )
    if key not in _CACHE:
        ref = resources.files("peerimpact.instruments") / "data" / f"{key}.toml"
        _CACHE[key] = parse(tomllib.loads(ref.read_text(encoding="utf-8")), f"{key}.toml")
    return _CACHE[key]
