#!/bin/sh
# e2e_tui.sh - drive the real lab in tmux (120x40) and read the screen back.
#
# Checks: the home screen lists every algorithm by its title; stepping
# k-means on blobs shows `step 3` with a plot; a resize to 40x12 says
# "terminal too small" and the state is back when enlarged; `c` on
# breast_cancer shows the comparison table; the mnist dataset screen draws a
# digit; `?` shows the help; --ascii and NO_COLOR draw without Unicode and
# without colours; `q` exits 0 and SIGTERM exits 143, the terminal restored
# both times.
#
# Needs $MLLAB (the program), MLLAB_DATA_DIR and MLLAB_DOCS_DIR (make check
# sets them).  Skipped (77) without tmux.  Every wait polls the screen with
# a deadline instead of sleeping a fixed time, so a loaded machine or an
# AddressSanitizer build only makes it slower.
set -u

command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
: "${MLLAB:?set MLLAB to the mllab program}"
: "${MLLAB_DATA_DIR:?}" "${MLLAB_DOCS_DIR:?}"

# Deadlines scale with E2E_SLOW (e.g. 3 under valgrind).
SLOW=${E2E_SLOW:-1}
tmp=$(mktemp -d)
sock="mllab-e2e-$$"
T="tmux -L $sock -u"
failures=0
# Byte patterns (any locale): braille U+2800-28FF, and the blocks ▀ ▄ █.
BRAILLE=$(printf '\342[\240-\243]')
HALF_BLOCKS=$(printf '\342\226[\200\204\210]')

cleanup() {
    $T kill-server >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

fail() {
    echo "FAIL: $*"
    echo "----- screen -----"
    $T capture-pane -p -t lab 2>/dev/null | sed 's/^/| /'
    echo "------------------"
    failures=$((failures + 1))
}

# start NAME ARGS... : the lab in a fresh 120x40 session; the exit status
# goes to $tmp/exit, the process id to $tmp/pid.
start() {
    $T kill-session -t lab >/dev/null 2>&1
    rm -f "$tmp/exit" "$tmp/pid"
    envs="MLLAB_DATA_DIR='$MLLAB_DATA_DIR' MLLAB_DOCS_DIR='$MLLAB_DOCS_DIR' LC_ALL=C.UTF-8"
    for v in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS OPENBLAS_NUM_THREADS NO_COLOR; do
        eval "val=\${$v-}"
        [ -n "$val" ] && envs="$envs $v='$val'"
    done
    $T new-session -d -s lab -x 120 -y 40 \
        "env $envs sh -c 'echo \$\$ > $tmp/pid; exec \"$MLLAB\" tui $*'; echo EXIT=\$? > $tmp/exit; sleep 600"
    $T set-option -t lab window-size manual >/dev/null 2>&1
}

screen() {
    $T capture-pane -p -t lab 2>/dev/null
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
    $T send-keys -t lab "$@"
}

# quit_and_check : q, then the program must exit 0 and leave the screen.
quit_and_check() {
    keys q
    deadline=$(( $(date +%s) + 30 * SLOW ))
    while [ ! -f "$tmp/exit" ] && [ "$(date +%s)" -le "$deadline" ]; do sleep 0.2; done
    if [ "$(cat "$tmp/exit" 2>/dev/null)" != "EXIT=0" ]; then
        fail "$1: q did not exit with status 0 ($(cat "$tmp/exit" 2>/dev/null || echo 'still running'))"
    elif screen | grep -q 'mllab ›'; then
        fail "$1: the terminal was not restored after q (the lab is still on screen)"
    fi
}

# ---- 1. the home screen lists every algorithm by its title ------------------
expected="linreg logreg perceptron svm knn kmeans dtree naive_bayes random_forest mlp conv cnn"
listed=$("$MLLAB" list | sed -n 's/^  \([a-z_][a-z_0-9]*\)  .*/\1/p')
for name in $expected; do
    echo "$listed" | grep -qx "$name" || fail "mllab list does not list $name"
done
start
if wait_for 'Algorithms' 30; then
    for name in $listed; do
        title=$("$MLLAB" info "$name" | head -n 1 | sed 's/^[^ ]* — //')
        [ -n "$title" ] || { fail "no title for $name in mllab info"; continue; }
        screen | grep -qF -- "$title" || fail "home does not list $name as '$title'"
    done
    # Groups, a card beside the list, and the footer of keys.
    for word in Regression Classification Clustering 'Neural networks' Operations 'q quit'; do
        screen | grep -qF -- "$word" || fail "home lacks '$word'"
    done
    keys '?'
    wait_for 'Help' 10 || fail "? shows no help"
    keys Escape
    wait_for 'Algorithms' 10 || fail "the help did not close"
else
    fail "the home screen did not appear"
fi
quit_and_check home

# ---- 2. k-means on blobs: three steps, a plot; resize and back ---------------
start --algo kmeans --dataset blobs
if wait_for 'step 0' 60 && wait_for 'n_init' 10; then
    # n_init = 3: three k-means runs, so at least three steps remain to take
    # (well-separated blobs converge in two).  `:` sets a parameter by name.
    keys : n_init=3 Enter
    wait_for 'n_init +3' 20 || fail "n_init could not be set to 3"
    wait_for 'step 0' 20
    keys Space
    wait_for 'step 1' 30 || fail "Space did not step (step 1)"
    keys Space
    wait_for 'step 2' 30 || fail "Space did not step (step 2)"
    keys Space
    if wait_for 'step 3' 30; then
        # A plot: braille dots and the axis.
        screen | LC_ALL=C grep -q "$BRAILLE" || fail "no braille plot after three steps"
        screen | grep -q '└' || fail "no plot axis after three steps"
    else
        fail "three presses of Space did not show step 3"
    fi
    $T resize-window -t lab -x 40 -y 12
    wait_for 'too small' 20 || fail "a 40x12 terminal does not say 'too small'"
    $T resize-window -t lab -x 120 -y 40
    wait_for 'step 3' 20 || fail "the state (step 3) is not back after enlarging"
    screen | grep -q 'too small' && fail "'too small' stays after enlarging"
else
    fail "the run screen did not open for kmeans on blobs"
fi
quit_and_check kmeans

# ---- 2b. logreg on breast_cancer: no "nan" before the first step; the ------------
# threshold explorer's 2x2 matrix is whole at 120 columns (its counts were once
# cut at the panel's edge: TP 42 read "TP 4").
start --algo logreg --dataset breast_cancer
if wait_for 'step 0' 60; then
    keys 2
    wait_for 'objective' 10 || fail "logreg: the weights view shows no objective"
    screen | grep -Eqw 'nan|-nan' && fail "logreg shows 'nan' before the first step"
    keys r
    if wait_for 'done' 60; then
        keys 5
        if wait_for 'TN +[0-9]+ +FP +[0-9]+' 10; then
            # the rows "true 0  TN n  FP n" and "true 1  FN n  TP n"
            sum=$(screen | grep -Eo '(TN|FP|FN|TP) +[0-9]+' |
                awk '{ s += $2 } END { print s + 0 }')
            [ "$sum" -eq 114 ] || fail "the threshold explorer's counts sum to $sum, not the 114 test rows"
        else
            fail "the ROC view shows no 2x2 matrix"
        fi
    else
        fail "logreg did not finish training on breast_cancer"
    fi
else
    fail "the run screen did not open for logreg on breast_cancer"
fi
quit_and_check roc

# ---- 3. compare on breast_cancer -----------------------------------------------
start --dataset breast_cancer
if wait_for 'Class balance' 60; then
    keys c
    if wait_for '\(best\)' 300; then
        for word in accuracy precision recall F1 AUC fit predict 'p vs best' 'Logistic regression'; do
            screen | grep -qF -- "$word" || fail "the comparison table lacks '$word'"
        done
        # The last row (the CNN, which fails on tabular data) as matrix A:
        # its heading says it failed, never "accuracy nan".
        for i in 1 2 3 4 5 6 7 8 9 10 11 12; do keys Down; done
        keys a
        wait_for ' A: .*\((accuracy|failed)' 10 || fail "a shows no matrix A heading"
        screen | grep -Eqw 'nan|-nan' && fail "the comparison shows 'nan'"
    else
        fail "c did not show the comparison table"
    fi
else
    fail "the breast_cancer dataset screen did not open"
fi
quit_and_check compare

# ---- 4. the mnist dataset screen draws a digit -----------------------------------
start --dataset mnist
if wait_for '#0: 5' 240; then
    blocks=$(screen | LC_ALL=C grep -o "$HALF_BLOCKS" | wc -l)
    [ "$blocks" -ge 40 ] || fail "the mnist gallery shows too few image cells ($blocks)"
else
    fail "the mnist dataset screen shows no labelled digit"
fi
quit_and_check mnist

# ---- 5. --ascii and NO_COLOR ---------------------------------------------------
start --ascii --algo kmeans --dataset blobs
if wait_for 'step 0' 60; then
    keys Space
    wait_for 'step 1' 30 || fail "--ascii: Space did not step"
    if screen | LC_ALL=C grep -q '[^ -~]'; then
        fail "--ascii draws characters outside ASCII"
    fi
else
    fail "--ascii run screen did not open"
fi
quit_and_check ascii
NO_COLOR=1
export NO_COLOR
start
if wait_for 'Algorithms' 30; then
    if $T capture-pane -p -e -t lab | grep -Eq '\[(3[0-7]|4[0-7]|38;5;|48;5;)'; then
        fail "NO_COLOR is set but the screen has colours"
    fi
else
    fail "home did not appear with NO_COLOR"
fi
quit_and_check no_color
unset NO_COLOR

# ---- 6. SIGTERM restores the terminal ----------------------------------------------
start
if wait_for 'Algorithms' 30; then
    kill -TERM "$(cat "$tmp/pid")"
    deadline=$(( $(date +%s) + 30 * SLOW ))
    while [ ! -f "$tmp/exit" ] && [ "$(date +%s)" -le "$deadline" ]; do sleep 0.2; done
    [ "$(cat "$tmp/exit" 2>/dev/null)" = "EXIT=143" ] ||
        fail "SIGTERM: expected exit 143, got $(cat "$tmp/exit" 2>/dev/null || echo 'none')"
    screen | grep -q 'mllab ›' && fail "SIGTERM: the terminal was not restored"
else
    fail "home did not appear (SIGTERM test)"
fi

if [ "$failures" -gt 0 ]; then
    echo "e2e_tui: $failures failure(s)"
    exit 1
fi
echo "e2e_tui: all passed"
exit 0
