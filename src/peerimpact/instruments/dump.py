"""An :class:`~peerimpact.instruments.model.Instrument` written back as an instrument file (TOML).

The inverse of :func:`peerimpact.instruments.load.parse`: ``parse(tomllib.loads(dump_instrument(ins)))`` equals
``ins`` for every built-in instrument (tests/instruments/test_instrument_files.py), which checks that the
loader keeps every field of an instrument file (a library function: no command writes instrument files).
"""

from __future__ import annotations

from typing import Any

from peerimpact.instruments.load import FORMAT_VERSION
from peerimpact.instruments.model import Instrument

__all__ = ["dump_instrument"]


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def dump_instrument(ins: Instrument) -> str:
    """The instrument as TOML that :func:`parse` reads back to an equal Instrument (round-trip tested)."""
    top: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "name": ins.name,
        "title": ins.title,
        "version": ins.version,
        "age": ins.age,
        "licence": ins.licence,
        "citation": ins.citation,
        "source": ins.source,
        "notes": ins.notes,
        "items": ins.n_items,
        "reverse": list(ins.reverse),
        "reverse_source": ins.reverse_source,
        "unscored": list(ins.unscored),
        "column_prefixes": list(ins.column_prefixes),
    }
    if ins.risk_items:
        top["risk_items"] = [
            {"item": r.item, "answers": list(r.codes)} | ({"source": r.source} if r.source else {})
            for r in ins.risk_items
        ]
    lines = [f"{k} = {_toml_value(v)}" for k, v in top.items()]
    lines += ["", "[options]", f"source = {_toml_value(ins.options_source)}"]
    lines.append(f"labels = {_toml_value([list(o) for o in ins.options])}")
    lines.append(f"aliases = {_toml_value([list(o) for o in ins.aliases])}")
    for lname, table in ins.lookups.items():
        lines += ["", f"[lookups.{lname}]", f"table = {_toml_value([[k, v] for k, v in table.items()])}"]
    for s in ins.scales:
        d: dict[str, Any] = {"name": s.name, "title": s.title}
        if s.items:
            d["items"] = list(s.items)
        if s.scales:
            d["scales"] = list(s.scales)
        if s.from_scale:
            d["from"] = s.from_scale
        if s.lookup:
            d["lookup"] = s.lookup
        d |= {"method": s.method, "max_missing": s.max_missing, "prorate": s.prorate, "rounding": s.rounding}
        d |= {"direction": s.direction, "missing_rule": s.missing_rule, "source": s.source, "about": s.about}
        if s.range:
            d["range"] = list(s.range)
        if s.mic is not None:
            d |= {"mic": s.mic, "mic_source": s.mic_source}
        d["bands_source"] = s.bands_source
        d["bands"] = [
            {"label": b.label}
            | ({"below": b.below} if b.below is not None else {})
            | ({"up_to": b.up_to} if b.up_to is not None else {})
            for b in s.bands
        ]
        lines += ["", "[[scales]]"] + [f"{k} = {_toml_value(v)}" for k, v in d.items()]
        if s.norms:
            n = s.norms
            nd_vals = {
                k: v
                for k, v in (
                    ("mean", n.mean),
                    ("sd", n.sd),
                    ("reliability", n.reliability),
                    ("test_retest", n.test_retest),
                )
                if v is not None
            }
            nd: dict[str, Any] = {**nd_vals, "population": n.population, "source": n.source}
            nd |= {k: v for k, v in (("ages", n.ages), ("cite", n.cite)) if v}
            lines.append(f"norms = {_toml_value(nd)}")
        if s.clinical:
            c = s.clinical
            lines.append(f"clinical = {_toml_value({'op': c.op, 'value': c.value, 'source': c.source})}")
    return "\n".join(lines) + "\n"
