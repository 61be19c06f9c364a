"""Side-by-side speed of peerimpact against the analyst scripts in ``../shared/peers/`` (SPEC §8).

    python benchmarks/bench.py [--data DIR] [--runs 5] [--jobs score-xlsx,score-csv,score-1m,help]

Jobs: score-xlsx, score-csv, score-1m (``score -o x.csv``, as the peers write CSV), compare-xlsx (``compare``
writing its workbook and JSON) and help (``peerimpact --help`` against ``import typer, rich``).

Generates the peers' fixed-seed data (``../shared/peers/make_data.py``) into DIR when it is missing, then
for each job runs the commands in turn, A B A B …, ``--runs`` times after one unmeasured warm-up, and
prints the median wall time, the median peak memory and the median of the per-pair ratios against the
floor (``pandas.read_excel(engine="calamine")`` of the same file for xlsx, ``pandas.read_csv`` for CSV),
as the peers' README measures them.  Figures are printed, never asserted: timings do not belong in tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT.parent / "shared" / "peers"


def measure(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one run, via GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as fh:
        res = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", "-o", fh.name, *cmd],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if res.returncode != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{res.stderr[-2000:]}")
        wall, kb = fh.read().split()[-2:]
    return float(wall), float(kb) / 1024


def compare(name: str, contenders: dict[str, list[str]], floor: list[str], runs: int) -> None:
    print(f"\n## {name}  (median of {runs}; ratio = median of per-pair ratios to the floor)")
    print(f"{'command':<34} {'wall s':>8} {'peak MiB':>9} {'/ floor':>8}")
    for cmd in [floor, *contenders.values()]:
        measure(cmd)  # warm-up
    results: dict[str, list[tuple[float, float, float]]] = {k: [] for k in contenders}
    floors: list[tuple[float, float]] = []
    for _ in range(runs):
        for label, cmd in contenders.items():
            f = measure(floor)
            floors.append(f)
            w, m = measure(cmd)
            results[label].append((w, m, w / f[0]))
    fw = statistics.median(x[0] for x in floors)
    fm = statistics.median(x[1] for x in floors)
    print(f"{'floor':<34} {fw:8.2f} {fm:9.0f} {1.0:8.2f}")
    for label, rows in results.items():
        print(
            f"{label:<34} {statistics.median(r[0] for r in rows):8.2f} "
            f"{statistics.median(r[1] for r in rows):9.0f} {statistics.median(r[2] for r in rows):8.2f}"
        )


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
    args = ap.parse_args()
    data = Path(args.data)
    if not (data / "wemwbs_pre_100k.xlsx").exists():
        if not (PEERS / "make_data.py").exists():
            raise SystemExit(f"no data in {data} and no {PEERS / 'make_data.py'} to make it")
        subprocess.run([sys.executable, str(PEERS / "make_data.py"), str(data)], check=True)
    out = Path(tempfile.mkdtemp())
    py = sys.executable
    compile_bytecode(py)
    pi = [py, "-m", "peerimpact"]
    have_r = shutil.which("Rscript") is not None and (PEERS / "r_pipeline.R").exists()
    jobs = args.jobs.split(",")

    def contenders(src: Path) -> dict[str, list[str]]:
        c = {"peerimpact score -o csv": [*pi, "score", str(src), "-o", str(out / "pi.csv"), "--quiet"]}
        if (PEERS / "py_pipeline.py").exists():
            c["Python analyst"] = [py, str(PEERS / "py_pipeline.py"), "score", str(src), str(out / "py.csv")]
        if have_r:
            c["R analyst"] = ["Rscript", str(PEERS / "r_pipeline.R"), "score", str(src), str(out / "r.csv")]
        return c

    if "score-xlsx" in jobs:
        f = data / "wemwbs_pre_100k.xlsx"
        floor = [py, "-c", f"import pandas as pd; pd.read_excel({str(f)!r}, engine='calamine')"]
        compare("score one xlsx, 100,000 pupils", contenders(f), floor, args.runs)
    if "score-csv" in jobs:
        f = data / "wemwbs_pre_100k.csv"
        floor = [py, "-c", f"import pandas as pd; pd.read_csv({str(f)!r})"]
        compare("score one CSV, 100,000 pupils", contenders(f), floor, args.runs)
    if "score-1m" in jobs:
        f = data / "wemwbs_pre_1m.csv"
        floor = [py, "-c", f"import pandas as pd; pd.read_csv({str(f)!r})"]
        compare("score one CSV, 1,000,000 pupils", contenders(f), floor, max(1, args.runs // 2))
    if "compare-xlsx" in jobs:
        a, b = data / "wemwbs_pre_100k.xlsx", data / "wemwbs_post_100k.xlsx"
        floor = [py, "-c", f"import pandas as pd; pd.read_excel({str(a)!r}, engine='calamine')"]
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
        if (PEERS / "py_pipeline.py").exists():
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
        compare("compare two xlsx, 95,000 matched pupils", c, floor, max(1, args.runs // 2))
    if "help" in jobs:
        floor = [py, "-c", "import typer, rich"]
        compare("peerimpact --help start-up", {"peerimpact --help": [*pi, "--help"]}, floor, args.runs)


if __name__ == "__main__":
    main()
