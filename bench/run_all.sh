#!/bin/sh
# run_all.sh - every benchmark in one run, side by side with the peers
# (scikit-learn and PyTorch from Debian: python3-sklearn, python3-torch).
# Run by hand on a quiet machine; the output is also saved to bench/out/.
#
# Usage: bench/run_all.sh PATH/TO/mllab
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mllab=$(cd "$(dirname "${1:?usage: run_all.sh PATH/TO/mllab}")" && pwd)/$(basename "$1")
py=/usr/bin/python3
mkdir -p "$here/out"
log="$here/out/results-$(date +%Y%m%d-%H%M%S).txt"
{
    echo "# mllab benchmarks, $(date -u), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
    "$here/bench_cli.sh" "$mllab"
    "$here/bench_memory.sh" "$mllab"
    echo "== linear models (bench_linear.py)"
    $py "$here/bench_linear.py" "$mllab" --repeat 3
    echo "== neighbours, k-means, naive Bayes (bench_neighbours.py)"
    $py "$here/bench_neighbours.py" "$mllab" --repeat 3
    echo "== trees (bench_trees.py)"
    $py "$here/bench_trees.py" "$mllab" --repeat 3
    echo "== networks (bench_nn.py)"
    $py "$here/bench_nn.py" --mllab "$mllab" --epochs 3
} 2>&1 | tee "$log"
echo "saved to $log"
