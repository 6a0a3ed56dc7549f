#!/bin/sh
# e2e_atomic.sh - output files are written whole or not at all (issue 13,
# defect 5; the man page, LIMITS, Output files):
#  (a) 20 rounds of `mllab run mlp ... --save M` over a good model, killed
#      with SIGKILL at varied moments (after a delay growing with the round,
#      or as soon as its temporary file appears): M must always load, and be
#      either the previous model or the new run's whole model;
#  (b) a --save under a file-size limit (ulimit -f) too small for the model
#      fails with exit 1 and a message naming the file and the reason, and
#      leaves the previous model as it was;
#  (c) 20 rounds of 4 concurrent runs (4 seeds) writing one --trace path: the
#      file is always exactly one run's whole trace (compared with each
#      seed's trace written alone first);
#  (d) the same for --predictions.
# The kills' timing varies with the machine's load: no check depends on
# where a kill lands, only on what is left.  Small inputs (iris), so it is
# fast.  Needs $MLLAB and MLLAB_DATA_DIR (make check sets them).
set -u
. "$(dirname "$0")/e2e_lib.sh"
e2e_setup e2e_atomic
: "${MLLAB_DATA_DIR:?}"
ROUNDS=20

# ---- (a) kill -9 during --save ---------------------------------------------------
# A network of 256x256 hidden units: a file of about 270 KB, so that saving
# takes a while.
net="-p hidden=256,256 -p epochs=3"
M=$tmp/model.bin
# shellcheck disable=SC2086 # $net is several arguments
expect 0 "" run mlp --dataset iris $net --seed 1 --save "$M"
cp "$M" "$tmp/previous.bin"

# loads FILE : the saved network evaluates iris (exit 0).
loads() {
    "$MLLAB" run mlp --dataset iris --load "$1" >"$tmp/out" 2>"$tmp/err"
}

# kill_when_saving PID : SIGKILL as soon as a temporary file of M shows up
# (or the run ends).
kill_when_saving() {
    while kill -0 "$1" 2>/dev/null; do
        for f in "$tmp"/.model.bin.*; do
            [ -e "$f" ] && { kill -9 "$1" 2>/dev/null; return; }
        done
    done
}

killed=0
finished=0
round=1
while [ "$round" -le "$ROUNDS" ]; do
    # shellcheck disable=SC2086
    "$MLLAB" run mlp --dataset iris $net --seed $((round + 1)) --save "$M" >/dev/null 2>&1 &
    pid=$!
    if [ $((round % 4)) -eq 0 ]; then
        kill_when_saving "$pid"
    else
        sleep "$(printf '0.%02d' $((round * 4)))"
        kill -9 "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
    case $? in 0) finished=$((finished + 1)) ;; 137) killed=$((killed + 1)) ;; esac
    checks=$((checks + 1))
    if ! loads "$M"; then
        fail "round $round: the model does not load after kill -9 during --save"
    elif ! cmp -s "$M" "$tmp/previous.bin"; then
        cp "$M" "$tmp/previous.bin" # the new run's model, whole (it loads)
    fi
    round=$((round + 1))
done
echo "e2e_atomic (a): $ROUNDS rounds, $killed killed, $finished finished before the kill"

# ---- (b) --save under a file-size limit ---------------------------------------------
cp "$M" "$tmp/previous.bin"
rm -f "$tmp"/.model.bin.* # what the kills of (a) left (SIGKILL cannot clean up)
# 100 blocks (51 or 102 KB): smaller than the model.
# shellcheck disable=SC2086
(ulimit -f 100 && exec "$MLLAB" run mlp --dataset iris $net --seed 99 --save "$M") \
    >"$tmp/out" 2>"$tmp/err"
got=$?
checks=$((checks + 1))
if [ "$got" -ne 1 ]; then
    fail "--save under ulimit -f: exit $got, expected 1"
elif ! grep -qF "$M: write failed: File too large" "$tmp/err"; then
    fail "--save under ulimit -f: the message does not name the file and the reason"
fi
checks=$((checks + 1))
cmp -s "$M" "$tmp/previous.bin" || fail "--save under ulimit -f changed the previous model"
checks=$((checks + 1))
ls -A "$tmp" | grep -q '^\.model\.bin\.' && fail "--save under ulimit -f left its temporary file"

# ---- (c), (d) four concurrent runs to one path ----------------------------------------
# concurrent OPTION NAME : references (each seed alone), then ROUNDS rounds of
# the four seeds at once writing $tmp/NAME; it must equal one reference.
concurrent() {
    for s in 1 2 3 4; do
        expect 0 "" run logreg --dataset iris --seed "$s" "$1" "$tmp/ref$s.$2"
    done
    cmp -s "$tmp/ref1.$2" "$tmp/ref2.$2" && fail "$1: two seeds wrote the same file (the test would prove nothing)"
    r=1
    while [ "$r" -le "$ROUNDS" ]; do
        pids=""
        for s in 1 2 3 4; do
            "$MLLAB" run logreg --dataset iris --seed "$s" "$1" "$tmp/shared.$2" >/dev/null 2>"$tmp/err$s" &
            pids="$pids $!"
        done
        for p in $pids; do
            wait "$p" || fail "$1 round $r: a run failed: $(cat "$tmp"/err?)"
        done
        checks=$((checks + 1))
        match=""
        for s in 1 2 3 4; do
            cmp -s "$tmp/shared.$2" "$tmp/ref$s.$2" && match=$s
        done
        [ -n "$match" ] || fail "$1 round $r: the file is not one run's whole output"
        r=$((r + 1))
    done
}
concurrent --trace trace.jsonl
concurrent --predictions predictions.csv

e2e_finish
