"""The programme folder ``peerimpact init`` scaffolds.

:func:`write_programme_folder` writes ``programme.toml`` (commented; three terms of one school year), the
process survey (``process_survey.toml``, a custom instrument), blank entry templates, and an activity log
template with one row per school week.  The example programme (:mod:`peerimpact.demo.programme`) is built
from the same pieces.  Workbooks are saved with fixed dates, so the same folder has the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from peerimpact.governors.programme import ACTIVITY_COLUMNS
from peerimpact.governors.suppression import DEFAULT_THRESHOLD

__all__ = [
    "default_terms",
    "mondays",
    "process_survey_text",
    "programme_toml",
    "save_workbook",
    "write_activity_template",
    "write_process_template",
    "write_programme_folder",
]

_FIXED = datetime(2026, 9, 1)
PROCESS_FILE = "process_survey.toml"
ACTIVITY_FILE = "activity-log.xlsx"

TermSpec = tuple[str, str, date, date]  # key, name, start, end


def default_terms(year: int) -> list[TermSpec]:
    """Autumn, spring and summer of the school year starting in September ``year`` (typical dates: check
    them against the school's own calendar)."""
    return [
        (f"autumn-{year}", f"Autumn {year}", date(year, 9, 2), date(year, 12, 18)),
        (f"spring-{year + 1}", f"Spring {year + 1}", date(year + 1, 1, 5), date(year + 1, 3, 26)),
        (f"summer-{year + 1}", f"Summer {year + 1}", date(year + 1, 4, 12), date(year + 1, 7, 21)),
    ]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def programme_toml(
    *,
    name: str,
    school: str,
    report_for: str,
    terms: Sequence[TermSpec],
    files: dict[str, dict[str, Any]] | None = None,
    analysis: dict[str, Any] | None = None,
    targets: dict[str, float] | None = None,
    next_steps: Sequence[str] = (),
) -> str:
    """The text of a commented ``programme.toml``; ``files[term key]`` gives each term's files (with a
    ``surveys`` table), else the keys are written commented out for the user to fill in.  ``targets`` and
    ``next_steps`` (SPEC §6.1) are written when given, else shown commented out with what each key means."""
    a = {
        "suppression_threshold": DEFAULT_THRESHOLD,
        "group_columns": [],
        "comparison_column": "",
        "primary": "",
        "measures": [],
    }
    a |= analysis or {}

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, list):
            return "[" + ", ".join(_q(x) for x in v) + "]"
        return _q(v) if isinstance(v, str) else str(v)

    lines = [
        "# peerimpact programme file: `peerimpact report --config programme.toml [--term KEY]` reads it.",
        "# Paths are relative to this folder, written with / (also on Windows). Dates are YYYY-MM-DD. Text goes in quotes.",
        "format_version = 1",
        "",
        "[programme]",
        f"name = {_q(name)}",
        f"school = {_q(school)}",
        f"report_for = {_q(report_for)}        # who the governors' report is for",
        'prepared_by = "Senior Mental Health Lead"',
        "# Next steps for the governors' report, printed as written (no pupil names)"
        + ("" if next_steps else ", e.g."),
        *(
            ["next_steps = [", *(f"  {_q(x)}," for x in next_steps), "]"]
            if next_steps
            else [
                '# next_steps = ["Book the summer supervision dates", "Publicise self-referral in Year 10"]'
            ]
        ),
        "",
        "[analysis]",
        "# Counts of pupils below this are shown as 'fewer than 5' (tables: c), with secondary suppression.",
        f"suppression_threshold = {a['suppression_threshold']}",
        '# Exploratory breakdowns: column headings in the survey files, e.g. ["Year group"].',
        f"group_columns = {value(a['group_columns'])}",
        "# Mentors and mentees are reported apart (never pooled): the survey column saying each pupil's role,",
        '# e.g. "Role", with the values meaning each role in [analysis.roles] below (any case).',
        f"role_column = {value(a.get('role_column', ''))}",
        "# Or, without roles: a column saying who took part and who is a comparison pupil (Participant,",
        "# Comparison). Give role_column or comparison_column, not both.",
        f"comparison_column = {value(a['comparison_column'])}",
        '# The one outcome decided on in advance, e.g. "swemwbs.metric" (others are adjusted, Holm).',
        f"primary = {value(a['primary'])}",
        "# The outcomes governors see, in this order, the same every term ([] = every questionnaire score).",
        f"measures = {value(a['measures'])}",
        "selected_low = false              # true if pupils were picked because of low scores",
        f"process_instrument = {_q(PROCESS_FILE)}   # the feedback survey's questionnaire",
        "",
        "[analysis.roles]                  # which values of role_column mean what (needs role_column)",
        'mentor = ["Mentor", "Peer mentor", "Ambassador"]',
        'mentee = ["Mentee"]',
        'comparison = ["Comparison", "Control"]   # pupils who did not take part',
        "",
        *_targets_lines(targets),
    ]
    if not a.get("role_column"):  # roles need a role column: commented out until there is one
        at = lines.index(
            "[analysis.roles]                  # which values of role_column mean what (needs role_column)"
        )
        lines[at : at + 4] = ["# " + x for x in lines[at : at + 4]]
    for key, tname, start, end in terms:
        lines += [
            f"[terms.{key}]",
            f"name = {_q(tname)}",
            f"start = {start.isoformat()}",
            f"end = {end.isoformat()}",
        ]
        f = (files or {}).get(key)
        if f is None:
            lines += [
                f'# attendance = "data/attendance_{key}.csv"     # MIS attendance export for the term',
                '# behaviour = "data/behaviour.xlsx"              # behaviour log (may cover every term)',
                f'activity_log = "{ACTIVITY_FILE}"                # one log for the year: rows are picked by date',
                f'# process_survey = "data/process_{key}.xlsx"    # feedback survey (end of the programme)',
                "",
                f"[terms.{key}.surveys]",
                "# One line per questionnaire: a short label, then the export. The same label pairs surveys",
                "# across terms, e.g.",
                f'# wellbeing = "data/swemwbs_{key}.xlsx"',
                "",
            ]
            continue
        lines += [f"{k} = {_q(str(v))}" for k, v in f.items() if k != "surveys"]
        lines += ["", f"[terms.{key}.surveys]"] + [
            f"{k} = {_q(str(v))}" for k, v in f.get("surveys", {}).items()
        ]
        lines.append("")
    return "\n".join(lines)


#: ``[targets]`` keys with what each is compared with (the report's "Targets and next steps")
_TARGET_DOCS: tuple[tuple[str, str, str], ...] = (
    ("mentees", "40", "pupils mentored so far (activity log: new mentees)"),
    ("mentors", "12", "peer mentors so far"),
    ("sessions", "300", "mentoring sessions held so far"),
    ("sessions_per_mentee", "6", "sessions held so far ÷ pupils mentored so far"),
    ("mentors_trained", "12", "mentors who have completed training so far"),
    ("supervision_delivered", "0.9", "share of this term's planned supervision sessions held (0–1)"),
    ("self_referral_share", "0.3", "share of this term's referrals that were self-referrals (0–1)"),
)


def _targets_lines(targets: dict[str, float] | None) -> list[str]:
    """The ``[targets]`` table: the given targets, or every key commented out with what it means."""
    lines = [
        "# Targets (success criteria): each is shown as met or not met in the governors' report; a figure",
        "# equal to its target meets it. Numbers count the programme so far; shares (0–1) this term.",
        "[targets]" if targets else "# [targets]",
    ]
    for key, example, what in _TARGET_DOCS:
        if targets and key in targets:
            v = targets[key]
            lines.append(f"{key} = {int(v) if float(v).is_integer() else v}    # {what}")
        elif not targets:
            lines.append(f"# {key} = {example}    # {what}")
    return [*lines, ""]


def mondays(terms: Iterable[TermSpec]) -> list[date]:
    out = []
    for _, _, start, end in terms:
        d = start - timedelta(days=start.weekday())
        while d <= end:
            out.append(d)
            d += timedelta(days=7)
    return out


def save_workbook(wb: Any, path: Path) -> None:
    """Save an openpyxl workbook atomically with fixed document and zip-entry times (same bytes every run)."""
    import re
    import zipfile

    from peerimpact.util.files import write_atomic

    wb.properties.creator = "peerimpact"
    wb.properties.created = wb.properties.modified = _FIXED
    raw = io.BytesIO()
    wb.save(raw)
    buf = io.BytesIO()
    stamp = _FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for member in src.infolist():
            data = src.read(member.filename)
            if member.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the time of saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            dst.writestr(
                zipfile.ZipInfo(member.filename, date_time=(2026, 9, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )

    def write(tmp: Path) -> None:
        tmp.write_bytes(buf.getvalue())

    write_atomic(path, write)


def write_activity_template(
    path: str | Path, terms: Sequence[TermSpec], rows: Sequence[Sequence[int | None]] | None = None
) -> Path:
    """The activity log: one row per school week (its Monday) of the ``terms``, count columns blank (or
    ``rows``, one list of counts per week), whole-number validation, and a sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Activity log"
    ws.append([h for _, h, _ in ACTIVITY_COLUMNS])
    for j in range(1, len(ACTIVITY_COLUMNS) + 1):
        cell = ws.cell(row=1, column=j)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        ws.column_dimensions[get_column_letter(j)].width = 14 if j == 1 else 17
    ws.row_dimensions[1].height = 45
    for c in ws[1]:
        c.alignment = Alignment(wrap_text=True, vertical="top")
    weeks = mondays(terms)
    for i, monday in enumerate(weeks):
        counts = list(rows[i]) if rows is not None and i < len(rows) else [None] * (len(ACTIVITY_COLUMNS) - 1)
        ws.append([monday, *counts])
        ws.cell(row=i + 2, column=1).number_format = "dd/mm/yyyy"
    ws.freeze_panes = "B2"
    dv = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        error="Type a whole number of 0 or more (a count).",
    )
    dv.add(f"B2:{get_column_letter(len(ACTIVITY_COLUMNS))}{len(weeks) + 200}")
    ws.add_data_validation(dv)
    info = wb.create_sheet("How to fill this in")
    info.append(["Column", "What to enter"])
    for _, heading, what in ACTIVITY_COLUMNS:
        info.append([heading, what])
    for line in (
        "",
        "One row per week (or add a row per session: every column is a count, so rows add up).",
        "Leave a cell empty for 0. Never write pupils' names here: counts only.",
        "peerimpact adds up the rows dated inside each term of programme.toml.",
    ):
        info.append([line])
    info.column_dimensions["A"].width = 32
    info.column_dimensions["B"].width = 90
    info["A1"].font = info["B1"].font = Font(bold=True)
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    save_workbook(wb, p)
    return p


def _process_instrument() -> Any:
    from peerimpact.instruments.load import load_instrument_file

    ref = resources.files("peerimpact.governors").joinpath(f"templates/{PROCESS_FILE}")
    with resources.as_file(ref) as real:
        return load_instrument_file(real)


def write_process_template(path: str | Path, answers: Sequence[Sequence[Any]] | None = None) -> Path:
    """The feedback survey's entry sheet: Role (Mentor / Mentee) and process_1 … process_6 with drop-downs;
    no name or id column (the survey can be anonymous).  ``answers`` fills rows (for the example)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    ins = _process_instrument()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Responses"
    ws.append(["Role", *(f"process_{i}" for i in range(1, ins.n_items + 1))])
    for c in ws[1]:
        c.font, c.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for row in answers or ():
        ws.append(list(row))
    labels = ",".join(label for label, _ in ins.options)
    for formula, ref in (('"Mentor,Mentee"', "A2:A1000"), (f'"{labels}"', "B2:G1000")):
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)
        dv.add(ref)
        ws.add_data_validation(dv)
    ws.column_dimensions["A"].width = 12
    info = wb.create_sheet("Instructions")
    for line in (
        ins.title,
        "One row per pupil; no names. Role: Mentor or Mentee. Then the six statements, in this order:",
        "1 I am glad I took part in the peer-support programme.",
        "2 The sessions were a good use of my time.",
        "3 Because of the programme I feel more able to sort out problems myself.",
        "4 I feel I can make a difference to how things go for me at school.",
        "5 I know what I can do, or who I can go to, when things get difficult.",
        "6 I would recommend the programme to a friend.",
        f"Answers: {', '.join(label for label, _ in ins.options)}.",
        "These answers are a process indicator (how pupils found the programme), never evidence of impact.",
    ):
        info.append([line])
    info.column_dimensions["A"].width = 100
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    save_workbook(wb, p)
    return p


def write_programme_folder(
    directory: str | Path,
    *,
    name: str = "Peer mentoring",
    school: str = "Our school",
    report_for: str = "The governing board",
    year: int | None = None,
    instruments: Sequence[str] = ("swemwbs",),
) -> list[Path]:
    """Scaffold a programme folder (``peerimpact init``); existing files are left as they are.  Returns
    the files written."""
    from peerimpact.instruments.load import load_builtin
    from peerimpact.instruments.template import write_entry_template

    root = Path(directory)
    if year is None:
        today = date.today()
        year = today.year if today.month >= 8 else today.year - 1
    terms = default_terms(year)
    (root / "data").mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def fresh(p: Path) -> bool:
        return not p.exists()

    toml = root / "programme.toml"
    if fresh(toml):
        toml.write_text(programme_toml(name=name, school=school, report_for=report_for, terms=terms), "utf-8")
        written.append(toml)
    proc = root / PROCESS_FILE
    if fresh(proc):
        proc.write_text(
            process_survey_text(),
            "utf-8",
        )
        written.append(proc)
    if fresh(root / ACTIVITY_FILE):
        written.append(write_activity_template(root / ACTIVITY_FILE, terms))
    for ins_name in instruments:
        out = root / "templates" / f"{ins_name}-entry.xlsx"
        if fresh(out):
            out.parent.mkdir(parents=True, exist_ok=True)
            write_entry_template(load_builtin(ins_name), out)
            written.append(out)
    if fresh(root / "templates" / "process-survey-entry.xlsx"):
        written.append(write_process_template(root / "templates" / "process-survey-entry.xlsx"))
    return written


def process_survey_text() -> str:
    """The process survey's instrument file (``templates/process_survey.toml``), as shipped."""
    return resources.files("peerimpact.governors").joinpath(f"templates/{PROCESS_FILE}").read_text("utf-8")
