#!/bin/sh
# e2e_tui_labels.sh - text from data never drives the terminal (issue 13,
# defect 6): a CSV whose file name, feature names and class labels hold a C1
# control (U+009B, a CSI that starts escape sequences) and bidi overrides
# or isolates (U+202E, U+2066) is opened in the lab in tmux: its dataset
# screen (the path, the features, the class balance) and a k-NN run with its
# results.  Every byte the lab writes to the terminal is recorded (tmux
# pipe-pane): none of those characters may be among them, and the screen
# shows them spelled "\u009b", as the text report does.
#
# Needs $MLLAB and MLLAB_DATA_DIR (make check sets them).  Skipped (77)
# without tmux.
set -u
. "$(dirname "$0")/e2e_lib.sh"
e2e_setup e2e_tui_labels
: "${MLLAB_DATA_DIR:?}"
tmux_setup

C1=$(printf '\302\233')    # U+009B
RLO=$(printf '\342\200\256')  # U+202E
LRI=$(printf '\342\201\246')  # U+2066
csv="$tmp/lab${C1}els${RLO}.csv"
{
    printf 'wid%sth,%slen,y\n' "$C1" "$LRI"
    for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
        printf '%d,%d,ok%s31m\n%d,%d,%slive\n' "$i" $((i + 1)) "$C1" $((i + 30)) $((i * 2 + 30)) "$RLO"
    done
} >"$csv"

# no_raw WHAT FILE : FILE (the bytes sent to the terminal) holds none of them.
no_raw() {
    checks=$((checks + 1))
    if [ ! -s "$2" ]; then
        fail "$1: nothing recorded from the terminal"
    elif LC_ALL=C grep -qa -e "$C1" -e "$RLO" -e "$LRI" "$2"; then
        fail "$1: a C1 control or a bidi override reached the terminal raw"
    fi
}

# shows WHAT TEXT : the screen shows TEXT.
shows() {
    checks=$((checks + 1))
    screen | grep -qF -- "$2" || fail "$1: the screen lacks '$2'"
}

lab_start --raw "$tmp/raw1" --dataset "$csv"
if wait_for 'Class balance' 60; then
    wait_for 'live' 30
    shows dataset 'ok\u009b31m'
    shows dataset '\u202elive'
    shows dataset 'wid\u009bth'
    shows dataset '\u2066len'
    shows dataset 'lab\u009bels\u202e.csv'
else
    fail "the dataset screen did not open for the CSV"
fi
keys q
lab_wait_exit 30 || fail "dataset: q did not end the lab"
no_raw dataset "$tmp/raw1"

lab_start --raw "$tmp/raw2" --algo knn --dataset "$csv"
if wait_for 'step 0' 60; then
    keys r
    wait_for 'done' 60 || fail "knn did not finish on the CSV"
    keys 5
    wait_for '\\u202elive' 30 || fail "knn: the results do not name the class '\\u202elive'"
    shows knn 'ok\u009b31m'
else
    fail "the run screen did not open for knn on the CSV"
fi
keys q
lab_wait_exit 30 || fail "knn: q did not end the lab"
no_raw knn "$tmp/raw2"

e2e_finish
