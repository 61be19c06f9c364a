"""CSV and JSON views of a :class:`~peerimpact.scoring.run.ScoreRun` (SPEC §4).

One row per data row of the input, platform preview/test rows included as ``excluded``: ``id``,
``source_row``, the score and band columns, then ``status`` and ``reason``.  Scores are written unrounded;
CSV is UTF-8 with a BOM so Excel opens it with the right characters, and text that Excel could run as a
formula is prefixed with ``'``.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import re
from collections.abc import Sequence
from dataclasses import asdict
from json.encoder import py_encode_basestring as _py_json_string
from pathlib import Path
from typing import Any

from peerimpact._version import __version__
from peerimpact.reports._cells import FORMULA_STARTS, RISKY_AFTER_NUL, csv_safe
from peerimpact.scoring.run import ScoreRun
from peerimpact.util.csv_rows import ARROW_LOADED_MIN_ROWS, ARROW_MIN_ROWS, Column, csv_rows, worth_arrow
from peerimpact.util.files import atomic_output
from peerimpact.util.utf8_list import utf8_of

__all__ = ["score_columns", "scores_to_dict", "write_scores_csv", "write_scores_json"]


def score_columns(run: ScoreRun) -> list[tuple[str, list[Any]]]:
    """(heading, cells) for every output column, in order; NaN scores become None."""
    cols: list[tuple[str, list[Any]]] = [("id", list(run.ids)), ("source_row", list(run.source.rows))]
    for measure, sc in run.scales.items():
        cols.append((measure, [None if v != v else v for v in sc.values.tolist()]))
        if sc.scale.bands:
            cols.append((f"{measure}.band", list(run.bands[measure])))
    cols += [("status", list(run.status)), ("reason", list(run.reason))]
    return cols


try:  # the C string encoder json.dumps(ensure_ascii=False) uses
    from _json import encode_basestring as _json_string
except ImportError:  # pragma: no cover - CPython always has it
    _json_string = _py_json_string
_ARROW_MIN_ROWS = ARROW_MIN_ROWS  # (tests lower these)
_ARROW_LOADED_MIN_ROWS = ARROW_LOADED_MIN_ROWS
_ROWS_PER_WRITE = 1 << 16  # rows formatted and written at a time, so a million rows never sit in memory twice
_NEEDS_QUOTES = re.compile(r'[",\r\n]')


def _quote(field: str) -> str:
    """A field as ``csv.writer`` quotes it (minimal quoting)."""
    return '"' + field.replace('"', '""') + '"' if _NEEDS_QUOTES.search(field) else field


def _text_fields(cells: Sequence[Any], *, few: bool = False) -> list[str]:
    """One text column as CSV fields, exactly as ``csv.writer`` (minimal quoting) would write them.

    Built a column at a time in C-level passes -- ``csv.writer`` spends about 1 µs a field, a third of a
    second per 100,000 rows of five columns.  Text that Excel could run as a formula is prefixed first.
    ``few``: the column repeats a few values (status, reason, band), so each distinct one is made safe once.
    """
    fields = list(cells)
    if None in fields:
        fields = ["" if v is None else v for v in fields]
    if few:
        safe = {v: _quote(csv_safe(v)) for v in set(fields)}
        return fields if all(k is v for k, v in safe.items()) else list(map(safe.__getitem__, fields))
    joined = "\x00" + "\x00".join(fields)
    if RISKY_AFTER_NUL.search(joined):  # as any_risky, on the text already joined
        fields = [csv_safe(v) for v in fields]
        joined = "\x00".join(fields)
    if any(ch in joined for ch in '",\r\n'):  # one memchr each, faster than a regex
        fields = list(map(_quote, fields))
    return fields


def _number_fields(values: Any) -> list[str]:  # a float ndarray (reports import no numpy)
    """Scores as ``csv.writer`` writes floats (``repr``), empty where not scored (NaN).

    Sum scores are whole numbers in a short range: their texts are made once and looked up.
    """
    scored = values[values == values]  # NaN is not equal to itself; array methods only
    whole = (
        scored.size and (scored == scored.round()).all() and -10_000 <= scored.min() <= scored.max() <= 10_000
    )
    if whole:
        low = int(scored.min())
        texts = [repr(float(k)) for k in range(low, int(scored.max()) + 1)]
        texts.append("")  # not scored
        index = (values - low).round()
        index[values != values] = len(texts) - 1
        fields = list(map(texts.__getitem__, index.astype("int64").tolist()))
        if low <= 0:  # a zero may be -0.0, which repr writes with its sign
            for pos in (values == 0).nonzero()[0].tolist():
                fields[pos] = repr(float(values[pos]))
        return fields
    fields = list(map(repr, values.tolist()))
    for pos in (values != values).nonzero()[0].tolist():
        fields[pos] = ""
    return fields


def write_scores_csv(run: ScoreRun, path: str | Path) -> None:
    """The scores as CSV (columns as :func:`score_columns`): UTF-8 with a BOM, CRLF line ends, formula-like
    text prefixed with ``'``.  In a large file, rows are joined by Arrow (:mod:`peerimpact.util.csv_rows`) where
    no field needs quotes or the guard, else here (:func:`_python_rows`); both give the same bytes."""
    header = io.StringIO(newline="")
    csv.writer(header).writerow(run.columns())
    with atomic_output(path, "wb") as fh:
        fh.write(codecs.BOM_UTF8 + header.getvalue().encode("utf-8"))
        arrow = worth_arrow(run.source.n_rows, least=_ARROW_MIN_ROWS, loaded_least=_ARROW_LOADED_MIN_ROWS)
        for start in range(0, run.source.n_rows, _ROWS_PER_WRITE):
            stop = start + _ROWS_PER_WRITE
            body = _arrow_rows(run, start, stop) if arrow else None
            fh.write(_python_rows(run, start, stop).encode("utf-8") if body is None else body)


def _arrow_rows(run: ScoreRun, start: int, stop: int) -> Any | None:
    """Rows ``start:stop`` by :func:`peerimpact.util.csv_rows.csv_rows`, or None when it leaves them to us."""
    utf8 = utf8_of(run.ids)
    ids: Column = (
        ("text", run.ids[start:stop]) if utf8 is None else ("utf8", (utf8[0][start : stop + 1], utf8[1]))
    )
    cols: list[Column] = [ids, ("int", run.source.rows[start:stop])]
    for measure, sc in run.scales.items():
        cols.append(("float", sc.values[start:stop]))
        if sc.scale.bands:
            cols.append(("few", run.bands[measure][start:stop]))
    cols += [("few", run.status[start:stop]), ("few", run.reason[start:stop])]
    return csv_rows(cols, guard=csv_safe, risky=FORMULA_STARTS)


def _python_rows(run: ScoreRun, start: int, stop: int) -> str:
    """Rows ``start:stop`` as CSV text, CRLF after each, a column at a time (see :func:`_text_fields`)."""
    fields = [_text_fields(run.ids[start:stop]), list(map(str, run.source.rows[start:stop]))]
    for measure, sc in run.scales.items():
        fields.append(_number_fields(sc.values[start:stop]))
        if sc.scale.bands:
            fields.append(_text_fields(run.bands[measure][start:stop], few=True))
    fields += [
        _text_fields(run.status[start:stop], few=True),
        _text_fields(run.reason[start:stop], few=True),
    ]
    return "\r\n".join(map(",".join, zip(*fields, strict=True))) + "\r\n"


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _json_texts(cells: Sequence[Any]) -> list[str]:
    """JSON for each value of a text column (``null`` for None), by the json module's C string encoder."""
    if None in cells:
        return ["null" if v is None else _json_string(v) for v in cells]
    return list(map(_json_string, cells))


def _json_rows(run: ScoreRun) -> list[str]:
    """Each row of :meth:`ScoreRun.records` as compact JSON, built a column at a time (same text as
    ``json.dumps(record, ensure_ascii=False)``; NaN scores are ``null``)."""
    keys = run.columns()
    parts: list[list[str]] = [_json_texts(run.ids), list(map(str, run.source.rows))]
    for measure, sc in run.scales.items():
        parts.append(["null" if f == "" else f for f in _number_fields(sc.values)])
        if sc.scale.bands:
            parts.append(_json_texts(run.bands[measure]))
    parts += [_json_texts(run.status), _json_texts(run.reason)]
    template = "{" + ", ".join(f"{_json_string(k)}: %s" for k in keys) + "}"
    return [template % values for values in zip(*parts, strict=True)]


def scores_to_dict(run: ScoreRun, *, rows: bool = True) -> dict[str, Any]:
    """The JSON document ``peerimpact score -o x.json`` writes (schema ``peerimpact.scores/1``)."""
    table = run.source
    return {
        "schema": "peerimpact.scores/1",
        "tool": {"name": "peerimpact", "version": __version__},
        "input": {
            "path": table.path,
            "file": table.file,
            "sheet": table.sheet,
            "layout": table.layout,
            "rows": table.n_rows,
        },
        "id_column": None
        if run.id_column is None
        else {"column": run.id_column.column, "kind": run.id_column.kind, "reason": run.id_column.reason},
        "instruments": [
            {
                "name": u.instrument.name,
                "title": u.instrument.title,
                "version": u.instrument.version,
                "found_by": u.how,
                "columns": {str(k): v for k, v in u.columns.items()},
            }
            for u in run.uses
        ],
        "counts": run.counts,
        "summaries": [{k: _clean(v) for k, v in asdict(s).items()} for s in run.summaries()],
        "rows": [{k: _clean(v) for k, v in r.items()} for r in run.records()] if rows else [],
        "issues": [i.to_dict() for i in run.issues],
    }


_ROWS_SLOT = (
    "\x00rows\x00"  # stands in for the rows while the rest is indented; JSON writes it "\u0000rows\u0000"
)


def write_scores_json(run: ScoreRun, path: str | Path) -> None:
    """The JSON document, indented, with one row per line.

    ``json`` indents only with its pure-Python encoder (about 15 µs a row); the rows are encoded compactly
    by the C encoder instead and put in their place, so the file reads the same and a million rows take
    seconds, not minutes.
    """
    doc = scores_to_dict(run, rows=False)
    doc["rows"] = _ROWS_SLOT
    head = json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False)
    rows = _json_rows(run)
    listed = "[\n  " + ",\n  ".join(rows) + "\n ]" if rows else "[]"
    slot = json.dumps(_ROWS_SLOT)
    assert head.count(slot) == 1
    with atomic_output(path, "w", encoding="utf-8") as fh:
        fh.write(head.replace(slot, listed))
