#!/bin/sh
# e2e_signals.sh - the lab ends cleanly on every signal that ends a program
# (issue 13, defect 6): `mllab tui` runs in a tmux pane under a
# non-interactive shell (which restores nothing itself); each of SIGTERM,
# SIGHUP, SIGINT, SIGQUIT, SIGUSR1 and SIGALRM is sent to it on the home
# screen, and Ctrl-C and Ctrl-\ are typed.  After it exits: the status is
# 128 + the signal's number (the man page, EXIT STATUS), and the terminal is
# restored -- `stty -a` run in the same pane shows echo and icanon, tmux
# reports the alternate screen off (#{alternate_on} 0) and the cursor
# visible (#{cursor_flag} 1).  SIGPIPE is ignored: the lab keeps answering
# keys and q then exits 0, the terminal restored too.
#
# Needs $MLLAB and MLLAB_DATA_DIR (make check sets them).  Skipped (77)
# without tmux.
set -u
. "$(dirname "$0")/e2e_lib.sh"
e2e_setup e2e_signals
: "${MLLAB_DATA_DIR:?}"
tmux_setup

# restored WHAT : the checks of a restored terminal after the lab exited.
restored() {
    checks=$((checks + 1))
    grep -Eq '(^|[ ;])-echo([ ;]|$)' "$tmp/stty" && fail "$1: echo is off after the lab exited"
    grep -Eq '(^|[ ;])echo([ ;]|$)' "$tmp/stty" || fail "$1: no stty -a output ($(head -c 200 "$tmp/stty"))"
    grep -Eq '(^|[ ;])-icanon([ ;]|$)' "$tmp/stty" && fail "$1: canonical mode is off after the lab exited"
    [ "$(pane_flag '#{alternate_on}')" = 0 ] || fail "$1: the alternate screen is still on"
    [ "$(pane_flag '#{cursor_flag}')" = 1 ] || fail "$1: the cursor is hidden"
}

# ends_with SIGNAL NUMBER : the lab on the home screen, kill -SIGNAL, exit 128 + NUMBER.
ends_with() {
    lab_start
    checks=$((checks + 1))
    if ! wait_for 'Algorithms' 60; then
        fail "$1: the home screen did not appear"
        return
    fi
    kill -s "$1" "$(cat "$tmp/pid")"
    if ! lab_wait_exit 30; then
        fail "$1: the lab is still running 30 s after the signal"
        return
    fi
    [ "$(cat "$tmp/exit")" = "EXIT=$((128 + $2))" ] ||
        fail "$1: expected exit $((128 + $2)), got $(cat "$tmp/exit")"
    restored "$1"
}

ends_with TERM 15
ends_with HUP 1
ends_with INT 2
ends_with QUIT 3
ends_with USR1 10
ends_with ALRM 14

# typed KEY NUMBER WHAT : a key that the terminal turns into a signal.
typed() {
    lab_start
    checks=$((checks + 1))
    wait_for 'Algorithms' 60 || { fail "$3: the home screen did not appear"; return; }
    keys "$1"
    lab_wait_exit 30 || { fail "$3: the lab is still running 30 s after the key"; return; }
    [ "$(cat "$tmp/exit")" = "EXIT=$((128 + $2))" ] ||
        fail "$3: expected exit $((128 + $2)), got $(cat "$tmp/exit")"
    restored "$3"
}
typed C-c 2 "Ctrl-C"
typed 'C-\' 3 "Ctrl-\\"

# SIGPIPE is ignored (a closed pipe is a write error): the lab stays, answers.
lab_start
checks=$((checks + 1))
if wait_for 'Algorithms' 60; then
    first=$(screen | head -n 1 | sed -n 's/.*algorithm: \([a-z_0-9]*\).*/\1/p')
    kill -s PIPE "$(cat "$tmp/pid")"
    keys Down
    # Wait for the redraw (under load it can come late): the header names
    # another algorithm, and the lab has not exited.
    shown_or_moved() { header_moved || [ -f "$tmp/exit" ]; }
    header_moved() { screen | head -n 1 | grep -Eq "algorithm: [a-z_0-9]+" &&
        ! screen | head -n 1 | grep -q "algorithm: $first *\$"; }
    if poll 30 shown_or_moved && [ ! -f "$tmp/exit" ] && header_moved; then
        keys q
        if lab_wait_exit 30; then
            [ "$(cat "$tmp/exit")" = "EXIT=0" ] || fail "PIPE: q exited $(cat "$tmp/exit")"
            restored PIPE
        else
            fail "PIPE: q did not end the lab"
        fi
    else
        fail "PIPE: the lab did not keep running after SIGPIPE ($(cat "$tmp/exit" 2>/dev/null))"
    fi
else
    fail "PIPE: the home screen did not appear"
fi

e2e_finish
