#!/bin/sh
# e2e_cli_plot.sh - the command line as a daily tool (issue 12): tables and
# text that fit the width (defect 14), ASCII-only output under LC_ALL=C or
# --ascii, `mllab run --plot`, and `list`/`datasets --format json`.
#
# The width rule checked here: a terminal's own width; else $COLUMNS; else
# no limit (piped output).  The terminal case runs mllab under script(1)
# with `stty cols 72` (skipped when script is missing); everything else is
# piped.  No timing: every check reads a finished command's output.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/e2e_lib.sh"
e2e_setup e2e_cli_plot
unset COLUMNS

# widest FILE : the widest line of an ASCII file, in characters.
widest() {
    awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$1"
}

# within N : every line of the last output is at most N columns (ASCII).
within() {
    checks=$((checks + 1))
    w=$(widest "$tmp/out")
    [ "$w" -le "$1" ] || fail "a line of $w columns, wider than $1: $(awk -v n="$1" 'length($0) > n' "$tmp/out" | head -n 2)"
}

# ascii_only : the last output has no byte outside printable ASCII.
ascii_only() {
    checks=$((checks + 1))
    if LC_ALL=C grep -q '[^ -~]' "$tmp/out"; then
        fail "non-ASCII output: $(LC_ALL=C grep '[^ -~]' "$tmp/out" | head -n 2)"
    fi
}

lacks() {
    checks=$((checks + 1))
    if grep -qF -- "$1" "$tmp/out"; then fail "output has '$1'"; fi
}

# A UTF-8 locale for the checks of the Unicode forms (skipped without one).
utf8=""
for l in C.UTF-8 C.utf8 en_US.UTF-8 en_US.utf8; do
    if locale -a 2>/dev/null | grep -qix "$l"; then utf8=$l; break; fi
done

# ---- defect 14: tables fit the width ---------------------------------------
COLUMNS=80 expect 0 "" datasets
within 80
has "fashion_mnist"
has "Fashion-"
has "Any CSV file works too"
# piped without COLUMNS: no limit (the long table as before)
expect 0 "" datasets
checks=$((checks + 1))
[ "$(widest "$tmp/out")" -gt 80 ] || fail "datasets piped without COLUMNS was narrowed"
has "classification"
COLUMNS=80 expect 0 "" compare --dataset iris --algos knn,dtree,naive_bayes,logreg
within 80
for col in accuracy precision recall F1 AUC fit predict; do has "$col"; done
has "McNemar"
COLUMNS=80 expect 0 "" compare --dataset iris --algos knn,dtree --cv 3
within 80
has "+/-"
COLUMNS=80 expect 0 "" info svm
within 80
has "constant,"
lacks "constant | "
COLUMNS=80 expect 0 "" run logreg --dataset iris
within 80
COLUMNS=80 expect 0 "" list
within 80
expect 0 "" --help
within 80
has "--format json"
# too narrow a COLUMNS counts as 40
COLUMNS=10 expect 0 "" datasets
within 40

# ---- defect 14: ASCII only under LC_ALL=C ---------------------------------
expect 0 "" info knn
ascii_only
has "knn - "
expect 0 "" run logreg --dataset iris
ascii_only
has " us"
expect 0 "" compare --dataset iris --algos knn,dtree --cv 3
ascii_only
expect 0 "" datasets
ascii_only
# choices are listed with commas, never with '|' (a table border)
expect 0 "" info dtree
has "gini, entropy"
lacks "gini | entropy"
expect 2 "is not one of gini or entropy" run dtree -p criterion=x
if [ -n "$utf8" ]; then
    LC_ALL=$utf8 expect 0 "" info knn
    has "knn — "
    LC_ALL=$utf8 expect 0 "" datasets --ascii
    ascii_only
else
    echo "e2e_cli_plot: no UTF-8 locale, the Unicode checks are skipped"
fi

# ---- --plot ----------------------------------------------------------------
COLUMNS=80 expect 0 "" run logreg --dataset moons --plot
has "Training loss per epoch"
has "Decision regions of logreg"
has "ROC curve on the test part"
has "points o 0 x 1"
within 80
ascii_only
expect 0 "" run logreg --dataset moons
lacks "Decision regions"
lacks "Training loss"
# piped without COLUMNS, --plot draws 80 columns wide
expect 0 "" run logreg --dataset moons --plot
sed -n '/^Training loss/,$p' "$tmp/out" >"$tmp/plots"
checks=$((checks + 1))
[ "$(widest "$tmp/plots")" -le 80 ] && [ "$(widest "$tmp/plots")" -ge 70 ] ||
    fail "piped plots are $(widest "$tmp/plots") columns wide, not 80"
expect 0 "" run logreg --dataset moons --plot --no-plot
lacks "Decision regions"
COLUMNS=60 expect 0 "" run logreg --dataset moons --plot
within 60
has "Decision regions"
expect 0 "" run linreg --dataset quadratic -p degree=2 --plot
has "Fitted curve of linreg"
has "o training points"
expect 0 "" run kmeans --dataset blobs --plot
has "Training inertia per"
has "Clusters of kmeans"
has "X a centroid"
has "in 10 runs, dotted lines between them"   # k-means' restarts marked (defect 11)
expect 0 "" run kmeans --dataset blobs --plot -p n_init=1
lacks "dotted lines"
expect 0 "" run knn --dataset iris --plot
lacks "Decision regions"   # four features: no regions, no ROC (three classes)
lacks "ROC curve"
expect 2 "--plot belongs to mllab run" compare --dataset iris --plot
# plots go with the text report only: JSON stays JSON
expect 0 "" run logreg --dataset moons --plot --format json
lacks "Decision regions"
if command -v python3 >/dev/null 2>&1; then
    checks=$((checks + 1))
    python3 -c 'import json,sys; json.load(sys.stdin)' <"$tmp/out" || fail "run --plot --format json is not JSON"
fi
if [ -n "$utf8" ]; then
    LC_ALL=$utf8 expect 0 "" run logreg --dataset moons --plot
    checks=$((checks + 1))
    # braille dots (U+2800..U+28FF: bytes e2 a0..a3)
    LC_ALL=C grep -q "$(printf '\342\240')\|$(printf '\342\241')\|$(printf '\342\242')\|$(printf '\342\243')" "$tmp/out" ||
        fail "no braille curve in a UTF-8 locale"
    LC_ALL=$utf8 expect 0 "" run logreg --dataset moons --plot --ascii
    ascii_only
    has "Decision regions"
fi

# On a terminal: plots by default, as wide as the terminal (its width wins
# over COLUMNS).
if command -v script >/dev/null 2>&1 && script -qec true /dev/null </dev/null >/dev/null 2>&1; then
    script -qec "stty cols 72 rows 30; COLUMNS=200 '$MLLAB' run logreg --dataset moons 2>/dev/null" \
        /dev/null </dev/null | tr -d '\r' >"$tmp/out" 2>/dev/null
    has "Decision regions of logreg"
    has "ROC curve"
    within 72
    script -qec "stty cols 72 rows 30; '$MLLAB' run logreg --dataset moons --no-plot 2>/dev/null" \
        /dev/null </dev/null | tr -d '\r' >"$tmp/out" 2>/dev/null
    has "Metrics (test part)"
    lacks "Decision regions"
else
    echo "e2e_cli_plot: no util-linux script(1), the terminal checks are skipped"
fi

# ---- --format json ----------------------------------------------------------
expect 0 "" list --format json
has '"algorithms"'
has '"name": "kmeans"'
has '"choices": ["gini", "entropy"]'
cp "$tmp/out" "$tmp/list.json"
expect 0 "" datasets --format json
has '"name": "mnist"'
cp "$tmp/out" "$tmp/datasets.json"
expect 0 "" datasets --format=json
expect 2 "use text or json" list --format xml
expect 2 "needs a value" datasets --format
expect 2 "unexpected argument" datasets extra
expect 0 "" list --format text
has "mllab info NAME"
if command -v python3 >/dev/null 2>&1; then
    checks=$((checks + 1))
    python3 -c 'import json,sys; json.load(sys.stdin)' <"$tmp/list.json" || fail "list --format json is not JSON"
    checks=$((checks + 1))
    n_json=$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["datasets"]))' <"$tmp/datasets.json")
    n_names=$("$MLLAB" complete datasets | wc -l)
    [ "$n_json" -eq "$n_names" ] || fail "datasets JSON lists $n_json sets, mllab complete $n_names"
else
    echo "e2e_cli_plot: python3 missing, the JSON is not parsed"
fi

e2e_finish
