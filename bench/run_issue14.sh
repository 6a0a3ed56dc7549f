#!/bin/sh
# run_issue14.sh - one run of every figure of issues 14 and 11's MNIST goals,
# side by side with scikit-learn and PyTorch, in the order bench/RESULTS.md
# lists them, each section headed by its command; the raw output goes to
# standard output (paste it into bench/RESULTS.md).  Run it on a quiet
# machine from the build directory; it takes about 15 minutes.
#
#   bench/run_issue14.sh ./mllab
#
# Needs /usr/bin/python3 with scikit-learn and PyTorch (Debian's
# python3-sklearn, python3-torch), /usr/bin/time and tmux.
set -u
MLLAB=${1:?usage: run_issue14.sh PATH/TO/mllab}
case $MLLAB in /*) ;; *) MLLAB=$(pwd)/$MLLAB ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
: "${MLLAB_DATA_DIR:=$(cd "$HERE/../datasets" && pwd)}"
export MLLAB_DATA_DIR

load() { cut -d' ' -f1-3 /proc/loadavg; }
section() { echo "### $*"; }

echo "### commit $(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u), load $(load), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
section "compare_peers: $PY bench/compare_peers.py MLLAB"
$PY "$HERE/compare_peers.py" "$MLLAB"
section "bench_neighbours: $PY bench/bench_neighbours.py MLLAB"
$PY "$HERE/bench_neighbours.py" "$MLLAB"
section "bench_neighbours avx2: MLLAB_KERNEL=avx2 $PY bench/bench_neighbours.py MLLAB"
MLLAB_KERNEL=avx2 $PY "$HERE/bench_neighbours.py" "$MLLAB"
section "bench_trees forest: $PY bench/bench_trees.py MLLAB --only forest"
$PY "$HERE/bench_trees.py" "$MLLAB" --only forest
section "bench_nn: $PY bench/bench_nn.py --mllab MLLAB --datasets mnist"
$PY "$HERE/bench_nn.py" --mllab "$MLLAB" --datasets mnist
section "bench_memory: bench/bench_memory.sh MLLAB"
sh "$HERE/bench_memory.sh" "$MLLAB"
section "bench_tui_compare: bench/bench_tui_compare.sh MLLAB 3"
sh "$HERE/bench_tui_compare.sh" "$MLLAB" 3
section "bench_prep deskew: $PY bench/bench_prep.py MLLAB --only mnist --deskew --mnist-params '--rescale -p strength=0.001'"
$PY "$HERE/bench_prep.py" "$MLLAB" --only mnist --deskew --mnist-params "--rescale -p strength=0.001"
section "done $(date -u), load $(load)"
