#!/bin/sh
# e2e_stepown.sh - "Step your own" in the real lab (docs/practice.md): the
# learner's k-means (here the reference solution, copied into a practice
# workspace) stepped in the run screen with `y`, on blobs.
#
# Checks: `y` switches the run screen to "k-means clustering (yours)"; Space
# steps it and the plot shows the centroids (✖) and both losses
# (loss_yours, loss_builtin); the help lists `y`; a learner that crashes
# stops the run with a message naming SIGSEGV while the lab goes on; `y`
# goes back to the built-in; `q` exits 0.
#
# Needs $MLLAB, MLLAB_DATA_DIR, MLLAB_DOCS_DIR and MLLAB_EXERCISES_DIR (make
# check sets them).  Skipped (77) without tmux or a C compiler.
#
# Robust under load, as e2e_tui.sh: ONE tmux server for the whole script (a
# keeper window holds it), the lab in a window of its own, and every wait
# polls the screen until the expected text shows or a generous deadline
# passes; nothing sleeps a fixed time.
set -u

command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
command -v "${MLLAB_CC:-cc}" >/dev/null 2>&1 || { echo "SKIP: no C compiler"; exit 77; }
: "${MLLAB:?set MLLAB to the mllab program}"
: "${MLLAB_DATA_DIR:?}" "${MLLAB_DOCS_DIR:?}" "${MLLAB_EXERCISES_DIR:?}"

SLOW=${E2E_SLOW:-1}
tmp=$(mktemp -d)
sock="mllab-stepown-$$"
T="tmux -L $sock -u"
failures=0

cleanup() {
    $T kill-server >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The learner's workspace: the reference solution as "theirs".
export XDG_DATA_HOME="$tmp/data"
"$MLLAB" practice start kmeans >/dev/null 2>&1 || { echo "FAIL: practice start kmeans"; exit 1; }
work="$XDG_DATA_HOME/mllab/practice/kmeans/solution.c"
cp "$MLLAB_EXERCISES_DIR/kmeans/solution.c" "$work" || exit 1

$T -f /dev/null new-session -d -s e2e -n keeper -x 120 -y 40 "sleep 100000" ||
    { echo "FAIL: cannot start tmux"; exit 1; }
W="e2e:lab"

screen() {
    $T capture-pane -p -t "$W" 2>/dev/null
}

fail() {
    echo "FAIL: $*"
    echo "----- screen -----"
    screen | sed 's/^/| /'
    echo "------------------"
    failures=$((failures + 1))
}

# wait_for PATTERN SECONDS : poll until the screen matches (grep -E).
wait_for() {
    deadline=$(( $(date +%s) + $2 * SLOW ))
    while [ "$(date +%s)" -le "$deadline" ]; do
        screen | grep -Eq -- "$1" && return 0
        [ -f "$tmp/exit" ] && { screen | grep -Eq -- "$1" && return 0; return 1; }
        sleep 0.2
    done
    return 1
}

keys() {
    $T send-keys -t "$W" "$@"
}

envs="MLLAB_DATA_DIR='$MLLAB_DATA_DIR' MLLAB_DOCS_DIR='$MLLAB_DOCS_DIR'"
envs="$envs MLLAB_EXERCISES_DIR='$MLLAB_EXERCISES_DIR' XDG_DATA_HOME='$XDG_DATA_HOME' LC_ALL=C.UTF-8"
for v in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS OPENBLAS_NUM_THREADS MLLAB_CC MLLAB_PYTHON; do
    eval "val=\${$v-}"
    [ -n "$val" ] && envs="$envs $v='$val'"
done
$T new-window -d -t e2e -n lab \
    "while [ \"\$(stty size)\" != '40 120' ]; do sleep 0.1; done; env $envs \"$MLLAB\" tui --algo kmeans --dataset blobs; echo EXIT=\$? > $tmp/exit.new; mv $tmp/exit.new $tmp/exit; sleep 600"
$T resize-window -t "$W" -x 120 -y 40 >/dev/null 2>&1

# 1. the built-in run screen, then y: yours.
wait_for 'k-means clustering +step 0' 60 || fail "the run screen did not open for kmeans"
keys y
wait_for 'k-means clustering \(yours\)' 30 || fail "y did not switch to yours"
wait_for 'file' 10 || fail "the form of yours has no file parameter"

# 2. two steps: the centroids on the plot, both losses.
keys Space
wait_for 'step 1' 60 || fail "Space did not step your k-means"
keys Space
wait_for 'step 2' 60 || fail "a second Space did not step your k-means"
wait_for 'YOURS: iteration 2' 30 || fail "the status does not say YOURS: iteration 2"
screen | grep -q '✖' || fail "the plot shows no centroid (✖)"
screen | grep -q 'loss_yours' || fail "no loss_yours series"
screen | grep -q 'loss_builtin' || fail "no loss_builtin series"

# 3. the help lists y.
keys '?'
if wait_for '│ Everywhere' 30; then
    screen | grep -qF '│   y ' || fail "the help does not list y"
    keys Escape
else
    fail "? shows no help"
fi

# 4. a crashing learner: the run stops with the signal named, the lab lives.
cat > "$work" <<'CODE'
#include <stddef.h>
void kmeans_lloyd(const double *X, int n, int d, int k, double *c, int *l, int it)
{
    (void)X; (void)n; (void)d; (void)k; (void)c; (void)l; (void)it;
    *(volatile int *)NULL = 1;
}
CODE
keys x
wait_for 'step 0' 60 || fail "x did not reset to step 0"
keys Space
wait_for 'SIGSEGV' 60 || fail "a crashing learner did not show SIGSEGV"

# 5. y: back to the built-in, which steps.
keys y
wait_for 'k-means clustering +step 0' 30 || fail "y did not go back to the built-in"
keys Space
wait_for 'k-means clustering +step 1' 60 || fail "the built-in does not step after yours"

# 6. q exits 0.
keys q
deadline=$(( $(date +%s) + 30 * SLOW ))
while [ ! -f "$tmp/exit" ] && [ "$(date +%s)" -le "$deadline" ]; do sleep 0.2; done
grep -q 'EXIT=0' "$tmp/exit" 2>/dev/null || fail "q did not exit 0 ($(cat "$tmp/exit" 2>/dev/null))"

if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "PASS: step your own (k-means yours on blobs, a crash, back to the built-in)"
