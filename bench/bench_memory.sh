#!/bin/sh
# bench_memory.sh - issue 14's memory goal: the peak resident memory of every
# MNIST run of one model at its defaults (goal: under 150 MB each) and of
# `mllab compare --dataset mnist` (goal: under 250 MB), with the accuracy of
# each run so that a smaller peak never hides a different model.
#
# Usage: bench/bench_memory.sh PATH/TO/mllab [ALGO ...]
#   ALGO defaults to every classifier and kmeans; `compare` in the list (the
#   default ends with it) measures the comparison.
# Needs /usr/bin/time (Debian package `time`).  The peaks (%M, maximum
# resident set size) do not depend on the machine's load; the CPU seconds
# (user + sys) are printed for reference.  Set OPENBLAS_NUM_THREADS=1 and
# OMP_NUM_THREADS=1 to measure single-threaded (the peaks barely change).
set -eu
mllab=${1:?usage: bench_memory.sh PATH/TO/mllab [ALGO ...]}
shift
runs=${*:-"knn naive_bayes logreg svm perceptron dtree random_forest mlp cnn kmeans compare"}
[ -x /usr/bin/time ] || { echo "bench_memory.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

echo "== peak memory of MNIST runs (goals: one model under 150 MB, compare under 250 MB)"
echo "   $(uname -n), $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-14s %9s %8s %9s %s\n' run "peak MB" "cpu s" accuracy goal
over=0
for a in $runs; do
    out=$(mktemp)
    if [ "$a" = compare ]; then
        goal=250
        set -- compare --dataset mnist --format json
    else
        goal=150
        set -- run "$a" --dataset mnist --format json
    fi
    /usr/bin/time -f '%M %U %S' -o "$out.time" "$mllab" "$@" >"$out" 2>/dev/null || true
    read -r kb user sys <"$out.time"
    cpu=$(echo "$user $sys" | awk '{ printf "%.1f", $1 + $2 }')
    if [ "$a" = compare ]; then
        acc=$(grep -o '"accuracy": *[0-9.]*' "$out" | sed 's/.*: *//' | tr '\n' ' ')
    else
        acc=$(grep -o '"accuracy": *[0-9.]*' "$out" | head -n 1 | sed 's/.*: *//')
    fi
    [ -n "$acc" ] || acc=-
    mb=$((kb / 1024))
    verdict=ok
    if [ "$mb" -ge "$goal" ]; then
        verdict="OVER $goal"
        over=$((over + 1))
    fi
    printf '%-14s %9d %8s %9s %s\n' "$a" "$mb" "$cpu" "$acc" "$verdict"
    rm -f "$out" "$out.time"
done
echo "runs over their goal: $over"
