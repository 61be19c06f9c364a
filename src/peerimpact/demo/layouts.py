"""The three export layouts of the example data, each with the mess real exports carry.

Private helper of :mod:`peerimpact.demo.surveys`: given the school's roster and a seeded generator, each
``*_pair`` function returns the autumn (pre) and summer (post) :class:`~peerimpact.demo.surveys.Table` of one
instrument.  Every deliberate problem is recorded as a ``MessNote`` naming the row a spreadsheet shows, so
that the README, the tests and ``peerimpact validate`` can be checked against each other.  Random draws
happen in a fixed order: changing one layout never changes another (each pair has its own generator).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from peerimpact.demo.roster import (
    FIVE_LABELS,
    SDQ_LABELS,
    SDQ_SCALES,
    SWEMWBS_ITEMS,
    MessNote,
    Pupil,
    Table,
    draw_waves,
    sdq_codes,
    wellbeing,
    wemwbs_codes,
)

__all__ = ["FORMS_HEADER", "PLAIN_HEADER", "QUALTRICS_TAGS", "forms_pair", "plain_pair", "qualtrics_pair"]


@dataclass(slots=True)
class _Response:
    """One submission while a file is being built: whose, when, the answers as written, the id as typed."""

    pupil: Pupil | None
    answers: list[Any]
    ident: str
    start: datetime = datetime(2026, 9, 1)
    end: datetime = datetime(2026, 9, 1)
    kinds: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, column, what)
    extra: dict[str, Any] = field(default_factory=dict)


def _times(
    rng: np.random.Generator, first_day: date, n: int, minutes: tuple[int, int], span: int = 12
) -> list[tuple[datetime, datetime]]:
    """(start, end) per response over span days (two school weeks): mostly tutor time (08:40-09:10)."""
    days = [first_day + timedelta(days=d) for d in range(span)]
    days = [d for d in days if d.weekday() < 5]
    out = []
    for _ in range(n):
        day = days[int(rng.integers(len(days)))]
        lo, hi = (520, 550) if rng.random() < 0.7 else (555, 900)
        start = datetime(day.year, day.month, day.day) + timedelta(
            minutes=int(rng.integers(lo, hi)), seconds=int(rng.integers(60))
        )
        out.append((start, start + timedelta(seconds=int(rng.integers(minutes[0] * 60, minutes[1] * 60)))))
    return out


def _pick(rng: np.random.Generator, n: int, used: set[int], k: int) -> list[int]:
    """k distinct positions below n not used yet (then marked used), in ascending order."""
    free = [c for c in range(n) if c not in used]
    chosen = [free[int(i)] for i in sorted(rng.choice(len(free), k, replace=False))]
    used.update(chosen)
    return chosen


def _place(rng: np.random.Generator, answers: list[Any], label: str | None, text: Any) -> int:
    """Write text over one answer equal to label (any answer when none is, or label is None); its index."""
    hits = [j for j, a in enumerate(answers) if a == label] or list(range(len(answers)))
    j = hits[int(rng.integers(len(hits)))]
    answers[j] = text
    return j


def _notes(name: str, rs: list[_Response], first_row: int) -> list[MessNote]:
    """The responses' mess as notes, rows as a spreadsheet shows them; duplicates name the row to keep."""
    row_of = {id(r): first_row + pos for pos, r in enumerate(rs)}
    notes = []
    for pos, r in enumerate(rs):
        for kind, column, what in r.kinds:
            if "later" in r.extra:
                what += f"; keep the later one, row {row_of[id(r.extra['later'])]}"
            notes.append(MessNote(name, first_row + pos, r.ident, kind, column, what))
    return notes


# --- Microsoft Forms: WEMWBS, participants only, by school e-mail -----------------------------------------

FORMS_HEADER = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Year group"]
FORMS_HEADER += ["Gender", "Are you a peer mentor or a mentee?"]
FORMS_HEADER += [f"Wellbeing statement {i}" for i in range(1, 15)]
_TME, _RARLEY = ("Some of the time", "Some of the tme"), ("Rarely", "Rarley")
_OFTEN, _ALL = ("Often", "often "), ("All of the time", "ALL OF THE TIME")
_FORMS_MESS: dict[str, dict[str, Any]] = {
    "autumn": {
        "labels": [_TME, _TME, _RARLEY, _OFTEN, _OFTEN, _ALL],
        "blanks": (1, 1, 1, 2, 5),
        "duplicates": (True, True, False, False),  # does the earlier submission have blanks?
        "email_case": 0,
    },
    "summer": {
        "labels": [_TME, _RARLEY, _OFTEN, _ALL],
        "blanks": (1, 1, 5),
        "duplicates": (True, False, False),
        "email_case": 5,
    },
}


def forms_pair(rng: np.random.Generator, roster: list[Pupil]) -> tuple[Table, Table]:
    """WEMWBS through Microsoft Forms, autumn 2026 and summer 2027: participants, identified by e-mail."""
    pre, post, spare = draw_waves(rng, [p for p in roster if p.role], 110, 15, 7)
    in_pre = {p.key for p in pre}
    tables = []
    for wave, pupils, first_day, anonymous in (
        ("autumn", pre, date(2026, 10, 5), spare[0]),
        ("summer", post, date(2027, 6, 7), spare[1]),
    ):
        mess = _FORMS_MESS[wave]
        codes = wemwbs_codes(rng, wellbeing(rng, [*pupils, anonymous], post=wave == "summer"))
        times = _times(rng, first_day, len(pupils) + 1, (2, 8))
        rs = [
            _Response(p, [FIVE_LABELS[c - 1] for c in codes[i]], p.email, *times[i])
            for i, p in enumerate([*pupils, anonymous])
        ]
        rs[-1].ident = ""
        rs[-1].kinds.append(("anonymous", "Email", "no e-mail or name (anonymous response)"))
        n, used = len(pupils), set[int]()
        for with_blanks, i in zip(
            mess["duplicates"], _pick(rng, n, used, len(mess["duplicates"])), strict=True
        ):
            rs.append(_forms_earlier(rng, rs[i], with_blanks))
        for (label, text), i in zip(mess["labels"], _pick(rng, n, used, len(mess["labels"])), strict=True):
            j = _place(rng, rs[i].answers, label, text)
            kind = "label_variant" if text.strip().lower() == label.lower() else "label_typo"
            rs[i].kinds.append((kind, FORMS_HEADER[9 + j], f"{text!r} typed for {label!r}"))
        for k, i in zip(mess["blanks"], _pick(rng, n, used, len(mess["blanks"])), strict=True):
            items = sorted(int(j) for j in rng.choice(14, k, replace=False))
            for j in items:
                rs[i].answers[j] = None
            listed = ", ".join(str(j + 1) for j in items)
            rs[i].kinds.append(("missing_answers", "", f"{k} blank: statement{'s' * (k > 1)} {listed}"))
        for i in _pick(
            rng, n, used | {i for i, p in enumerate(pupils) if p.key not in in_pre}, mess["email_case"]
        ):
            rs[i].ident = _capitalise_email(rs[i].ident)
            rs[i].kinds.append(("email_case", "Email", "e-mail in a different case from autumn"))
        rs.sort(key=lambda r: r.end)
        rows = []
        for pos, r in enumerate(rs):
            p = r.pupil
            named = [r.ident, p.name] if (r.ident and p) else [None, None]
            about = [f"Year {p.year}", p.gender, p.role] if p else [None] * 3
            rows.append([pos + 1, r.start, r.end, *named, None, *about, *r.answers])
        name = f"wemwbs_{wave}_forms.xlsx"
        tables.append(Table(name, "Form1", [FORMS_HEADER], rows, _notes(name, rs, 2)))
    return tables[0], tables[1]


def _forms_earlier(rng: np.random.Generator, later: _Response, with_blanks: bool) -> _Response:
    """An earlier submission by the same pupil: three answers differ, and either blanks or an earlier day."""
    answers = list(later.answers)
    for j in rng.choice(14, 3, replace=False):
        answers[j] = FIVE_LABELS[min(max(FIVE_LABELS.index(answers[j]) + int(rng.choice([-1, 1])), 0), 4)]
    if with_blanks:  # gave up part way, submitted, then did it properly a few minutes later
        cut = int(rng.integers(7, 11))
        answers[cut:] = [None] * (14 - cut)
        what = f"duplicate submission, earlier and incomplete (statements {cut + 1}-14 blank)"
        gap = timedelta(minutes=int(rng.integers(4, 15)))
    else:
        what = "duplicate submission, earlier and complete"
        gap = timedelta(days=int(rng.integers(1, 3)), minutes=int(rng.integers(0, 60)))
    r = _Response(later.pupil, answers, later.ident, later.start - gap, later.end - gap)
    r.kinds.append(("duplicate_submission", "", what))
    r.extra["later"] = later
    return r


def _capitalise_email(email: str) -> str:
    """ava.k23@oakfield.sch.example -> Ava.K23@Oakfield.sch.example, as a pupil might type it."""
    local, domain = email.split("@")
    head, _, rest = domain.partition(".")
    return ".".join(part.capitalize() for part in local.split(".")) + f"@{head.capitalize()}.{rest}"


# --- Qualtrics: SDQ self-report 11-17, participants only, by typed UPN --------------------------------------

_Q_META = "StartDate EndDate Status IPAddress Progress Duration_(in_seconds) Finished RecordedDate ResponseId"
_Q_META += " RecipientLastName RecipientFirstName RecipientEmail ExternalReference LocationLatitude"
_Q_META += " LocationLongitude DistributionChannel UserLanguage"
QUALTRICS_TAGS = [t.replace("_", " ") for t in _Q_META.split()] + ["Q1", "Q2", "Q3"]
QUALTRICS_TAGS += [f"Q4_{i}" for i in range(1, 26)]
_Q_TEXT = "Start Date,End Date,Response Type,IP Address,Progress,Duration (in seconds),Finished,Recorded Date"
_Q_TEXT += ",Response ID,Recipient Last Name,Recipient First Name,Recipient Email,External Data Reference"
_Q_TEXT += ",Location Latitude,Location Longitude,Distribution Channel,User Language"
_Q_QUESTIONS = [  # our own wording: the SDQ's items and instructions are Youthinmind's copyright
    "What is your UPN (on your planner)?",
    "Which year group are you in? (If you’re not sure, ask your tutor.)",
    "How would you describe your gender?",
] + [f"How true is each statement for you, over the last few months? - SDQ item {i}" for i in range(1, 26)]
_Q_IMPORT = "startDate endDate status ipAddress progress duration finished recordedDate _recordId"
_Q_IMPORT += " recipientLastName recipientFirstName recipientEmail externalDataReference locationLatitude"
_Q_IMPORT += " locationLongitude distributionChannel userLanguage QID1_TEXT QID2 QID3"
_Q_CODES = {"normal": 0, "preview": 1, "test": 2, "spam": 8}
_Q_TEXTS = {"normal": "IP Address", "preview": "Survey Preview", "test": "Survey Test", "spam": "Spam"}
_Q_MESS: dict[str, dict[str, Any]] = {
    "autumn": {"platform": ("preview", "test"), "unfinished": (9, 15), "missing": ((13,), (2, 10, 15))},
    "summer": {"platform": ("preview", "spam"), "unfinished": (11, 16), "missing": ((6, 19), (22,))},
}  # unfinished: SDQ items answered before leaving; missing: items left blank in one response each
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _qualtrics_header() -> list[list[str]]:
    zoned = {"startDate", "endDate", "recordedDate"}
    imports = [
        f'{{"ImportId":"{i}","timeZone":"Europe/London"}}' if i in zoned else f'{{"ImportId":"{i}"}}'
        for i in _Q_IMPORT.split()
    ]
    imports += [f'{{"ImportId":"QID4_{i}"}}' for i in range(1, 26)]
    return [QUALTRICS_TAGS, _Q_TEXT.split(",") + _Q_QUESTIONS, imports]


def qualtrics_pair(rng: np.random.Generator, roster: list[Pupil]) -> tuple[Table, Table]:
    """SDQ self-report through Qualtrics (CSV, 3 header rows), autumn and summer, by the UPN pupils type.

    Status and Finished are numeric codes in autumn (0/1/2/8, 1/0) and choice text in summer ("IP Address",
    "Survey Preview", "Spam"; True/False), the two ways Qualtrics exports them.
    """
    pre, post, _ = draw_waves(rng, [p for p in roster if p.role], 100, 13, 6)
    both = {p.key for p in pre} & {p.key for p in post}
    tables = []
    for wave, pupils, first_day in (("autumn", pre, date(2026, 10, 5)), ("summer", post, date(2027, 6, 7))):
        mess = _Q_MESS[wave]
        codes = sdq_codes(rng, pupils, wellbeing(rng, pupils, post=wave == "summer"))
        times = _times(rng, first_day, len(pupils), (3, 10))
        rs = [_Response(p, [SDQ_LABELS[c] for c in codes[i]], p.upn, *times[i]) for i, p in enumerate(pupils)]
        n, used = len(pupils), set[int]()
        (i,) = _pick(rng, n, used, 1)  # did it twice: in tutor time, and again in a PSHE lesson days later
        steps = rng.choice([-1, 0, 0, 1], 25)
        shifted = [
            SDQ_LABELS[min(2, max(0, SDQ_LABELS.index(a) + int(d)))]
            for a, d in zip(rs[i].answers, steps, strict=True)
        ]
        gap = timedelta(days=int(rng.integers(1, 4)))
        rs.append(_Response(rs[i].pupil, shifted, rs[i].ident, rs[i].start - gap, rs[i].end - gap))
        rs[-1].kinds.append(("duplicate_submission", "", "duplicate submission by UPN, earlier and complete"))
        rs[-1].extra["later"] = rs[i]
        for k, i in zip(mess["unfinished"], _pick(rng, n, used, 2), strict=True):
            r = rs[i]
            r.answers[k:] = [None] * (25 - k)
            r.end = r.start + (r.end - r.start) * (3 + k) // 28
            r.extra.update(
                progress=round(100 * (3 + k) / 28), finished=False, recorded=r.end + timedelta(days=7)
            )
            what = f"unfinished (Finished 0, Progress {r.extra['progress']}): SDQ items {k + 1}-25 blank"
            r.kinds.append(("unfinished_response", "Finished", what))
        for items, i in zip(mess["missing"], _pick(rng, n, used, 2), strict=True):
            rs[i].kinds.append(("missing_answers", "", _sdq_blanks(rs[i].answers, items)))
        # a mistyped UPN, by a pupil who answers both waves, so that it costs a match
        (i,) = _pick(rng, n, used | {i for i, p in enumerate(pupils) if p.key not in both}, 1)
        r = rs[i]
        if wave == "autumn":  # two serial digits swapped while typing: the check letter no longer fits
            j = next(j for j in (11, 10, 9, 8, 7) if r.ident[j] != r.ident[j + 1])
            r.ident = r.ident[:j] + r.ident[j + 1] + r.ident[j] + r.ident[j + 2 :]
            r.kinds.append(
                ("invalid_upn", "Q1", f"wrong check letter: two digits of {pupils[i].upn} swapped")
            )
        else:
            r.ident = f"{r.ident[0].lower()}{r.ident[1:4]} {r.ident[4:]}"
            r.kinds.append(("upn_format", "Q1", "UPN typed in lower case with a space"))
        for kind in mess["platform"]:  # staff preview and generated tests come before the launch; spam during
            day = first_day - timedelta(days=3) if kind != "spam" else first_day + timedelta(days=1)
            ((s, e),) = _times(rng, day, 1, (1, 4), span=1)
            ident = {"preview": "test", "test": "Lorem ipsum dolor sit amet", "spam": "qwertyuiop"}[kind]
            rs.append(_Response(None, [SDQ_LABELS[int(c)] for c in rng.integers(0, 3, 25)], ident, s, e))
            rs[-1].extra["status"] = kind
            what = f"platform row, Status {_Q_CODES[kind]} ({_Q_TEXTS[kind]}): not a pupil's response"
            rs[-1].kinds.append(("survey_" + kind if kind != "spam" else "spam", "Status", what))
        rs.sort(key=lambda r: r.extra.get("recorded", r.end))
        rows = [_qualtrics_row(rng, r, numeric=wave == "autumn") for r in rs]
        name = f"sdq_{wave}_qualtrics.csv"
        tables.append(Table(name, None, _qualtrics_header(), rows, _notes(name, rs, 4)))
    return tables[0], tables[1]


def _sdq_blanks(answers: list[Any], items: tuple[int, ...]) -> str:
    """Blank the items and say which scoring rule that exercises (prorating, or a scale not scorable)."""
    if items == (13,):  # the other four emotional items sum to 2: prorated 2 x 5/4 = 2.5, half up to 3
        for item, code in ((3, 1), (8, 1), (16, 0), (24, 0)):
            answers[item - 1] = SDQ_LABELS[code]
    for item in items:
        answers[item - 1] = None
    scale = next(s for s, its in SDQ_SCALES.items() if items[0] in its)
    rule = (
        f"{scale} prorated from {5 - len(items)}"
        if len(items) < 3
        else f"{scale} not scorable (3 of 5 blank)"
    )
    rule += " (2 x 5/4 = 2.5, rounds half up to 3)" if items == (13,) else ""
    return f"SDQ item{'s' * (len(items) > 1)} {', '.join(map(str, items))} blank: {rule}"


def _qualtrics_row(rng: np.random.Generator, r: _Response, numeric: bool) -> list[str]:
    """One CSV record: the 17 platform columns, then UPN, year, gender and the 25 SDQ answers."""
    status = r.extra.get("status", "normal")
    finished = r.extra.get("finished", True)
    recorded = r.extra.get("recorded", r.end + timedelta(seconds=int(rng.integers(0, 3))))
    ip = "203.0.113.17" if rng.random() < 0.9 else f"198.51.100.{int(rng.integers(2, 250))}"
    meta = [
        f"{r.start:%Y-%m-%d %H:%M:%S}",
        f"{r.end:%Y-%m-%d %H:%M:%S}",
        str(_Q_CODES[status]) if numeric else _Q_TEXTS[status],
        ip,
        str(r.extra.get("progress", 100)),
        str(int((r.end - r.start).total_seconds())),
        str(int(finished)) if numeric else str(finished),
        f"{recorded:%Y-%m-%d %H:%M:%S}",
        "R_" + "".join(_ALNUM[int(k)] for k in rng.integers(0, len(_ALNUM), 15)),
        *[""] * 4,  # recipient names, e-mail, external reference: an anonymous link has none
        "51.4545",
        "-2.5879",
        {"preview": "preview", "test": "test"}.get(status, "anonymous"),
        "EN-GB",
    ]
    p = r.pupil
    about = [f"Year {p.year}", p.gender] if p else [f"Year {int(rng.integers(7, 12))}", "Prefer not to say"]
    return [*meta, r.ident, *about, *(a or "" for a in r.answers)]


# --- plain table (our entry template): SWEMWBS, participants and a comparison group, by UPN ----------------

PLAIN_HEADER = ["UPN", "Year group", "SEND", "Pupil premium", "Group", "Role"] + [
    f"swemwbs_{i}" for i in range(1, 8)
]
_ABOUT = PLAIN_HEADER.index("Role") + 1  # the columns before the answers
_PLAIN_CELLS = (
    ("out_of_range_code", None, 6, "6 typed (codes run 1-5)"),
    ("numeric_code", "Often", 4, "code 4 typed as a number for 'Often'"),
    ("not_applicable", None, "n/a", "'n/a' typed"),
)


def plain_pair(rng: np.random.Generator, roster: list[Pupil]) -> tuple[Table, Table]:
    """SWEMWBS typed by the school into a one-header sheet: participants and comparison pupils, by UPN.

    About 60% participants, 40% comparison; rows in year-group order, as paper forms come back by tutor group.
    """
    part = draw_waves(rng, [p for p in roster if p.role], 80, 10, 4)
    comp = draw_waves(rng, [p for p in roster if not p.role], 54, 8, 3)
    tables = []
    for w, wave in enumerate(("autumn", "summer")):
        pupils = part[w] + comp[w]
        pupils = [
            pupils[int(i)] for i in np.lexsort((rng.random(len(pupils)), np.array([p.year for p in pupils])))
        ]
        codes = wemwbs_codes(rng, wellbeing(rng, [*pupils, part[2][w]], post=w == 1))
        rs = [
            _Response(p, [FIVE_LABELS[codes[i, k - 1] - 1] for k in SWEMWBS_ITEMS], p.upn)
            for i, p in enumerate([*pupils, part[2][w]])
        ]
        blank = rs.pop()
        n, used = len(rs), set[int]()
        for (kind, label, value, what), i in zip(_PLAIN_CELLS, _pick(rng, n, used, 3), strict=True):
            j = _place(rng, rs[i].answers, label, value)
            rs[i].kinds.append((kind, PLAIN_HEADER[_ABOUT + j], what))
        (i,) = _pick(rng, n, used, 1)
        again = _Response(rs[i].pupil, list(rs[i].answers), rs[i].ident)
        if wave == "summer":  # the second entry differs in one answer
            j = int(rng.integers(7))
            again.answers[j] = FIVE_LABELS[(FIVE_LABELS.index(again.answers[j]) + 1) % 5]
        rs.insert(int(rng.integers(min(i + 2, n), n + 1)), again)
        rs[i].kinds.append(("duplicate_submission", "UPN", "UPN entered twice"))
        rs[i].extra["later"] = again
        blank.ident = ""
        blank.kinds.append(("missing_id", "UPN", "answers typed without a UPN"))
        rs.insert(int(rng.integers(1, len(rs))), blank)
        rows = []
        for r in rs:
            p = r.pupil
            about = (
                [p.year, p.send, "Y" if p.pupil_premium else "N", p.group, p.role or "Comparison"]
                if p
                else [None] * (_ABOUT - 1)
            )
            rows.append([r.ident or None, *about, *r.answers])
        name = f"swemwbs_{wave}.xlsx"
        tables.append(Table(name, "Responses", [PLAIN_HEADER], rows, _notes(name, rs, 2)))
    return tables[0], tables[1]
