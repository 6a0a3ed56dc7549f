#!/bin/sh
# e2e_tui_prep.sh - data preparation in the TUI (issue 11), driven in tmux
# and read back from the screen.
#
# Checks, on logreg with breast_cancer (two classes) at 120x40:
#   - `:` threshold=auto is accepted by the parameter form: the footer says
#     "threshold = auto (run reset)" and the form's threshold row shows auto;
#   - after training, the ROC view's threshold explorer says where the run's
#     threshold was chosen ("threshold=auto: T, the best F1 on the training
#     part": the TUI has no validation part);
#   - Left/Right on the threshold row swaps auto and the number (back to
#     0.5, then auto again), and a bad value's error names auto;
#   - with the number back, a trained run's explorer has no threshold=auto line;
#   - the pipeline line, at 120x40 and at 80x24: O resamples the training
#     classes (over: 455 -> 570 training rows, under: 455 -> 340, then none
#     again) and S standardises again after the other steps, each shown on
#     the line, and a run with it trains to the end;
#   - D deskews digits (64 features kept, named on the line) and turns it
#     off again; on breast_cancer it is refused (no image shape).
#
# Needs $MLLAB, MLLAB_DATA_DIR and MLLAB_DOCS_DIR (make check sets them).
# Skipped (77) without tmux.  ONE tmux server on a private socket for the
# whole script (a keeper window holds its session; each lab runs in a window
# of its own); every wait polls the screen with a generous deadline, nothing
# sleeps a fixed time.
set -u
LC_ALL=C.UTF-8
export LC_ALL
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
: "${MLLAB:?set MLLAB to the mllab program}"
: "${MLLAB_DATA_DIR:?}" "${MLLAB_DOCS_DIR:?}"

if [ -n "${MLLAB_ASAN_STAGE:-}" ]; then SLOW=${E2E_SLOW:-3}; else SLOW=${E2E_SLOW:-1}; fi
tmp=$(mktemp -d)
sock="mllab-prep-$$"
T="tmux -L $sock -u"
failures=0
checks=0

cleanup() {
    $T kill-server >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

$T -f /dev/null new-session -d -s prep -n keeper -x 120 -y 40 "sleep 100000" ||
    { echo "FAIL: cannot start tmux"; exit 1; }
W=""
n_win=0

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

# start ARGS... : the lab (COLS x ROWS, 120x40 unless set) in a new window.
COLS=120
ROWS=40
start() {
    [ -n "$W" ] && $T kill-window -t "$W" >/dev/null 2>&1
    rm -f "$tmp/exit"
    envs="MLLAB_DATA_DIR='$MLLAB_DATA_DIR' MLLAB_DOCS_DIR='$MLLAB_DOCS_DIR' LC_ALL=C.UTF-8"
    for v in OPENBLAS_NUM_THREADS MLLAB_STATE; do
        eval "val=\${$v-}"
        [ -n "$val" ] && envs="$envs $v='$val'"
    done
    n_win=$((n_win + 1))
    W="prep:lab$n_win"
    $T new-window -d -t prep -n "lab$n_win" \
        "while [ \"\$(stty size)\" != '$ROWS $COLS' ]; do sleep 0.1; done; env $envs \"$MLLAB\" tui $*; echo EXIT=\$? > $tmp/exit.new; mv $tmp/exit.new $tmp/exit; sleep 600"
    $T resize-window -t "$W" -x "$COLS" -y "$ROWS" >/dev/null 2>&1
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

# expect_screen PATTERN SECONDS MESSAGE : a counted check.
expect_screen() {
    checks=$((checks + 1))
    wait_for "$1" "$2" || fail "$3"
}

# view NAME N : the run screen's view of that name, by the number its tab
# shows (N when the tab is not found).
view() {
    n=$(screen | sed -n 3p | awk -v name="$1" '{ for (i = 2; i <= NF; i++)
        if ($i == name && $(i - 1) ~ /^[1-9]$/) { print $(i - 1); exit } }')
    keys "${n:-$2}"
}

# set_param KEY=VALUE : the form's `:` line.
set_param() {
    keys :
    wait_for 'apply KEY=VALUE' 10 || true
    keys -l "$1"
    keys Enter
}

AUTO_LINE='threshold=auto chose [0-9.e+-]+:'
AUTO_PART='the best F1 on the training part'

# ---- threshold=auto from the form, shown by the explorer -------------------------------
start --algo logreg --dataset breast_cancer
if wait_for 'step 0' 60; then
    set_param threshold=auto
    expect_screen 'threshold = auto \(run reset\)' 30 "the form did not accept threshold=auto"
    expect_screen '│threshold +auto ' 10 "the threshold row does not show auto"
    wait_for 'step 0' 60
    keys r
    expect_screen 'done' 120 "logreg with threshold=auto did not finish"
    view ROC 5
    expect_screen 'ROC curve, AUC' 30 "no ROC view"
    expect_screen "$AUTO_LINE" 30 "the explorer does not show the threshold auto chose"
    expect_screen "$AUTO_PART" 10 "the explorer does not say where threshold=auto was chosen"

    # Left/Right on the threshold row (`:` selected it): back to the number, then auto.
    keys Right
    expect_screen '│threshold +0\.5 ' 30 "Right on threshold=auto does not go back to 0.5"
    keys Left
    expect_screen '│threshold +auto ' 30 "Left on threshold=0.5 does not choose auto"
    set_param threshold=high
    expect_screen '\(or auto: the best F1\)' 30 "a bad threshold's error does not name auto"
    keys Escape

    # The number again: a trained run has no threshold=auto line.
    keys Right
    expect_screen '│threshold +0\.5 ' 30 "Right does not set the number"
    wait_for 'step 0' 60
    keys r
    expect_screen 'done' 120 "logreg with threshold 0.5 did not finish"
    view ROC 5
    expect_screen 'ROC curve, AUC' 30 "no ROC view after the number"
    checks=$((checks + 1))
    screen | grep -Eq "$AUTO_LINE" && fail "the explorer shows threshold=auto for a fixed threshold"
else
    fail "logreg on breast_cancer did not open"
fi

# ---- the pipeline line: O resamples, S rescales (120x40 and 80x24) ----------------------
# breast_cancer's training part: 285 benign, 170 malignant (455 rows):
# over makes 2 x 285 = 570, under 2 x 170 = 340 (as `mllab run logreg
# --resample over|under` reports).  The rows fact shows the count before and
# after; the pipeline line (up to three rows, whole at 80x24 too) names it.
# Its words wrap differently at each size: the patterns are short.
pipeline_keys() {
    start --algo logreg --dataset breast_cancer
    if ! wait_for 'step 0' 60; then
        fail "logreg on breast_cancer did not open (${COLS}x$ROWS)"
        return
    fi
    expect_screen 'rescale\)' 30 "the pipeline line does not offer O and S (${COLS}x$ROWS)"
    keys O
    expect_screen '455 -> 570' 60 "O does not oversample the training part to 570 rows (${COLS}x$ROWS)"
    expect_screen 'pipeline resample over,' 10 "the pipeline line does not say over (${COLS}x$ROWS)"
    keys O
    expect_screen '455 -> 340' 60 "O again does not undersample to 340 rows (${COLS}x$ROWS)"
    expect_screen 'pipeline resample under,' 10 "the pipeline line does not say under (${COLS}x$ROWS)"
    keys O
    expect_screen 'rows +455 train/114' 60 "O a third time does not end resampling (${COLS}x$ROWS)"
    expect_screen 'pipeline standard scaling' 10 "the line still names resampling (${COLS}x$ROWS)"
    keys S
    expect_screen 'pipeline -> 30 features:' 60 "S does not start a pipeline (${COLS}x$ROWS)"
    expect_screen 'standardised' 10 "S does not standardise again (${COLS}x$ROWS)"
    keys K
    expect_screen 'pipeline -> 2 features:' 60 "K after S gives no 2 PCA features (${COLS}x$ROWS)"
    expect_screen 'pca 2,' 10 "K after S does not name pca 2 (${COLS}x$ROWS)"
    expect_screen 'standardised' 10 "K drops the rescale (${COLS}x$ROWS)"
    wait_for 'step 0' 60
    keys r
    expect_screen 'done' 120 "logreg with pca 2 and rescale did not finish (${COLS}x$ROWS)"
    keys O
    expect_screen '455 -> 570' 60 "O with the other steps does not oversample (${COLS}x$ROWS)"
    expect_screen 'pipeline -> 2 features:' 10 "O lost the other steps (${COLS}x$ROWS)"
    expect_screen 'over, standard' 10 "O with the other steps is not named (${COLS}x$ROWS)"
}
pipeline_keys
COLS=80
ROWS=24
pipeline_keys

# ---- D: deskewing, on image sets only (120x40) -------------------------------------------
COLS=120
ROWS=40
start --algo logreg --dataset digits
if wait_for 'step 0' 60; then
    expect_screen 'D deskew' 30 "the pipeline line does not offer D on digits"
    keys D
    expect_screen 'pipeline -> 64 features: deskew' 60 "D does not deskew digits (64 features kept)"
    keys D
    expect_screen 'pipeline none scaling' 60 "D again does not turn deskewing off"
else
    fail "logreg on digits did not open"
fi
start --algo logreg --dataset breast_cancer
if wait_for 'step 0' 60 && wait_for 'rescale\)' 60; then
    keys D
    expect_screen 'breast_cancer has no image shape' 30 "D on breast_cancer is not refused"
else
    fail "logreg on breast_cancer did not open (D)"
fi

echo "e2e_tui_prep: $checks checks, $failures failures"
[ "$failures" -eq 0 ]
