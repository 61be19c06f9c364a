"""``peerimpact instruments [NAME]``: the built-in list and one instrument's full key, from its data file."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from peerimpact.instruments.model import Band, Instrument, Scale

__all__ = ["describe_bands", "print_instrument", "print_instrument_list"]


def print_instrument_list(console: Console, instruments: Sequence[Instrument]) -> None:
    table = Table(show_edge=False, header_style="bold")
    table.add_column("name", no_wrap=True)
    table.add_column("questionnaire")
    table.add_column("items", justify="right", no_wrap=True)
    for ins in instruments:
        table.add_row(ins.name, ins.title, str(ins.n_items))
    console.print(table)
    for ins in instruments:
        console.print(f"  {ins.name}: {', '.join(ins.measure(s) for s in ins.scales)}", highlight=False)
    console.print("Details, sources and licence of one:  peerimpact instruments NAME", highlight=False)


def _bound(b: Band) -> str:
    if b.below is not None:
        return f"< {b.below:g}"
    if b.up_to is not None:
        return f"≤ {b.up_to:g}"
    return "above"


def describe_bands(scale: Scale) -> str:
    return "; ".join(f"{b.label} ({_bound(b)})" for b in scale.bands)


def _rule(s: Scale) -> str:
    if s.missing_rule:
        return s.missing_rule
    if s.max_missing == 0:
        return "every item must be answered"
    how = "prorated" if s.prorate else "mean of the answered items"
    return f"scored with up to {s.max_missing} missing ({how})"


def print_instrument(console: Console, ins: Instrument) -> None:
    console.print(f"[bold]{ins.title}[/] ({ins.name})", highlight=False)
    for label, value in (
        ("Data file", f"{ins.path}" + (f" (version {ins.version})" if ins.version else "")),
        ("Age", ins.age),
        (
            "Items",
            f"{ins.n_items}, numbered as printed on the questionnaire; columns {ins.name}_1 … "
            f"{ins.name}_{ins.n_items} are recognised",
        ),
        ("Answers", ", ".join(f"{label} = {code}" for label, code in ins.options)),
        ("Reverse-keyed", ", ".join(map(str, ins.reverse)) or "none"),
        ("Read, not scored", ", ".join(map(str, ins.unscored)) or "none"),
        ("Source of keys", ins.reverse_source or ins.options_source),
        ("Citation", ins.citation),
        ("Source", ins.source),
        ("Licence", ins.licence),
    ):
        if value:
            console.print(f"  [bold]{label}:[/] {value}", highlight=False)
    console.print("[bold]Scores[/]")
    for s in ins.scales:
        src = (
            "items " + " ".join(map(str, s.items))
            if s.items
            else " + ".join(s.scales)
            if s.scales
            else f"{s.from_scale} via table '{s.lookup}'"
        )
        rule = (
            s.method
            + (", prorated" if s.prorate else "")
            + (", rounded half up" if s.rounding == "half_up" else "")
        )
        console.print(f"  [bold]{ins.measure(s)}[/] — {s.title}", highlight=False)
        console.print(f"    {rule} of {src}; {s.direction.replace('_', ' ')}", highlight=False)
        console.print(f"    missing items: {_rule(s)}", highlight=False)
        if s.about:  # the plain words the governors' report introduces the score with
            console.print(f"    in plain words: {s.about}", highlight=False)
        if s.bands:
            console.print(f"    bands: {describe_bands(s)}", highlight=False)
    for s in ins.scales:
        extra = []
        if s.bands_source:
            extra.append(f"bands: {s.bands_source}")
        if s.norms:
            n = s.norms
            parts = [
                f"{k} {v:g}"
                for k, v in (
                    ("mean", n.mean),
                    ("SD", n.sd),
                    ("reliability", n.reliability),
                    ("test–retest", n.test_retest),
                )
                if v is not None
            ]
            ages = f"; ages {n.ages}" if n.ages else ""
            extra.append(f"norms ({n.population}{ages}): {', '.join(parts)} — {n.source}")
        if s.clinical:
            extra.append(f"clinical range: score {s.clinical.op} {s.clinical.value:g} — {s.clinical.source}")
        if s.mic is not None:
            extra.append(f"minimal important change {s.mic:g} — {s.mic_source}")
        if s.source:
            extra.append(f"source: {s.source}")
        for line in extra:
            console.print(f"  {ins.measure(s)} {line}", highlight=False)
    if ins.lookups:
        for lname, table_ in ins.lookups.items():
            pairs = ", ".join(f"{k}→{v:.2f}" for k, v in table_.items())
            console.print(f"  [bold]Table {lname}:[/] {pairs}", highlight=False)
    if ins.notes:
        console.print(f"  [bold]Notes:[/] {ins.notes}", highlight=False)
