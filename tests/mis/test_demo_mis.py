"""The MIS example files: deterministic, linked to the survey examples, carrying exactly the planted mess.

The files are read back with the csv module and openpyxl and counted here with this file's own code
categories, so that nothing is checked only against the code that wrote it; then the readers are run on them
and must find the planted mess, row for row.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest

from peerimpact.demo.mis import MIS_EXAMPLE_FILES, mis_mess, write_mis_examples
from peerimpact.demo.school import MIS_TERMS
from peerimpact.demo.surveys import EXAMPLE_FILES, write_examples
from peerimpact.mis.attendance import looks_like_attendance, read_attendance
from peerimpact.mis.behaviour import looks_like_behaviour, read_behaviour
from peerimpact.readers import read_export

REPO = Path(__file__).resolve().parents[2]
PRESENT, AEA, AUTH, UNAUTH = (
    set("/\\L"),
    set("KVPWB"),
    {"I", "M", "C", "R", "H", "C1", "J1", "S", "T", "E", "C2"},
    set("OGNU"),
)
PLACEHOLDERS = set(
    [
        "Sampleton",
        "Testwood",
        "Demoford",
        "Mockridge",
        "Exampleby",
        "Madeupson",
        "Synthwell",
        "Fictionley",
        "Pretendall",
        "Dummyfield",
        "Lorembrook",
        "Ipsumworth",
        "Trialby",
        "Placeholt",
        "Inventon",
        "Notreal",
        "Newjoinerson",
    ]
)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mis")
    assert [p.name for p in write_mis_examples(folder)] == list(MIS_EXAMPLE_FILES)
    return folder


@pytest.fixture(scope="module")
def mess() -> list[Any]:
    return mis_mess()


def rows_of(path: Path) -> list[dict[str, Any]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f))
    ws = openpyxl.load_workbook(path).active
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_the_same_bytes_every_time(out: Path, tmp_path: Path) -> None:
    write_mis_examples(tmp_path)
    for name in MIS_EXAMPLE_FILES:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_committed_examples_are_current(out: Path) -> None:
    committed = REPO / "examples" / "data"
    if not (committed / MIS_EXAMPLE_FILES[0]).is_file():
        pytest.skip("MIS examples not committed in examples/data/")
    for name in MIS_EXAMPLE_FILES:
        assert (committed / name).read_bytes() == (out / name).read_bytes(), (
            f"rerun write_mis_examples ({name})"
        )


def test_importing_writes_nothing(tmp_path: Path) -> None:
    code = "import sys, peerimpact.demo.mis; assert 'pandas' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_headings_as_each_mis_writes_them(out: Path) -> None:
    first = {name: list(rows_of(out / name)[0]) for name in MIS_EXAMPLE_FILES}
    assert first["attendance_autumn_sims.csv"][:4] == ["UPN", "Surname", "Forename", "Reg Group"]
    assert "Attendance %" in first["attendance_summer_sims.csv"]
    assert (
        first["attendance_autumn_arbor.xlsx"][0] == "Student UPN"
        and "Possible Marks" in first["attendance_autumn_arbor.xlsx"]
    )
    assert first["register_autumn_year7.csv"] == ["UPN", "Date", "Session", "Mark"]
    assert first["behaviour_events.xlsx"] == ["UPN", "Date", "Type", "Polarity", "Points", "Staff", "Comment"]
    assert (out / "attendance_autumn_sims.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_names_are_synthetic_placeholders(out: Path) -> None:
    for term in MIS_TERMS:
        surnames = {r["Surname"] for r in rows_of(out / f"attendance_{term}_sims.csv")}
        assert surnames <= PLACEHOLDERS
    comments = {r["Comment"] for r in rows_of(out / "behaviour_events.xlsx")}
    assert all(
        "synthetic" in c.lower() or "placeholder" in c.lower() or "stock" in c.lower() for c in comments
    )


def test_the_planted_mess_is_listed(mess: list[Any]) -> None:
    got = Counter((n.file, n.kind) for n in mess)
    assert got == {
        ("(all MIS files)", "not_in_mis"): 3,
        ("attendance_autumn_sims.csv", "short_enrolment"): 1,
        ("attendance_autumn_sims.csv", "possible_sessions_zero"): 1,
        ("attendance_autumn_sims.csv", "negative_count"): 1,
        ("attendance_autumn_sims.csv", "attendance_mismatch"): 1,
        ("attendance_summer_sims.csv", "short_enrolment"): 1,
        ("attendance_summer_sims.csv", "possible_sessions_zero"): 1,
        ("attendance_summer_sims.csv", "mis_value_invalid"): 1,
        ("register_autumn_year7.csv", "short_enrolment"): 1,
        ("register_autumn_year7.csv", "possible_sessions_zero"): 1,
        ("register_autumn_year7.csv", "attendance_code_legacy"): 4,
        ("register_autumn_year7.csv", "attendance_code_unknown"): 2,
        ("register_autumn_year7.csv", "no_mark_recorded"): 3,
        ("behaviour_events.xlsx", "free_text_dropped"): 1,
        ("behaviour_events.xlsx", "date_as_text"): 1,
        ("behaviour_events.xlsx", "mis_value_invalid"): 1,
        ("behaviour_events.xlsx", "missing_id"): 1,
        ("behaviour_events.xlsx", "behaviour_polarity_unknown"): 1,
        ("behaviour_events.xlsx", "outside_periods"): 8,
    }


def test_the_summaries_add_up_except_where_planted(out: Path, mess: list[Any]) -> None:
    planted = {(n.file, n.row) for n in mess if n.kind in ("negative_count", "mis_value_invalid")}
    for name in ("attendance_autumn_sims.csv", "attendance_summer_sims.csv"):
        for row, r in enumerate(rows_of(out / name), start=2):
            parts = [r[c] for c in ("Present", "AEA", "Authorised Absences", "Unauthorised Absences")]
            if (name, row) not in planted:
                assert int(r["Possible Sessions"]) == sum(int(p) for p in parts)


def test_sims_and_arbor_agree(out: Path, mess: list[Any]) -> None:
    planted = {n.pupil for n in mess if n.kind in ("negative_count", "mis_value_invalid")}
    for term in MIS_TERMS:
        sims = {r["UPN"]: r for r in rows_of(out / f"attendance_{term}_sims.csv")}
        arbor = {r["Student UPN"]: r for r in rows_of(out / f"attendance_{term}_arbor.xlsx")}
        assert sims.keys() == arbor.keys()
        for upn, r in sims.items():
            a = arbor[upn]
            if upn in planted:
                continue
            assert (
                int(r["Possible Sessions"]) == a["Possible Marks"]
                and int(r["AEA"]) == a["Approved Educational Activity"]
            )
            if a["Attendance Rate"] is not None:
                assert float(r["Attendance %"]) == pytest.approx(
                    100 * a["Attendance Rate"], abs=0.05
                ) or upn in {n.pupil for n in mess if n.kind == "attendance_mismatch"}


def test_the_register_adds_up_to_the_autumn_summary(out: Path, mess: list[Any]) -> None:
    tally: dict[str, Counter[str]] = {}
    for r in rows_of(out / "register_autumn_year7.csv"):
        code = r["Mark"]
        kind = (
            "present"
            if code in PRESENT
            else "aea"
            if code in AEA
            else "auth"
            if code in AUTH
            else "unauth"
            if code in UNAUTH
            else "other"
        )
        tally.setdefault(r["UPN"], Counter())[kind] += 1
    sims = {r["UPN"]: r for r in rows_of(out / "attendance_autumn_sims.csv")}
    unknown = {n.pupil for n in mess if n.kind == "attendance_code_unknown"}
    assert len(tally) > 40 and set(tally) <= set(sims)
    for upn, t in tally.items():
        possible = t["present"] + t["aea"] + t["auth"] + t["unauth"]
        assert possible == int(sims[upn]["Possible Sessions"]) - (upn in unknown)


def test_persistent_absence_near_a_fifth_with_transitions(out: Path) -> None:
    status = {}
    for term in MIS_TERMS:
        rows = rows_of(out / f"attendance_{term}_sims.csv")
        pa = {}
        for r in rows:
            try:
                poss, attended = int(r["Possible Sessions"]), int(r["Present"]) + int(r["AEA"])
            except ValueError:
                continue
            if poss >= 20:
                pa[r["UPN"]] = 10 * (poss - attended) >= poss  # missed 10% or more
        status[term] = pa
        share = sum(pa.values()) / len(pa)
        assert 0.15 <= share <= 0.25, (term, share)
    both = status["autumn"].keys() & status["summer"].keys()
    moves = Counter((status["autumn"][u], status["summer"][u]) for u in both)
    assert moves[(False, True)] >= 5 and moves[(True, False)] >= 5


def survey_upns(folder: Path) -> set[str]:
    upns = set()
    for name in ("swemwbs_autumn.xlsx", "swemwbs_summer.xlsx"):
        upns |= {r["UPN"] for r in rows_of(folder / name) if r["UPN"]}
    for name in ("sdq_autumn_qualtrics.csv", "sdq_summer_qualtrics.csv"):
        with (folder / name).open(encoding="utf-8", newline="") as f:
            records = list(csv.reader(f))
        col = records[0].index("Q1")
        upns |= {r[col].replace(" ", "").upper() for r in records[3:]}
    return upns


def test_pupils_link_to_the_survey_examples_by_upn(out: Path, mess: list[Any], tmp_path: Path) -> None:
    write_examples(tmp_path)
    surveys = survey_upns(tmp_path)
    mis = {r["UPN"] for term in MIS_TERMS for r in rows_of(out / f"attendance_{term}_sims.csv")}
    assert len(mis & surveys) >= 150
    gone = {n.pupil for n in mess if n.kind == "not_in_mis"}
    assert gone <= surveys - mis and len(surveys - mis) >= 3  # plus any mistyped survey UPNs
    assert len(mis - surveys) >= 20  # pupils who answered no questionnaire, and the joiners


def test_the_readers_find_the_planted_attendance_mess(out: Path, mess: list[Any]) -> None:
    for name in ("attendance_autumn_sims.csv", "attendance_summer_sims.csv"):
        a = read_attendance(str(out / name))
        found = {(i.code, i.row) for i in a.issues if i.row is not None}
        planted = {(n.kind, n.row) for n in mess if n.file == name}
        assert found == planted
        assert a.counts["excluded"] == sum(n.kind != "attendance_mismatch" for n in mess if n.file == name)
    reg = read_attendance(str(out / "register_autumn_year7.csv"), period=MIS_TERMS["autumn"])
    notes = [n for n in mess if n.file == "register_autumn_year7.csv"]
    assert {(i.row, i.value) for i in reg.issues if i.code == "attendance_code_unknown"} == {
        (n.row, n.what[1]) for n in notes if n.kind == "attendance_code_unknown"
    }
    legacy = [i for i in reg.issues if i.code == "attendance_code_legacy"]
    assert len(legacy) == 1 and legacy[0].row == min(
        n.row for n in notes if n.kind == "attendance_code_legacy"
    )
    assert "5 session(s)" in next(
        i.message for i in reg.issues if i.code == "no_mark_recorded"
    )  # 3 '-' + 2 unknown
    for kind in ("short_enrolment", "possible_sessions_zero"):
        assert {i.value for i in reg.issues if i.code == kind} == {n.pupil for n in notes if n.kind == kind}


def test_the_reader_finds_the_planted_behaviour_mess(out: Path, mess: list[Any]) -> None:
    b = read_behaviour(str(out / "behaviour_events.xlsx"), periods=MIS_TERMS)
    notes = {n.kind: n for n in mess if n.file == "behaviour_events.xlsx"}
    located = {(i.code, i.row) for i in b.issues if i.row is not None}
    assert located == {
        (k, notes[k].row) for k in ("mis_value_invalid", "missing_id", "behaviour_polarity_unknown")
    }
    assert "8 event(s)" in next(i.message for i in b.issues if i.code == "outside_periods")
    assert b.free_text_dropped == 1
    text_row = b.source.rows.index(notes["date_as_text"].row)
    assert "date" not in b.reason[text_row]  # the text date was read
    assert b.ledger["read"] == b.ledger["used"] + b.ledger["excluded"]
    per_term = {t: float(np.sum(v)) for t, v in b.counts.items()}
    assert per_term["autumn"] > 100 and per_term["summer"] > 100


def test_terms_are_school_days_in_the_dfe_census_periods() -> None:
    assert MIS_TERMS["autumn"][0] >= date(2026, 8, 1) and MIS_TERMS["autumn"][1] <= date(2026, 12, 31)
    assert MIS_TERMS["summer"][0] > date(2027, 3, 29) and MIS_TERMS["summer"][1] <= date(
        2027, 7, 31
    )  # Easter Monday 2027


def test_each_example_is_recognised_as_what_it_is(out: Path, tmp_path: Path) -> None:
    write_examples(tmp_path)
    for name in EXAMPLE_FILES:  # survey exports are neither
        table = read_export(str(tmp_path / name))
        assert looks_like_attendance(table) is None and looks_like_behaviour(table, periods=MIS_TERMS) is None
    kinds = {name: looks_like_attendance(read_export(str(out / name))) for name in MIS_EXAMPLE_FILES[:5]}
    assert kinds == {name: "register" if "register" in name else "summary" for name in MIS_EXAMPLE_FILES[:5]}
    assert looks_like_behaviour(read_export(str(out / "behaviour_events.xlsx"))) == "events"
