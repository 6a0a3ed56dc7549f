#!/bin/sh
# bench_cli.sh - the command-line figures of issue 2: how fast `mllab list`
# answers (goal < 50 ms) and the peak memory of every MNIST run (goal < 600 MB).
#
# Usage: bench/bench_cli.sh PATH/TO/mllab [ALGO ...]
# Needs /usr/bin/time (Debian package `time`); uses hyperfine when installed.
set -eu
mllab=${1:?usage: bench_cli.sh PATH/TO/mllab [ALGO ...]}
shift
algos=${*:-"logreg perceptron svm knn naive_bayes dtree random_forest kmeans mlp cnn"}

echo "== mllab list (goal: under 50 ms)"
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --warmup 3 --runs 30 "$mllab list" 2>/dev/null | sed -n '1,3p'
else
    start=$(date +%s%N)
    i=0
    while [ $i -lt 30 ]; do "$mllab" list >/dev/null; i=$((i + 1)); done
    end=$(date +%s%N)
    echo "mean $(( (end - start) / 30000000 )) ms over 30 runs"
fi

echo "== peak memory of MNIST runs (goal: under 600 MB)"
printf '%-14s %10s %10s %9s\n' algorithm "peak MB" "wall s" accuracy
for a in $algos; do
    out=$(mktemp)
    /usr/bin/time -f '%M %e' -o "$out.time" "$mllab" run "$a" --dataset mnist --format json \
        >"$out" 2>/dev/null || true
    read -r kb wall <"$out.time"
    acc=$(sed -n 's/.*"accuracy": *\([0-9.]*\).*/\1/p' "$out" | head -n 1)
    [ -n "$acc" ] || acc=-
    printf '%-14s %10d %10s %9s\n' "$a" $((kb / 1024)) "$wall" "$acc"
    rm -f "$out" "$out.time"
done
