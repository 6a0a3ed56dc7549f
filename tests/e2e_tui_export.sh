#!/bin/sh
# e2e_tui_export.sh - export and the lab's memory (issue 12), in the real
# lab under tmux.
#
# Checks: in the run screen (k-means on blobs, trained to the end) `e`
# opens the prompt with ./mllab-kmeans-blobs-YYYYmmdd-HHMMSS and Enter
# writes the results (.json parses and names the algorithm, .csv has the
# metric,value header), the trace (.trace.jsonl, one JSON object a line)
# and the view (.txt with points and axes, .svg well formed with points); the footer and
# the help show the key; the comparison exports its table (.json, .csv
# with its header, .svg); a folder that does not exist is an error naming
# the path and the reason, the prompt stays, Esc cancels; the state file
# records the dataset, algorithm, a changed parameter and the view, and a
# restart without options opens on them (the run screen shows k = 4 and
# the curves tab); --fresh does not; a corrupt state file is ignored with
# a note; a lesson (softmax) exports its screen as text and SVG.
#
# HOME and XDG_STATE_HOME are folders of the script's own (the user's
# state is never touched); MLLAB_STATE (make check sets it to off) is
# unset for these labs.  Needs $MLLAB, MLLAB_DATA_DIR and MLLAB_DOCS_DIR
# (make check sets them).  Skipped (77) without tmux.
#
# Robust to a loaded machine: ONE tmux server for the whole script (a
# keeper window holds its session; each lab runs in a window of its own),
# every wait polls the screen or a file with a generous deadline, nothing
# sleeps a fixed time.
set -u
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
: "${MLLAB:?set MLLAB to the mllab program}"
: "${MLLAB_DATA_DIR:?}" "${MLLAB_DOCS_DIR:?}"
case $MLLAB in /*) ;; *) MLLAB=$(pwd)/$MLLAB ;; esac

if [ -n "${MLLAB_ASAN_STAGE:-}" ]; then SLOW=${E2E_SLOW:-3}; else SLOW=${E2E_SLOW:-1}; fi
tmp=$(mktemp -d)
sock="mllab-e2e-export-$$"
T="tmux -L $sock -u"
failures=0
checks=0
work=$tmp/work          # the lab's folder: exports land here
state=$tmp/state/mllab/state
mkdir -p "$work" "$tmp/home"
PY=""
command -v python3 >/dev/null 2>&1 && PY=python3
ESC=$(printf '\033')
BRAILLE=$(printf '\342[\240-\243]')

cleanup() {
    $T kill-server >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The server's environment is the labs' (tmux copies it): no MLLAB_STATE.
unset MLLAB_STATE
HOME=$tmp/home XDG_STATE_HOME=$tmp/state $T -f /dev/null new-session -d -s e2e -n keeper \
    -x 120 -y 40 "sleep 100000" || { echo "FAIL: cannot start tmux"; exit 1; }
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

check() {
    checks=$((checks + 1))
}

# start [--size WxH] ARGS... : the lab in a new window in $work, with the
# script's HOME and XDG_STATE_HOME, NO_COLOR (the selected tab is then in
# reverse video, which capture-pane -e shows).
start() {
    size=120x40
    if [ "${1-}" = "--size" ]; then size=$2; shift 2; fi
    [ -n "$W" ] && $T kill-window -t "$W" >/dev/null 2>&1
    rm -f "$tmp/exit"
    envs="HOME='$tmp/home' XDG_STATE_HOME='$tmp/state' MLLAB_DATA_DIR='$MLLAB_DATA_DIR'"
    envs="$envs MLLAB_DOCS_DIR='$MLLAB_DOCS_DIR' LC_ALL=C.UTF-8 NO_COLOR=1"
    for v in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS OPENBLAS_NUM_THREADS; do
        eval "val=\${$v-}"
        [ -n "$val" ] && envs="$envs $v='$val'"
    done
    n_win=$((n_win + 1))
    W="e2e:lab$n_win"
    $T new-window -d -t e2e -n "lab$n_win" \
        "while [ \"\$(stty size)\" != '${size#*x} ${size%x*}' ]; do sleep 0.1; done; cd '$work' && env -u MLLAB_STATE $envs '$MLLAB' tui $*; echo EXIT=\$? > $tmp/exit.new; mv $tmp/exit.new $tmp/exit; sleep 600"
    $T resize-window -t "$W" -x "${size%x*}" -y "${size#*x}" >/dev/null 2>&1
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

wait_gone() {
    deadline=$(( $(date +%s) + $2 * SLOW ))
    while [ "$(date +%s)" -le "$deadline" ]; do
        screen | grep -Eq -- "$1" || return 0
        sleep 0.2
    done
    return 1
}

# wait_file PATTERN SECONDS : poll until a file matches the glob.
wait_file() {
    deadline=$(( $(date +%s) + $2 * SLOW ))
    while [ "$(date +%s)" -le "$deadline" ]; do
        for f in $1; do [ -f "$f" ] && return 0; done
        sleep 0.2
    done
    return 1
}

keys() {
    $T send-keys -t "$W" "$@"
}

quit_lab() {
    keys q
    deadline=$(( $(date +%s) + 30 * SLOW ))
    while [ ! -f "$tmp/exit" ] && [ "$(date +%s)" -le "$deadline" ]; do sleep 0.2; done
    check
    [ "$(cat "$tmp/exit" 2>/dev/null)" = "EXIT=0" ] ||
        fail "$1: q did not exit with status 0 ($(cat "$tmp/exit" 2>/dev/null || echo 'still running'))"
}

# json_ok FILE / jsonl_ok FILE / svg_ok FILE : parse with python3 when present.
json_ok() {
    check
    [ -z "$PY" ] && return 0
    $PY -c 'import json, sys; json.load(open(sys.argv[1]))' "$1" 2>"$tmp/pyerr" ||
        fail "$1 is not valid JSON: $(head -c 300 "$tmp/pyerr")"
}
jsonl_ok() {
    check
    [ -s "$1" ] || { fail "$1 is empty"; return; }
    [ -z "$PY" ] && return 0
    $PY -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1])]' "$1" 2>"$tmp/pyerr" ||
        fail "$1 is not JSON lines: $(head -c 300 "$tmp/pyerr")"
}
svg_ok() {
    check
    grep -q '<svg ' "$1" || { fail "$1 is not an SVG"; return; }
    [ -z "$PY" ] && return 0
    $PY -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); assert r.tag.endswith("svg"), r.tag' \
        "$1" 2>"$tmp/pyerr" || fail "$1 is not well-formed SVG: $(head -c 300 "$tmp/pyerr")"
}

# ---- 1. the run screen exports results, trace and view -----------------------------
# 200 columns: the footer has room for every key of the run screen.
start --size 200x50 --algo kmeans --dataset blobs
check
if wait_for ' 1 plot ' 60; then
    screen | tail -n 1 | grep -qF 'e export' || fail "run: the footer lacks 'e export'"
    keys '?'
    check
    wait_for '│   e +export' 30 || fail "run: the help does not list e (export)"
    keys Escape
    wait_gone '│ Everywhere' 30
    keys r
    check
    wait_for 'done' 60 || fail "run: k-means did not train to the end"
    keys e
    check
    if wait_for 'Write the files named' 30; then
        screen | grep -Eq '\./mllab-kmeans-blobs-[0-9]{8}-[0-9]{6}_' ||
            fail "run: the prompt does not propose ./mllab-kmeans-blobs-YYYYmmdd-HHMMSS"
        keys Enter
        check
        wait_for 'exported [^ ]+\.json' 30 || fail "run: Enter did not say where the files went"
        wait_file "$work/mllab-kmeans-blobs-*.svg" 30
        for ext in json csv trace.jsonl txt svg; do
            check
            ls "$work"/mllab-kmeans-blobs-*."$ext" >/dev/null 2>&1 || fail "run: no .$ext written"
        done
        f=$(ls "$work"/mllab-kmeans-blobs-*.json 2>/dev/null | head -n 1)
        if [ -n "$f" ]; then
            json_ok "$f"
            check
            grep -q '"algorithm": "kmeans"' "$f" || fail "run: the JSON report does not name kmeans"
            base=${f%.json}
            check
            [ "$(head -n 1 "$base.csv")" = "metric,value" ] || fail "run: the CSV lacks its header"
            jsonl_ok "$base.trace.jsonl"
            check
            grep -q '"step":' "$base.trace.jsonl" || fail "run: the trace has no steps"
            check
            grep -q "$BRAILLE\|●" "$base.txt" || fail "run: the plot text has no points"
            check
            grep -qF '└' "$base.txt" || fail "run: the plot text has no axes"
            svg_ok "$base.svg"
            check
            grep -q '<circle' "$base.svg" || fail "run: the SVG has no points"
        fi
    else
        fail "run: e opened no prompt"
    fi
    # ---- remember: a parameter and the view
    keys :
    check
    wait_for 'KEY=VALUE|k=' 30 || fail "run: : did not open the KEY=VALUE field"
    $T send-keys -t "$W" -l 'k=4'
    keys Enter
    check
    wait_for '│k +4 ' 30 || fail "run: k=4 was not taken"
    keys 2
    check
    deadline=$(( $(date +%s) + 30 * SLOW ))
    until $T capture-pane -e -p -t "$W" | grep -q "${ESC}\[7m 2 curves"; do
        [ "$(date +%s)" -gt "$deadline" ] && { fail "run: 2 did not select the curves tab"; break; }
        sleep 0.2
    done
    quit_lab "run"
else
    fail "run: the run screen of kmeans on blobs did not appear"
fi

check
if [ -f "$state" ]; then
    for line in '# mllab state 1' 'dataset=blobs' 'algo=kmeans' 'param.kmeans.k=4' 'view.kmeans=curves'; do
        check
        grep -qxF -- "$line" "$state" || fail "the state file lacks '$line': $(cat "$state")"
    done
else
    fail "no state file at $state after quitting"
fi

# ---- 2. a restart restores the last choices ---------------------------------------------
start
check
if wait_for 'dataset: blobs +algorithm: kmeans' 60; then
    keys Enter
    check
    wait_for '│k +4 +\*' 60 || fail "restart: the run screen does not show the saved k = 4"
    deadline=$(( $(date +%s) + 60 * SLOW ))
    check
    until $T capture-pane -e -p -t "$W" | grep -q "${ESC}\[7m 2 curves"; do
        [ "$(date +%s)" -gt "$deadline" ] && { fail "restart: the saved view (curves) is not shown"; break; }
        sleep 0.2
    done
    quit_lab "restart"
else
    fail "restart: the lab did not open on blobs and kmeans"
fi

# ---- 3. --fresh does not ----------------------------------------------------------------
start --fresh
check
if wait_for 'Algorithms' 60; then
    check
    screen | grep -qF 'dataset: (default)' || fail "--fresh: the saved dataset was restored"
    check
    screen | head -n 1 | grep -qF 'algorithm: kmeans' && fail "--fresh: the saved algorithm was restored"
    quit_lab "--fresh"
else
    fail "--fresh: the lab did not open"
fi

# ---- 4. a corrupt state file is ignored with a note -----------------------------------
printf 'not a state file\n\000\001\002' >"$state"
start
check
if wait_for 'state was ignored' 60; then
    check
    screen | grep -qF 'Algorithms' || fail "corrupt: Home is not shown"
    quit_lab "corrupt"
else
    fail "corrupt: no note that the state file was ignored"
fi

# ---- 5. the comparison exports its table; an error names the path ------------------------
start --size 80x24 --dataset iris
check
if wait_for 'Dataset' 60; then
    keys c
    check
    if wait_for '\(best\)' 120; then
        keys e
        check
        wait_for 'mllab-compare-iris-' 30 || fail "compare: the prompt does not propose ./mllab-compare-iris-..."
        keys C-u
        $T send-keys -t "$W" -l "$tmp/missing/cmp"
        keys Enter
        check
        wait_for 'cannot write: No such file' 30 ||
            fail "compare: an export into a missing folder does not say why"
        check
        screen | grep -qF "$tmp/missing/cmp.json" || fail "compare: the error does not name the path"
        check
        screen | tail -n 1 | grep -qF 'Esc cancel' || fail "compare: the prompt closed after the error"
        keys C-u
        $T send-keys -t "$W" -l "$work/cmp"
        keys Enter
        check
        wait_for 'exported [^ ]+\.json' 30 || fail "compare: Enter did not export"
        wait_file "$work/cmp.svg" 30
        json_ok "$work/cmp.json"
        check
        head -n 1 "$work/cmp.csv" 2>/dev/null | grep -q '^rank,algorithm,' || fail "compare: the CSV lacks its header"
        svg_ok "$work/cmp.svg"
        check
        grep -qF 'knn' "$work/cmp.txt" 2>/dev/null || fail "compare: the text capture lacks the table"
        for f in "$work"/cmp.* ; do
            check
            [ "$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$f")" -gt 0 ] ||
                fail "compare: $f is empty"
        done
        keys e
        wait_for 'Write the files named' 30
        keys Escape
        check
        wait_for 'export cancelled' 30 || fail "compare: Esc did not cancel the export"
    else
        fail "compare: the comparison of iris did not finish"
    fi
    quit_lab "compare"
else
    fail "compare: the dataset screen of iris did not appear"
fi

# ---- 6. a lesson exports its screen -------------------------------------------------------
start --fresh
check
if wait_for 'Algorithms' 60; then
    keys / 'Softmax and' Enter
    wait_for '^ /Softmax and' 30
    keys Enter
    check
    if wait_for 'softmax at T = 1 ' 60; then
        keys e
        check
        wait_for 'mllab-softmax-' 30 || fail "softmax: e does not propose ./mllab-softmax-..."
        keys C-u
        $T send-keys -t "$W" -l "$work/sm"
        keys Enter
        check
        wait_for 'exported [^ ]+\.txt' 30 || fail "softmax: Enter did not export"
        wait_file "$work/sm.svg" 30
        svg_ok "$work/sm.svg"
        check
        grep -qF 'softmax' "$work/sm.txt" 2>/dev/null || fail "softmax: the text capture lacks the screen"
    else
        fail "softmax: the lesson did not open"
    fi
    quit_lab "softmax"
else
    fail "softmax: Home did not appear"
fi

echo "e2e_tui_export: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
