#!/bin/sh
# e2e_nn.sh - end-to-end checks of the networks' command-line surface:
# `mllab conv` (REFERENCE.md's toy, a drawn feature map, usage errors) and
# `mllab run mlp|cnn --save/--load` (a round trip gives the same accuracy; a
# loaded network scales its inputs with the saved scaler, whatever the split;
# a corrupt, truncated or foreign file is a clear error with status 1).
#
# Run by `make check` with $MLLAB and $MLLAB_DATA_DIR set (see e2e_cli.sh).
# Every file it writes goes to a mktemp directory, removed on exit.
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${MLLAB_DATA_DIR:=$here/../datasets}"
export MLLAB_DATA_DIR
. "$here/e2e_lib.sh"
e2e_setup e2e_nn
if ! "$MLLAB" list 2>/dev/null | grep -q "mlp"; then
    echo "e2e_nn: this build has no networks; skipped"
    exit 77
fi

# ---------------------------------------------------------------- conv
expect 0 "" conv --signal 1,2,3,4,5,6 --kernel 1,0,-1
checks=$((checks + 1))
[ "$(cat "$tmp/out")" = "[-2,-2,-2,-2,-2,5]" ] ||
    fail "conv toy printed '$(cat "$tmp/out")', expected [-2,-2,-2,-2,-2,5]"
expect 0 "" conv --signal 1,2,3,4,5,6 --kernel 1,0,-1 --padding valid --stride 2
checks=$((checks + 1))
[ "$(cat "$tmp/out")" = "[-2,-2]" ] || fail "valid stride 2 printed '$(cat "$tmp/out")'"

expect 0 "" conv --dataset mnist --index 0 --kernel sobel-x --pool max --ascii
checks=$((checks + 1))
grep -q "feature map 28x28; max-pool 2 -> 14x14" "$tmp/out" ||
    fail "conv on a digit: no size line in $(head -c 300 "$tmp/out")"
checks=$((checks + 1))
[ "$(grep -c '[#@%]' "$tmp/out")" -ge 5 ] || fail "conv on a digit drew no dark shades"

expect 2 "unknown kernel 'emboss'" conv --dataset mnist --index 0 --kernel emboss
# issue 13: a number beyond float32 is refused as the CSV reader refuses it,
# and a result that overflows is an error, never "inf"
expect 2 "--signal: number 1 is outside the float32 range" conv --signal 1e39,1 --kernel 1
expect 2 "--kernel: number 2 is outside the float32 range" conv --signal 1,2 --kernel 1,-1e39
expect 1 "output 1 overflows float32 (inf)" conv --signal 3e38,3e38 --kernel 1,1
checks=$((checks + 1))
[ -s "$tmp/out" ] && fail "an overflowing conv printed $(cat "$tmp/out")"
expect 2 "--index must be in [0, 69999]" conv --dataset mnist --index 70000
expect 2 "not a comma-separated list" conv --signal 1,x,3 --kernel 1,0,-1
expect 2 "does not fit" conv --signal 1,2 --kernel 1,2,3 --padding valid
expect 2 "--padding 'full'" conv --signal 1,2,3 --kernel 1 --padding full
expect 2 "unknown option" conv --bogus
expect 2 "" conv
expect 0 "" conv --help

# ---------------------------------------------------------------- save / load
model="$tmp/model.nn"
expect 0 "" run mlp --dataset breast_cancer -p hidden=16 --save "$model" --format json
cp "$tmp/out" "$tmp/trained.json"
checks=$((checks + 1))
[ -s "$model" ] || fail "--save wrote no file"
checks=$((checks + 1))
[ "$(head -c 7 "$model")" = "MLLABNN" ] || fail "the saved file does not start with MLLABNN"

expect 0 "" run mlp --dataset breast_cancer --load "$model" --format json
checks=$((checks + 1))
[ "$(accuracy "$tmp/out")" = "$(accuracy "$tmp/trained.json")" ] ||
    fail "--load accuracy $(accuracy "$tmp/out") differs from the trained $(accuracy "$tmp/trained.json")"


# The scaler comes from the file: another seed says so, and the predictions
# on the same test rows do not depend on the training part it is given.
expect 0 "" run mlp --dataset breast_cancer --load "$model" --seed 7
checks=$((checks + 1))
grep -q "scaling   standard (from the model file)" "$tmp/out" ||
    fail "--load --seed 7 does not say the scaling came from the model file"
expect 0 "" run mlp --dataset breast_cancer --load "$model" --test-size 0.3 --format json
checks=$((checks + 1))
grep -q '"scaling_from_model": true' "$tmp/out" || fail "the JSON report lacks scaling_from_model"
awk 'NR % 5 != 0' "$MLLAB_DATA_DIR/breast_cancer.csv" >"$tmp/bc_all.csv"
awk 'NR <= 101' "$MLLAB_DATA_DIR/breast_cancer.csv" >"$tmp/bc_few.csv"
awk 'NR == 1 || NR % 5 == 0' "$MLLAB_DATA_DIR/breast_cancer.csv" >"$tmp/bc_test.csv"
expect 0 "" run mlp --train "$tmp/bc_all.csv" --test "$tmp/bc_test.csv" --load "$model" \
    --predictions "$tmp/pred_all.csv"
expect 0 "" run mlp --train "$tmp/bc_few.csv" --test "$tmp/bc_test.csv" --load "$model" \
    --predictions "$tmp/pred_few.csv"
checks=$((checks + 1))
[ -s "$tmp/pred_all.csv" ] && cmp -s "$tmp/pred_all.csv" "$tmp/pred_few.csv" ||
    fail "the loaded network's predictions depend on the training part (scaler refitted?)"
expect 2 "trained with standard scaling" run mlp --dataset breast_cancer --load "$model" --scale minmax
expect 0 "" run mlp --dataset breast_cancer --load "$model" --scale standard

expect 1 "holds a saved mlp, not a cnn" run cnn --dataset digits --load "$model"
expect 1 "takes 30 features" run mlp --dataset iris --load "$model"
# issue 13: a network of more (or fewer) classes than the data, or of other
# images, is refused naming the model file and both sides
expect 1 "$model: the saved mlp takes 30 features, the data has 4" run mlp --dataset iris --load "$model"
expect 0 "" run mlp --dataset iris -p hidden=4 -p epochs=2 --save "$tmp/iris.nn"
head -n 101 "$MLLAB_DATA_DIR/iris.csv" >"$tmp/iris2.csv" # setosa, versicolor
expect 1 "$tmp/iris.nn: the saved mlp was trained on 3 classes, the data has 2" \
    run mlp --dataset "$tmp/iris2.csv" --load "$tmp/iris.nn"
# every trained model saves now (issue 11; tests/e2e_saveall.sh): a network
# file is refused by another algorithm
expect 1 "this file holds a saved mlp, not a knn" run knn --dataset iris --load "$tmp/iris.nn"
expect 2 "need one split" run mlp --dataset iris --cv 3 --save "$tmp/cv.nn"
expect 1 "cannot open" run mlp --dataset iris --load "$tmp/missing.nn"

# issue 13: outputs are written whole or not at all (a temporary file
# renamed): a --save cut short by a file-size limit, or failing on a full
# device, leaves the previous model as it was; an output that is an input
# is refused
cp "$model" "$tmp/backup.nn"
(ulimit -f 1; trap '' XFSZ; "$MLLAB" run mlp --dataset breast_cancer -p hidden=64 -p epochs=1 \
    --save "$model" >/dev/null 2>"$tmp/err")
checks=$((checks + 1))
cmp -s "$model" "$tmp/backup.nn" || fail "a --save cut short changed the previous model"
checks=$((checks + 1))
grep -q "$model: write failed: File too large" "$tmp/err" ||
    fail "a --save cut short does not name the file and the reason: $(cat "$tmp/err")"
checks=$((checks + 1))
[ -z "$(find "$tmp" -name '.model.nn.*')" ] || fail "a failed --save left its temporary file"
if [ -w /dev/full ]; then
    expect 1 "/dev/full: write failed: No space left on device" \
        run mlp --dataset iris -p epochs=1 --save /dev/full
fi
cp "$MLLAB_DATA_DIR/iris.csv" "$tmp/same.csv"
expect 2 "$tmp/same.csv: is also an input" run knn --dataset "$tmp/same.csv" --predictions "$tmp/same.csv"
expect 2 "is also an input" run mlp --dataset iris --load "$model" --save "$model"
cmp -s "$MLLAB_DATA_DIR/iris.csv" "$tmp/same.csv" || fail "--predictions overwrote its input"

head -c 100 "$model" >"$tmp/short.nn"
expect 1 "truncated" run mlp --dataset breast_cancer --load "$tmp/short.nn"
printf 'x' | dd of="$model" bs=1 seek=500 conv=notrunc 2>/dev/null
expect 1 "checksum" run mlp --dataset breast_cancer --load "$model"
cp "$MLLAB_DATA_DIR/iris.csv" "$tmp/foreign.nn"
expect 1 "not an mllab network file" run mlp --dataset iris --load "$tmp/foreign.nn"

# a small CNN on the 8x8 digits, saved and loaded
expect 0 "" run cnn --dataset digits -p arch=c4k3p1-r-m2-d10 -p epochs=2 --save "$tmp/cnn.nn" --format json
cp "$tmp/out" "$tmp/cnn.json"
expect 0 "" run cnn --dataset digits --load "$tmp/cnn.nn" --format json
checks=$((checks + 1))
[ "$(accuracy "$tmp/out")" = "$(accuracy "$tmp/cnn.json")" ] || fail "cnn --load changed the accuracy"
expect 2 "arch: at position 6" run cnn --dataset digits -p arch=c4k3-x-d10
awk -F, 'NR == 1 || $NF != "9"' "$MLLAB_DATA_DIR/digits.csv" >"$tmp/digits9.csv"
expect 1 "the saved cnn takes 8x8 images, the data holds no images" \
    run cnn --dataset "$tmp/digits9.csv" --load "$tmp/cnn.nn"

e2e_finish
