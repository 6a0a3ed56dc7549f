#!/bin/sh
# e2e_interview.sh - end-to-end checks of `mllab sample`, `mllab meet` and
# `mllab graph recommend`: exit statuses and located messages for usage
# errors (2) and bad data (1), the JSON shapes (validated with python3 when
# it is installed), and key numbers: the karate club recommendations of
# networkx, the geometric median of scipy, rand10's 2.45 rand7 calls, a
# correct sampler passing the chi-square test and a biased one failing it.
#
# Run by `make check` with $MLLAB pointing at the program and
# $MLLAB_DATA_DIR at the bundled datasets.  Works on a read-only source
# tree (make distcheck): files go to a mktemp directory, removed on exit.
set -u

MLLAB=${MLLAB:-./mllab}
here=$(cd "$(dirname "$0")" && pwd)
: "${MLLAB_DATA_DIR:=$here/../datasets}"
export MLLAB_DATA_DIR
LC_ALL=C
export LC_ALL

if [ ! -x "$MLLAB" ]; then
    echo "e2e_interview: $MLLAB is not an executable" >&2
    exit 99
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mllab-e2e-interview.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

failures=0
checks=0

if [ -z "${MLLAB_E2E_NO_PYTHON:-}" ] && command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import json' 2>/dev/null; then
    have_python=yes
else
    have_python=no
fi

fail() {
    failures=$((failures + 1))
    echo "FAIL: $*"
    if [ -s "$tmp/err" ]; then
        echo "  stderr: $(head -c 400 "$tmp/err")"
    fi
}

ok() {
    checks=$((checks + 1))
}

run() {
    "$MLLAB" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    status=$?
}

expect_status() {
    want=$1
    shift
    run "$@"
    if [ "$status" -eq "$want" ]; then ok; else fail "mllab $* exited $status, expected $want"; fi
}

# expect_error N PATTERN ARGS...: exit N, "mllab: ..." matching PATTERN on
# stderr, nothing on stdout.
expect_error() {
    want=$1
    pattern=$2
    shift 2
    run "$@"
    if [ "$status" -ne "$want" ]; then
        fail "mllab $* exited $status, expected $want"
    elif ! head -n 1 "$tmp/err" | grep -q '^mllab: '; then
        fail "mllab $*: stderr does not start with 'mllab: '"
    elif ! grep -Eq -- "$pattern" "$tmp/err"; then
        fail "mllab $*: stderr does not match /$pattern/"
    elif [ -s "$tmp/out" ]; then
        fail "mllab $*: printed on stdout although it failed"
    else
        ok
    fi
}

# expect_json EXPR ARGS...: exit 0, one JSON value on stdout, and the
# Python expression EXPR (the JSON as `d`) true.  Without python3 only the
# braces are checked.
expect_json() {
    expr=$1
    shift
    run "$@"
    if [ "$status" -ne 0 ]; then
        fail "mllab $* exited $status"
    elif [ "$have_python" = no ]; then
        if head -c 1 "$tmp/out" | grep -q '{'; then ok; else fail "mllab $*: not JSON"; fi
    elif ! python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/out" 2>/dev/null; then
        fail "mllab $*: stdout is not valid JSON"
    elif ! python3 -c 'import json, math, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$tmp/out" "$expr" 2>/dev/null; then
        fail "mllab $*: JSON does not satisfy: $expr"
    else
        ok
    fi
}

# expect_usage ARGS...: exit 2 with the usage on stderr (no arguments).
expect_usage() {
    run "$@"
    if [ "$status" -eq 2 ] && grep -q '^usage: mllab' "$tmp/err" && [ ! -s "$tmp/out" ]; then
        ok
    else
        fail "mllab $* exited $status without the usage on stderr"
    fi
}

# expect_text PATTERN ARGS...: exit 0 and stdout matching PATTERN.
expect_text() {
    pattern=$1
    shift
    run "$@"
    if [ "$status" -ne 0 ]; then
        fail "mllab $* exited $status"
    elif ! grep -Eq -- "$pattern" "$tmp/out"; then
        fail "mllab $*: stdout does not match /$pattern/"
    else
        ok
    fi
}

# ---------------------------------------------------------------------------
# mllab sample
# ---------------------------------------------------------------------------
expect_text 'sample METHOD' --help
expect_text 'reservoir' sample --help
expect_error 2 "unknown method 'gibbs'" sample gibbs
expect_usage sample
expect_error 2 "unknown option '--bogus'" sample uniform --bogus
expect_error 2 "needs a value" sample uniform --k
expect_error 2 "--k 'x' must be an integer" sample uniform --k x
expect_error 2 "--format 'xml'" sample uniform --format xml
expect_error 2 'cannot draw k = 11 distinct items from n = 10' sample uniform --n 10 --k 11
expect_error 2 'k = 6 is larger than the stream \(5 items\)' sample reservoir --n 5 --k 6
expect_error 2 'k = 6 is larger than the stream' sample reservoir --n 5 --k 6 --trials 10
expect_error 1 'weight 2 is -1; weights must be finite and >= 0' sample multinomial --weights 1,-1,2
expect_error 1 'all 3 weights are 0' sample alias --weights 0,0,0 --trials 100
expect_error 2 'needs --weights' sample alias
expect_error 2 "--weights '1,,2' is not" sample multinomial --weights 1,,2
expect_error 2 'needs --labels' sample stratified
expect_error 2 'label 3 is empty' sample stratified --labels a,b,,c
expect_error 2 'lo = 5 is above hi = 1' sample randint --lo 5 --hi 1
expect_error 2 'seed' sample rand10 --seed -1

# The same seed, the same sample; k distinct items of the range.
expect_json 'len(d["sample"]) == 4 and len(set(d["sample"])) == 4 and all(0 <= v < 10 for v in d["sample"])' \
    sample uniform --n 10 --k 4 --seed 7 --format json
cp "$tmp/out" "$tmp/first"
run sample uniform --n 10 --k 4 --seed 7 --format json
if cmp -s "$tmp/out" "$tmp/first"; then ok; else fail "sample uniform: --seed 7 twice differs"; fi
expect_json 'sorted(d["sample"]) != [] and d["k"] == 3' sample reservoir --n 100 --k 3 --format json
expect_json 'all(1 <= v <= 10 for v in d["sample"]) and len(d["sample"]) == 25 and d["rand7_calls"] >= 50' \
    sample rand10 --count 25 --format json
expect_json 'all(-3 <= v <= 3 for v in d["sample"])' sample randint --lo -3 --hi 3 --count 50 --format json
expect_text '\((setosa|versicolor|virginica)\)' sample stratified --dataset iris --k 6

# --trials: the histogram and the test.  A correct sampler passes (p well
# above 1e-6 for this seed); the deliberately biased ones fail.
expect_json 'd["df"] == 9 and d["p_value"] > 1e-6 and abs(d["mean_rand7_calls"] - 2.45) < 0.02 and sum(d["counts"]) == 100000 and d["bins"] == list(range(1, 11))' \
    sample rand10 --trials 100000 --format json
expect_json 'd["p_value"] < 1e-6' sample rand10 --trials 100000 --biased --format json
expect_json 'd["p_value"] < 1e-6' sample reservoir --n 10 --k 3 --trials 40000 --biased --format json
expect_json 'd["p_value"] > 1e-6 and d["df"] == 9 and sum(d["counts"]) == 3 * 40000' \
    sample reservoir --n 10 --k 3 --trials 40000 --format json
expect_json 'd["df"] == 2 and d["expected"] == [2000, 0, 5000, 3000] and d["counts"][1] == 0 and d["p_value"] > 1e-6' \
    sample alias --weights 0.2,0,0.5,0.3 --trials 10000 --format json
expect_json 'd["p_value"] > 1e-6 and len(d["counts"]) == 3' \
    sample multinomial --weights 1,2,3 --trials 6000 --format json
expect_json 'd["p_value"] > 1e-6 and d["df"] == 147' sample stratified --dataset iris --k 30 --trials 2000 --format json
expect_text 'chi-square .* on 6 df, p-value' sample randint --lo 0 --hi 6 --trials 7000
expect_error 2 'go with --trials' sample rand10 --trace "$tmp/never.jsonl"
# --batches B --trace FILE: one JSON line per batch, the last one the final test.
run sample rand10 --trials 1000 --batches 4 --trace "$tmp/sample.jsonl" --format json
if [ "$status" -eq 0 ] && [ "$(grep -c '"tag":"batch"' "$tmp/sample.jsonl")" -eq 4 ] &&
    tail -n 1 "$tmp/sample.jsonl" | grep -q '"trials":1000,'; then ok; else
    fail "sample --batches 4 --trace: expected 4 batch events ending at 1000 trials"; fi

# ---------------------------------------------------------------------------
# mllab meet
# ---------------------------------------------------------------------------
printf 'x,y\n0,0\n4,0\n1,3\n7,5\n2,9\n8,1\n5,5\n' >"$tmp/seven.csv"
printf 'x,y\n0,0\n0,4\n2,2\n' >"$tmp/leet.csv"
printf 'x,y\n0,0\n1,abc\n' >"$tmp/bad.csv"
printf 'x,y\n' >"$tmp/header.csv"

expect_text 'usage: mllab meet' meet --help
expect_usage meet
expect_error 2 "--metric 'l3'" meet --points "$tmp/seven.csv" --metric l3
expect_error 2 "--max-iter '0'" meet --points "$tmp/seven.csv" --max-iter 0
expect_error 1 'bad.csv:3:2: .abc. in feature .y. is not a number' meet --points "$tmp/bad.csv"
expect_error 1 'header.csv:1: only a header' meet --points "$tmp/header.csv"
expect_error 1 'no_such.csv' meet --points "$tmp/no_such.csv"

# The geometric median of scipy's Nelder-Mead (tests/test_meeting.c has the
# command): (4.179632169318452, 3.430208848470423), cost 27.558446976493645.
expect_json 'abs(d["point"][0] - 4.1796321693) < 1e-6 and abs(d["point"][1] - 3.4302088485) < 1e-6 and abs(d["total_distance"] - 27.558446976493645) < 1e-9 and d["converged"] and d["iterations"] > 0 and all(b <= a * (1 + 1e-15) for a, b in zip(d["cost_path"], d["cost_path"][1:]))' \
    meet --points "$tmp/seven.csv" --format json
# LeetCode's best meeting point: 6.
expect_json 'd["total_distance"] == 6 and d["point"] == [0, 2]' \
    meet --points "$tmp/leet.csv" --metric manhattan --format json
expect_text 'meeting point \(4, 3\), total distance 35' meet --points "$tmp/seven.csv" --metric manhattan
expect_text 'converged' meet --points "$tmp/seven.csv" --path
run meet --points "$tmp/seven.csv" --trace "$tmp/meet.jsonl"
if [ "$status" -eq 0 ] && grep -q '"tag":"iter"' "$tmp/meet.jsonl" &&
    tail -n 1 "$tmp/meet.jsonl" | grep -q '"tag":"converged"'; then ok; else
    fail "meet --trace: expected iteration events ending with converged"; fi

# ---------------------------------------------------------------------------
# mllab graph recommend
# ---------------------------------------------------------------------------
printf 'source,target\na,b\nb,a\nb,c\nc,c\n' >"$tmp/dups.csv"
printf 'from,to\n1,2\n' >"$tmp/noheader.csv"
printf 'source,target\n1,2\n3,\n' >"$tmp/empty_name.csv"

expect_text 'usage: mllab graph recommend' graph --help
expect_usage graph
expect_error 2 "unknown action 'suggest'" graph suggest --dataset karate_club --node 0
expect_error 2 'needs --dataset and --node' graph recommend --dataset karate_club
expect_error 2 "unknown node '34' .*0 \.\. 33" graph recommend --dataset karate_club --node 34
expect_error 2 "unknown graph 'facebook'" graph recommend --dataset facebook --node 1
expect_error 2 "--score 'jaccard'" graph recommend --dataset karate_club --node 0 --score jaccard
expect_error 1 "noheader.csv:1: the header needs columns named 'source' and 'target'" \
    graph recommend --dataset "$tmp/noheader.csv" --node 1
expect_error 1 'empty_name.csv:3:2: empty node name' graph recommend --dataset "$tmp/empty_name.csv" --node 1

# networkx (tests/test_graph.c has the commands): node 0's candidates by
# common neighbours, 33 first with 8, 13, 19, 31; Adamic-Adar for node 33.
expect_json 'd["nodes"] == 34 and d["edges"] == 78 and d["total_candidates"] == 9 and [c["node"] for c in d["candidates"]] == ["33", "32", "16", "28", "30", "9", "24", "25", "27"] and d["candidates"][0]["common"] == ["8", "13", "19", "31"] and d["candidates"][0]["score"] == 4' \
    graph recommend --dataset karate_club --node 0 --top 0 --format json
expect_json 'len(d["candidates"]) == 3 and [c["node"] for c in d["candidates"]] == ["2", "0", "1"] and abs(d["candidates"][0]["adamic_adar"] - 4.719381261461351) < 1e-12' \
    graph recommend --dataset karate_club --node 33 --score adamic_adar --top 3 --format json
expect_text '4 common friends: 8, 13, 19, 31' graph recommend --dataset karate_club --node 0
expect_json 'd["repeated_edges"] == 1 and d["self_loops"] == 1 and d["edges"] == 2 and d["candidates"][0]["node"] == "c"' \
    graph recommend --dataset "$tmp/dups.csv" --node a --format json
expect_text 'line 3 repeats line 2' graph recommend --dataset "$tmp/dups.csv" --node a

echo "e2e_interview: $checks checks passed, $failures failed"
[ "$failures" -eq 0 ]
