#!/bin/sh
# kernels_paths.sh - the k-NN and k-means tests once on every kernel path
# this CPU supports (MLLAB_KERNEL=vnni|avx2|generic, algorithms/kernel_path.h),
# and the front end's answer to a bad MLLAB_KERNEL (a clear message, exit 2).
#
# Run by `make check` with $MLLAB set (see e2e_cli.sh); the test programs
# are next to the program, in tests/.  A path the CPU lacks is skipped (the
# program refuses it with exit status 2, "does not support").
set -u

MLLAB=${MLLAB:-./mllab}
here=$(cd "$(dirname "$0")" && pwd)
: "${MLLAB_DATA_DIR:=$here/../datasets}"
export MLLAB_DATA_DIR
bin=$(dirname "$MLLAB")/tests
fail=0

if [ ! -x "$MLLAB" ] || [ ! -x "$bin/test_knn" ]; then
    echo "kernels_paths: $MLLAB or $bin/test_knn is not built" >&2
    exit 99
fi

# A bad value: exit status 2 and a message naming it.
for bad in sse9 VNNI; do
    msg=$(MLLAB_KERNEL=$bad "$MLLAB" run knn --dataset iris 2>&1 >/dev/null)
    st=$?
    if [ $st -ne 2 ] || ! printf '%s' "$msg" | grep -q "MLLAB_KERNEL=$bad"; then
        echo "FAIL: MLLAB_KERNEL=$bad gave status $st: $msg"
        fail=1
    fi
done

ran=0
for path in vnni avx2 generic; do
    msg=$(MLLAB_KERNEL=$path "$MLLAB" run knn --dataset digits 2>&1 >/dev/null)
    st=$?
    if [ $st -eq 2 ] && printf '%s' "$msg" | grep -q "does not support"; then
        echo "skip $path: $msg"
        continue
    fi
    for t in test_kernels test_knn test_kmeans; do
        if MLLAB_KERNEL=$path "$bin/$t" >/dev/null 2>&1; then
            echo "ok   MLLAB_KERNEL=$path $t"
        else
            echo "FAIL MLLAB_KERNEL=$path $t"
            fail=1
        fi
    done
    ran=$((ran + 1))
done
[ $ran -gt 0 ] || { echo "FAIL: no kernel path ran"; fail=1; }
exit $fail
