#!/bin/sh
# hostile.sh - the hostile-input corpus of issue 13 (tests/hostile/ and a few
# generated inputs): every case must end with exit status 1 (bad data) or 2
# (usage) -- never a signal, never 0 with a wrong answer -- with a message
# that names the file (FILE:LINE:COLUMN where there is one) or the
# parameter, within a CPU-time limit (ulimit -t; a wall-clock timeout of ten
# minutes only catches a hang: wall time says nothing on a loaded machine,
# where a 0.2 s case once took 33 s) and a memory limit (ulimit -v),
# under a small memory budget (MLLAB_MEMORY_LIMIT).  A few cases must
# succeed with a bounded output instead (a summarised confusion matrix, escaped
# labels).  Classes covered: model/data mismatches, damaged model files,
# unbounded memory (devices, FIFOs, huge layers and archs, thousands of
# labels), silently wrong numbers (values near FLT_MAX for every algorithm,
# conv overflow, --target ignored), unclear messages (long paths, full
# devices, --test-size), outputs that are inputs, terminal controls in labels.
#
# Run by `make check` with $MLLAB and $MLLAB_DATA_DIR set (see e2e_cli.sh).
set -u
# The sanitizer stage of .ci/run (MLLAB_ASAN_STAGE=1) runs every case too,
# with the same checks, except the ulimit -v bound: an AddressSanitizer build
# reserves terabytes of address space for its shadow memory and cannot start
# under it, so there the memory bound is MLLAB_MEMORY_LIMIT alone (mllab's own
# estimates, refused before allocating) and the CPU-time limit is 3 times longer.
# In both stages a sanitizer report on stderr is a failure (UBSan exits 1,
# which would otherwise pass for a refusal).

MLLAB=${MLLAB:-./mllab}
here=$(cd "$(dirname "$0")" && pwd)
: "${MLLAB_DATA_DIR:=$here/../datasets}"
export MLLAB_DATA_DIR
H=$here/hostile
LC_ALL=C
export LC_ALL
MLLAB_MEMORY_LIMIT=512M
export MLLAB_MEMORY_LIMIT
VMEM_KB=2000000 # 2 GB of address space per case
CPU_MAX=20      # CPU seconds per case
WALL_MAX=600    # a hang, not a slow machine
if [ -n "${MLLAB_ASAN_STAGE:-}" ]; then
    VMEM_KB=unlimited
    CPU_MAX=60
fi

if [ ! -x "$MLLAB" ]; then
    echo "hostile: $MLLAB is not an executable" >&2
    exit 99
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mllab-hostile.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

failures=0
checks=0

fail() {
    failures=$((failures + 1))
    echo "FAIL: $*"
    [ -s "$tmp/err" ] && echo "  stderr: $(head -c 300 "$tmp/err")"
}

# sanitizer_report : a sanitizer's report on the last stderr is a failure.
sanitizer_report() {
    if grep -qE 'runtime error:|ERROR: (Address|Leak)Sanitizer|SUMMARY: (Address|Undefined)' \
        "$tmp/err"; then
        fail "mllab $*: a sanitizer report"
    fi
}

# run ARGS...: mllab under the time and memory limits; $got is its status.
run() {
    (ulimit -v $VMEM_KB 2>/dev/null; ulimit -t $CPU_MAX; exec timeout $WALL_MAX "$MLLAB" "$@") \
        >"$tmp/out" 2>"$tmp/err" </dev/null
    got=$?
    sanitizer_report "$@"
}

# refused TEXT ARGS...: exit 1 or 2 (no signal, no timeout) and TEXT on stderr.
refused() {
    text=$1
    shift
    run "$@"
    checks=$((checks + 1))
    if [ "$got" -ne 1 ] && [ "$got" -ne 2 ]; then
        fail "mllab $*: exit $got, expected 1 or 2"
    elif ! grep -qF -- "$text" "$tmp/err"; then
        fail "mllab $*: stderr lacks '$text'"
    fi
}

# bounded MAX-BYTES ARGS...: exit 0 with at most MAX-BYTES of output.
bounded() {
    max=$1
    shift
    run "$@"
    checks=$((checks + 1))
    size=$(wc -c <"$tmp/out")
    if [ "$got" -ne 0 ]; then
        fail "mllab $*: exit $got, expected 0"
    elif [ "$size" -gt "$max" ]; then
        fail "mllab $*: $size bytes of output, more than $max"
    fi
}

# finite ARGS...: exit 0 with no NaN/inf/null in the JSON, or a refusal (1).
finite() {
    run "$@" --format json
    checks=$((checks + 1))
    if [ "$got" -eq 0 ]; then
        grep -qiE 'nan|inf|null' "$tmp/out" && fail "mllab $*: non-finite numbers in the output"
    elif [ "$got" -ne 1 ]; then
        fail "mllab $*: exit $got, expected 0 or 1"
    fi
}

# ---------------------------------------------------------------- every algorithm
algos="linreg logreg perceptron svm knn naive_bayes multinomial_nb dtree random_forest kmeans mlp"
for a in $algos cnn; do
    refused "bad_cell.csv:3:2:" run $a --dataset "$H/bad_cell.csv"
    refused "beyond_float.csv:3:1:" run $a --dataset "$H/beyond_float.csv"
    refused "nul_byte.csv:3:2:" run $a --dataset "$H/nul_byte.csv"
    refused "ragged.csv:3:3:" run $a --dataset "$H/ragged.csv"
    refused "empty.csv" run $a --dataset "$H/empty.csv"
    refused "/dev/zero: binary data" run $a --dataset /dev/zero
done
for a in $algos; do
    finite run $a --dataset "$H/near_flt_max.csv" --scale none
    finite run $a --dataset "$H/near_flt_max.csv"
done

# ---------------------------------------------------------------- model files
refused "huge_layers.nn: corrupt network file: its header describes a mlp of 3600540003" \
    run mlp --dataset iris --load "$H/huge_layers.nn"
refused "huge_cnn.nn: corrupt network file" run cnn --dataset digits --load "$H/huge_cnn.nn"
refused "inf_weight.nn: corrupt network file: tensor W1 holds an infinity" \
    run mlp --dataset iris --load "$H/inf_weight.nn"
refused "nan_weight.nn: corrupt network file: tensor W1 holds NaN" \
    run mlp --dataset iris --load "$H/nan_weight.nn"
refused "three_classes.nn: the saved mlp was trained on 3 classes, the data has 2" \
    run mlp --dataset "$H/two_classes.csv" --load "$H/three_classes.nn"
refused "three_classes.nn: the saved mlp takes 4 features, the data has 30" \
    run mlp --dataset breast_cancer --load "$H/three_classes.nn"
refused "the network's outputs overflow" run mlp --dataset iris --load "$H/huge_weights.nn" --scale none
refused "/dev/zero: more than" run mlp --dataset iris --load /dev/zero
refused "/dev/urandom: " run mlp --dataset iris --load /dev/urandom
refused "$H: " run mlp --dataset iris --load "$H"

# ---------------------------------------------------------------- memory
refused "/dev/urandom: binary data" run knn --dataset /dev/urandom
mkfifo "$tmp/fifo"
(yes 1,2,x | head -c 2000000 >"$tmp/fifo" 2>/dev/null &)
MLLAB_MEMORY_LIMIT=1M refused "$tmp/fifo: more than 1.0 MB read" run knn --dataset "$tmp/fifo"
refused "mlp -p hidden=65536,65536" run mlp --dataset iris -p hidden=65536,65536
refused "cnn: the arch of 3 layers" run cnn --dataset digits -p arch=d65536-d65536-d10
refused "random_forest on 4000 rows of 5000 classes" run random_forest --dataset "$H/many_labels.csv"
MLLAB_MEMORY_LIMIT=64M refused "5000x5000 confusion matrix" \
    run naive_bayes --dataset "$H/many_labels.csv"
bounded 400000 run knn --dataset "$H/many_labels.csv"
grep -q "Largest confusions (5000 classes" "$tmp/out" || fail "5000 classes: no summary"
MLLAB_MEMORY_LIMIT=lots refused "MLLAB_MEMORY_LIMIT=lots is not a size" run knn --dataset iris

# ---------------------------------------------------------------- numbers
refused "--signal: number 1 is outside the float32 range" conv --signal 1e39,1 --kernel 1
refused "output 1 overflows float32" conv --signal 3e38,3e38 --kernel 1,1
refused "--target species: the blobs set has a fixed target" run knn --dataset blobs --target species
refused "--target x: the fortunes set has a fixed target" run multinomial_nb --dataset fortunes --target x

# ---------------------------------------------------------------- messages and outputs
# a path longer than the message buffer: the reason at its end survives
long=$tmp/$(printf '%0200d' 0)/$(printf '%0200d' 0)/$(printf '%0200d' 0)/missing.csv
refused "/missing.csv: No such file or directory" run knn --dataset "$long"
long=$tmp/$(printf '%0900d' 0)/$(printf '%0900d' 0)/missing.csv
refused "/missing.csv: File name too long" run knn --dataset "$long"
refused "--test-size 0.99 leaves 1 training row" run knn --dataset iris --test-size 0.99
if [ -w /dev/full ]; then
    refused "/dev/full: write failed: No space left on device" \
        run mlp --dataset iris -p epochs=1 --save /dev/full
    for opt in --help --version "run --help" "info knn"; do
        # shellcheck disable=SC2086 # the words of $opt are the arguments
        (ulimit -v $VMEM_KB; ulimit -t $CPU_MAX; exec timeout $WALL_MAX "$MLLAB" $opt >/dev/full 2>"$tmp/err")
        got=$?
        sanitizer_report $opt
        checks=$((checks + 1))
        [ "$got" -eq 1 ] || fail "mllab $opt >/dev/full: exit $got, expected 1"
        grep -q "cannot write to standard output" "$tmp/err" || fail "mllab $opt >/dev/full: no message"
    done
fi
cp "$H/two_classes.csv" "$tmp/same.csv"
refused "is also an input" run knn --dataset "$tmp/same.csv" --predictions "$tmp/same.csv"
checks=$((checks + 1))
cmp -s "$H/two_classes.csv" "$tmp/same.csv" || fail "--predictions overwrote its input"

# ---------------------------------------------------------------- terminal
bounded 100000 run knn --dataset "$H/c1_labels.csv" -p k=1
checks=$((checks + 1))
if grep -q "$(printf '\302\233')" "$tmp/out" || grep -q "$(printf '\342\200\256')" "$tmp/out"; then
    fail "a C1 control or a bidi override reached the text report"
fi
grep -q 'u009b' "$tmp/out" || fail "the C1 control is not shown escaped"
# ... nor through a file name (the report's dataset line, an error message)
# or a JSON report (escaped there as \u009b: the same string once parsed)
c1=$(printf '\302\233')
bidi=$(printf '\342\200\256')
cp "$H/c1_labels.csv" "$tmp/c1${c1}name${bidi}.csv"
raw() { LC_ALL=C grep -qa -e "$c1" -e "$bidi" "$@"; }
bounded 100000 run knn --dataset "$tmp/c1${c1}name${bidi}.csv" -p k=1
checks=$((checks + 1))
raw "$tmp/out" && fail "a C1 control or a bidi override in the file name reached the text report"
refused "c1\u009bname\u202e.csv: the target 'y' holds text labels" \
    run linreg --dataset "$tmp/c1${c1}name${bidi}.csv"
raw "$tmp/err" && fail "a C1 control or a bidi override reached an error message"
bounded 100000 run knn --dataset "$tmp/c1${c1}name${bidi}.csv" -p k=1 --format json
checks=$((checks + 1))
raw "$tmp/out" && fail "a C1 control or a bidi override reached the JSON report"
if command -v python3 >/dev/null 2>&1; then
    checks=$((checks + 1))
    python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
assert r["dataset"] == "c1\u009bname\u202e.csv", r["dataset"]
assert "ok\u009b31m" in r["classes"], r["classes"]' "$tmp/out" ||
        fail "the JSON report does not read back the names with their controls"
fi

# a terminal that cannot draw: a clear message, status 1, no garbage
if command -v script >/dev/null 2>&1; then
    TERM=dumb script -qec "$MLLAB" /dev/null </dev/null >"$tmp/out" 2>&1
    got=$?
    checks=$((checks + 1))
    [ "$got" -eq 1 ] || fail "TERM=dumb mllab: exit $got, expected 1"
    grep -q "the lab needs a terminal that can draw (TERM=dumb); use the CLI" "$tmp/out" ||
        fail "TERM=dumb mllab: no clear message: $(head -c 200 "$tmp/out")"
    [ "$(wc -c <"$tmp/out")" -lt 200 ] || fail "TERM=dumb mllab wrote $(wc -c <"$tmp/out") bytes"
fi

echo "hostile: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
