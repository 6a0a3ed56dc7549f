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
#                     (and the screen of the lab, in tmux)
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
    echo "FAIL: $*"
    [ -s "$tmp/err" ] && echo "  stderr: $(head -c 400 "$tmp/err")"
    if [ -n "${W-}" ]; then
        echo "----- screen -----"
        screen | sed 's/^/| /'
        echo "------------------"
    fi
    failures=$((failures + 1))
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
# For the scripts that drive `mllab tui` (after e2e_setup).  Robust to a
# loaded machine:
#  - ONE tmux server per script, on a socket of its own (-L, named after the
#    script, its pid and its $tmp, so no two scripts, nor a stale server of an
#    earlier run, ever share one), without a config file;
#  - the server cannot go away between steps: a keeper window (a long sleep)
#    holds its session, each lab runs in a window of its own and only windows
#    are killed, and exit-empty is off (a server with no session stays up).
#    "server exited unexpectedly" was a client talking to a server that was
#    exiting: the last session killed and a new one made on the same socket
#    (the server exits when its last session closes), or a kill-server from
#    another script on a shared default socket;  neither can happen here.
#    (No `set -g window-size manual`: it crashes tmux 3.3a at the next
#    new-window; resize-window sets each window's size.)  Should the server
#    be killed from outside all the same, lab_start says so and starts one
#    again, so the later labs still run;
#  - every wait polls (the screen, a file) until a deadline of SECONDS x
#    $SLOW: 1, or 3 in the sanitizer stage (MLLAB_ASAN_STAGE=1); E2E_SLOW
#    overrides both.  Nothing sleeps a fixed time;
#  - the server is killed, its socket and $tmp removed on exit (INT and TERM
#    too).
#
#   tmux_setup        starts the server (exit 77 without tmux); sets $T, $SLOW;
#                     makes $MLLAB an absolute path and LC_ALL C.UTF-8
#   lab_start [--size WxH] [--raw FILE] [--env 'VAR=value ...'] [--unset VAR]
#             [--dir DIR] ARGS...   `mllab tui ARGS` in a new window $W
#                     (120x40 unless --size; $lab_size is the size) once the
#                     window has that size, the previous lab's window killed.
#                     It gets LC_ALL=C.UTF-8, the variables of MLLAB_* data
#                     folders, the sanitizers, OpenBLAS and NO_COLOR when set,
#                     and --env's; --unset removes a variable, --dir is its
#                     folder.  --raw appends every byte it writes to the
#                     terminal to FILE.  Its pid goes to $tmp/pid; when it
#                     ends, `stty -a` run in the same terminal goes to
#                     $tmp/stty, then its status ("EXIT=N") to $tmp/exit
#   screen [-e]       the window's text (-e: with its attributes)
#   keys KEY...       tmux send-keys;   type_text TEXT   the text, literally
#                     (a TEXT ending in ';' too: see type_text)
#   send_bytes N...   the bytes N (0-255) written to the lab exactly as given
#   mouse_report BUTTON COL ROW   one X10 mouse report (0 press, 3 release,
#                     64 wheel up, 65 wheel down) at a cell, 0-based, as a
#                     terminal in mouse mode 1000 sends it
#   poll SECONDS COMMAND...   runs COMMAND until it succeeds (status 0) or
#                     the deadline passes (status 1)
#   wait_for PATTERN SECONDS   polls until the screen matches (grep -E);
#                     gives up early when the lab has ended
#   wait_gone PATTERN SECONDS  polls until the screen no longer matches
#   wait_file GLOB SECONDS     polls until a file matches the glob
#   lab_wait_exit SECONDS      polls until $tmp/exit exists
#   pane_flag FORMAT  a tmux format of the window, e.g. '#{alternate_on}'
# Checks (each counted in $checks; a failure prints the screen):
#   tally             counts one check (for a script's own test and fail)
#   expect_screen PATTERN SECONDS MESSAGE   the screen comes to match
#   absent PATTERN MESSAGE     the screen (now) does not match
#   footer_has WHAT LABEL...   the footer (the last row) shows each LABEL
#   help_has WHAT NAME...      `?` opens the help, which lists each key NAME
#                     and the keys every screen shares; Esc closes it
#   quit_and_check WHAT        q; the lab must exit 0 and leave the screen
#   lab_exit_ok WHAT           the same, for a lab already told to end

tmux_setup() {
    command -v tmux >/dev/null 2>&1 || { echo "$e2e_name: SKIP: tmux is not installed"; exit 77; }
    if [ -n "${MLLAB_ASAN_STAGE:-}" ]; then SLOW=${E2E_SLOW:-3}; else SLOW=${E2E_SLOW:-1}; fi
    case $MLLAB in /*) ;; *) MLLAB=$(pwd)/$MLLAB ;; esac
    # The screens' patterns put box characters in brackets ([│|]): UTF-8.
    LC_ALL=C.UTF-8
    export LC_ALL
    unset TMUX
    T="tmux -L mllab-$e2e_name-$$-${tmp##*.} -u"
    tmux_socket=""
    trap '$T kill-server >/dev/null 2>&1; rm -f "$tmux_socket"; rm -rf "$tmp"' EXIT
    tmux_server || { echo "$e2e_name: FAIL: cannot start tmux"; exit 1; }
    tmux_socket=$($T display-message -p '#{socket_path}')
    W=""
    n_win=0
    lab_size=120x40
}

# tmux_server : the server with its keeper session "e2e".
tmux_server() {
    $T -f /dev/null new-session -d -s e2e -n keeper -x 120 -y 40 "sleep 100000" \; \
        set-option -s exit-empty off >/dev/null
}

# lab_env : the environment of a lab (for env(1)), after lab_start's options.
lab_env() {
    envs="LC_ALL=C.UTF-8"
    for v in MLLAB_DATA_DIR MLLAB_DOCS_DIR MLLAB_EXERCISES_DIR MLLAB_PYTHON ASAN_OPTIONS \
        UBSAN_OPTIONS LSAN_OPTIONS OPENBLAS_NUM_THREADS NO_COLOR; do
        eval "val=\${$v-}"
        [ -n "$val" ] && envs="$envs $v='$val'"
    done
    envs="$lab_unset $envs $lab_extra"
}

lab_start() {
    lab_size=120x40
    raw=""
    lab_extra=""
    lab_unset=""
    lab_dir=.
    while :; do
        case ${1-} in
        --size) lab_size=$2 ;;
        --raw) raw=$2 ;;
        --env) lab_extra="$lab_extra $2" ;;
        --unset) lab_unset="$lab_unset -u $2" ;;
        --dir) lab_dir=$2 ;;
        *) break ;;
        esac
        shift 2
    done
    if ! $T has-session -t e2e >/dev/null 2>&1; then
        echo "$e2e_name: NOTE: the tmux server is gone (killed from outside?); starting it again"
        tmux_server || { fail "cannot start tmux again"; return 1; }
    fi
    [ -n "$W" ] && $T kill-window -t "$W" >/dev/null 2>&1
    rm -f "$tmp/exit" "$tmp/pid" "$tmp/stty" "$tmp/go"
    lab_env
    rows=${lab_size#*x}
    cols=${lab_size%x*}
    n_win=$((n_win + 1))
    W="e2e:lab$n_win"
    # The lab waits for its window to have the right size (and for $tmp/go:
    # the pipe of --raw in place) before starting.
    $T new-window -d -t e2e -n "lab$n_win" \
        "while [ \"\$(stty size)\" != '$rows $cols' ] || [ ! -f $tmp/go ]; do sleep 0.1; done; cd '$lab_dir' && env $envs sh -c 'echo \$\$ > $tmp/pid; exec \"$MLLAB\" tui $*'; st=\$?; stty -a > $tmp/stty 2>&1; echo EXIT=\$st > $tmp/exit.new; mv $tmp/exit.new $tmp/exit; sleep 600"
    $T resize-window -t "$W" -x "$cols" -y "$rows" >/dev/null 2>&1
    [ -n "$raw" ] && $T pipe-pane -o -t "$W" "cat >> '$raw'"
    : >"$tmp/go"
}

screen() {
    $T capture-pane -p "$@" -t "$W" 2>/dev/null
}

keys() {
    $T send-keys -t "$W" "$@"
}

# tmux reads a command line's argument that ends in ';' as the end of the
# command and drops that ';' (an escaped '\;' stays a ';'): `send-keys -l
# "ab;"` typed "ab".  So a TEXT ending in ';' goes with its last ';'
# escaped; '--' lets a TEXT start with '-'.
type_text() {
    case $1 in
    *';') $T send-keys -t "$W" -l -- "${1%;}\\;" ;;
    *) $T send-keys -t "$W" -l -- "$1" ;;
    esac
}

# The bytes as hexadecimal keys (send-keys -H): each one reaches the lab's
# terminal as it is, nothing in them parsed as a key name, a command
# separator or UTF-8.
send_bytes() {
    hex=""
    for b in "$@"; do
        hex="$hex $(printf %02x "$b")"
    done
    $T send-keys -t "$W" -H $hex
}

# ESC [ M, then 32 + button, 33 + column, 33 + row: one byte each (X10; a
# column or row above 222 cannot be sent this way).  These were once typed
# with type_text: a report whose last byte was ';' (row 26) lost it, and
# curses, waiting for the third byte, took the next report's ESC for it and
# the rest ("[", "M", "#", "O") as keys.
mouse_report() {
    send_bytes 27 91 77 $(( $1 + 32 )) $(( $2 + 33 )) $(( $3 + 33 ))
}

poll() {
    deadline=$(( $(date +%s) + $1 * SLOW ))
    shift
    until "$@"; do
        [ "$(date +%s)" -gt "$deadline" ] && return 1
        sleep 0.2
    done
}

screen_has() {
    screen | grep -Eq -- "$1"
}

screen_lacks() {
    ! screen_has "$1"
}

shown_or_ended() {
    screen_has "$1" || [ -f "$tmp/exit" ]
}

file_matches() {
    for f in $1; do [ -f "$f" ] && return 0; done
    return 1
}

wait_for() {
    poll "$2" shown_or_ended "$1" && screen_has "$1"
}

wait_gone() {
    poll "$2" screen_lacks "$1"
}

wait_file() {
    poll "$2" file_matches "$1"
}

lab_wait_exit() {
    poll "$1" test -f "$tmp/exit"
}

pane_flag() {
    $T display-message -p -t "$W" "$1" 2>/dev/null
}

tally() {
    checks=$((checks + 1))
}

expect_screen() {
    tally
    wait_for "$1" "$2" || fail "$3"
}

absent() {
    tally
    if screen_has "$1"; then fail "$2"; fi
}

footer_has() {
    what=$1
    shift
    for item in "$@"; do
        tally
        screen | tail -n 1 | grep -qF -- "$item" || fail "$what: the footer lacks '$item'"
    done
}

help_has() {
    what=$1
    shift
    keys '?'
    tally
    if wait_for '│ Everywhere' 30; then
        for name in "$@" '?' c q Esc; do
            tally
            screen | grep -qF -- "│   $name " || fail "$what: the help does not list the key '$name'"
        done
    else
        fail "$what: ? shows no help"
    fi
    keys Escape
    tally
    wait_gone '│ Everywhere' 30 || fail "$what: the help did not close"
}

lab_exit_ok() {
    lab_wait_exit 60
    tally
    if [ "$(cat "$tmp/exit" 2>/dev/null)" != "EXIT=0" ]; then
        fail "$1: q did not exit with status 0 ($(cat "$tmp/exit" 2>/dev/null || echo 'still running'))"
    elif screen | grep -q 'mllab ›'; then
        fail "$1: the terminal was not restored after q (the lab is still on screen)"
    fi
}

quit_and_check() {
    keys q
    lab_exit_ok "$1"
}
