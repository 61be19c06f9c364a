"""Time ``peerimpact report`` on a programme as large as a trust's: 20,000 pupils a term, three terms.

Builds a programme folder shaped like the example one (``peerimpact demo``: SWEMWBS with roles and a
comparison group in all three terms, the PISA belonging statements for mentors in autumn and summer, SIMS
attendance in autumn and summer, a behaviour log, an activity log and a summer feedback survey), from a
fixed seed, then runs ``peerimpact report`` on it ``--runs`` times after a warm-up (whole process: wall time,
CPU and the largest process's peak memory; the whole tree's peak is sampled in the warm-up run only, as the
sampler costs CPU) and prints the median, and once in-process under cProfile, printing where the time
goes (reads and scores, compare, trend, mixed model, the report's files).

    python benchmarks/report_scale.py                       # 20,000 pupils a term, 3 runs
    python benchmarks/report_scale.py --pupils 2000 --runs 5 --dir /tmp/rs2k
    python benchmarks/report_scale.py --src OTHER/src       # another checkout's code ("before")

The data are made once per ``--dir`` and ``--pupils`` (a stamp file says which) and reused.  Timings are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import timed_run

SEED = 20261206
TERMS = [
    ("autumn-2026", "Autumn 2026", date(2026, 9, 2), date(2026, 12, 18)),
    ("spring-2027", "Spring 2027", date(2027, 1, 5), date(2027, 3, 26)),
    ("summer-2027", "Summer 2027", date(2027, 4, 12), date(2027, 7, 21)),
]
LABELS = ("None of the time", "Rarely", "Some of the time", "Often", "All of the time")
AGREE = ("Strongly disagree", "Disagree", "Agree", "Strongly agree")
_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"
_ROLES = ("Mentor", "Mentee", "Comparison")
#: per term of school time, in SD units: mentees gain most, mentors a little, comparison pupils nothing
_LIFT = {"Mentor": 0.05, "Mentee": 0.12, "Comparison": 0.0}


def _upns(rng: np.random.Generator, n: int) -> list[str]:
    """n distinct permanent UPNs with DfE check letters (LA 801, invented schools, serials)."""
    out = []
    for k in range(n):
        school, serial = divmod(k, 900)
        year = int(rng.integers(10, 16))
        body = f"801{2001 + school:04d}{year:02d}{serial + 100:03d}"
        digits = [int(c) for c in body]
        out.append(_ALPHABET[sum(w * v for w, v in zip(range(2, 14), digits, strict=True)) % 23] + body)
    return out


class Pool:
    """The trust's pupils: UPN, year group, SEND, pupil premium, role and a stable wellbeing trait."""

    def __init__(self, rng: np.random.Generator, n: int) -> None:
        self.n = n
        self.upn = _upns(rng, n)
        self.role = rng.choice(3, size=n, p=[0.15, 0.35, 0.50])
        # mentors Y9-11, mentees Y7-9, comparison pupils any year
        self.year = np.where(
            self.role == 0,
            rng.integers(9, 12, n),
            np.where(self.role == 1, rng.integers(7, 10, n), rng.integers(7, 12, n)),
        )
        self.send = rng.choice(np.array(["N", "K", "E"]), size=n, p=[0.84, 0.13, 0.03])
        self.pp = np.where(rng.random(n) < 0.27, "Y", "N")
        shift = np.array([0.3, -0.3, 0.0])[self.role]
        self.trait = rng.normal(shift, 0.65**0.5)


def _waves(rng: np.random.Generator, pool: Pool, per_term: int) -> list[np.ndarray]:
    """Who answers each term: the first per_term pupils in autumn; then about 8% leave each term and
    as many join from the rest of the pool (so the spring and summer files hold pupils seen once)."""
    present = np.arange(per_term)
    out = [present]
    spare = np.arange(per_term, pool.n)
    for _ in range(2):
        stay = present[rng.random(present.size) > 0.08]
        join, spare = spare[: per_term - stay.size], spare[per_term - stay.size :]
        present = np.sort(np.concatenate([stay, join]))
        out.append(present)
    return out


def _write_xlsx(path: Path, header: list[str], rows: Any) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Responses")
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)


def _swemwbs(rng: np.random.Generator, pool: Pool, who: np.ndarray, position: int, path: Path) -> None:
    roles = np.array(_ROLES)[pool.role[who]]
    lift = np.array([_LIFT[r] for r in _ROLES])[pool.role[who]] * position
    z = pool.trait[who] + lift + rng.normal(0, 0.35**0.5, who.size)
    codes = np.clip(np.rint(3.4 + 0.75 * z[:, None] + rng.normal(0, 0.7, (who.size, 7))), 1, 5).astype(int)
    blank = rng.random(codes.shape) < 0.005  # a few skipped items
    header = ["UPN", "Year group", "SEND", "Pupil premium", "Group", "Role"]
    header += [f"swemwbs_{i}" for i in range(1, 8)]
    rows = (
        [
            pool.upn[p],
            int(pool.year[p]),
            str(pool.send[p]),
            str(pool.pp[p]),
            "Comparison" if role == "Comparison" else "Participant",
            role,
            *(None if b else LABELS[c - 1] for c, b in zip(codes[k], blank[k], strict=True)),
        ]
        for k, (p, role) in enumerate(zip(who.tolist(), roles.tolist(), strict=True))
    )
    _write_xlsx(path, header, rows)


def _belonging(rng: np.random.Generator, pool: Pool, who: np.ndarray, lift: float, path: Path) -> None:
    mentors = who[pool.role[who] == 0]
    level = pool.trait[mentors] * 0.5
    codes = np.clip(np.rint(2.8 + lift + level[:, None] + rng.normal(0, 0.55, (mentors.size, 6))), 1, 4)
    codes[:, [3, 5]] = 5 - codes[:, [3, 5]]  # negatively worded statements (4 and 6)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["UPN", "Role", *(f"belonging_{i}" for i in range(1, 7))])
        for p, row in zip(mentors.tolist(), codes.astype(int).tolist(), strict=True):
            w.writerow([pool.upn[p], "Mentor", *(AGREE[c - 1] for c in row)])


def _attendance(rng: np.random.Generator, pool: Pool, who: np.ndarray, path: Path, sessions: int) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "UPN",
                "Surname",
                "Forename",
                "Reg Group",
                "Year",
                "Possible Sessions",
                "Present",
                "AEA",
                "Authorised Absences",
                "Unauthorised Absences",
                "Attendance %",
            ]
        )
        rate = np.clip(0.93 + 0.02 * pool.trait[who] + rng.normal(0, 0.04, who.size), 0.5, 1.0)
        for p, r in zip(who.tolist(), rate.tolist(), strict=True):
            present = round(sessions * r)
            absent = sessions - present
            unauth = int(rng.binomial(absent, 0.2))
            year = int(pool.year[p])
            w.writerow(
                [
                    pool.upn[p],
                    "Sampleton",
                    "Alex",
                    f"{year}A",
                    year,
                    sessions,
                    present,
                    0,
                    absent - unauth,
                    unauth,
                    f"{100 * present / sessions:.1f}",
                ]
            )


def _behaviour(rng: np.random.Generator, pool: Pool, who: np.ndarray, path: Path) -> None:
    """About one event per pupil over the year, a third of them negative."""
    kinds = [("Praise postcard", "Positive", 2), ("Merit", "Positive", 1), ("Detention", "Negative", -2)]
    n = who.size
    pupils = rng.choice(who, size=n)
    start = datetime(2026, 9, 2, 9, 0)
    days = rng.integers(0, 320, n)
    kind = rng.choice(3, size=n, p=[0.3, 0.37, 0.33])
    order = np.argsort(days, kind="stable")
    rows = (
        [
            pool.upn[int(pupils[k])],
            start + timedelta(days=int(days[k]), minutes=int(k % 400)),
            kinds[int(kind[k])][0],
            kinds[int(kind[k])][1],
            kinds[int(kind[k])][2],
            "Staff A",
            "Placeholder text: discussed in tutor time.",
        ]
        for k in order.tolist()
    )
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Behaviour")
    ws.append(["UPN", "Date", "Type", "Polarity", "Points", "Staff", "Comment"])
    for r in rows:
        ws.append(r)
    wb.save(path)


def make_programme(root: Path, per_term: int) -> Path:
    """Write the programme folder into root (replacing one made for another size) and return programme.toml."""
    from peerimpact.demo.programme import _activity_rows, _process_answers  # the demo's own log and survey
    from peerimpact.governors.scaffold import (
        ACTIVITY_FILE,
        PROCESS_FILE,
        process_survey_text,
        programme_toml,
        write_activity_template,
        write_process_template,
    )

    stamp = root / ".report_scale"
    toml = root / "programme.toml"
    if stamp.exists() and stamp.read_text() == f"{per_term} {SEED}\n" and toml.exists():
        return toml
    shutil.rmtree(root, ignore_errors=True)
    data = root / "data"
    data.mkdir(parents=True)
    rng = np.random.default_rng(SEED)
    pool = Pool(rng, int(per_term * 1.3))
    waves = _waves(rng, pool, per_term)
    positions = (0, 1, 2)
    names = ("autumn", "spring", "summer")
    for name, who, pos in zip(names, waves, positions, strict=True):
        _swemwbs(rng, pool, who, pos, data / f"swemwbs_{name}.xlsx")
    _belonging(rng, pool, waves[0], 0.0, data / "belonging_mentors_autumn.csv")
    _belonging(rng, pool, waves[2], 0.35, data / "belonging_mentors_summer.csv")
    _attendance(rng, pool, waves[0], data / "attendance_autumn_sims.csv", 144)
    _attendance(rng, pool, waves[2], data / "attendance_summer_sims.csv", 132)
    _behaviour(rng, pool, np.union1d(waves[0], waves[2]), data / "behaviour_events.xlsx")
    demo_rng = np.random.default_rng(20260907)
    write_activity_template(root / ACTIVITY_FILE, TERMS, _activity_rows(demo_rng))
    write_process_template(data / "process_survey_summer.xlsx", _process_answers(demo_rng))
    (root / PROCESS_FILE).write_text(process_survey_text(), "utf-8")
    common = {"behaviour": "data/behaviour_events.xlsx", "activity_log": ACTIVITY_FILE}
    files = {
        "autumn-2026": {
            "attendance": "data/attendance_autumn_sims.csv",
            **common,
            "surveys": {
                "wellbeing": "data/swemwbs_autumn.xlsx",
                "belonging": "data/belonging_mentors_autumn.csv",
            },
        },
        "spring-2027": {**common, "surveys": {"wellbeing": "data/swemwbs_spring.xlsx"}},
        "summer-2027": {
            "attendance": "data/attendance_summer_sims.csv",
            **common,
            "process_survey": "data/process_survey_summer.xlsx",
            "surveys": {
                "wellbeing": "data/swemwbs_summer.xlsx",
                "belonging": "data/belonging_mentors_summer.csv",
            },
        },
    }
    toml.write_text(
        programme_toml(
            name="Trust Peer Mentors (benchmark)",
            school="A fictional trust of synthetic pupils",
            report_for="The trust board",
            terms=TERMS,
            files=files,
            analysis={
                "group_columns": ["Year group"],
                "role_column": "Role",
                "primary": "swemwbs.metric",
                "measures": ["swemwbs.metric", "belonging.mean"],
            },
            targets={"mentees": 40, "sessions_per_mentee": 6},
        ),
        "utf-8",
    )
    stamp.write_text(f"{per_term} {SEED}\n")
    return toml


def _run_once(toml: Path, src: Path | None, *, sample: bool = False) -> tuple[float, float, float, float]:
    """One whole-process run (:func:`bench.timed_run`): wall seconds, peak MiB of the whole process tree
    (sampled when ``sample``, else nan: the report's forked workers count, shared pages once), of the largest
    single process, and CPU seconds (the workers included: steadier than wall time on a busy machine)."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    cmd = [sys.executable, "-m", "peerimpact", "report", "--config", str(toml), "--quiet"]
    return timed_run(cmd, sample=sample, env=env)


#: cumulative cProfile time of these functions is the phase breakdown (a phase inside another is indented)
PHASES = [
    ("build_report", "the report as data"),
    ("compare_term", "  compare baseline with this term (per role)"),
    ("score_file", "  every score_file call (reads and scores)"),
    ("trends", "  the trend rows"),
    ("mixed_trend", "    the mixed model fits"),
    ("write_html", "the HTML"),
    ("write_governors_workbook", "the governors' workbook"),
    ("write_json", "the governors' JSON"),
    ("write_compare_workbook", "the SMHL detail workbooks"),
]


def profile_once(toml: Path) -> None:
    """In-process cProfile of one report: the phases above, and the 12 costliest functions by own time."""
    from peerimpact.cli.report import write_report

    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.runcall(write_report, str(toml), None)
    total = time.perf_counter() - t0
    st = pstats.Stats(prof)
    cum: dict[str, float] = {}
    calls: dict[str, int] = {}
    for (_, _, name), (_, nc, _, ct, _) in st.stats.items():  # type: ignore[attr-defined]
        if any(name == p for p, _ in PHASES):
            cum[name] = cum.get(name, 0.0) + ct
            calls[name] = calls.get(name, 0) + nc
    print(f"\nin-process, under cProfile (slower than plain runs): {total:.2f} s in write_report")
    for name, what in PHASES:
        if name in cum:
            print(f"  {cum[name]:7.2f} s  {what}  ({name}, {calls[name]} call(s))")
    print("\ncostliest functions by own time:")
    st.sort_stats("tottime").print_stats(12)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pupils", type=int, default=20_000, help="pupils answering each term's survey")
    ap.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "peerimpact_report_scale")
    ap.add_argument("--runs", type=int, default=3, help="timed whole-process runs (median printed)")
    ap.add_argument("--src", type=Path, help="run another checkout's src/ (e.g. main, for 'before')")
    ap.add_argument("--no-profile", action="store_true", help="skip the in-process cProfile run")
    a = ap.parse_args(argv)
    if a.src is not None:  # before anything imports peerimpact
        sys.path.insert(0, str(a.src.resolve()))
    t0 = time.perf_counter()
    toml = make_programme(a.dir, a.pupils)
    print(
        f"programme: {toml} ({a.pupils:,} pupils a term, 3 terms; made in {time.perf_counter() - t0:.1f} s)"
    )
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)")
    tree = _run_once(toml, a.src, sample=True)[1]  # warm-up (bytecode, page cache), the tree's memory sampled
    walls, mems, cpus = [], [], []
    for k in range(a.runs):  # timed without the sampler
        wall, _, mem, cpu = _run_once(toml, a.src)
        walls.append(wall)
        mems.append(mem)
        cpus.append(cpu)
        print(f"  run {k + 1}: {wall:.2f} s, {cpu:.2f} s CPU, {mem:.0f} MiB largest process")
    print(
        f"peerimpact report: median {statistics.median(walls):.2f} s "
        f"(min {min(walls):.2f}, max {max(walls):.2f}), {statistics.median(cpus):.2f} s CPU, "
        f"{statistics.median(mems):.0f} MiB largest process, {tree:.0f} MiB whole tree (warm-up run, sampled)"
    )
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if not a.no_profile:
        profile_once(toml)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
