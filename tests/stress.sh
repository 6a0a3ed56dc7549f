#!/bin/sh
# stress.sh - run the whole `make check` N times under a parallel CPU load and
# report every failure (issue 13, defect 7: CI must never fail by chance).
#
# Not part of `make check` (it runs it).  From a configured build tree:
#
#   tests/stress.sh [-n RUNS] [-l BUSY] [-j JOBS] [-o LOGDIR]
#
#   -n RUNS   how many times to run `make check` (default 10)
#   -l BUSY   busy loops kept running beside it, each a shell spinning on one
#             core (default 2; 0 for none)
#   -j JOBS   make's -j (default 2)
#   -o LOGDIR where each run's output goes (default a new folder in $TMPDIR);
#             a failed run keeps its test-suite.log and every FAIL/ERROR .log
#
# Prints one line per run (status, seconds, failed tests) and a summary; exit
# status 0 when every run passed, 1 otherwise, 2 for a usage error.  The busy
# loops are stopped (by their process ids) when the script ends, however it
# ends.
set -u

runs=10
busy=2
jobs=2
logdir=""
usage() {
    echo "usage: tests/stress.sh [-n RUNS] [-l BUSY] [-j JOBS] [-o LOGDIR]" >&2
    exit 2
}
while getopts n:l:j:o: opt; do
    case $opt in
    n) runs=$OPTARG ;;
    l) busy=$OPTARG ;;
    j) jobs=$OPTARG ;;
    o) logdir=$OPTARG ;;
    *) usage ;;
    esac
done
for v in "$runs" "$busy" "$jobs"; do
    case $v in '' | *[!0-9]*) usage ;; esac
done
[ -f Makefile ] || { echo "stress.sh: run it in a configured build tree (no Makefile here)" >&2; exit 2; }
[ -n "$logdir" ] || logdir=$(mktemp -d "${TMPDIR:-/tmp}/mllab-stress.XXXXXX") || exit 2
mkdir -p "$logdir" || exit 2

pids=""
stop_load() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    pids=""
}
trap stop_load EXIT
trap 'exit 130' INT TERM HUP

i=0
while [ "$i" -lt "$busy" ]; do
    sh -c 'while :; do :; done' &
    pids="$pids $!"
    i=$((i + 1))
done

# Build first, so every run times the tests alone.
make -s -j"$jobs" >"$logdir/build.log" 2>&1 || { echo "stress.sh: the build failed (see $logdir/build.log)"; exit 1; }

echo "stress: $runs runs of make -j$jobs check beside $busy busy loop(s) on $(nproc 2>/dev/null || echo '?') cores; logs in $logdir"
failed_runs=0
total=0
n=1
while [ "$n" -le "$runs" ]; do
    start=$(date +%s)
    make -j"$jobs" check >"$logdir/run$n.log" 2>&1
    rc=$?
    secs=$(( $(date +%s) - start ))
    total=$((total + secs))
    bad=$(sed -n 's/^\(FAIL\|ERROR\): \(.*\)/\2/p' "$logdir/run$n.log" | tr '\n' ' ')
    if [ "$rc" -eq 0 ]; then
        echo "run $n: pass in ${secs}s (load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null))"
    else
        failed_runs=$((failed_runs + 1))
        echo "run $n: FAIL (make status $rc) in ${secs}s: ${bad:-see run$n.log}"
        mkdir -p "$logdir/run$n"
        cp test-suite.log "$logdir/run$n/" 2>/dev/null
        for t in $bad; do cp "$t.log" "$logdir/run$n/" 2>/dev/null; done
    fi
    n=$((n + 1))
done
echo "stress: $runs runs, $failed_runs failed, $((total / (runs > 0 ? runs : 1)))s per run on average"
[ "$failed_runs" -eq 0 ]
