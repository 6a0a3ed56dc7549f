#!/bin/sh
# fuzz/run.sh - build the libFuzzer harnesses against the reader sources and
# run each for a while.
#
#   fuzz/run.sh [SECONDS] [csv|idx|model|saved|params|all]   default: 60 seconds each, all
#
# csv and idx fuzz the dataset readers; model the saved-network reader and
# saved the other saved models' readers (the CRC recomputed so that inputs
# get past it); params the -p KEY=VALUE and
# cnn arch grammars of every algorithm.
# Needs clang (Debian: clang) with libFuzzer.  Everything it makes goes to
# $FUZZ_OUT (default fuzz/out/): the binaries, the growing corpora
# (corpus-csv, corpus-idx, seeded from fuzz/corpus/) and any crashing inputs
# (crashes/).  A crash
# worth keeping belongs in tests/data/fuzz/ as csv-NAME or idx-NAME, where
# test_dataset replays it on every make check.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
seconds=${1:-60}
which=${2:-all}
out=${FUZZ_OUT:-$here/out}
mkdir -p "$out/crashes" "$out/corpus-csv" "$out/corpus-idx" "$out/corpus-model" \
    "$out/corpus-params" "$out/corpus-saved"

CC=${CC:-clang}
CFLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -D_GNU_SOURCE -I$top/src"
READER_SOURCES="$top/src/dataset.c $top/src/dataset_csv.c $top/src/csv_cells.c $top/src/dataset_columns.c $top/src/dataset_idx.c \
    $top/src/error.c $top/src/mat.c $top/src/budget.c"
# model and params: the whole core and every algorithm (OpenMP, -Ialgorithms)
ALL_SOURCES="$(ls "$top"/src/*.c "$top"/algorithms/*.c | tr '
' ' ')"
LIBS="-lcsv -lz -lopenblas -lpthread -lm"

# allocator_may_return_null: a failed malloc is an error to report, as it is
# outside the fuzzer.
export ASAN_OPTIONS="allocator_may_return_null=1:detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1"

run() {
    name=$1
    case $name in
        csv | idx) sources=$READER_SOURCES; extra= ;;
        *) sources=$ALL_SOURCES
           extra="-fopenmp -I$top/algorithms -DMLLAB_PKGDATADIR=\"/nonexistent\"" ;;
    esac
    case $name in model | saved) sources="$sources $here/fuzz_load.c" ;; esac # what they share
    # shellcheck disable=SC2086
    $CC $CFLAGS $extra -o "$out/fuzz_$name" "$here/fuzz_$name.c" $sources $LIBS
    echo "fuzz_$name: ${seconds}s"
    "$out/fuzz_$name" -max_total_time="$seconds" -max_len="$2" -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="$out/crashes/$name-" -print_final_stats=1 \
        ${3:+-dict="$3"} "$out/corpus-$name" "$here/corpus/$name"
}

case $which in
    csv) run csv 16384 "$here/csv.dict" ;;
    idx) run idx 8192 "" ;;
    model) run model 65536 "" ;;
    saved) run saved 65536 "" ;;
    params) run params 4096 "" ;;
    all) run csv 16384 "$here/csv.dict"; run idx 8192 ""; run model 65536 ""; run saved 65536 ""; run params 4096 "" ;;
    *) echo "usage: fuzz/run.sh [SECONDS] [csv|idx|model|saved|params|all]" >&2; exit 2 ;;
esac
