"""``programme.toml`` → :class:`Programme`: the terms, their dates and data files, and who the report is for.

One file per programme, beside its data; every path in it is relative to its folder.  A mistake in it is a
*definition* error: :func:`load_programme` raises :class:`~peerimpact.issues.PeerimpactError` naming the
file, the line and the key, and saying what to do (``programme_file_invalid``, ``programme_file_missing``,
``programme_file_wrong_format``, ``unknown_term``, ``term_dates_overlap``).  Unknown keys are errors too, so
a misspelt ``suppresion_threshold`` cannot silently fall back to a default.  ``peerimpact init`` writes a
commented example (:mod:`peerimpact.demo.programme`).

The activity log (:func:`read_activity_log`, in :mod:`peerimpact.governors.activity_log`) is the programme's own record: one row per week (or per
session) of counts — sessions held, new mentees and mentors, referrals, supervision planned and delivered,
training completed.  Its columns are :data:`ACTIVITY_COLUMNS`; it holds no pupil names or ids.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path, PureWindowsPath
from typing import Any

from peerimpact.governors.activity_log import ACTIVITY_COLUMNS, ActivitySummary, read_activity_log
from peerimpact.governors.programme_keys import (
    DEFAULT_ROLES,
    ROLE_NAMES,
    TARGETS,
    BadKey,
    check_known,
    get_key,
    positive,
    read_date,
    read_roles,
    read_targets,
    strings,
)
from peerimpact.governors.suppression import DEFAULT_THRESHOLD
from peerimpact.governors.toml_text import WINDOWS_PATHS, deepest_line, escape_hint, line_of, read_text
from peerimpact.issues import Issue, PeerimpactError, make_issue

__all__ = [
    "ACTIVITY_COLUMNS",
    "DEFAULT_ROLES",
    "FORMAT_VERSION",
    "ROLE_NAMES",
    "TARGETS",
    "ActivitySummary",
    "Programme",
    "Term",
    "load_programme",
    "read_activity_log",
]

FORMAT_VERSION = 1
_TERM_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_SPREADSHEETS = ("attendance", "behaviour", "activity_log", "process_survey")
_TOP = {"format_version", "programme", "analysis", "terms", "targets"}
_PROGRAMME = {"name", "school", "report_for", "prepared_by", "next_steps"}
_ANALYSIS = {
    "suppression_threshold",
    "group_columns",
    "comparison_column",
    "id_column",
    "primary",
    "measures",
    "selected_low",
    "alpha",
    "baseline",
    "process_instrument",
    "min_sessions",
    "role_column",
    "roles",
}
_TERM = {"name", "start", "end", "surveys", *_SPREADSHEETS}


@dataclass(frozen=True, slots=True)
class Term:
    """One term: ``key`` (the ``[terms.KEY]`` table, used by ``--term`` and in file names), its dates
    (first and last school day) and its files; ``surveys`` maps a short label to a survey export, and the
    same label pairs a survey across terms."""

    key: str
    name: str
    start: date
    end: date
    surveys: dict[str, Path] = field(default_factory=dict)
    attendance: Path | None = None
    behaviour: Path | None = None
    activity_log: Path | None = None
    process_survey: Path | None = None

    @property
    def has_data(self) -> bool:
        return bool(self.surveys) or any(getattr(self, k) for k in _SPREADSHEETS)


@dataclass(frozen=True, slots=True)
class Programme:
    """A programme folder's settings, as ``programme.toml`` gives them (terms in date order)."""

    path: Path
    name: str
    school: str
    report_for: str
    terms: tuple[Term, ...]
    prepared_by: str = ""
    threshold: int = DEFAULT_THRESHOLD
    group_columns: tuple[str, ...] = ()
    comparison_column: str | None = None
    id_column: str | None = None
    primary: str | None = None
    measures: tuple[str, ...] = ()
    selected_low: bool = False
    alpha: float = 0.05
    baseline: str = ""
    process_instrument: Path | None = None
    min_sessions: int = 20
    role_column: str | None = None
    #: role ("mentee", "mentor", "comparison") -> the values of ``role_column`` meaning it (case-folded)
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    targets: dict[str, float] = field(default_factory=dict)
    next_steps: tuple[str, ...] = ()
    notes: tuple[Issue, ...] = ()  # warnings met while reading (e.g. data files outside the folder)

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def reports_folder(self) -> Path:
        return self.folder / "reports"

    @property
    def baseline_term(self) -> Term:
        return self.term(self.baseline) if self.baseline else self.terms[0]

    def term(self, name: str | None = None) -> Term:
        """The term whose key or name is ``name`` (any case); by default the last term with data files."""
        if name is None:
            with_data = [t for t in self.terms if t.has_data]
            return with_data[-1] if with_data else self.terms[-1]
        wanted = name.strip().casefold()
        for t in self.terms:
            if wanted in (t.key.casefold(), t.name.casefold()):
                return t
        known = ", ".join(f"{t.key} ({t.name})" for t in self.terms)
        raise PeerimpactError(
            make_issue("unknown_term", f"{name!r}; the terms are {known}", file=self.path.name, value=name)
        )

    def terms_until(self, term: Term) -> list[Term]:
        """The terms from the first to ``term``, in date order."""
        return [t for t in self.terms if t.start <= term.start]

    def error(self, code: str, key: str, detail: str) -> PeerimpactError:
        """A located error about ``key`` of this programme.toml (for problems found while reporting)."""
        try:  # read as load_programme read it (UTF-16 from Notepad too)
            row = line_of(read_text(self.path), key)
        except PeerimpactError:
            row = None
        return PeerimpactError(make_issue(code, f"key {key}: {detail}", file=self.path.name, row=row))

    def role_of(self, value: object) -> str | None:
        """The role ("mentee", "mentor", "comparison") a ``role_column`` cell means, or None (blank or not
        listed in ``[analysis.roles]``); case and surrounding spaces are ignored."""
        text = " ".join(str(value).split()).casefold() if value is not None else ""
        return next((r for r, values in self.roles.items() if text and text in values), None)

    def inputs(self) -> list[Path]:
        """Every file the programme reads (outputs must never replace one)."""
        files = [self.path, *([self.process_instrument] if self.process_instrument else [])]
        for t in self.terms:
            files += list(t.surveys.values())
            files += [getattr(t, k) for k in _SPREADSHEETS if getattr(t, k) is not None]
        return files


def _file(folder: Path, d: dict[str, Any], key: str, where: str) -> Path | None:
    v = get_key(d, key, str, where, "")
    if not v.strip():
        return None
    p = Path(v.strip()).expanduser()
    p = p if p.is_absolute() else folder / p
    if not p.is_file() and "\\" in v and not PureWindowsPath(v.strip()).drive:  # 'data\x.csv' from Windows
        p = folder / PureWindowsPath(v.strip()).as_posix()
    if not p.is_file():
        what = (
            "is a folder, not a file"
            if p.is_dir()
            else "is not a saved file (a pipe or device)"
            if p.exists()
            else f"does not exist (looked for {p})"
        )
        if any(c in v for c in "\t\n\r\b\f"):  # "C:\temp\new.csv": \t and \n were read as a tab, a new line
            what = f"does not exist: TOML read a \\t or \\n in it as a tab or a new line; {WINDOWS_PATHS}"
        raise BadKey(f"{where}{key}", f"{v!r} {what}", "programme_file_missing")
    return p


def _outside(path: Path, text: str, prog: Programme) -> tuple[Issue, ...]:
    """A warning for each data file outside the programme's folder (``../../…`` or another drive): the
    report reads it, but a programme folder copied or shared should hold its own data, and a path climbing
    out of it is worth a second look."""
    folder = path.parent.resolve()
    named: list[tuple[str, Path]] = []
    for t in prog.terms:
        named += [(f"terms.{t.key}.surveys.{label}", p) for label, p in t.surveys.items()]
        named += [(f"terms.{t.key}.{k}", getattr(t, k)) for k in _SPREADSHEETS if getattr(t, k) is not None]
    if prog.process_instrument is not None:
        named.append(("analysis.process_instrument", prog.process_instrument))
    notes = []
    for key, p in named:
        real = p.resolve()
        if folder not in real.parents:
            notes.append(
                make_issue(
                    "data_outside_folder",
                    f"key {key}: {real} is outside the programme's folder ({folder}); check it is the file "
                    "you meant, or move it into the folder's data/",
                    file=path.name,
                    row=line_of(text, key),
                    value=str(real),
                )
            )
    return tuple(notes)


def _spreadsheet(path: Path, key: str) -> None:
    """Magic-byte check that a data file is a spreadsheet or CSV export (not a PDF, image, archive …)."""
    from peerimpact.readers.sniff import sniff_kind

    try:
        sniff_kind(str(path), path.name)
    except PeerimpactError as exc:
        raise BadKey(key, exc.issue.message, "programme_file_wrong_format") from None


def _term(folder: Path, key: str, raw: Any) -> Term:
    where = f"terms.{key}."
    if not isinstance(raw, dict):
        raise BadKey(f"terms.{key}", "must be a table: [terms.autumn-2026] with name, start, end and files")
    if not _TERM_KEY.match(key):
        raise BadKey(
            f"terms.{key}", "use lower-case letters, digits and '-' only in a term's key, e.g. autumn-2026"
        )
    check_known(raw, _TERM, where)
    start, end = read_date(raw, "start", where), read_date(raw, "end", where)
    if end < start:
        raise BadKey(f"{where}end", f"{end} is before the start, {start}", "term_dates_overlap")
    surveys: dict[str, Path] = {}
    for label, _ in get_key(raw, "surveys", dict, where, {}).items():
        p = _file(folder, raw["surveys"], label, f"{where}surveys.")
        if p is not None:
            _spreadsheet(p, f"{where}surveys.{label}")
            surveys[label] = p
    files = {k: _file(folder, raw, k, where) for k in _SPREADSHEETS}
    for k, p in files.items():
        if p is not None:
            _spreadsheet(p, f"{where}{k}")
    return Term(
        key=key,
        name=get_key(raw, "name", str, where, key).strip() or key,
        start=start,
        end=end,
        surveys=surveys,
        **files,
    )


def _parse(path: Path, data: dict[str, Any]) -> Programme:
    folder = path.parent
    check_known(data, _TOP, "")
    version = get_key(data, "format_version", int, "", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise BadKey(
            "format_version", f"is {version}; this peerimpact reads format_version = {FORMAT_VERSION}"
        )
    prog = get_key(data, "programme", dict, "")
    check_known(prog, _PROGRAMME, "programme.")
    an = get_key(data, "analysis", dict, "", {})
    check_known(an, _ANALYSIS, "analysis.")
    raw_terms = get_key(data, "terms", dict, "")
    if not raw_terms:
        raise BadKey("terms", "needs at least one term: [terms.autumn-2026] with name, start and end")
    terms = sorted((_term(folder, k, v) for k, v in raw_terms.items()), key=lambda t: t.start)
    for a, b in pairwise(terms):
        if b.start <= a.end:
            raise BadKey(
                f"terms.{b.key}.start",
                f"{b.name} starts on {b.start}, before {a.name} ends ({a.end})",
                "term_dates_overlap",
            )
    threshold = get_key(an, "suppression_threshold", int, "analysis.", DEFAULT_THRESHOLD)
    if threshold < 2:
        raise BadKey("analysis.suppression_threshold", "must be 2 or more (the usual value is 5)")
    alpha = get_key(an, "alpha", float, "analysis.", 0.05)
    if not 0 < alpha <= 0.5:
        raise BadKey("analysis.alpha", "must be between 0 and 0.5 (the usual value is 0.05)")
    baseline = get_key(an, "baseline", str, "analysis.", "").strip()
    base = next((t.key for t in terms if baseline.casefold() in (t.key, t.name.casefold())), "")
    if baseline and not base:
        known = ", ".join(t.key for t in terms)
        raise BadKey("analysis.baseline", f"{baseline!r} is not one of the terms ({known})", "unknown_term")
    instrument = _file(folder, an, "process_instrument", "analysis.")
    if instrument is not None:
        from peerimpact.instruments.load import load_instrument_file

        try:
            load_instrument_file(instrument)
        except PeerimpactError as exc:
            raise BadKey(
                "analysis.process_instrument", exc.issue.message, "programme_file_wrong_format"
            ) from None

    def text(d: dict[str, Any], k: str, where: str) -> str | None:
        v = get_key(d, k, str, where, "").strip()
        return v or None

    role_column = text(an, "role_column", "analysis.")
    if role_column and text(an, "comparison_column", "analysis."):
        raise BadKey(
            "analysis.comparison_column",
            "give role_column or comparison_column, not both: list the comparison values under "
            "[analysis.roles] comparison = [...]",
        )

    return Programme(
        path=path,
        name=get_key(prog, "name", str, "programme.").strip(),
        school=get_key(prog, "school", str, "programme.").strip(),
        report_for=get_key(prog, "report_for", str, "programme.", "The governing board").strip(),
        prepared_by=get_key(prog, "prepared_by", str, "programme.", "").strip(),
        terms=tuple(terms),
        threshold=threshold,
        group_columns=strings(an, "group_columns", "analysis."),
        comparison_column=text(an, "comparison_column", "analysis."),
        id_column=text(an, "id_column", "analysis."),
        primary=text(an, "primary", "analysis."),
        measures=strings(an, "measures", "analysis."),
        selected_low=get_key(an, "selected_low", bool, "analysis.", False),
        alpha=alpha,
        baseline=base,
        process_instrument=instrument,
        min_sessions=positive(an, "min_sessions", 20),
        role_column=role_column,
        roles=read_roles(an, role_column),
        targets=read_targets(get_key(data, "targets", dict, "", {})),
        next_steps=strings(prog, "next_steps", "programme."),
    )


def load_programme(path: str | Path) -> Programme:
    """Read and check ``programme.toml``; every problem is a PeerimpactError naming the line and key.

    Examples
    --------
    >>> prog = load_programme("oakfield/programme.toml")   # doctest: +SKIP
    >>> [t.key for t in prog.terms]                          # doctest: +SKIP
    ['autumn-2026', 'spring-2027', 'summer-2027']
    """
    p = Path(path).expanduser().resolve()
    if not p.is_file():
        what = "is not a saved file (a folder, pipe or device)" if p.exists() else "does not exist"
        raise PeerimpactError(
            make_issue("programme_file_missing", f"{path} {what}", file=p.name, value=str(path))
        )
    text = read_text(p)
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise PeerimpactError(
            make_issue(
                "programme_file_invalid",
                "it nests lists or tables too deeply to be a programme file",
                file=p.name,
                row=deepest_line(text),
            )
        ) from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise PeerimpactError(
            make_issue(
                "programme_file_invalid",
                f"it is not valid TOML ({exc}); "
                + (escape_hint(text, str(exc)) or "check quotes, '=' and [brackets] on that line"),
                file=p.name,
                row=int(line[1]) if line else None,
            )
        ) from None
    try:
        prog = _parse(p, data)
        notes = _outside(p, text, prog)
        return dataclasses.replace(prog, notes=notes) if notes else prog
    except BadKey as bad:
        raise PeerimpactError(
            make_issue(bad.code, f"key {bad.key}: {bad.problem}", file=p.name, row=line_of(text, bad.key))
        ) from None
