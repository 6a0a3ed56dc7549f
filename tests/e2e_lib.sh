# e2e_lib.sh - what the end-to-end scripts share: sourced (". e2e_lib.sh"),
# never run on its own.
#
#   e2e_setup NAME    checks $MLLAB, makes $tmp (removed on exit), zeroes the
#                     counters; NAME prefixes the messages
#   expect STATUS TEXT ARGS...   runs mllab ARGS (stdout in $tmp/out, stderr in
#                     $tmp/err) and checks the exit status and, when TEXT is
#                     not empty, that stderr contains it
#   has TEXT          stdout of the last command contains TEXT
#   fail MESSAGE      counts a failure and prints it with the last stderr
#   accuracy FILE     the "accuracy" figure of a JSON report
#   e2e_finish        prints the counts; the script's status (0: no failure)

e2e_setup() {
    e2e_name=$1
    MLLAB=${MLLAB:-./mllab}
    LC_ALL=C
    export LC_ALL
    if [ ! -x "$MLLAB" ]; then
        echo "$e2e_name: $MLLAB is not an executable" >&2
        exit 99
    fi
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/mllab-$e2e_name.XXXXXX") || exit 99
    trap 'rm -rf "$tmp"' EXIT
    trap 'exit 130' INT TERM
    failures=0
    checks=0
}

fail() {
    failures=$((failures + 1))
    echo "FAIL: $*"
    [ -s "$tmp/err" ] && echo "  stderr: $(head -c 400 "$tmp/err")"
}

expect() {
    want=$1
    text=$2
    shift 2
    "$MLLAB" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    checks=$((checks + 1))
    if [ "$got" -ne "$want" ]; then
        fail "mllab $*: exit $got, expected $want"
    elif [ -n "$text" ] && ! grep -qF -- "$text" "$tmp/err"; then
        fail "mllab $*: stderr lacks '$text'"
    fi
}

has() {
    checks=$((checks + 1))
    grep -qF -- "$1" "$tmp/out" || fail "output lacks '$1': $(head -c 300 "$tmp/out")"
}

accuracy() {
    sed -n 's/.*"accuracy": *\([0-9.e-]*\).*/\1/p' "$1" | head -n 1
}

e2e_finish() {
    echo "$e2e_name: $checks checks, $failures failed"
    [ "$failures" -eq 0 ]
}

# ---- the lab in a real terminal (tmux) ------------------------------------------
# For scripts that drive `mllab tui` (after e2e_setup).  Robust to load as
# e2e_tui.sh: ONE tmux server on a private socket lives for the whole script
# (a keeper window holds it), each lab runs in a window of its own and only
# windows are killed; every wait polls the screen until a deadline, scaled by
# E2E_SLOW (3 by default in the sanitizer stage, MLLAB_ASAN_STAGE=1).
#
#   tmux_setup        starts the server (exit 77 without tmux); sets $T
#   lab_start [--size WxH] [--raw FILE] ARGS...   `mllab tui ARGS` in a new
#                     window $W (with --raw, every byte it writes to the
#                     terminal is appended to FILE, from the first); its
#                     pid goes to $tmp/pid; when it ends, `stty -a` run in
#                     the same terminal goes to $tmp/stty, then its status
#                     ("EXIT=N") to $tmp/exit
#   screen            the window's text;  keys KEY...  tmux send-keys
#   wait_for PATTERN SECONDS   polls until the screen matches (grep -E)
#   lab_wait_exit SECONDS      polls until $tmp/exit exists
#   pane_flag FORMAT  a tmux format of the window, e.g. '#{alternate_on}'

tmux_setup() {
    command -v tmux >/dev/null 2>&1 || { echo "$e2e_name: SKIP: tmux is not installed"; exit 77; }
    if [ -n "${MLLAB_ASAN_STAGE:-}" ]; then SLOW=${E2E_SLOW:-3}; else SLOW=${E2E_SLOW:-1}; fi
    tmux_sock="mllab-$e2e_name-$$"
    T="tmux -L $tmux_sock -u"
    trap '$T kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT
    $T -f /dev/null new-session -d -s e2e -n keeper -x 120 -y 40 "sleep 100000" ||
        { echo "$e2e_name: FAIL: cannot start tmux"; exit 1; }
    W=""
    n_win=0
}

lab_start() {
    size=120x40
    raw=""
    if [ "${1-}" = "--size" ]; then size=$2; shift 2; fi
    if [ "${1-}" = "--raw" ]; then raw=$2; shift 2; fi
    [ -n "$W" ] && $T kill-window -t "$W" >/dev/null 2>&1
    rm -f "$tmp/exit" "$tmp/pid" "$tmp/stty" "$tmp/go"
    envs="LC_ALL=C.UTF-8"
    for v in MLLAB_DATA_DIR MLLAB_DOCS_DIR ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS \
        OPENBLAS_NUM_THREADS NO_COLOR; do
        eval "val=\${$v-}"
        [ -n "$val" ] && envs="$envs $v='$val'"
    done
    n_win=$((n_win + 1))
    W="e2e:lab$n_win"
    # The lab waits for its window to have the right size (and for $tmp/go:
    # the pipe of --raw in place) before starting.
    $T new-window -d -t e2e -n "lab$n_win" \
        "while [ \"\$(stty size)\" != '${size#*x} ${size%x*}' ] || [ ! -f $tmp/go ]; do sleep 0.1; done; env $envs sh -c 'echo \$\$ > $tmp/pid; exec \"$MLLAB\" tui $*'; st=\$?; stty -a > $tmp/stty 2>&1; echo EXIT=\$st > $tmp/exit.new; mv $tmp/exit.new $tmp/exit; sleep 600"
    $T resize-window -t "$W" -x "${size%x*}" -y "${size#*x}" >/dev/null 2>&1
    [ -n "$raw" ] && $T pipe-pane -o -t "$W" "cat >> '$raw'"
    : >"$tmp/go"
}

screen() {
    $T capture-pane -p -t "$W" 2>/dev/null
}

keys() {
    $T send-keys -t "$W" "$@"
}

wait_for() {
    deadline=$(( $(date +%s) + $2 * SLOW ))
    while [ "$(date +%s)" -le "$deadline" ]; do
        screen | grep -Eq -- "$1" && return 0
        [ -f "$tmp/exit" ] && { screen | grep -Eq -- "$1" && return 0; return 1; }
        sleep 0.2
    done
    return 1
}

lab_wait_exit() {
    deadline=$(( $(date +%s) + $1 * SLOW ))
    while [ ! -f "$tmp/exit" ] && [ "$(date +%s)" -le "$deadline" ]; do sleep 0.2; done
    [ -f "$tmp/exit" ]
}

pane_flag() {
    $T display-message -p -t "$W" "$1" 2>/dev/null
}
