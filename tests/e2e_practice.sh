#!/bin/sh
# e2e_practice.sh - end-to-end checks of practice mode (`mllab practice`).
#
# For every exercise in the bank: the reference solutions pass (C, and
# Python unless python3 with numpy is missing, which is reported as a skip),
# the starters fail, and every mutant (mutants/*.c, *.py) fails with a FAIL
# line naming a test.  Then: `start` twice keeps the learner's work, the
# progress file is written (and no temporary file is left), hints advance,
# the learner's misbehaviour through the grader (exit, stdin, crash, compile
# error) is named, and the exit statuses (0 solved, 1 failing, 2 usage).
#
# Writes only to a mktemp directory ($XDG_DATA_HOME points there).
set -u

MLLAB=${MLLAB:-./mllab}
here=$(cd "$(dirname "$0")" && pwd)
: "${MLLAB_EXERCISES_DIR:=$here/../exercises}"
export MLLAB_EXERCISES_DIR
LC_ALL=C
export LC_ALL

if [ ! -x "$MLLAB" ]; then
    echo "e2e_practice: $MLLAB is not an executable" >&2
    exit 99
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mllab-e2e-practice.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
XDG_DATA_HOME=$tmp/xdg
export XDG_DATA_HOME
bank=$MLLAB_EXERCISES_DIR
fails=0
checks=0

fail() {
    echo "FAIL: $*" >&2
    fails=$((fails + 1))
}

# expect STATUS DESCRIPTION COMMAND...: run, keep the output in $tmp/out
expect() {
    want=$1
    what=$2
    shift 2
    checks=$((checks + 1))
    "$@" >"$tmp/out" 2>&1
    got=$?
    if [ "$got" -ne "$want" ]; then
        fail "$what: exit status $got, expected $want"
        sed 's/^/    /' "$tmp/out" | head -20 >&2
        return 1
    fi
    return 0
}

# grep_out PATTERN DESCRIPTION
grep_out() {
    checks=$((checks + 1))
    if ! grep -Eq -- "$1" "$tmp/out"; then
        fail "$2: no line matching '$1'"
        sed 's/^/    /' "$tmp/out" | head -20 >&2
    fi
}

# ---- every exercise: references pass, starters and mutants fail ----------------
check_exercise() {
    dir=$1
    name=$(basename "$dir")
    [ -f "$dir/exercise.txt" ] || return 0
    for ext in c py; do
        [ "$ext" = py ] && [ "$python_ok" = no ] && continue
        [ -f "$dir/solution.$ext" ] || continue
        expect 0 "$name: solution.$ext passes" \
            "$MLLAB" practice check "$name" --file "$dir/solution.$ext"
        expect 1 "$name: starter.$ext fails" \
            "$MLLAB" practice check "$name" --file "$dir/starter.$ext" &&
            grep_out "^  FAIL  [a-z0-9_]+ " "$name: starter.$ext names a failing test"
        for mutant in "$dir"/mutants/*."$ext"; do
            [ -f "$mutant" ] || continue
            expect 1 "$name: mutant $(basename "$mutant") fails" \
                "$MLLAB" practice check "$name" --file "$mutant" &&
                grep_out "^  FAIL  [a-z0-9_]+ " "$name: mutant $(basename "$mutant") names a test"
        done
    done
}

# A worker: this script run again by xargs for one exercise (see below), which
# prints its counts for the parent to add up.
if [ -n "${E2E_PRACTICE_ONE:-}" ]; then
    XDG_DATA_HOME=$tmp/bank-xdg
    python_ok=${E2E_PRACTICE_PYTHON:-yes}
    check_exercise "$bank/$E2E_PRACTICE_ONE/"
    echo "counts $checks $fails"
    exit 0
fi

# ---- Python available? ------------------------------------------------------
# (these checks and the bank's are recorded in a progress file of their own)
XDG_DATA_HOME=$tmp/bank-xdg
python_ok=yes
"$MLLAB" practice check linreg_closed_form --file "$bank/linreg_closed_form/solution.py" \
    >"$tmp/out" 2>&1
if grep -q "need python3 and numpy" "$tmp/out"; then
    python_ok=no
    echo "e2e_practice: SKIP the Python exercises (python3 with numpy is missing)"
fi

# The exercises are independent: check two at a time (each worker has its own
# temporary folder), then add up the workers' counts.
for dir in "$bank"/*/; do
    basename "$dir"
done | E2E_PRACTICE_PYTHON=$python_ok xargs -P 2 -I NAME env E2E_PRACTICE_ONE=NAME sh "$0" \
    >"$tmp/workers"
while read -r tag c f; do
    [ "$tag" = counts ] || continue
    checks=$((checks + c))
    fails=$((fails + f))
done <"$tmp/workers"
workers=$(grep -c '^counts ' "$tmp/workers")
exercises=$(ls -d "$bank"/*/ | wc -l)
checks=$((checks + 1))
[ "$workers" -eq "$exercises" ] || fail "only $workers of $exercises exercises were checked"

# ---- list, start, hint, solution, progress ----------------------------------------
XDG_DATA_HOME=$tmp/xdg
expect 0 "list" "$MLLAB" practice list && grep_out "^kmeans +clustering" "list shows kmeans"
expect 0 "list --format json" "$MLLAB" practice --format json &&
    grep_out '"name": "reservoir_sampling"' "list json names an exercise"
expect 0 "start" "$MLLAB" practice start linreg_closed_form &&
    grep_out "^your file: .*/mllab/practice/linreg_closed_form/solution.c" "start prints the path"
grep_out "slope 0.6, intercept 2.2|slope = 0.6" "start prints the statement"
work=$XDG_DATA_HOME/mllab/practice/linreg_closed_form/solution.c
echo "/* my work */" >>"$work"
expect 0 "start again" "$MLLAB" practice start linreg_closed_form &&
    grep_out "already there" "start again says the file is kept"
checks=$((checks + 1))
grep -q "my work" "$work" || fail "start overwrote the learner's file"
expect 1 "check the workspace starter" "$MLLAB" practice check linreg_closed_form
checks=$((checks + 1))
grep -q "my work" "$work" || fail "check modified the learner's file"
cp "$bank/linreg_closed_form/solution.c" "$work"
expect 0 "check the workspace solution" "$MLLAB" practice check linreg_closed_form &&
    grep_out "^summary: 6 of 6 tests passed - solved" "summary line"
progress=$XDG_DATA_HOME/mllab/practice/progress.txt
checks=$((checks + 1))
grep -q "^linreg_closed_form status=solved date=[0-9-]* attempts=2 " "$progress" ||
    fail "progress.txt does not record the solved check: $(cat "$progress")"
checks=$((checks + 1))
if ls "$XDG_DATA_HOME/mllab/practice/" | grep -q "progress.txt."; then
    fail "a temporary progress file was left behind"
fi
expect 0 "list after solving" "$MLLAB" practice list &&
    grep_out "^linreg_closed_form .*solved .*2 attempts" "list shows the status"
expect 0 "hint 1" "$MLLAB" practice hint kmeans && grep_out "^Hint 1 of 3" "first hint"
expect 0 "hint 2" "$MLLAB" practice hint kmeans && grep_out "^Hint 2 of 3" "second hint"
checks=$((checks + 1))
grep -q "^kmeans status=new .*hints=2" "$progress" || fail "hints not recorded: $(cat "$progress")"
expect 0 "solution" "$MLLAB" practice solution kmeans && grep_out "void kmeans_lloyd" "solution shown"
expect 0 "check --format json" "$MLLAB" practice check softmax_stable --format json \
    --file "$bank/softmax_stable/solution.c" && grep_out '"passed": 6, "total": 6' "json summary"

# ---- the learner's misbehaviour, through the grader -------------------------------
cat >"$tmp/exits.c" <<'EOC'
#include <stdlib.h>
int linreg_fit(const double *x, const double *y, int n, double *s, double *b)
{ (void)x; (void)y; (void)n; (void)s; (void)b; exit(3); }
EOC
expect 1 "a learner calling exit" "$MLLAB" practice check linreg_closed_form --file "$tmp/exits.c" &&
    grep_out "FAIL  reference_toy .*called exit\(3\) before returning" "exit named"
cat >"$tmp/stdin.c" <<'EOC'
#include <stdio.h>
int linreg_fit(const double *x, const double *y, int n, double *s, double *b)
{ (void)x; (void)y; (void)n; *s = getchar(); *b = 0; return 0; }
EOC
expect 1 "a learner reading stdin" "$MLLAB" practice check linreg_closed_form --file "$tmp/stdin.c" &&
    grep_out "FAIL  reference_toy .*read from stdin" "stdin named"
cat >"$tmp/crash.c" <<'EOC'
int linreg_fit(const double *x, const double *y, int n, double *s, double *b)
{ (void)x; (void)y; (void)n; (void)b; volatile double *p = 0; *s = *p; return 0; }
EOC
expect 1 "a crashing learner" "$MLLAB" practice check linreg_closed_form --file "$tmp/crash.c" &&
    grep_out "FAIL  reference_toy .*SIGSEGV" "crash named"
printf 'int linreg_fit(const double *x, const double *y, int n, double *s, double *b)\n{\n  return oops;\n}\n' >"$tmp/broken.c"
expect 1 "a compile error" "$MLLAB" practice check linreg_closed_form --file "$tmp/broken.c" &&
    grep_out "broken.c:3:[0-9]+: error" "compile error with the learner's line"
printf 'double linreg_fit(double *x, int n)\n{ (void)x; return n; }\n' >"$tmp/signature.c"
expect 1 "a wrong signature" "$MLLAB" practice check linreg_closed_form --file "$tmp/signature.c" &&
    grep_out "signature.c:1:[0-9]+: error: conflicting types" "signature mismatch at the learner's line"

if [ "$python_ok" = yes ]; then
    expect 0 "start in Python" "$MLLAB" practice start softmax_stable --lang python
    expect 1 "check picks the started Python file" "$MLLAB" practice check softmax_stable &&
        grep_out "^practice check softmax_stable \(python\)" "the language follows the workspace"
    printf 'def linreg_fit(x, y):\n    raise ValueError("not yet")\n' >"$tmp/raises.py"
    expect 1 "a Python learner raising" "$MLLAB" practice check linreg_closed_form \
        --file "$tmp/raises.py" &&
        grep_out "FAIL  reference_toy .*raised an exception: ValueError: not yet" "exception named"
    printf 'import sys\ndef linreg_fit(x, y):\n    sys.exit(4)\n' >"$tmp/exits.py"
    expect 1 "a Python learner calling sys.exit" "$MLLAB" practice check linreg_closed_form \
        --file "$tmp/exits.py" &&
        grep_out "FAIL  two_points .*called exit\(4\) before returning" "sys.exit named"
fi

# ---- usage and file errors ----------------------------------------------------------
expect 2 "unknown exercise" "$MLLAB" practice check no_such_exercise
expect 2 "no name" "$MLLAB" practice check
expect 2 "unknown action" "$MLLAB" practice frobnicate kmeans
expect 2 "unknown option" "$MLLAB" practice check kmeans --bogus
expect 2 "unknown language" "$MLLAB" practice start kmeans --lang cobol
expect 1 "missing file" "$MLLAB" practice check kmeans --file "$tmp/none.c"
expect 0 "help" "$MLLAB" practice --help && grep_out "^usage: mllab practice" "help text"

echo "e2e_practice: $checks checks, $fails failed"
[ "$fails" -eq 0 ]
