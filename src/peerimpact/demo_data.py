"""The bundled example data: six survey exports of a fictional school's peer-mentoring programme.

:func:`write_examples` writes them (``peerimpact demo`` calls it before running the pipeline; so does
``examples/make_examples.py``).  Two waves — autumn 2026 (pre) and summer 2027 (post) — of three instruments,
each in a layout schools really send: WEMWBS through Microsoft Forms, the SDQ self-report through Qualtrics
(CSV, three header rows) and SWEMWBS typed into our one-header entry sheet with a comparison group.  The same
pupils answer both waves (linked by e-mail or UPN) with some attrition and a few new joiners; participants
improve a little, so ``compare`` finds something modest.  Each file carries the mess real exports carry —
duplicates, typos, blanks, platform test rows, mistyped UPNs — listed by :func:`deliberate_mess`.

Everything is synthetic: the school "Oakfield" (``oakfield.sch.example``, a domain reserved by RFC 2606),
invented surnames that read as placeholders, UPNs with valid DfE check letters that belong to nobody, IP
addresses from the RFC 5737 documentation ranges.  No item wording is shipped (WEMWBS and SDQ are licensed).

Deterministic: one fixed seed (``numpy.random.default_rng``), fixed workbook dates and fixed zip member
times, so every run writes byte-identical files.  Standard library, numpy and openpyxl only.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["EXAMPLE_FILES", "MessNote", "Pupil", "deliberate_mess", "upn_check_letter", "write_examples"]

SEED = 20260906
#: the files :func:`write_examples` writes, in the order it returns them (pre, post of each instrument)
EXAMPLE_FILES = (
    "wemwbs_autumn_forms.xlsx",
    "wemwbs_summer_forms.xlsx",
    "sdq_autumn_qualtrics.csv",
    "sdq_summer_qualtrics.csv",
    "swemwbs_autumn.xlsx",
    "swemwbs_summer.xlsx",
)
FIVE_LABELS = ("None of the time", "Rarely", "Some of the time", "Often", "All of the time")  # codes 1..5
SDQ_LABELS = ("Not True", "Somewhat True", "Certainly True")  # codes 0..2
SWEMWBS_ITEMS = (1, 2, 3, 6, 7, 9, 11)  # the WEMWBS items that make up SWEMWBS
SDQ_SCALES = {  # difficulty scales and their items (1-based)
    "emotional": (3, 8, 13, 16, 24),
    "conduct": (5, 7, 12, 18, 22),
    "hyperactivity": (2, 10, 15, 21, 25),
    "peer": (6, 11, 14, 19, 23),
}
DOMAIN = "oakfield.sch.example"
_FIXED_TIME = datetime(2026, 9, 1)
_ZIP_TIME = (2026, 9, 1, 0, 0, 0)
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_SDQ_ITEM_MEAN = {"emotional": 0.52, "conduct": 0.30, "hyperactivity": 0.68, "peer": 0.22}
_SDQ_POSITIVE = (7, 11, 14, 21, 25)  # worded positively, reverse-keyed when scored
_SDQ_PROSOCIAL = (1, 4, 9, 17, 20)
_WEMWBS_ITEM_MEAN = (3.2, 3.6, 3.3, 3.4, 3.0, 3.6, 3.5, 3.6, 3.3, 3.5, 3.6, 3.5, 3.7, 3.3)
_NAME_LISTS = {  # first names by the gender a pupil gives (anyone else: a name used for either)
    "Girl": "Ava Amelia Isla Olivia Mia Freya Lily Grace Evie Ella Poppy Sophia Ruby Zoë Maya Aisha Hannah "
    "Chloé Siân Niamh Imogen Leah Esme Fatima Layla",
    "Boy": "Noah Oliver George Arthur Leo Harry Oscar Jack Theo Muhammad Jacob Alfie Finley Ethan Reuben "
    "Rhys Kai Samuel Yusuf Dylan Toby Ibrahim Callum Owen Zain",
    "": "Alex Charlie Sam Jamie Riley Robin Morgan",
    # surnames: invented, and meant to read as placeholders
    "surname": "Sampleton Testwood Demoford Mockridge Exampleby Madeupson Synthwell Fictionley Pretendall "
    "Dummyfield Lorembrook Ipsumworth Trialby Placeholt Inventon Notreal",
}
_NAMES = {key: names.split() for key, names in _NAME_LISTS.items()}
_ASCII = str.maketrans({"ë": "e", "é": "e", "â": "a"})
_GENDERS = ("Girl", "Boy", "Other", "Prefer not to say")
_FEEDERS = (2014, 2051, 2097, 2133, 2210, 3027, 3411)  # invented primary-school numbers in LA 801


@dataclass(frozen=True, slots=True)
class Pupil:
    """One synthetic pupil of the fictional school, with the stable traits that drive every answer."""

    key: int
    name: str
    email: str  # lower case, as the school's accounts hold it
    upn: str
    year: int  # 7..11 in 2026/27
    gender: str
    send: str  # N / K / E (DfE SEN provision codes)
    pupil_premium: bool
    role: str | None  # "Mentor" / "Mentee"; None for the comparison pool
    trait: float  # stable wellbeing, SD units
    other: float  # stable difficulties not explained by wellbeing, SD units

    @property
    def group(self) -> str:
        return "Comparison" if self.role is None else "Participant"


@dataclass(frozen=True, slots=True)
class MessNote:
    """One deliberate problem: where it is (the row a spreadsheet shows), whose it is, and what it is."""

    file: str
    row: int  # header rows counted, as Excel shows it
    pupil: str  # the id as written in the file, "" when there is none
    kind: str  # snake_case token, e.g. "duplicate_submission", "label_typo"
    column: str  # the affected column, "" for the whole row
    what: str


@dataclass(slots=True)
class Table:
    """One file to write: header row(s), data rows (cells as written), and the mess placed in it."""

    name: str
    sheet: str | None  # None: a CSV file
    header: list[list[str]]
    rows: list[list[Any]]
    notes: list[MessNote] = field(default_factory=list)


def upn_check_letter(body: str) -> str:
    """DfE UPN check letter for characters 2-13 (all digits): sum of digit x weight 2..13, mod 23."""
    return _UPN_LETTERS[sum(int(c) * w for c, w in zip(body, range(2, 14), strict=True)) % 23]


def make_roster(rng: np.random.Generator, n_participants: int = 150, n_comparison: int = 110) -> list[Pupil]:
    """The school's pupils: programme participants (mentors Y9-11, mentees Y7-9), then a comparison pool.

    Mentees are picked for lower wellbeing (trait mean -0.3 SD), mentors for higher (+0.3 SD); the comparison
    pool is the rest of the school (mean 0).  Trait variance 0.65 leaves 0.35 to the occasion, so one
    questionnaire taken twice correlates about 0.65: a plausible test-retest over two terms.
    """
    pupils: list[Pupil] = []
    emails: set[str] = set()
    upns: set[str] = set()
    for key in range(n_participants + n_comparison):
        if key >= n_participants:
            role, year, shift = None, int(rng.integers(7, 12)), 0.0
        elif rng.random() < 0.36:
            role, year, shift = "Mentor", int(rng.choice([9, 10, 11], p=[0.25, 0.4, 0.35])), 0.3
        else:
            role, year, shift = "Mentee", int(rng.choice([7, 8, 9], p=[0.45, 0.35, 0.2])), -0.3
        gender = _GENDERS[int(rng.choice(4, p=[0.48, 0.47, 0.02, 0.03]))]
        while True:  # e-mail: first name, surname initial, the year they started Year 7
            first, surname = (
                str(rng.choice(_NAMES.get(gender, _NAMES[""]))),
                str(rng.choice(_NAMES["surname"])),
            )
            local = f"{first.translate(_ASCII).lower()}.{surname[0].lower()}{33 - year}"
            if local not in emails:
                emails.add(local)
                break
        pupils.append(
            Pupil(
                key=key,
                name=f"{first} {surname}",
                email=f"{local}@{DOMAIN}",
                upn=_new_upn(rng, year, upns),
                year=year,
                gender=gender,
                send=str(rng.choice(["N", "K", "E"], p=[0.84, 0.13, 0.03])),
                pupil_premium=bool(rng.random() < 0.27),
                role=role,
                trait=float(rng.normal(shift, 0.65**0.5)),
                other=float(rng.normal()),
            )
        )
    return pupils


def _new_upn(rng: np.random.Generator, year: int, taken: set[str]) -> str:
    """A permanent UPN as given in reception (LA, primary school, year of issue, serial), unique in taken."""
    while True:
        la = 801 if rng.random() < 0.85 else int(rng.choice([802, 803, 806, 866]))
        school = int(rng.choice(_FEEDERS)) if la == 801 else int(rng.integers(2001, 2400))
        body = f"{la:03d}{school:04d}{(2026 - year) % 100:02d}{int(rng.integers(1, 1000)):03d}"
        upn = upn_check_letter(body) + body
        if upn not in taken:
            taken.add(upn)
            return upn


def draw_waves(
    rng: np.random.Generator, pool: list[Pupil], n_pre: int, n_leave: int, n_join: int
) -> tuple[list[Pupil], list[Pupil], list[Pupil]]:
    """Who answers each wave: pre; post = pre minus leavers plus joiners; and the pupils in neither."""
    order = [pool[i] for i in rng.permutation(len(pool))]
    pre = order[:n_pre]
    leavers = {pre[int(i)].key for i in rng.choice(n_pre, n_leave, replace=False)}
    post = [p for p in pre if p.key not in leavers] + order[n_pre : n_pre + n_join]
    return pre, post, order[n_pre + n_join :]


def wellbeing(rng: np.random.Generator, pupils: list[Pupil], post: bool) -> np.ndarray:
    """Wellbeing on one occasion (SD units): trait + occasion noise, plus the programme's effect at post.

    Participants gain 0.25 SD, comparison pupils 0.05 SD: about +1.7 WEMWBS points, d_z near 0.25.
    """
    trait = np.array([p.trait for p in pupils])
    effect = np.array([(0.25 if p.role else 0.05) * post for p in pupils])
    return np.asarray(trait + effect + rng.normal(0.0, 0.35**0.5, len(pupils)))


def wemwbs_codes(rng: np.random.Generator, z: np.ndarray) -> np.ndarray:
    """14 WEMWBS codes 1..5 per pupil: at baseline the total has mean about 48, SD about 8, alpha 0.89."""
    x = np.asarray(_WEMWBS_ITEM_MEAN) + 0.56 * z[:, None] + rng.normal(0.0, 0.66, (len(z), 14))
    return np.clip(np.rint(x), 1, 5).astype(int)


def sdq_codes(rng: np.random.Generator, pupils: list[Pupil], z: np.ndarray) -> np.ndarray:
    """25 SDQ answer codes 0..2 (Not / Somewhat / Certainly True) per pupil, in item order.

    Difficulties rise as wellbeing z falls.  Positively worded items (7, 11, 14, 21, 25) are answered the
    other way round, so that scoring reverses them back.  Total difficulties: mean about 10, SD about 5.5,
    about 78% "close to average" (0-14), the rest in the raised bands — near the UK self-report norms.
    """
    n = len(pupils)
    d = -0.68 * z + 0.83 * (0.8 * np.array([p.other for p in pupils]) + 0.6 * rng.normal(0.0, 1.0, n))
    codes = np.zeros((n, 25), dtype=int)
    for scale, items in SDQ_SCALES.items():
        zk = 0.75 * d + 0.66 * rng.normal(0.0, 1.0, n)
        y = _SDQ_ITEM_MEAN[scale] + 0.40 * zk[:, None] + rng.normal(0.0, 0.5, (n, 5))
        codes[:, [i - 1 for i in items]] = np.clip(np.rint(y), 0, 2)
    y = 1.6 + 0.4 * (-0.3 * d + 0.95 * rng.normal(0.0, 1.0, n))[:, None] + rng.normal(0.0, 0.5, (n, 5))
    codes[:, [i - 1 for i in _SDQ_PROSOCIAL]] = np.clip(np.rint(y), 0, 2)
    positive = [i - 1 for i in _SDQ_POSITIVE]
    codes[:, positive] = 2 - codes[:, positive]
    return codes


def _tables() -> list[Table]:
    """Build the six files in memory, in EXAMPLE_FILES order (each pair from its own seeded generator)."""
    from peerimpact import _demo_layouts  # imported here: _demo_layouts builds on the names above

    roster = make_roster(np.random.default_rng([SEED, 0]))
    tables: list[Table] = []
    for k, make_pair in enumerate(
        (_demo_layouts.forms_pair, _demo_layouts.qualtrics_pair, _demo_layouts.plain_pair)
    ):
        tables.extend(make_pair(np.random.default_rng([SEED, k + 1]), roster))
    return tables


def deliberate_mess() -> list[MessNote]:
    """Every deliberate problem in the example files, file by file in row order (nothing is written)."""
    return [note for table in _tables() for note in sorted(table.notes, key=lambda n: (n.row, n.column))]


def write_examples(out_dir: Path) -> list[Path]:
    """Write the six example files into out_dir (created if missing) and return their paths.

    Existing files of the same names are replaced; nothing else in out_dir is touched.  The bytes are the
    same on every run, on every machine with the same zlib.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in _tables():
        path = out / table.name
        _write_atomic(path, _csv_bytes(table) if table.sheet is None else _xlsx_bytes(table))
        paths.append(path)
    return paths


def _csv_bytes(table: Table) -> bytes:
    """UTF-8 without BOM, CRLF line ends, quoted only where needed — as Qualtrics writes its CSV."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(table.header + table.rows)
    return buf.getvalue().encode("utf-8")


def _xlsx_bytes(table: Table) -> bytes:
    """One-sheet workbook; datetimes as real Excel dates; workbook dates and zip times fixed."""
    from openpyxl import Workbook  # the only openpyxl use: keeps ``import peerimpact.demo_data`` light

    wb = Workbook()
    ws = wb.active
    ws.title = table.sheet
    for row in table.header + table.rows:
        ws.append(row)
    for column in ws.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm:ss"
    for column in ws.iter_cols(max_row=1):
        ws.column_dimensions[column[0].column_letter].width = max(10, min(40, len(str(column[0].value)) + 2))
    wb.properties.creator = "peerimpact example data (synthetic)"
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME  # openpyxl stamps the save time over this: fixed in _fixed_zip
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite an xlsx with every member dated _ZIP_TIME and the core properties' modified date fixed."""
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for member in src.infolist():
            payload = src.read(member.filename)
            if member.filename == "docProps/core.xml":
                payload = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, payload)
            info = zipfile.ZipInfo(member.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, payload)
    return out.getvalue()


def _write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside path, then rename over it, so a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
