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
# Robust to a loaded machine: one tmux server, polled waits (e2e_lib.sh).
set -u
. "$(dirname "$0")/e2e_lib.sh"
e2e_setup e2e_tui_export
: "${MLLAB_DATA_DIR:?}" "${MLLAB_DOCS_DIR:?}"
unset MLLAB_STATE   # (the tmux server's environment is the labs')
tmux_setup
work=$tmp/work          # the lab's folder: exports land here
state=$tmp/state/mllab/state
mkdir -p "$work" "$tmp/home"
PY=""
command -v python3 >/dev/null 2>&1 && PY=python3
ESC=$(printf '\033')
BRAILLE=$(printf '\342[\240-\243]')

# start [--size WxH] ARGS... : the lab in $work, with the script's HOME and
# XDG_STATE_HOME, no MLLAB_STATE, NO_COLOR (the selected tab is then in
# reverse video, which capture-pane -e shows).
start() {
    lab_start --dir "$work" --unset MLLAB_STATE \
        --env "HOME='$tmp/home' XDG_STATE_HOME='$tmp/state' NO_COLOR=1" "$@"
}

# joined_has PATTERN : the screen's text, its lines joined and box sides
# dropped, matches (a message wrapped in the prompt's box).
joined_has() {
    screen | tr -d '│\n' | grep -Eq -- "$1"
}

# tab_selected TAB : the tab (e.g. "2 curves") is selected: in reverse video.
tab_selected() {
    screen -e | grep -q "${ESC}\[7m $1"
}

# json_ok FILE / jsonl_ok FILE / svg_ok FILE : parse with python3 when present.
json_ok() {
    tally
    [ -z "$PY" ] && return 0
    $PY -c 'import json, sys; json.load(open(sys.argv[1]))' "$1" 2>"$tmp/pyerr" ||
        fail "$1 is not valid JSON: $(head -c 300 "$tmp/pyerr")"
}
jsonl_ok() {
    tally
    [ -s "$1" ] || { fail "$1 is empty"; return; }
    [ -z "$PY" ] && return 0
    $PY -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1])]' "$1" 2>"$tmp/pyerr" ||
        fail "$1 is not JSON lines: $(head -c 300 "$tmp/pyerr")"
}
svg_ok() {
    tally
    grep -q '<svg ' "$1" || { fail "$1 is not an SVG"; return; }
    [ -z "$PY" ] && return 0
    $PY -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); assert r.tag.endswith("svg"), r.tag' \
        "$1" 2>"$tmp/pyerr" || fail "$1 is not well-formed SVG: $(head -c 300 "$tmp/pyerr")"
}

# ---- 1. the run screen exports results, trace and view -----------------------------
# 200 columns: the footer has room for every key of the run screen.
start --size 200x50 --algo kmeans --dataset blobs
tally
if wait_for ' 1 plot ' 60; then
    screen | tail -n 1 | grep -qF 'e export' || fail "run: the footer lacks 'e export'"
    keys '?'
    tally
    wait_for '│   e +export' 30 || fail "run: the help does not list e (export)"
    keys Escape
    wait_gone '│ Everywhere' 30
    keys r
    tally
    wait_for 'done' 60 || fail "run: k-means did not train to the end"
    keys e
    tally
    if wait_for 'Write the files named' 30; then
        screen | grep -Eq '\./mllab-kmeans-blobs-[0-9]{8}-[0-9]{6}_' ||
            fail "run: the prompt does not propose ./mllab-kmeans-blobs-YYYYmmdd-HHMMSS"
        keys Enter
        tally
        wait_for 'exported [^ ]+\.json' 30 || fail "run: Enter did not say where the files went"
        wait_file "$work/mllab-kmeans-blobs-*.svg" 30
        for ext in json csv trace.jsonl txt svg; do
            tally
            ls "$work"/mllab-kmeans-blobs-*."$ext" >/dev/null 2>&1 || fail "run: no .$ext written"
        done
        f=$(ls "$work"/mllab-kmeans-blobs-*.json 2>/dev/null | head -n 1)
        if [ -n "$f" ]; then
            json_ok "$f"
            tally
            grep -q '"algorithm": "kmeans"' "$f" || fail "run: the JSON report does not name kmeans"
            base=${f%.json}
            tally
            [ "$(head -n 1 "$base.csv")" = "metric,value" ] || fail "run: the CSV lacks its header"
            jsonl_ok "$base.trace.jsonl"
            tally
            grep -q '"step":' "$base.trace.jsonl" || fail "run: the trace has no steps"
            tally
            LC_ALL=C grep -q "$BRAILLE\|●" "$base.txt" || fail "run: the plot text has no points"
            tally
            grep -qF '└' "$base.txt" || fail "run: the plot text has no axes"
            svg_ok "$base.svg"
            tally
            grep -q '<circle' "$base.svg" || fail "run: the SVG has no points"
        fi
    else
        fail "run: e opened no prompt"
    fi
    # ---- remember: a parameter and the view
    keys :
    tally
    wait_for 'KEY=VALUE|k=' 30 || fail "run: : did not open the KEY=VALUE field"
    type_text 'k=4'
    keys Enter
    tally
    wait_for '│k +4 ' 30 || fail "run: k=4 was not taken"
    keys 2
    tally
    poll 30 tab_selected '2 curves' || fail "run: 2 did not select the curves tab"
    quit_and_check "run"
else
    fail "run: the run screen of kmeans on blobs did not appear"
fi

tally
if [ -f "$state" ]; then
    for line in '# mllab state 1' 'dataset=blobs' 'algo=kmeans' 'param.kmeans.k=4' 'view.kmeans=curves'; do
        tally
        grep -qxF -- "$line" "$state" || fail "the state file lacks '$line': $(cat "$state")"
    done
else
    fail "no state file at $state after quitting"
fi

# ---- 2. a restart restores the last choices ---------------------------------------------
start
tally
if wait_for 'dataset: blobs +algorithm: kmeans' 60; then
    keys Enter
    tally
    wait_for '│k +4 +\*' 60 || fail "restart: the run screen does not show the saved k = 4"
    tally
    poll 60 tab_selected '2 curves' || fail "restart: the saved view (curves) is not shown"
    quit_and_check "restart"
else
    fail "restart: the lab did not open on blobs and kmeans"
fi

# ---- 3. --fresh does not ----------------------------------------------------------------
start --fresh
tally
if wait_for 'Algorithms' 60; then
    tally
    screen | grep -qF 'dataset: (default)' || fail "--fresh: the saved dataset was restored"
    tally
    screen | head -n 1 | grep -qF 'algorithm: kmeans' && fail "--fresh: the saved algorithm was restored"
    quit_and_check "--fresh"
else
    fail "--fresh: the lab did not open"
fi

# ---- 4. a corrupt state file is ignored with a note -----------------------------------
printf 'not a state file\n\000\001\002' >"$state"
start
tally
if wait_for 'state was ignored' 60; then
    tally
    screen | grep -qF 'Algorithms' || fail "corrupt: Home is not shown"
    quit_and_check "corrupt"
else
    fail "corrupt: no note that the state file was ignored"
fi

# ---- 5. the comparison exports its table; an error names the path ------------------------
start --size 80x24 --dataset iris
tally
if wait_for 'Dataset' 60; then
    keys c
    tally
    if wait_for '\(best\)' 120; then
        keys e
        tally
        wait_for 'mllab-compare-iris-' 30 || fail "compare: the prompt does not propose ./mllab-compare-iris-..."
        keys C-u
        type_text "$tmp/missing/cmp"
        keys Enter
        tally
        poll 30 joined_has 'cannot write: No such +file' ||
            fail "compare: an export into a missing folder does not say why"
        tally
        screen | grep -qF "$tmp/missing/cmp.json" || fail "compare: the error does not name the path"
        tally
        screen | tail -n 1 | grep -qF 'Esc cancel' || fail "compare: the prompt closed after the error"
        keys C-u
        type_text "$work/cmp"
        keys Enter
        tally
        wait_for 'exported [^ ]+\.json' 30 || fail "compare: Enter did not export"
        wait_file "$work/cmp.svg" 30
        json_ok "$work/cmp.json"
        tally
        head -n 1 "$work/cmp.csv" 2>/dev/null | grep -q '^rank,algorithm,' || fail "compare: the CSV lacks its header"
        svg_ok "$work/cmp.svg"
        tally
        grep -qF 'knn' "$work/cmp.txt" 2>/dev/null || fail "compare: the text capture lacks the table"
        for f in "$work"/cmp.* ; do
            tally
            [ "$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$f")" -gt 0 ] ||
                fail "compare: $f is empty"
        done
        keys e
        wait_for 'Write the files named' 30
        keys Escape
        tally
        wait_for 'export cancelled' 30 || fail "compare: Esc did not cancel the export"
    else
        fail "compare: the comparison of iris did not finish"
    fi
    quit_and_check "compare"
else
    fail "compare: the dataset screen of iris did not appear"
fi

# ---- 6. a lesson exports its screen -------------------------------------------------------
start --fresh
tally
if wait_for 'Algorithms' 60; then
    keys / 'Softmax and' Enter
    wait_for '^ /Softmax and' 30
    keys Enter
    tally
    if wait_for 'softmax at T = 1 ' 60; then
        keys e
        tally
        wait_for 'mllab-softmax-' 30 || fail "softmax: e does not propose ./mllab-softmax-..."
        keys C-u
        type_text "$work/sm"
        keys Enter
        tally
        wait_for 'exported [^ ]+\.txt' 30 || fail "softmax: Enter did not export"
        wait_file "$work/sm.svg" 30
        svg_ok "$work/sm.svg"
        tally
        grep -qF 'softmax' "$work/sm.txt" 2>/dev/null || fail "softmax: the text capture lacks the screen"
    else
        fail "softmax: the lesson did not open"
    fi
    quit_and_check "softmax"
else
    fail "softmax: Home did not appear"
fi

e2e_finish
