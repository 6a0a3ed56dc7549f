#!/bin/sh
# e2e_lm.sh - end-to-end checks of `mllab softmax` (the [2,1,0.1] toy, the
# naive overflow note on 1000,1001, JSON, bad logits named by position) and
# `mllab lm bigram|rnn` (short runs on names and on a small text file:
# NLLs, samples, determinism with a seed, --trace, bad input).
#
# Run by `make check` with $MLLAB and $MLLAB_DATA_DIR set (see e2e_cli.sh).
# Every file it writes goes to a mktemp directory, removed on exit.
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${MLLAB_DATA_DIR:=$here/../datasets}"
export MLLAB_DATA_DIR
. "$here/e2e_lib.sh"
e2e_setup e2e_lm

# ---------------------------------------------------------------- softmax
expect 0 "" softmax --logits 2,1,0.1 --target 0
has "probabilities       0.659    0.2424   0.09857"
has "cross-entropy  -log p[0] = 0.4170"
has "gradient           -0.341    0.2424   0.09857"
expect 0 "" softmax --logits 1000,1001
has "overflows here"
has "0.2689    0.7311"
expect 0 "" softmax --logits 1000,1001 --format json
has '"naive":[null,null],"naive_overflows":true'
has '"probabilities":[0.2689414213699951,0.7310585786300049]'
expect 0 "" softmax --logits 2,1,0.1 --temperature 1000 --format json
has '"probabilities":[0.3336'
expect 2 "value 2 ('x') is not a finite number" softmax --logits 1,x,3
expect 2 "value 3 ('inf') is not a finite number" softmax --logits 1,2,inf
expect 2 "--target 3 is out of range" softmax --logits 1,2,3 --target 3
expect 2 "--temperature '0'" softmax --logits 1,2 --temperature 0
expect 2 "--logits V,V,... is required" softmax
expect 0 "" softmax --help

# ---------------------------------------------------------------- bigram
expect 0 "" lm bigram --samples 3
has "31033 training / 1000 test sequences"
has "steps: 32 in"
checks=$((checks + 1))
nll=$(sed -n 's/.*test \([0-9.]*\) (uniform.*/\1/p' "$tmp/out")
awk -v x="$nll" 'BEGIN { exit !(x > 2.40 && x < 2.50) }' || fail "bigram test NLL '$nll' not in (2.40, 2.50)"
expect 0 "" lm bigram --steps 2 --format json --trace "$tmp/trace.jsonl"
has '"steps":2'
checks=$((checks + 1))
[ "$(wc -l <"$tmp/trace.jsonl")" -eq 2 ] || fail "the bigram trace has not 2 lines"
printf 'the cat sat\nthe dog sat on the mat\n' >"$tmp/text.txt"
expect 0 "" lm bigram --dataset "$tmp/text.txt" -p unit=word --samples 2
has "(words, 8 symbols): 2 training / 0 test"
printf 'emma\nZoe\n' >"$tmp/bad.txt"
expect 1 "bad.txt:2:1: character 'Z'" lm bigram --dataset "$tmp/bad.txt"
expect 1 "cannot open" lm bigram --dataset "$tmp/missing.txt"
expect 2 "unknown model 'lstm'" lm lstm
expect 2 "" lm bigram -p k=-1

# ---------------------------------------------------------------- rnn
expect 0 "" lm rnn --steps 30 -p hidden=16 -p embed=8 --samples 3 --seed 5 --format json
cp "$tmp/out" "$tmp/rnn1.json"
has '"steps":30'
expect 0 "" lm rnn --steps 30 -p hidden=16 -p embed=8 --samples 3 --seed 5 --format json
checks=$((checks + 1))
[ "$(sed 's/"seconds".*"train_nll"//' "$tmp/out")" = "$(sed 's/"seconds".*"train_nll"//' "$tmp/rnn1.json")" ] ||
    fail "two rnn runs with --seed 5 differ"
expect 2 "hidden" lm rnn -p hidden=0
expect 2 "--steps must be at least 1" lm rnn --steps 0

e2e_finish
