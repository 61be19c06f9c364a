"""Hostile files against an honest one: what each costs ``peerimpact validate`` (SPEC §8; issue 14).

    python benchmarks/hardening.py [--big] [--src DIR] [--timeout 120]

Writes, into a temporary folder, the pathological files of issue 14 with the generators of
``tests/data/bad/make_corpus.py`` -- one 2 MB and one 6 MB heading line, 100,000 columns in 4.3 MB, 9 MB and
60 MB without a line break (``--big``: 300 MB too), 16,383 columns × 290 rows (the widest accepted), 9 MB of
blank lines (alone and under a heading), a 3 KB
xlsx with a stray cell at Z1048576 and a 6 KB xls with one at IV65536 -- beside an honest 100,000-row CSV
(``write_big_csv``), then runs ``peerimpact validate`` on each once and prints its wall time, peak memory (GNU
time's ``%M``) and exit code.  SPEC §8: every file under 10 MB within 20 s and 600 MiB.  ``--src`` runs
another checkout's ``src`` folder instead (to measure the code before a change); each run is capped at
``--timeout`` seconds and 4 GiB of address space so an unbounded reader cannot take the machine down.
Figures are printed, never asserted: the tests (tests/hardening/test_bounded_cost.py) assert the bounds.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "data" / "bad"
_LIMIT = 4 << 30


def _maker() -> object:
    spec = importlib.util.spec_from_file_location("make_corpus", BAD / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module
    spec.loader.exec_module(module)
    return module


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_LIMIT, _LIMIT))


def measure(path: Path, src: Path | None, timeout: float) -> tuple[str, float, float]:
    """Exit code (or "timeout"), wall seconds and peak MiB of ``peerimpact validate path``."""
    env = {**os.environ, "NO_COLOR": "1"}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as fh:
        cmd = ["/usr/bin/time", "-f", "%e %M", "-o", fh.name, sys.executable, "-m", "peerimpact"]
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [*cmd, "validate", str(path)], capture_output=True, timeout=timeout, env=env, preexec_fn=_cap
            )
        except subprocess.TimeoutExpired:
            return "timeout", time.perf_counter() - started, float("nan")
        fields = fh.read().split()
    code = str(done.returncode) if done.returncode >= 0 else f"signal {-done.returncode}"
    return code, float(fields[-2]), float(fields[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--big", action="store_true", help="also a 300 MB file without a line break")
    parser.add_argument("--src", type=Path, help="another checkout's src/ folder (e.g. the code before)")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    m = _maker()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files: list[tuple[str, Path]] = []

        def add(label: str, name: str, write: object) -> None:
            path = folder / name
            write(path)  # type: ignore[operator]
            files.append((label, path))

        rows = m.write_big_csv(folder / "honest_100k.csv", 18_900_000)  # type: ignore[attr-defined]
        files.append((f"honest CSV, {rows:,} rows", folder / "honest_100k.csv"))
        add("one heading line, 2 MB", "header_2mb.csv", lambda p: m.write_header_line_csv(p, 2_000_000))
        add("one heading line, 6 MB", "header_6mb.csv", lambda p: m.write_header_line_csv(p, 6_000_000))
        add("100,000 columns", "wide_100k.csv", m.write_wide_csv)  # type: ignore[attr-defined]
        add(
            "16,383 columns x 290 rows",
            "wide_16k.csv",
            lambda p: m.write_wide_csv(p, columns=16_383, rows=290, cell="3"),
        )
        add("no line break, 9 MB", "unbroken_9mb.csv", lambda p: m.write_unbroken_csv(p, 9_000_000))
        add(
            "no line break, commas, 9 MB",
            "unbroken_commas_9mb.csv",
            lambda p: m.write_unbroken_csv(p, 9_000_000, delimiter=b","),
        )
        add("no line break, 60 MB", "unbroken_60mb.csv", lambda p: m.write_unbroken_csv(p, 60_000_000))
        add("9 MB of blank lines", "blank_lines.csv", m.write_blank_lines_csv)  # type: ignore[attr-defined]
        add(
            "a heading, then 9 MB of blank lines",
            "heading_blank_lines.csv",
            lambda p: m.write_blank_lines_csv(p, before=b"UPN,wemwbs_1\n"),
        )
        if args.big:
            add("no line break, 300 MB", "unbroken_300mb.csv", lambda p: m.write_unbroken_csv(p, 300_000_000))
        for name in ("stray_row.xlsx", "stray_cell.xls"):
            add(f"stray cell, {name}", name, lambda p, n=name: p.write_bytes(m.CASES[n]()))  # type: ignore[attr-defined]
        print(f"{'file':<34} {'size':>12} {'exit':>8} {'wall s':>8} {'peak MiB':>9}")
        for label, path in files:
            code, wall, peak = measure(path, args.src, args.timeout)
            print(f"{label:<34} {path.stat().st_size:>12,} {code:>8} {wall:8.2f} {peak:9.0f}", flush=True)


if __name__ == "__main__":
    main()
