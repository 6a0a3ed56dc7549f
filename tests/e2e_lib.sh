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
