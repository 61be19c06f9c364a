"""The bundled example data: deterministic, readable, synthetic, and carrying exactly the documented mess.

The files are read back here with openpyxl and the csv module, and the UPN check letter is computed by this
file's own implementation of the DfE rule, so that nothing is checked against the code that wrote it.  The
expected counts are the ones examples/README.md documents.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import zipfile
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from peerimpact.demo.surveys import EXAMPLE_FILES, deliberate_mess, write_examples

LABELS = ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]
SDQ = ["Not True", "Somewhat True", "Certainly True"]
REPO = Path(__file__).resolve().parent.parent


def dfe_check_letter(upn: str) -> str:
    """DfE UPN guidance: digits 2-13 times weights 2-13, sum mod 23, letters without I, O and S."""
    return "ABCDEFGHJKLMNPQRTUVWXYZ"[sum(int(upn[k - 1]) * k for k in range(2, 14)) % 23]


def upn_ok(upn: str) -> bool:
    return len(upn) == 13 and upn[1:].isdigit() and upn[0] == dfe_check_letter(upn)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("examples")
    paths = write_examples(folder)
    assert [p.name for p in paths] == list(EXAMPLE_FILES)
    return folder


def sheet(path: Path) -> tuple[str, list[Any], list[tuple[Any, ...]]]:
    wb = openpyxl.load_workbook(path)
    assert len(wb.sheetnames) == 1
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    return ws.title, list(rows[0]), rows[1:]


def qualtrics(path: Path) -> tuple[list[list[str]], list[list[str]]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # current Qualtrics CSV: UTF-8 without BOM
    records = list(csv.reader(raw.decode("utf-8").splitlines()))
    return records[:3], records[3:]


# --- determinism and files --------------------------------------------------------------------------------


def test_two_runs_are_byte_identical(out: Path, tmp_path: Path) -> None:
    again = write_examples(tmp_path)
    for path in again:
        assert path.read_bytes() == (out / path.name).read_bytes(), path.name


def test_xlsx_members_and_properties_have_fixed_dates(out: Path) -> None:
    for name in EXAMPLE_FILES:
        if name.endswith(".xlsx"):
            with zipfile.ZipFile(out / name) as zf:
                assert {info.date_time for info in zf.infolist()} == {(2026, 9, 1, 0, 0, 0)}
                core = zf.read("docProps/core.xml").decode()
            assert ">2026-09-01T00:00:00Z</dcterms:modified>" in core
            assert ">2026-09-01T00:00:00Z</dcterms:created>" in core


def test_files_are_small_and_open(out: Path) -> None:
    for name in EXAMPLE_FILES:
        assert (out / name).stat().st_size < 100_000, name
    assert sheet(out / "wemwbs_autumn_forms.xlsx")[0] == "Form1"
    assert sheet(out / "swemwbs_summer.xlsx")[0] == "Responses"
    header, data = qualtrics(out / "sdq_summer_qualtrics.csv")
    assert len({len(r) for r in header + data}) == 1  # every record as wide as the header
    assert header[0][:3] == ["StartDate", "EndDate", "Status"] and header[0][-1] == "Q4_25"
    assert json.loads(header[2][0]) == {"ImportId": "startDate", "timeZone": "Europe/London"}
    assert json.loads(header[2][-1]) == {"ImportId": "QID4_25"}
    assert header[1][17] == "What is your UPN (on your planner)?"
    assert header[1][-1].endswith(" - SDQ item 25")


def test_importing_writes_nothing_and_needs_no_pandas(tmp_path: Path) -> None:
    code = "import sys, peerimpact.demo.surveys; assert 'pandas' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_committed_examples_are_current(out: Path) -> None:
    """examples/data/ must be what write_examples writes (xlsx compared member by member, unzipped)."""
    committed = REPO / "examples" / "data"
    if not committed.is_dir():
        pytest.skip("examples/data/ not present (installed package)")
    for name in EXAMPLE_FILES:
        fresh, kept = out / name, committed / name
        if name.endswith(".csv"):
            assert kept.read_bytes() == fresh.read_bytes(), f"rerun python examples/make_examples.py ({name})"
        else:
            with zipfile.ZipFile(fresh) as a, zipfile.ZipFile(kept) as b:
                assert a.namelist() == b.namelist()
                for member in a.namelist():
                    assert a.read(member) == b.read(member), (
                        f"rerun python examples/make_examples.py ({name})"
                    )


# --- synthetic and plausible --------------------------------------------------------------------------------


def test_dfe_vectors() -> None:
    assert upn_ok("H801200001001") and upn_ok("B801200005001")
    assert not upn_ok("Z801200001001") and not upn_ok("A801200005001")


def test_upns_valid_except_the_deliberate_ones(out: Path) -> None:
    bad = []
    for name in ("sdq_autumn_qualtrics.csv", "sdq_summer_qualtrics.csv"):
        _, data = qualtrics(out / name)
        bad += [(name, r[17]) for r in data if r[2] in ("0", "IP Address") and not upn_ok(r[17])]
    for name in ("swemwbs_autumn.xlsx", "swemwbs_summer.xlsx"):
        _, _, rows = sheet(out / name)
        bad += [(name, r[0]) for r in rows if r[0] is not None and not upn_ok(r[0])]
    assert len(bad) == 2
    (f1, swapped), (f2, spaced) = sorted(bad)
    assert f1 == "sdq_autumn_qualtrics.csv" and swapped[1:].isdigit() and swapped[0].isupper()  # wrong letter
    assert f2 == "sdq_summer_qualtrics.csv" and spaced[0].islower() and " " in spaced
    assert upn_ok(spaced.replace(" ", "").upper())  # only the typing is wrong


def test_names_and_emails_are_obviously_synthetic(out: Path) -> None:
    for name in ("wemwbs_autumn_forms.xlsx", "wemwbs_summer_forms.xlsx"):
        _, _, rows = sheet(out / name)
        emails = [r[3] for r in rows if r[3]]
        assert all(e.lower().endswith("@oakfield.sch.example") for e in emails)  # RFC 2606 reserved domain
        assert all(r[4] is None or r[4].split()[-1] in SURNAMES for r in rows)


SURNAMES = {
    "Sampleton",
    "Testwood",
    "Demoford",
    "Mockridge",
    "Exampleby",
    "Madeupson",
    "Synthwell",
    "Fictionley",
}
SURNAMES |= {
    "Pretendall",
    "Dummyfield",
    "Lorembrook",
    "Ipsumworth",
    "Trialby",
    "Placeholt",
    "Inventon",
    "Notreal",
}


def test_wemwbs_baseline_is_plausible(out: Path) -> None:
    _, _, rows = sheet(out / "wemwbs_autumn_forms.xlsx")
    totals = [sum(LABELS.index(a) + 1 for a in r[9:]) for r in rows if all(a in LABELS for a in r[9:])]
    mean = sum(totals) / len(totals)
    sd = (sum((t - mean) ** 2 for t in totals) / (len(totals) - 1)) ** 0.5
    assert 45 < mean < 51 and 6.5 < sd < 10


def test_sdq_profiles_are_plausible(out: Path) -> None:
    _, data = qualtrics(out / "sdq_autumn_qualtrics.csv")
    complete = [[SDQ.index(a) for a in r[20:45]] for r in data if r[2] == "0" and all(r[20:45])]
    positive = [7, 11, 14, 21, 25]
    prosocial = [1, 4, 9, 17, 20]
    difficulty = [i for i in range(1, 26) if i not in positive and i not in prosocial]

    def mean(items: list[int]) -> float:
        return sum(c[i - 1] for c in complete for i in items) / (len(complete) * len(items))

    assert mean(positive) > 1.0 > 0.7 > mean(difficulty)  # answered the other way round
    totals = [sum(c[i - 1] for i in difficulty) + sum(2 - c[i - 1] for i in positive) for c in complete]
    close_to_average = sum(t <= 14 for t in totals) / len(totals)
    assert 0.6 < close_to_average < 0.9  # most pupils close to average, some raised


# --- the documented mess ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "n_pupils", "dups", "typos", "variants", "blank_rows", "case"),
    [
        ("wemwbs_autumn_forms.xlsx", 110, 4, {"Some of the tme": 2, "Rarley": 1}, 3, [1, 1, 1, 2, 5], 0),
        ("wemwbs_summer_forms.xlsx", 102, 3, {"Some of the tme": 1, "Rarley": 1}, 2, [1, 1, 5], 5),
    ],
)
def test_forms_mess(
    out: Path,
    name: str,
    n_pupils: int,
    dups: int,
    typos: dict[str, int],
    variants: int,
    blank_rows: list[int],
    case: int,
) -> None:
    _, header, rows = sheet(out / name)
    assert header[:6] == ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]
    assert header[9:] == [f"Wellbeing statement {i}" for i in range(1, 15)]
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert all(isinstance(r[1], datetime) and isinstance(r[2], datetime) and r[1] < r[2] for r in rows)
    assert len(rows) == n_pupils + dups + 1
    assert sum(1 for r in rows if r[3] is None and r[4] is None) == 1  # the anonymous response
    by_email: dict[str, list[tuple[Any, ...]]] = {}
    for r in rows:
        if r[3]:
            by_email.setdefault(r[3].lower(), []).append(r)
    assert len(by_email) == n_pupils
    twice = [rs for rs in by_email.values() if len(rs) > 1]
    assert len(twice) == dups and all(len(rs) == 2 for rs in twice)
    for earlier, later in (sorted(rs, key=lambda r: r[2]) for rs in twice):
        assert all(a in LABELS for a in later[9:])  # the later one is complete and clean
        assert None in earlier[9:] or earlier[2] < later[2]
    earlier_rows = {id(sorted(rs, key=lambda r: r[2])[0]) for rs in twice}
    cells = Counter(a for r in rows for a in r[9:])
    accepted = {label.lower() for label in LABELS}  # a case- and space-insensitive match accepts the rest
    assert {k: v for k, v in cells.items() if k is not None and k.strip().lower() not in accepted} == typos
    assert cells["often "] + cells["ALL OF THE TIME"] == variants
    assert (
        sorted(r[9:].count(None) for r in rows if None in r[9:] and id(r) not in earlier_rows) == blank_rows
    )
    assert sum(1 for r in rows if r[3] and r[3] != r[3].lower()) == case


@pytest.mark.parametrize(
    ("name", "statuses", "finished_no", "progress"),
    [
        ("sdq_autumn_qualtrics.csv", {"0": 101, "1": 1, "2": 1}, "0", [43, 64]),
        ("sdq_summer_qualtrics.csv", {"IP Address": 94, "Survey Preview": 1, "Spam": 1}, "False", [50, 68]),
    ],
)
def test_qualtrics_mess(
    out: Path, name: str, statuses: dict[str, int], finished_no: str, progress: list[int]
) -> None:
    _, data = qualtrics(out / name)
    assert dict(Counter(r[2] for r in data)) == statuses
    assert all(r[8].startswith("R_") and len(r[8]) == 17 and r[8][2:].isalnum() for r in data)
    unfinished = [r for r in data if r[6] == finished_no]
    assert sorted(int(r[4]) for r in unfinished) == progress
    for r in unfinished:  # answered from the start, left part way: the later items are blank
        answered = [bool(a) for a in r[20:45]]
        assert answered == sorted(answered, reverse=True) and not answered[-1]
    pupils = [r for r in data if r[2] in ("0", "IP Address") and r[6] != finished_no]
    ids = Counter(r[17].replace(" ", "").upper() for r in data if r[2] in ("0", "IP Address"))
    assert sum(n - 1 for n in ids.values()) == 1  # one duplicate submission by UPN
    gaps = sorted(tuple(i + 1 for i, a in enumerate(r[20:45]) if not a) for r in pupils if not all(r[20:45]))
    assert gaps == ([(2, 10, 15), (13,)] if "autumn" in name else [(6, 19), (22,)])


@pytest.mark.parametrize(
    ("name", "n_pupils", "participants"), [("swemwbs_autumn.xlsx", 134, 80), ("swemwbs_summer.xlsx", 123, 74)]
)
def test_plain_mess(out: Path, name: str, n_pupils: int, participants: int) -> None:
    _, header, rows = sheet(out / name)
    assert header == ["UPN", "Year group", "SEND", "Pupil premium", "Group", "Role"] + [
        f"swemwbs_{i}" for i in range(1, 8)
    ]
    assert len(rows) == n_pupils + 2
    cells = Counter(a for r in rows for a in r[6:])
    assert cells[6] == 1 and cells[4] == 1 and cells["n/a"] == 1
    assert set(cells) - set(LABELS) == {6, 4, "n/a"}
    upns = Counter(r[0] for r in rows)
    assert upns[None] == 1 and sum(n - 1 for u, n in upns.items() if u) == 1
    groups = Counter(r[4] for r in {r[0]: r for r in rows if r[0]}.values())
    assert groups == {"Participant": participants, "Comparison": n_pupils - participants}
    assert {r[2] for r in rows} <= {"N", "K", "E"} and {r[3] for r in rows} == {"Y", "N"}


def _ids(path: Path) -> set[str]:
    """Pupil ids as the SPEC normalises them: e-mails case-folded; UPNs upper-cased, spaces removed."""
    if path.suffix == ".csv":
        _, data = qualtrics(path)
        return {r[17].replace(" ", "").upper() for r in data if r[2] in ("0", "IP Address")}
    _, header, rows = sheet(path)
    if header[0] == "ID":
        return {r[3].strip().casefold() for r in rows if r[3]}
    return {r[0].replace(" ", "").upper() for r in rows if r[0]}


@pytest.mark.parametrize(
    ("pre", "post", "counts"),
    [
        ("wemwbs_autumn_forms.xlsx", "wemwbs_summer_forms.xlsx", (110, 102, 95)),
        ("sdq_autumn_qualtrics.csv", "sdq_summer_qualtrics.csv", (100, 93, 86)),
        ("swemwbs_autumn.xlsx", "swemwbs_summer.xlsx", (134, 123, 116)),
    ],
)
def test_pupil_counts(out: Path, pre: str, post: str, counts: tuple[int, int, int]) -> None:
    a, b = _ids(out / pre), _ids(out / post)
    assert (len(a), len(b), len(a & b)) == counts


def test_mess_notes_point_at_real_rows(out: Path) -> None:
    notes = deliberate_mess()
    kinds = Counter((n.file, n.kind) for n in notes)
    assert kinds[("wemwbs_autumn_forms.xlsx", "duplicate_submission")] == 4
    assert kinds[("sdq_autumn_qualtrics.csv", "invalid_upn")] == 1
    assert kinds[("swemwbs_summer.xlsx", "missing_id")] == 1
    assert kinds[("sdq_summer_qualtrics.csv", "unfinished_response")] == 2
    per_file = Counter(n.file for n in notes)
    assert [per_file[name] for name in EXAMPLE_FILES] == [16, 16, 8, 8, 5, 5]
    for n in notes:
        if n.file.endswith(".csv"):
            _, data = qualtrics(out / n.file)
            assert data[n.row - 4][17] == n.pupil  # data start on line 4, after the 3 header rows
            assert n.column in ("", "Status", "Finished", "Q1")
        else:
            _, header, rows = sheet(out / n.file)
            cells = rows[n.row - 2]  # data start on Excel row 2
            assert (cells[3] if header[0] == "ID" else cells[0]) == (n.pupil or None)
            assert n.column in ("", *header)


def test_readme_lists_every_deliberate_problem() -> None:
    """examples/README.md names the row and the pupil of every MessNote, in that file's section."""
    readme = REPO / "examples" / "README.md"
    if not readme.is_file():
        pytest.skip("examples/README.md not present (installed package)")
    text = readme.read_text(encoding="utf-8")
    for n in deliberate_mess():
        section = text.split(f"### `{n.file}`")[1].split("\n### ")[0]
        assert re.search(rf"(?<!\d){n.row}(?!\d)", section), (n.file, n.row)
        assert n.pupil.split("@")[0] in section, (n.file, n.pupil)


def test_reading_age_examples_are_the_committed_files_with_the_documented_mess(tmp_path: Path) -> None:
    """examples/README.md: 40 mentees in each file, the 6th mentee's summer reading age is 'absent' (line 7);
    the committed files are what the generator writes (byte for byte)."""
    from peerimpact.demo.evaluator_examples import EVALUATOR_EXAMPLE_FILES, write_evaluator_examples

    paths = write_evaluator_examples(tmp_path)
    assert [p.name for p in paths] == list(EVALUATOR_EXAMPLE_FILES)
    for p in paths:
        assert p.read_bytes() == (REPO / "examples" / "data" / p.name).read_bytes()
    autumn = list(csv.reader(paths[0].read_text(encoding="utf-8").splitlines()))
    summer = list(csv.reader(paths[1].read_text(encoding="utf-8").splitlines()))
    assert autumn[0] == ["UPN", "Year group", "Reading age"]
    assert summer[0] == ["UPN", "Reading age", "Sessions attended"]
    assert len(autumn) == len(summer) == 41
    assert [r[0] for r in autumn[1:]] == [r[0] for r in summer[1:]] and all(upn_ok(r[0]) for r in autumn[1:])
    not_numbers = [
        (line, r[1]) for line, r in enumerate(summer[1:], start=2) if not re.fullmatch(r"\d+\.\d", r[1])
    ]
    assert not_numbers == [(7, "absent")]
    assert all(0 <= int(r[2]) <= 12 for r in summer[1:])
