#!/bin/sh
# bench_tui_compare.sh - the comparison of every classifier on MNIST, in the
# lab (TUI) against the CLI, in one run (issue 14: the TUI takes no more than
# the CLI's time plus 10%).
#
#   bench/bench_tui_compare.sh BUILD/mllab [REPEATS]   (default 3)
#
# CLI:  `mllab compare --dataset mnist --format json`, wall time from start to
#       exit (the data load included).
# TUI:  `mllab tui --dataset mnist --fresh` in a window (120x40) of a private
#       tmux server started beforehand (as a terminal is already open when a
#       user types the command: the server's own start-up is not the lab's);
#       the clock starts when the command starts, `c` is pressed as soon as
#       the dataset screen is drawn, and the clock stops when the table shows
#       its winner "(best)".  Both figures cover start-up, the data load, the
#       nine fits and their predictions.  What the lab draws is copied to a
#       file by tmux (pipe-pane), searched every 0.05 s (so the TUI figure is
#       high by up to 0.1 s): polling the pane itself took CPU from the fits.
# CPU:  each program also runs under /usr/bin/time: its user + system CPU
#       seconds and peak resident memory (the TUI's cover the whole session,
#       `q` pressed once the table is done).  On a busy machine the CPU
#       figures are the ones to compare; the wall times need a quiet one.
# DATASET=NAME runs another set (a quick check of the script: DATASET=iris).
# Prints each run and the medians; needs tmux.  Run on a quiet machine.
set -u
MLLAB=${1:?usage: bench_tui_compare.sh BUILD/mllab [REPEATS]}
REPEATS=${2:-3}
DATASET=${DATASET:-mnist}
case $MLLAB in /*) ;; *) MLLAB=$(pwd)/$MLLAB ;; esac
command -v tmux >/dev/null || { echo "bench_tui_compare: tmux is needed" >&2; exit 2; }
sock=mllab-bench-$$
tmp=$(mktemp -d) || exit 1
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
export MLLAB_STATE=off MLLAB_NO_MOUSE=1

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench_tui_compare: /usr/bin/time is needed" >&2; exit 2; }
# "CPU-seconds peak-MB" from a /usr/bin/time -f '%U %S %M' file.
cpu_of() { awk '{ printf "%.2f %.0f", $1 + $2, $3 / 1024 }' "$1"; }

cli_run() {
    t0=$(now)
    "$TIME" -f '%U %S %M' -o "$tmp/cli.time" \
        "$MLLAB" compare --dataset "$DATASET" --format json >"$tmp/cli.json" 2>"$tmp/cli.err" ||
        { echo "CLI compare failed: $(head -c 300 "$tmp/cli.err")" >&2; exit 1; }
    t1=$(now)
    echo "$(elapsed "$t0" "$t1") $(cpu_of "$tmp/cli.time")"
}

# The lab's output is copied to a file by tmux (pipe-pane) and that file is
# searched, not the pane: asking tmux for the pane 20 times a second costs
# the tmux server and its clients CPU that the fits (both cores) then lack,
# which the CLI run does not pay.
stream_has() { grep -qF -- "$1" "$tmp/tui.out" 2>/dev/null; }
wait_stream() { # TEXT SECONDS
    end=$(($(date +%s) + $2))
    while [ "$(date +%s)" -lt "$end" ]; do
        stream_has "$1" && return 0
        sleep 0.05
    done
    return 1
}

tui_run() {
    tmux -L "$sock" kill-session -t bench 2>/dev/null
    rm -f "$tmp/tui.time" "$tmp/tui.out" "$tmp/go"
    # The window waits for "go" so that its output is copied from the first byte.
    tmux -L "$sock" new-session -d -s bench -x 120 -y 40 \
        "while [ ! -e $tmp/go ]; do sleep 0.01; done; $TIME -f '%U %S %M' -o $tmp/tui.time $MLLAB tui --dataset $DATASET --fresh; sleep 600" ||
        exit 1
    tmux -L "$sock" pipe-pane -t bench -o "cat >> $tmp/tui.out" || exit 1
    t0=$(now)
    : >"$tmp/go"
    wait_stream 'Class balance' 120 || { echo "TUI: no dataset screen" >&2; exit 1; }
    tmux -L "$sock" send-keys -t bench c
    wait_stream '(best)' 900 || { echo "TUI: the comparison did not finish" >&2; exit 1; }
    t1=$(now)
    tmux -L "$sock" send-keys -t bench q
    end=$(($(date +%s) + 120))
    while [ ! -s "$tmp/tui.time" ] && [ "$(date +%s)" -lt "$end" ]; do sleep 0.1; done
    tmux -L "$sock" kill-session -t bench 2>/dev/null
    [ -s "$tmp/tui.time" ] || { echo "TUI: did not quit" >&2; exit 1; }
    echo "$(elapsed "$t0" "$t1") $(cpu_of "$tmp/tui.time")"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The server, kept alive by a window of its own between the runs.
tmux -L "$sock" new-session -d -s keep -x 120 -y 40 "sleep 3600" || exit 1
echo "# bench_tui_compare, $(date -u '+%F %T UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$tmp/cli" ; : >"$tmp/tui"
i=1
while [ "$i" -le "$REPEATS" ]; do
    cli=$(cli_run) || exit 1
    tui=$(tui_run) || exit 1
    set -- $cli $tui
    printf 'run %d: CLI %.2f s wall %.2f s CPU %d MB   TUI %.2f s wall %.2f s CPU %d MB\n' \
        "$i" "$1" "$2" "$3" "$4" "$5" "$6"
    echo "$cli" >>"$tmp/cli"
    echo "$tui" >>"$tmp/tui"
    i=$((i + 1))
done
col() { cut -d' ' -f"$1" "$2" | median; }
ratio() { awk -v t="$1" -v c="$2" 'BEGIN { printf "%.3f", t / c }'; }
c=$(col 1 "$tmp/cli"); t=$(col 1 "$tmp/tui")
cc=$(col 2 "$tmp/cli"); tc=$(col 2 "$tmp/tui")
printf 'median wall: CLI %.2f s, TUI %.2f s, TUI/CLI %s (goal <= 1.10)\n' "$c" "$t" "$(ratio "$t" "$c")"
printf 'median CPU:  CLI %.2f s, TUI %.2f s, TUI/CLI %s\n' "$cc" "$tc" "$(ratio "$tc" "$cc")"
printf 'median peak: CLI %s MB, TUI %s MB\n' "$(col 3 "$tmp/cli")" "$(col 3 "$tmp/tui")"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
