#!/usr/bin/env bash
# Load-robust before/after cost of score and compare on the 100,000-pupil data: instruction counts
# (callgrind, every process) and user+sys CPU seconds (GNU time, interleaved pairs). Wall-clock on a
# shared 2-core machine is too noisy to see 5%; these two are not.
#
#   benchmarks/instructions.sh cpu       BASE/src NOW/src [DATA] [OUT] [PAIRS=9]
#   benchmarks/instructions.sh callgrind BASE/src NOW/src [DATA] [OUT] [REPS=1]
#
# Both trees run with the same interpreter ($PYTHON, default python) through PYTHONPATH, so use a venv
# holding the union of both trees' dependencies. PYTHONHASHSEED=0 for repeatable counts.
set -euo pipefail

mode=${1:?cpu or callgrind}
base=$(realpath "${2:?BASE src folder}")
now=$(realpath "${3:?NOW src folder}")
data=$(realpath "${4:-/tmp/peers_data}")
out=${5:-/tmp/peerimpact-instructions}
reps=${6:-}
py=$(command -v "${PYTHON:-python}")
export PYTHONHASHSEED=0
read -ra jobs <<<"${JOBS:-startup score-csv score-xlsx compare}"  # JOBS="startup score-csv" for fewer
mkdir -p "$out"

# The command line of one job writing into folder $2.
job_args() {
    case $1 in
        startup) echo "-c pass" ;;
        score-csv) echo "-m peerimpact score $data/wemwbs_pre_100k.csv -o $2/a.csv --quiet" ;;
        score-xlsx) echo "-m peerimpact score $data/wemwbs_pre_100k.xlsx -o $2/b.csv --quiet" ;;
        compare) echo "-m peerimpact compare --pre $data/wemwbs_pre_100k.xlsx --post $data/wemwbs_post_100k.xlsx -o $2/c.xlsx --json $2/c.json --quiet" ;;
    esac
}

# Outputs are removed before each run so every run writes fresh files (no --force path).
run() {  # tree src job outdir [wrapper...]
    local src=$1 job=$2 dir=$3
    shift 3
    rm -rf "$dir" && mkdir -p "$dir"
    # shellcheck disable=SC2046
    PYTHONPATH=$src "$@" "$py" $(job_args "$job" "$dir") >/dev/null
}

"$py" -m compileall -q "$base" "$now"
for src in "$base" "$now"; do  # warm-up: page cache, any missing bytecode
    for job in "${jobs[@]}"; do run "$src" "$job" "$out/warm"; done
done

tsv=$out/$mode.tsv
if [ "$mode" = cpu ]; then
    printf 'tree\tjob\tpair\twall\tuser\tsys\tmaxrss_kib\n' >"$tsv"
    for ((i = 1; i <= ${reps:-9}; i++)); do
        order=(base now)
        ((i % 2 == 0)) && order=(now base)  # ABBA: drift over the sitting falls on both
        for job in "${jobs[@]}"; do
            for tree in "${order[@]}"; do
                src=$base && [ "$tree" = now ] && src=$now
                run "$src" "$job" "$out/run" /usr/bin/time -f "%e %U %S %M" -o "$out/time"
                printf '%s\t%s\t%s\t%s\n' "$tree" "$job" "$i" "$(tr ' ' '\t' <"$out/time")" >>"$tsv"
            done
        done
    done
elif [ "$mode" = callgrind ]; then
    # --dump-before=fork: a forked child inherits its parent's counters, so without a dump (which also
    # zeroes them) at fork every reader process would count the parent's work up to the fork again.
    # Instruction counts do not depend on load, so the two trees run side by side.
    count_tree() {  # tree src
        for ((i = 1; i <= ${reps:-1}; i++)); do
            for job in "${jobs[@]}"; do
                cg=$out/cg/$1/$job/$i
                rm -rf "$cg" && mkdir -p "$cg"
                run "$2" "$job" "$out/run-$1" valgrind -q --tool=callgrind --trace-children=yes \
                    --dump-before=fork --callgrind-out-file="$cg/cg.%p" 2>"$cg/valgrind.log"
                total=$(awk '/^totals:/ {s += $2} END {printf "%.0f", s}' "$cg"/cg.*)
                # OpenBLAS's idle threads spin in these two loops for as long as the scheduler lets
                # them (0-270 M instructions a run): their own cost is waiting, not work, so it is taken off.
                spin=$(for f in "$cg"/cg.*; do callgrind_annotate --inclusive=no --threshold=100 "$f"; done |
                    awk '/exec_blas \[|blas_thread_server \[/ {gsub(",", "", $1); s += $1} END {printf "%.0f", s}')
                procs=$(find "$cg" -name 'cg.*' ! -name 'cg.*.*' | wc -l)
                printf '%s\t%s\t%s\t%.0f\t%s\t%s\t%s\n' "$1" "$job" "$i" "$((total - spin))" "$total" "$spin" "$procs" \
                    >"$out/cg-$1-$job-$i.tsv"
            done
        done
    }
    count_tree base "$base" &
    count_tree now "$now" &
    wait
    printf 'tree\tjob\trep\tinstructions\tall\topenblas_wait\tprocesses\n' >"$tsv"
    cat "$out"/cg-*.tsv >>"$tsv"
else
    echo "mode is cpu or callgrind" >&2
    exit 2
fi

"$py" - "$tsv" "$mode" <<'EOF'
"""Medians per tree and job; the now/base ratio with the interpreter's start-up taken off both."""
import csv
import statistics
import sys

rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
mode = sys.argv[2]
key = "instructions" if mode == "callgrind" else "cpu"
for r in rows:
    if mode == "cpu":
        r["cpu"] = str(float(r["user"]) + float(r["sys"]))
med = {}
for tree in ("base", "now"):
    for job in dict.fromkeys(r["job"] for r in rows):
        vals = [float(r[key]) for r in rows if r["tree"] == tree and r["job"] == job]
        med[tree, job] = statistics.median(vals)
unit = "G instructions" if mode == "callgrind" else "s user+sys"
scale = 1e9 if mode == "callgrind" else 1.0
print(f"{'job':<11} {'base':>9} {'now':>9}  now/base  (start-up off)   {unit}, medians")
for job in dict.fromkeys(r["job"] for r in rows):
    b, n = med["base", job], med["now", job]
    line = f"{job:<11} {b / scale:9.3f} {n / scale:9.3f}  {n / b:8.4f}"
    if job != "startup":
        b0, n0 = b - med["base", "startup"], n - med["now", "startup"]
        line += f"  {n0 / b0:8.4f}" if b0 > 0 else ""
    if mode == "cpu" and job != "startup":
        pairs = {}
        for r in rows:
            if r["job"] == job:
                pairs.setdefault(r["pair"], {})[r["tree"]] = float(r["cpu"])
        ratios = [p["now"] / p["base"] for p in pairs.values() if len(p) == 2]
        line += f"   pair ratios {min(ratios):.3f}..{max(ratios):.3f}, median {statistics.median(ratios):.4f}"
        for tree in ("base", "now"):
            walls = [float(r["wall"]) for r in rows if r["tree"] == tree and r["job"] == job]
            rss = [float(r["maxrss_kib"]) for r in rows if r["tree"] == tree and r["job"] == job]
            line += f"; {tree} wall {statistics.median(walls):.2f} s {statistics.median(rss) / 1024:.0f} MiB"
    print(line)
EOF
