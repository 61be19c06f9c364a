"""Side-by-side speed of peerimpact against the analyst scripts in ``../shared/peers/`` (SPEC §8).

    python benchmarks/bench.py [--data DIR] [--runs 5] [--jobs score-xlsx,score-csv,score-1m,help]
                               [--no-peers | --no-r]

Jobs: score-xlsx, score-csv, score-1m (``score -o x.csv``, as the peers write CSV), compare-xlsx (``compare``
writing its workbook and JSON) and help (``peerimpact --help`` against ``import typer, rich``).

Generates the peers' fixed-seed data (``../shared/peers/make_data.py``) into DIR when it is missing, then
for each job runs the commands in turn, A B A B …, ``--runs`` times after one warm-up run each, and
prints the median wall time, the peak memory of the whole process tree in the warm-up run (the sum of every
process's proportional set size, sampled every 20 ms: forked workers count, shared pages once; the timed runs
go without the sampler, whose reads of ``/proc`` cost CPU), the median largest single process (GNU time's
``%M``) and the median of the per-pair ratios against the floor
(``pandas.read_excel(engine="calamine")`` of the same file for xlsx, ``pandas.read_csv`` for CSV), as the
peers' README measures them.  The floor runs with pyarrow as installed (pandas then reads faster); a second
floor without pyarrow is printed beside it, so both ratios can be read.  Every job runs ``--runs`` pairs (at
least 5 unless asked for fewer) and the machine's load average is printed before and after each job.

The R and Python analysts are required: a missing ``../shared/peers`` or ``Rscript`` stops the run with a
plain message, unless ``--no-peers`` (or ``--no-r``) says so out loud.  Figures are printed, never asserted:
timings do not belong in tests.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT.parent / "shared" / "peers"


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def tree_pss_kib(root: int) -> int:
    """Proportional set size of ``root`` and all its descendants, in KiB (Linux ``smaps_rollup``)."""
    kids, todo, total = _children(), [root], 0
    while todo:
        pid = todo.pop()
        todo += kids.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
                for line in fh:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def timed_run(
    cmd: list[str], *, sample: bool = True, env: dict[str, str] | None = None
) -> tuple[float, float, float, float]:
    """Run ``cmd`` once: wall seconds, peak MiB of the whole process tree (sampled PSS; ``nan`` unless
    ``sample``), peak MiB of the largest process (GNU time's ``%M``) and CPU seconds (user + system, children
    included).  Stops the benchmark with the command's error output when it fails.

    The sampler reads ``/proc`` every 20 ms, which costs the measured command CPU on a 2-core machine (a
    report at 20,000 pupils a term ran about 1 s slower under it), so timed runs pass ``sample=False`` and
    the memory comes from runs of their own."""
    with (
        tempfile.NamedTemporaryFile("r", suffix=".time") as fh,
        tempfile.TemporaryFile("w+", suffix=".err") as err,  # a file, not a pipe: it never fills and blocks
    ):
        start = time.perf_counter()
        proc = subprocess.Popen(
            ["/usr/bin/time", "-f", "%e %M %U %S", "-o", fh.name, *cmd],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
        )
        peak = 0
        while sample and proc.poll() is None:
            peak = max(peak, tree_pss_kib(proc.pid))
            time.sleep(0.02)
        proc.wait()
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"failed (exit {proc.returncode}): {' '.join(cmd)}\n{err.read()[-2000:]}")
        fields = fh.read().split()[-4:]
    return (
        wall,
        peak / 1024 if sample else math.nan,
        float(fields[1]) / 1024,
        float(fields[2]) + float(fields[3]),
    )


def measure(cmd: list[str], *, sample: bool = True) -> tuple[float, float, float]:
    """Wall seconds, peak MiB of the whole process tree (sampled PSS, ``nan`` unless ``sample``) and of the
    largest process (GNU time), by :func:`timed_run`."""
    wall, tree, largest, _ = timed_run(cmd, sample=sample)
    return wall, tree, largest


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def compare(
    name: str, contenders: dict[str, list[str]], floor: list[str], runs: int, floor_no_arrow: list[str] | None
) -> None:
    print(f"\n## {name}  (median of {runs} pairs; ratio = median of per-pair ratios to the floor)")
    print(f"before: {_load()}")
    print(f"{'command':<40} {'wall s':>8} {'tree MiB':>9} {'max proc':>9} {'/ floor':>8}")
    # the warm-up runs sample the whole tree's memory; the timed pairs run without the sampler
    tree = {"floor": measure(floor)[1], **{label: measure(cmd)[1] for label, cmd in contenders.items()}}
    results: dict[str, list[tuple[float, float, float]]] = {k: [] for k in contenders}
    floors: list[tuple[float, float, float]] = []
    for _ in range(runs):
        for label, cmd in contenders.items():
            f = measure(floor, sample=False)
            floors.append(f)
            w, _, one = measure(cmd, sample=False)
            results[label].append((w, one, w / f[0]))
    med = statistics.median
    print(
        f"{'floor (pyarrow as installed)':<40} {med(x[0] for x in floors):8.2f} "
        f"{tree['floor']:9.0f} {med(x[2] for x in floors):9.0f} {1.0:8.2f}"
    )
    if floor_no_arrow is not None:
        plain_tree = measure(floor_no_arrow)[1]
        plain = [measure(floor_no_arrow, sample=False) for _ in range(runs)]
        fw = med(x[0] for x in floors)
        print(
            f"{'floor without pyarrow':<40} {med(x[0] for x in plain):8.2f} {plain_tree:9.0f} "
            f"{med(x[2] for x in plain):9.0f} {med(x[0] for x in plain) / fw:8.2f}"
        )
    for label, rows in results.items():
        print(
            f"{label:<40} {med(r[0] for r in rows):8.2f} {tree[label]:9.0f} "
            f"{med(r[1] for r in rows):9.0f} {med(r[2] for r in rows):8.2f}"
        )
    print(f"after: {_load()}")


def _without_pyarrow(code: str) -> list[str]:
    """The floor's Python with pyarrow hidden from pandas (as on a machine without it)."""
    return [sys.executable, "-c", "import sys; sys.modules['pyarrow'] = None\n" + code]


def compile_bytecode(py: str) -> None:
    """Compile peerimpact's modules to bytecode first, as ``pip install`` does.

    An editable install run with ``PYTHONDONTWRITEBYTECODE=1`` (as some shells set) would otherwise compile
    every module on every run -- about 0.1 s that no installed copy pays.
    """
    import peerimpact

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    package = str(Path(peerimpact.__file__).parent)
    subprocess.run([py, "-m", "compileall", "-q", package], check=True, env=env)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(Path(tempfile.gettempdir()) / "peers_data"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--jobs", default="score-xlsx,score-csv,score-1m,compare-xlsx,help")
    ap.add_argument("--no-peers", action="store_true", help="time peerimpact alone (said in the output)")
    ap.add_argument("--no-r", action="store_true", help="skip the R analyst (said in the output)")
    args = ap.parse_args()
    if args.runs < 5:
        print(f"NOTE: {args.runs} pairs per job (fewer than the 5 the figures in README.md use)")
    have_peers = (PEERS / "py_pipeline.py").exists() and (PEERS / "r_pipeline.R").exists()
    if not have_peers and not args.no_peers:
        raise SystemExit(
            f"the analysts' scripts are not in {PEERS}: put ../shared beside the repository, or give --no-peers"
        )
    if args.no_peers:
        print("NOTE: --no-peers: the R and Python analysts are NOT timed")
    data = Path(args.data)
    if not (data / "wemwbs_pre_100k.xlsx").exists():
        if not (PEERS / "make_data.py").exists():
            raise SystemExit(f"no data in {data} and no {PEERS / 'make_data.py'} to make it")
        subprocess.run([sys.executable, str(PEERS / "make_data.py"), str(data)], check=True)
    out = Path(tempfile.mkdtemp())
    py = sys.executable
    compile_bytecode(py)
    pi = [py, "-m", "peerimpact"]
    have_r = not args.no_peers and not args.no_r
    if have_r and shutil.which("Rscript") is None:
        raise SystemExit(
            "Rscript is not installed (apt-get install r-base-core r-cran-data.table r-cran-readxl r-cran-psych "
            "r-cran-effectsize), or give --no-r"
        )
    if args.no_r and not args.no_peers:
        print("NOTE: --no-r: the R analyst is NOT timed")
    jobs = args.jobs.split(",")

    def contenders(src: Path) -> dict[str, list[str]]:
        c = {"peerimpact score -o csv": [*pi, "score", str(src), "-o", str(out / "pi.csv"), "--quiet"]}
        if not args.no_peers:
            c["Python analyst"] = [py, str(PEERS / "py_pipeline.py"), "score", str(src), str(out / "py.csv")]
        if have_r:
            c["R analyst"] = ["Rscript", str(PEERS / "r_pipeline.R"), "score", str(src), str(out / "r.csv")]
        return c

    if "score-xlsx" in jobs:
        f = data / "wemwbs_pre_100k.xlsx"
        code = f"import pandas as pd; pd.read_excel({str(f)!r}, engine='calamine')"
        floor = [py, "-c", code]
        compare("score one xlsx, 100,000 pupils", contenders(f), floor, args.runs, _without_pyarrow(code))
    if "score-csv" in jobs:
        f = data / "wemwbs_pre_100k.csv"
        code = f"import pandas as pd; pd.read_csv({str(f)!r})"
        floor = [py, "-c", code]
        compare("score one CSV, 100,000 pupils", contenders(f), floor, args.runs, _without_pyarrow(code))
    if "score-1m" in jobs:
        f = data / "wemwbs_pre_1m.csv"
        code = f"import pandas as pd; pd.read_csv({str(f)!r})"
        floor = [py, "-c", code]
        compare("score one CSV, 1,000,000 pupils", contenders(f), floor, args.runs, _without_pyarrow(code))
    if "compare-xlsx" in jobs:
        a, b = data / "wemwbs_pre_100k.xlsx", data / "wemwbs_post_100k.xlsx"
        code = f"import pandas as pd; pd.read_excel({str(a)!r}, engine='calamine')"
        floor = [py, "-c", code]
        c = {
            "peerimpact compare (xlsx + json)": [
                *pi,
                "compare",
                "--pre",
                str(a),
                "--post",
                str(b),
                "-o",
                str(out / "c.xlsx"),
                "--json",
                str(out / "c.json"),
                "--quiet",
            ]
        }
        if not args.no_peers:
            c["Python analyst"] = [
                py,
                str(PEERS / "py_pipeline.py"),
                "compare",
                str(a),
                str(b),
                str(out / "p.csv"),
            ]
        if have_r:
            c["R analyst"] = [
                "Rscript",
                str(PEERS / "r_pipeline.R"),
                "compare",
                str(a),
                str(b),
                str(out / "r.csv"),
            ]
        compare("compare two xlsx, 95,000 matched pupils", c, floor, args.runs, _without_pyarrow(code))
    if "help" in jobs:
        floor = [py, "-c", "import typer, rich"]
        compare("peerimpact --help start-up", {"peerimpact --help": [*pi, "--help"]}, floor, args.runs, None)


if __name__ == "__main__":
    main()
