#!/bin/sh
# e2e_text.sh - end-to-end checks of the text surface (issue 10): `mllab
# tfidf` on small corpora written here (values by hand: for "cat dog" and
# "cat", idf(cat) = 1, idf(dog) = ln(3/2) + 1, so row 0 is (1, 1.405465) /
# 1.724896 = (0.579738672, 0.814802475) and row 1 is (1)), its usage and
# data errors, a CSV text corpus as a --dataset for run, and then, when
# Debian's `fortunes` package is installed, the fortunes set through tfidf,
# run and compare.  Without fortunes the first part still runs and the
# script exits 77 (skipped) if it passed.
#
# Run by `make check` with $MLLAB set (see e2e_cli.sh).  Every file it
# writes goes to a mktemp directory, removed on exit.
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/e2e_lib.sh"
e2e_setup e2e_text

# ---------------------------------------------------------------- small corpora
printf 'cat dog\ncat\n' >"$tmp/two.txt"
expect 0 "" tfidf --corpus "$tmp/two.txt" --format csv
has "document,term,value"
has "0,cat,0.579738672"
has "0,dog,0.814802475"
has "1,cat,1"
[ "$(wc -l <"$tmp/out")" -eq 4 ] || fail "tfidf csv: expected a header and 3 rows"

expect 0 "" tfidf --corpus "$tmp/two.txt" --doc 0 --format csv
[ "$(sed -n 2p "$tmp/out")" = "dog,0.814802475" ] || fail "--doc 0: dog first: $(cat "$tmp/out")"
expect 0 "" tfidf --corpus "$tmp/two.txt" --query "dogs and a dog" --format json
has '"document": 0, "cosine": 0.814802475'
expect 0 "" tfidf --corpus "$tmp/two.txt" --query "zebra"
has "no document shares a term"

# A labelled CSV corpus: 40 texts about two topics.
{
    echo "id,text,label"
    i=0
    while [ $i -lt 20 ]; do
        echo "$i,\"the cat purrs, a cat naps $i\",cats"
        echo "$((i + 20)),the dog barks and the dog fetches $i,dogs"
        i=$((i + 1))
    done
} >"$tmp/pets.csv"
expect 0 "" tfidf --corpus "$tmp/pets.csv" --category dogs --top 2 --format json
has '"documents": 20'
has '{"term": "dog"'
expect 0 "" tfidf --corpus "$tmp/pets.csv" --split
[ "$(grep -c ',test$' "$tmp/out")" -eq 8 ] || fail "--split: 8 of 40 held out"
expect 0 "" run multinomial_nb --dataset "$tmp/pets.csv" --format json
a=$(accuracy "$tmp/out")
checks=$((checks + 1))
[ "$a" = "1" ] || fail "multinomial_nb on the pets corpus: accuracy $a, expected 1"
expect 0 "" run logreg --dataset "$tmp/pets.csv" --max-features 3
has "3 features"
# Explicit text files: train on pets.csv, predict two new texts.
printf 'text\na dog that barks\nthe cat naps\n' >"$tmp/new.csv"
expect 0 "" run multinomial_nb --train "$tmp/pets.csv" --test "$tmp/new.csv" \
    --predictions "$tmp/pred.csv"
checks=$((checks + 1))
[ "$(cut -d, -f2 "$tmp/pred.csv" | tr '\n' ' ')" = "predicted dogs cats " ] ||
    fail "text --train/--test predictions: $(cat "$tmp/pred.csv")"

# Bad input.
: >"$tmp/empty.txt"
expect 1 "empty" tfidf --corpus "$tmp/empty.txt"
expect 1 "No such file" tfidf --corpus "$tmp/absent.txt"
printf 'a b\n! ?\n' >"$tmp/novocab.txt"
expect 1 "empty vocabulary" tfidf --corpus "$tmp/novocab.txt"
expect 2 "empty" tfidf --corpus "$tmp/two.txt" --query "  "
expect 2 "0 to 1" tfidf --corpus "$tmp/two.txt" --doc 2
expect 2 "cats, dogs" tfidf --corpus "$tmp/pets.csv" --category birds
expect 2 "one of" tfidf --corpus "$tmp/two.txt" --doc 0 --query cat
expect 2 "unknown option" tfidf --corpus "$tmp/two.txt" --bogus
expect 2 "" tfidf
expect 2 "--max-features" tfidf --corpus "$tmp/two.txt" --max-features -3
expect 2 "--cv" run logreg --dataset "$tmp/pets.csv" --cv 3
expect 1 "non-negative" run multinomial_nb --dataset iris --scale standard

# ---------------------------------------------------------------- fortunes
dir=${MLLAB_FORTUNES_DIR:-/usr/share/games/fortunes}
if [ ! -r "$dir/computers" ]; then
    echo "e2e_text: $checks checks, $failures failed; fortunes is not installed ($dir):" \
        "its checks skipped"
    [ "$failures" -eq 0 ] && exit 77
    exit 1
fi

expect 0 "" tfidf --corpus fortunes --format json
has '"documents": 5545, "terms": 20356'
expect 0 "" tfidf --corpus fortunes --query "stardate enterprise" --top 1 --format csv
has ",startrek,"
expect 0 "" tfidf --corpus fortunes --split
[ "$(grep -c ',test$' "$tmp/out")" -eq 1109 ] || fail "fortunes --split: 1109 held out"
expect 0 "" run multinomial_nb --dataset fortunes --format json
a=$(accuracy "$tmp/out")
checks=$((checks + 1))
awk -v a="$a" 'BEGIN { exit !(a > 0.40 && a < 0.50) }' ||
    fail "multinomial_nb on fortunes: accuracy $a, expected 0.40-0.50 (0.4427 measured)"
expect 0 "" compare --dataset fortunes --algos multinomial_nb,naive_bayes
has "multinomial_nb"
expect 0 "" datasets
has "fortunes"

e2e_finish
