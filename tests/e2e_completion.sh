#!/bin/sh
# e2e_completion.sh - the shell completion scripts (completions/mllab for
# bash, completions/_mllab for zsh) and the hidden `mllab complete` they
# ask for their lists (issue 12).
#
# bash: the script is sourced in `bash -c` and _mllab is called with
# COMP_WORDS/COMP_CWORD as bash would set them (words split at '=', as
# COMP_WORDBREAKS does); the candidates are checked.  zsh (when installed):
# the file must parse, and _mllab runs with compadd and _call_program
# stubbed, printing what it would offer.  Skipped when a shell is missing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/e2e_lib.sh"
e2e_setup e2e_completion
src=$(cd "$here/.." && pwd)

# ---- mllab complete -------------------------------------------------------
expect 0 "" complete commands
has "compare"
has "datasets"
expect 0 "" complete trainable
has "kmeans"
checks=$((checks + 1))
grep -qx "conv" "$tmp/out" && fail "complete trainable offers the operation conv"
expect 0 "" complete classifiers
has "dtree"
checks=$((checks + 1))
grep -qx "kmeans" "$tmp/out" && fail "complete classifiers offers kmeans"
expect 0 "" complete datasets
has "iris"
expect 0 "" complete params knn
has "metric="
expect 0 "" complete choices knn metric
has "manhattan"
expect 0 "" complete options run
has "--plot"
has "--dataset"
expect 0 "" complete options compare
has "--algos"
checks=$((checks + 1))
grep -qx -- "--plot" "$tmp/out" && fail "compare's options offer --plot"
expect 0 "" complete valued run
has "--seed"
checks=$((checks + 1))
grep -qx -- "--ascii" "$tmp/out" && fail "--ascii is listed as taking a value"
expect 0 "" complete values list --format
has "json"
expect 0 "" complete params no_such_algorithm
expect 2 "unknown list" complete nonsense
expect 2 "" complete

# ---- bash -----------------------------------------------------------------
# offers WORDS... -- WANT... : completing the last word of WORDS offers every
# WANT (and, with WANT "!x", not x).
offers() {
    words=""
    while [ "$1" != "--" ]; do words="$words '$1'"; shift; done
    shift
    bash -c ". '$src/completions/mllab'
        COMP_WORDS=('$MLLAB' $words)
        COMP_CWORD=\$((\${#COMP_WORDS[@]} - 1))
        _mllab
        printf '%s\n' \"\${COMPREPLY[@]}\"" >"$tmp/out" 2>"$tmp/err"
    for want in "$@"; do
        checks=$((checks + 1))
        case $want in
        !*) grep -qx -- "${want#!}" "$tmp/out" && fail "mllab$words: offers ${want#!}" ;;
        *) grep -qx -- "$want" "$tmp/out" || fail "mllab$words: does not offer '$want' (got: $(tr '\n' ' ' <"$tmp/out"))" ;;
        esac
    done
}

if command -v bash >/dev/null 2>&1; then
    offers "" -- run compare datasets list info tui
    offers "co" -- compare conv "!run"
    offers run "" -- logreg kmeans mlp "!conv"
    offers run k -- knn kmeans "!logreg"
    offers run knn --data -- --dataset
    offers run knn --dataset ir -- iris
    offers run knn -p "" -- "k=" "metric=" "weights="
    offers run knn -p me -- "metric=" "!k="
    offers run knn -p metric = "" -- euclidean manhattan cosine
    offers run knn -p metric = ma -- manhattan "!cosine"
    offers run dtree -p criterion = -- gini entropy
    offers run --seed 3 knn -p k = 3 -p w -- "weights="
    offers run knn --format "" -- text json csv
    offers run knn --scale "" -- none standard minmax
    offers run knn --seed "" -- "!knn" "!--plot"
    offers run knn --p -- --plot --param "!--algos"
    offers compare --algos knn,d -- knn,dtree
    offers compare --algos "" -- knn logreg "!kmeans"
    offers compare --a -- --algos --ascii "!--plot"
    offers list --format "" -- text json "!csv"
    offers datasets --f -- --format "!--ascii"
    offers datasets --a -- --ascii
    offers info dt -- dtree
    offers info soft -- softmax
    offers tui --algo km -- kmeans
    offers tui --dataset mo -- moons
else
    echo "e2e_completion: bash missing, the bash script is not tried"
fi

# ---- zsh ------------------------------------------------------------------
if command -v zsh >/dev/null 2>&1; then
    checks=$((checks + 1))
    zsh -n "$src/completions/_mllab" 2>"$tmp/err" || fail "completions/_mllab does not parse"
    # zoffers "WORDS" LAST -- WANT... (the stubbed compadd does not filter by
    # prefix: WANT is checked among everything offered)
    zoffers() {
        zw=$1 zlast=$2
        shift 3
        ZW="$MLLAB $zw" ZLAST="$zlast" zsh -f -c '
            _call_program() { shift; "$@" }
            compadd() {
                while [[ $1 == -* ]]; do
                    case $1 in
                        -a) shift; print -l -- ${(P)1}; return ;;
                        -S) shift 2 ;;
                        *) shift ;;
                    esac
                done
                print -l -- "$@"
            }
            _files() { : }
            compset() { return 1 }
            words=(${=ZW} "$ZLAST")
            CURRENT=${#words}
            source "$0"' "$src/completions/_mllab" >"$tmp/out" 2>"$tmp/err"
        for want in "$@"; do
            checks=$((checks + 1))
            case $want in
            !*) grep -qx -- "${want#!}" "$tmp/out" && fail "zsh mllab $zw $zlast: offers ${want#!}" ;;
            *) grep -qx -- "$want" "$tmp/out" || fail "zsh mllab $zw $zlast: does not offer '$want'" ;;
            esac
        done
    }
    zoffers "" "" -- run compare datasets
    zoffers "run" "" -- logreg kmeans "!conv"
    zoffers "run knn -p" "" -- "k=" "metric="
    zoffers "run --seed 3 knn" "--sc" -- --scale --plot
    zoffers "compare --algos" "" -- knn "!kmeans"
    zoffers "list --format" "" -- json "!csv"
else
    echo "e2e_completion: zsh missing, completions/_mllab is not tried"
fi

e2e_finish
