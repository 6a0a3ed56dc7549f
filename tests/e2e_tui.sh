#!/bin/sh
# e2e_tui.sh - drive the real lab in tmux and read the screen back.
#
# Checks: the home screen lists every algorithm by its title, at 120x40
# and at 80x24; stepping k-means on blobs shows `step 3` with a plot (both
# sizes); linreg on 1-D data shows its results and keeps the curve of an
# earlier degree; a resize to 40x12 says "terminal too small" and the state is back
# when enlarged; `c` on breast_cancer shows the comparison table; the mnist
# dataset screen draws a digit, a histogram and PCA-restored digits, k-NN on
# mnist shows a test digit's neighbours, the conv screen a mnist digit (the
# lab holds mnist as bytes); the conv screen moves its window; the card
# on Home scrolls; the footer and the `?` help of every screen (home,
# dataset, run, conv, compare) show the keys of its binding table; the
# lessons are listed on Home and their screens (softmax, sampling, the
# language models, triangle closing, meeting point, tf-idf) open from it, step and show their keys; Ctrl-S
# does not freeze the lab (no XON/XOFF); --ascii
# and NO_COLOR draw without Unicode and without colours; `q` exits 0 and
# SIGTERM exits 143, the terminal restored both times.
#
# Needs $MLLAB (the program), MLLAB_DATA_DIR and MLLAB_DOCS_DIR (make check
# sets them).  Skipped (77) without tmux.
#
# Robust to a loaded machine: one tmux server, polled waits (e2e_lib.sh).
set -u
. "$(dirname "$0")/e2e_lib.sh"
e2e_setup e2e_tui
: "${MLLAB_DATA_DIR:?}" "${MLLAB_DOCS_DIR:?}"
tmux_setup
# Byte patterns (any locale): braille U+2800-28FF, and the blocks ▀ ▄ █.
BRAILLE=$(printf '\342[\240-\243]')
HALF_BLOCKS=$(printf '\342\226[\200\204\210]')

# ---- 1. the home screen lists every algorithm by its title ------------------
expected="linreg logreg perceptron svm knn kmeans dtree naive_bayes random_forest mlp conv cnn"
# The algorithms (the lessons follow them from "building blocks" on).
listed=$("$MLLAB" list | sed '/^building blocks/q' | sed -n 's/^  \([a-z_][a-z_0-9]*\)  .*/\1/p')
lessons=$("$MLLAB" list | sed -n '/^building blocks/,$s/^  \([a-z_][a-z_0-9]*\) .*/\1/p')
tally
[ -n "$lessons" ] || fail "mllab list shows no lessons"
for name in $expected; do
    tally
    echo "$listed" | grep -qx "$name" || fail "mllab list does not list $name"
done

# walk_home WxH : the home screen at that size.
walk_home() {
    lab_start --size "$1"
    tally
    if wait_for 'Algorithms' 30; then
        for name in $listed; do
            title=$("$MLLAB" info "$name" | head -n 1 | sed -e 's/^[^ ]* — //' -e 's/^[^ ]* - //')
            tally
            [ -n "$title" ] || { fail "no title for $name in mllab info"; continue; }
            # At 80 columns the list is narrower: the titles' beginnings.
            [ "$1" = 80x24 ] && title=$(printf '%s' "$title" | cut -c1-24)
            tally
            screen | grep -qF -- "$title" || fail "$1: home does not list $name as '$title'"
        done
        # Groups, a card beside the list, and the footer of keys.
        for word in Regression Classification Clustering 'Neural networks' Operations 'q quit'; do
            tally
            screen | grep -qF -- "$word" || fail "$1: home lacks '$word'"
        done
        # The lessons after the algorithms (all of them fit at 120x40).
        if [ "$1" = 120x40 ]; then
            for name in $lessons; do
                title=$("$MLLAB" info "$name" | head -n 1 | sed -e 's/^[^ ]* — //' -e 's/^[^ ]* - //')
                tally
                screen | grep -qF -- "$title" || fail "$1: home does not list lesson $name"
            done
            for word in 'Building blocks' 'Language models' 'Graphs & geometry'; do
                tally
                screen | grep -qF -- "$word" || fail "$1: home lacks '$word'"
            done
        fi
    else
        fail "$1: the home screen did not appear"
    fi
    quit_and_check "home $1"
}
walk_home 120x40
walk_home 80x24

# ---- 1b. home: the card scrolls, the keys of its table -----------------------
lab_start
tally
if wait_for 'Algorithms' 30 && wait_for ' 1-[0-9]+/[0-9]+ ' 30; then
    # (PgUp/PgDn left the footer for `p practice`; the help lists it.  The
    # Practice screen has its own script, e2e_practice_tui.sh.)
    footer_has home '↑↓ select' 'Enter run' 'p practice' '/ search' 'd dataset' 'v view data' \
        'Tab card' '? help' 'c compare' 'q quit'
    help_has home '↑↓' Enter p e / d v Tab PgUp/PgDn
    keys PageDown
    expect_screen ' ([2-9]|[1-9][0-9]+)-[0-9]+/[0-9]+ ' 30 "PgDn does not scroll the card"
    # Ctrl-S (XOFF) must not freeze the lab: the next key still moves.
    first=$(screen | head -n 1 | sed -n 's/.*algorithm: \([a-z_0-9]*\).*/\1/p')
    tally
    [ -n "$first" ] || fail "home: no algorithm in the header"
    keys C-s
    keys Down
    tally
    wait_gone "algorithm: $first *\$" 30 || fail "after Ctrl-S the lab no longer answers (flow control)"
else
    fail "home shows no card"
fi
quit_and_check card

# ---- 2. k-means on blobs: three steps, a plot; resize and back ---------------
walk_kmeans() {
    lab_start --size "$1" --algo kmeans --dataset blobs
    tally
    if wait_for 'step 0' 60 && wait_for 'n_init' 30; then
        # n_init = 3: three k-means runs, so at least three steps remain to take
        # (well-separated blobs converge in two).  `:` sets a parameter by name.
        keys : n_init=3 Enter
        expect_screen 'n_init +3' 30 "$1: n_init could not be set to 3"
        wait_for 'step 0' 30
        keys Space
        expect_screen 'step 1' 30 "$1: Space did not step (step 1)"
        keys Space
        expect_screen 'step 2' 30 "$1: Space did not step (step 2)"
        keys Space
        tally
        if wait_for 'step 3' 30; then
            # A plot: braille dots and the axis.
            tally
            screen | LC_ALL=C grep -q "$BRAILLE" || fail "$1: no braille plot after three steps"
            tally
            screen | grep -q '└' || fail "$1: no plot axis after three steps"
        else
            fail "$1: three presses of Space did not show step 3"
        fi
        $T resize-window -t "$W" -x 40 -y 12
        expect_screen 'too small' 30 "$1: a 40x12 terminal does not say 'too small'"
        $T resize-window -t "$W" -x "${1%x*}" -y "${1#*x}"
        expect_screen 'step 3' 30 "$1: the state (step 3) is not back after enlarging"
        tally
        screen | grep -q 'too small' && fail "$1: 'too small' stays after enlarging"
    else
        fail "$1: the run screen did not open for kmeans on blobs"
    fi
}
walk_kmeans 120x40
# (The rest of the run screen's footer, ", . point" and "Esc back", does
# not fit in 120 columns beside the shared keys; the help lists them.)
wait_gone 'run reset' 30
footer_has run 'Space step' 'r run/pause' '+/- speed' 'x reset' 'Tab view' '↑↓ param' \
    '←→ choice' 'Enter edit'
help_has run Space r +/- '[ ]' x Tab 1-9 '↑↓' '←→' Enter : ', .' g 'PgUp PgDn'
# 4: the fourth view, the log with the trace of the steps.
keys 4
expect_screen ' 1 iter 1: inertia' 30 "run: 4 does not show the log"
quit_and_check kmeans
walk_kmeans 80x24
quit_and_check "kmeans 80x24"

# ---- 2a. the conv screen: Space moves the window ------------------------------
lab_start --algo conv
tally
if wait_for 'output \(0, 0\)' 60; then
    keys Space
    expect_screen 'output \(0, 1\)' 30 "conv: Space did not move the window"
    footer_has conv 'Space move window' 'r slide' ', . image' '↑↓ param' '←→ choice' \
        'Enter edit' 'Esc back'
    help_has conv Space r ', .' '↑↓' '←→' Enter : +/- x
    keys Down Right
    expect_screen 'padding +valid' 30 "conv: Right did not cycle the padding"
else
    fail "the conv screen did not open"
fi
quit_and_check conv

# ---- 2b. the lessons' screens, opened from Home ---------------------------------
# open_lesson TEXT [WxH] : search Home for TEXT (a lesson's title) and open it.
open_lesson() {
    lab_start --size "${2:-120x40}"
    tally
    wait_for 'Algorithms' 30 || { fail "home did not appear (lesson $1)"; return 1; }
    keys / "$1" Enter
    expect_screen "^ /$1" 30 "home: the search for '$1' did not stay"
    keys Enter
}

open_lesson 'Softmax and'
tally
if wait_for 'Logits → softmax at T = 1 ' 30; then
    # (a big frame may still be on its way: wait for its last row, the footer)
    wait_for 't target' 30
    footer_has softmax '↑↓ logit' '←→ edit' '+/- temperature' 't target'
    help_has softmax '↑↓' '←→' +/- t Space 'n d' o r
    keys +
    expect_screen 'softmax at T = 1.25 ' 30 "softmax: + did not raise the temperature"
    keys Space
    expect_screen 'gradient steps: 1 ' 30 "softmax: Space did not take a gradient step"
    keys o
    tally
    wait_for 'overflow!' 30 && wait_for '0  -?nan +0.268941' 30 ||
        fail "softmax: o did not show the naive overflow (nan) beside the stable 0.268941"
else
    fail "the softmax screen did not open from Home"
fi
quit_and_check softmax

open_lesson chi-square
tally
if wait_for 'method  uniform' 30; then
    wait_for 'b biased' 30
    footer_has sampling 'Space step' 'a animate' '←→ method' 'b biased'
    help_has sampling Space a '←→' b +/- r
    keys Space
    expect_screen 'trials  1000 \(1 steps\)' 30 "sampling: Space did not draw a batch"
    expect_screen 'p-value 0?\.[0-9]' 30 "sampling: no p-value after a batch"
    keys Right Right Right Right Right
    expect_screen 'method  rand10' 30 "sampling: Right did not reach rand10"
    keys b
    expect_screen 'rand10 \(BIASED\)' 30 "sampling: b did not switch to the biased rand10"
    keys + Space
    expect_screen 'p < 0.001' 30 "sampling: the test did not catch the biased rand10"
    expect_screen 'mean rand7 calls' 30 "sampling: no mean rand7 calls for rand10"
else
    fail "the sampling screen did not open from Home"
fi
quit_and_check sampling

open_lesson Bigram
tally
if wait_for 'names 0/[0-9]+' 60; then
    wait_for 's sample' 30
    footer_has lm 'Space step' 'a animate' 'm model' 's sample'
    help_has lm Space a m s r
    keys Space
    tally
    wait_for 'names 1000/[0-9]+ +NLL train [0-9.]+ test [0-9.]+' 30 ||
        fail "lm: Space did not count 1000 names"
    expect_screen 'Counts N\[prev\]\[next\]' 30 "lm: no counts heatmap"
    # The RNN trains on a worker: the lab answers keys while it does.
    keys m
    expect_screen 'mini-batches 0 ' 30 "lm: m did not switch to the RNN"
    keys Space
    tally
    wait_for 'mini-batches 100 +loss [0-9.]+ +test NLL [0-9.]+' 120 ||
        fail "lm: Space did not train 100 mini-batches of the RNN"
    expect_screen 'hidden state reading emma' 30 "lm: no hidden-state heatmap"
else
    fail "the language-model screen did not open from Home"
fi
quit_and_check lm

# The densest lesson screen at the smallest size: the counts heatmap at two
# rows per cell, the curve and the names beside it.
open_lesson Bigram 80x24
tally
if wait_for 'names 0/[0-9]+' 60; then
    keys Space
    expect_screen 'names 1000/' 30 "lm 80x24: Space did not count 1000 names"
    expect_screen 'Sampled names' 30 "lm 80x24: no sampled names"
    tally
    screen | grep -q 'too small' && fail "lm 80x24: 'too small' at 80x24"
else
    fail "lm 80x24: the screen did not open"
fi
quit_and_check "lm 80x24"

open_lesson 'Triangle closing'
tally
if wait_for 'Friends for 0 \(common\)' 30; then
    wait_for 'r reset' 30
    footer_has graph '←→ node' '↑↓ candidate' 's score' 'r reset'
    help_has graph '←→' '↑↓' s r
    # networkx agrees (tests/test_graph.c): 33 first, with 4 common friends.
    expect_screen '33 +4 common: 8, 13, 19, 31' 30 "graph: node 0's top recommendation is not 33"
    keys s Right
    expect_screen 'Friends for 1 \(adamic_adar\)' 30 "graph: s and Right did not rank node 1 by Adamic-Adar"
else
    fail "the graph screen did not open from Home"
fi
quit_and_check graph

open_lesson 'Meeting point'
tally
if wait_for 'iteration 0' 30; then
    wait_for 'r n reset/new' 30
    footer_has meet 'Space step' 'a animate' 'm metric' 'r n reset/new'
    help_has meet Space a m 'r n'
    first=$(screen | sed -n 's/.*│ cost \([0-9.]*\).*/\1/p')
    keys Space Space
    expect_screen 'iteration 2' 30 "meet: Space did not iterate"
    now=$(screen | sed -n 's/.*│ cost \([0-9.]*\).*/\1/p')
    tally
    awk -v a="$first" -v b="$now" 'BEGIN { exit !(b + 0 < a + 0) }' ||
        fail "meet: the cost did not fall ($first -> $now)"
    keys m
    expect_screen 'compared in the manhattan metric' 30 "meet: m did not switch the metric"
else
    fail "the meeting-point screen did not open from Home"
fi
quit_and_check meet

# tf-idf needs Debian's fortunes (as e2e_text.sh); without them the screen
# must say so.
open_lesson 'tf-idf and'
if [ -d "${MLLAB_FORTUNES_DIR:-/usr/share/games/fortunes}" ]; then
    tally
    if wait_for 'query: +\([0-9]+ documents, [0-9]+ terms\)' 60; then
        wait_for 'x clear' 30
    footer_has tfidf '/ query' '←→ category' 'x clear'
        help_has tfidf / '←→' x
        keys / unix Space kernel Enter
        # `mllab tfidf --corpus fortunes --query "unix kernel"` ranks 0.3565 linux first.
        expect_screen '│ 0\.357 linux ' 30 "tfidf: the query did not rank the linux fortune first"
        expect_screen 'Top terms of [a-z]+ \(mean tf-idf\)' 30 "tfidf: no top terms"
    else
        fail "the tf-idf screen did not load the fortunes"
    fi
else
    expect_screen 'fortunes' 60 "tfidf: no message about the missing fortunes"
fi
quit_and_check tfidf

# ---- 2b. logreg on breast_cancer: no "nan" before the first step; the ------------
# threshold explorer's 2x2 matrix is whole at 120 columns (its counts were once
# cut at the panel's edge: TP 42 read "TP 4").
lab_start --algo logreg --dataset breast_cancer
tally
if wait_for 'step 0' 60; then
    keys 2
    expect_screen 'objective' 10 "logreg: the weights view shows no objective"
    tally
    screen | grep -Eqw 'nan|-nan' && fail "logreg shows 'nan' before the first step"
    keys r
    tally
    if wait_for 'done' 60; then
        keys 5
        tally
        if wait_for 'TN +[0-9]+ +FP +[0-9]+' 10; then
            # the rows "true 0  TN n  FP n" and "true 1  FN n  TP n"
            sum=$(screen | grep -Eo '(TN|FP|FN|TP) +[0-9]+' |
                awk '{ s += $2 } END { print s + 0 }')
            tally
            [ "$sum" -eq 114 ] || fail "the threshold explorer's counts sum to $sum, not the 114 test rows"
        else
            fail "the ROC view shows no 2x2 matrix"
        fi
    else
        fail "logreg did not finish training on breast_cancer"
    fi
else
    fail "the run screen did not open for logreg on breast_cancer"
fi
quit_and_check roc

# ---- 2c. a regressor on 1-D data: the curve, the results, an earlier curve kept --
lab_start --algo linreg --dataset quadratic
tally
if wait_for 'step 0' 60; then
    keys r
    expect_screen 'done' 60 "linreg did not finish on quadratic"
    keys 5
    expect_screen 'MSE +[0-9]' 30 "linreg: the results view shows no MSE"
    keys : degree=2 Enter
    expect_screen 'degree +2' 30 "linreg: degree could not be set to 2"
    keys r 1
    expect_screen 'now: degree 2' 60 "linreg: the plot keeps no earlier curve after a change of degree"
else
    fail "the run screen did not open for linreg on quadratic"
fi
quit_and_check linreg

# ---- 3. compare on breast_cancer -----------------------------------------------
lab_start --dataset breast_cancer
tally
if wait_for 'Class balance' 60; then
    footer_has dataset 'x/y features' 'p PCA' 's scatter' '↑↓ features' 'Enter run linreg' 'Esc back'
    help_has dataset g '←→' x/y p s '↑↓' Enter
    keys c
    tally
    if wait_for '\(best\)' 300; then
        footer_has compare '↑↓ select' 's sort' 'S reverse' 'a/b matrices' 'Enter run it' \
            'R again' 'Esc back'
        help_has compare '↑↓' s S a/b Enter R
        for word in accuracy precision recall F1 AUC fit predict 'p vs best' 'Logistic regression'; do
            tally
            screen | grep -qF -- "$word" || fail "the comparison table lacks '$word'"
        done
        # The last row (the CNN, which fails on tabular data) as matrix A:
        # its heading says it failed, never "accuracy nan".
        for i in 1 2 3 4 5 6 7 8 9 10 11 12; do keys Down; done
        keys a
        expect_screen ' A: .*\((accuracy|failed)' 10 "a shows no matrix A heading"
        tally
        screen | grep -Eqw 'nan|-nan' && fail "the comparison shows 'nan'"
    else
        fail "c did not show the comparison table"
    fi
else
    fail "the breast_cancer dataset screen did not open"
fi
quit_and_check compare

# ---- 4. the mnist dataset screen draws a digit -----------------------------------
# The lab holds image sets as bytes (issue 14): every picture and number
# below is read from byte-backed rows.
lab_start --dataset mnist
tally
if wait_for '#0: 5' 240; then
    blocks=$(screen | LC_ALL=C grep -o "$HALF_BLOCKS" | wc -l)
    tally
    [ "$blocks" -ge 40 ] || fail "the mnist gallery shows too few image cells ($blocks)"
    # The corner pixel is 0 in every one of the 70000 images: one bin.
    keys h
    expect_screen 'px_0_0: 70000 rows, tallest bin 70000' 60 "mnist: h shows no histogram of px_0_0"
    # The originals beside their min-max scaled and PCA-restored versions.
    keys i
    expect_screen 'PCA restored, 10 of 784' 240 "mnist: i shows no PCA-restored images"
    blocks=$(screen | LC_ALL=C grep -o "$HALF_BLOCKS" | wc -l)
    tally
    [ "$blocks" -ge 60 ] || fail "the mnist restored view shows too few image cells ($blocks)"
else
    fail "the mnist dataset screen shows no labelled digit"
fi
quit_and_check mnist

# k-NN on mnist: one step stores the rows and predicts; the neighbours view
# shows test image #0 (a 7) and its nearest training images.
lab_start --algo knn --dataset mnist
tally
if wait_for 'step 0' 240; then
    keys Space
    expect_screen 'test point #0: true 7, voted 7' 600 "mnist k-NN: no neighbours of test point #0"
    blocks=$(screen | LC_ALL=C grep -o "$HALF_BLOCKS" | wc -l)
    tally
    [ "$blocks" -ge 60 ] || fail "the mnist k-NN neighbours show too few image cells ($blocks)"
else
    fail "the mnist k-NN run screen did not open"
fi
quit_and_check mnist-knn

# The conv screen slides its kernel over mnist's first digit.
lab_start --algo conv --dataset mnist
expect_screen 'mnist #0 \(5\)' 240 "the conv screen shows no mnist digit"
quit_and_check mnist-conv

# ---- 5. --ascii and NO_COLOR ---------------------------------------------------
lab_start --ascii --algo kmeans --dataset blobs
tally
if wait_for 'step 0' 60; then
    keys Space
    expect_screen 'step 1' 30 "--ascii: Space did not step"
    tally
    if screen | LC_ALL=C grep -q '[^ -~]'; then
        fail "--ascii draws characters outside ASCII"
    fi
else
    fail "--ascii run screen did not open"
fi
quit_and_check ascii
NO_COLOR=1
export NO_COLOR
lab_start
tally
if wait_for 'Algorithms' 30; then
    tally
    if screen -e | grep -Eq '\[(3[0-7]|4[0-7]|38;5;|48;5;)'; then
        fail "NO_COLOR is set but the screen has colours"
    fi
else
    fail "home did not appear with NO_COLOR"
fi
quit_and_check no_color
unset NO_COLOR

# ---- 7. issue 12: nothing cut off at 80x24 ------------------------------------------
# Defect 2: an error keeps the fix it suggests (it was cut at "(arch: layer 4
# (conv 5x5, pad 0" with "..." below): the run view shows it wrapped, whole.
lab_start --size 80x24 --algo cnn --dataset digits
tally
if wait_for 'smaller than the kernel' 120; then
    tally
    screen | tr -d '│ \n' | grep -qF 'arch=c8k3p1-r-m2-c16k3p1-r-m2-d64-r-d10' ||
        fail "defect 2: the cnn error lost the arch it suggests"
else
    fail "defect 2: the cnn error on digits is not shown whole"
fi
quit_and_check "cnn error"
# Defect 2: log lines wrap instead of ending mid-line ("train acc" was cut).
lab_start --size 80x24 --algo logreg --dataset iris
tally
if wait_for 'step 0' 60; then
    keys Space Space
    expect_screen 'step 2' 30 "defect 2: logreg did not step twice"
    keys 3
    tally
    if wait_for ' 2 epoch 2:' 30; then
        n=$(screen | grep -c 'train acc')
        tally
        [ "$n" -ge 2 ] || fail "defect 2: the log lines are cut at 80 columns ($n with 'train acc')"
    else
        fail "defect 2: 3 does not show the log of logreg"
    fi
else
    fail "the run screen did not open for logreg on iris"
fi
quit_and_check "log wrap"

# Defect 7: a status message has a row of its own; the footer keeps its keys
# ("? he degree = 2 (run reset)" once covered them).
lab_start --size 80x24 --algo linreg --dataset quadratic
tally
if wait_for 'step 0' 60; then
    keys : degree=2 Enter
    tally
    if wait_for 'degree = 2 \(run reset\)' 30; then
        footer_has "defect 7" 'Space step' '? help' 'c compare' 'q quit'
        tally
        screen | tail -n 1 | grep -q 'run reset' && fail "defect 7: the message is on the footer"
    else
        fail "defect 7: setting degree=2 shows no message"
    fi
else
    fail "the run screen did not open for linreg on quadratic"
fi
quit_and_check "message row"

# Defect 3: compare on a 10-class set shows every class in its confusion
# matrices (MNIST showed classes 0-7, then empty lines).  digits at 100x40:
# the row of class 9 is there, with all 10 counts in both matrices A and B.
lab_start --size 100x40 --dataset digits
tally
if wait_for 'Class balance' 60; then
    keys c
    tally
    if wait_for '\(best\)' 300 && wait_for 'B: ' 30; then
        n=$(screen | grep '^│ 9 ' | tr -c '0-9 \n' ' ' | awk '{ print NF; exit }')
        tally
        [ "${n:-0}" -eq 22 ] ||
            fail "defect 3: the confusion matrices lack classes (row 9 has ${n:-no} numbers, not 2 x 11)"
    else
        fail "defect 3: c on digits shows no comparison with matrices"
    fi
else
    fail "the digits dataset screen did not open"
fi
quit_and_check "digits matrices"

# Defect 4: compare at 80x24 keeps its table inside the box; the columns that
# do not fit scroll sideways with the arrows (AUC, fit, predict, p).
lab_start --size 80x24 --dataset iris
tally
if wait_for 'Class balance' 60; then
    keys c
    tally
    if wait_for '\(best\)' 300; then
        tally
        screen | grep '(best)' | grep -q '│$' || fail "defect 4: the compare table runs over the box border"
        keys Right Right Right Right
        expect_screen 'p vs best' 30 "defect 4: the arrows do not bring the last columns into view"
        tally
        screen | grep 'p vs best' | grep -q '│$' || fail "defect 4: the scrolled table runs over the border"
        keys Left Left Left Left
        expect_screen 'accuracy' 30 "defect 4: Left does not bring the first columns back"
    else
        fail "defect 4: c on iris shows no comparison"
    fi
else
    fail "the iris dataset screen did not open"
fi
quit_and_check "compare 80x24"

# Defect 13: End (and G) reach the end of the card, Home its top.
lab_start --size 80x24
tally
if wait_for 'Algorithms' 30 && wait_for ' 1-[0-9]+/[0-9]+ ' 30; then
    keys End
    tally
    if wait_for ' [0-9]+-[0-9]+/[0-9]+ ' 30 &&
        wait_for "$(screen | sed -n 's/.* [0-9]*-[0-9]*\/\([0-9]*\) .*/ [0-9]+-\1\/\1 /p' | head -n 1)" 30 &&
        ! screen | grep -Eq ' 1-[0-9]+/[0-9]+ '; then
        keys Home
        expect_screen ' 1-[0-9]+/[0-9]+ ' 30 "defect 13: Home does not bring the card back to its top"
        keys G
        tally
        wait_gone ' 1-[0-9]+/[0-9]+ ' 30 || fail "defect 13: G does not go to the end of the card"
    else
        fail "defect 13: End does not reach the end of the card"
    fi
else
    fail "defect 13: home shows no card"
fi
quit_and_check "card end"

# Defect 13: Home and End in the dataset picker (d) reach the first and the
# last dataset (in the order of `mllab datasets`).
names=$("$MLLAB" datasets | sed -n 's/^│ \([a-z_0-9]*\) .*/\1/p' | grep -vx name)
first_set=$(echo "$names" | head -n 1)
last_set=$(echo "$names" | tail -n 1)
lab_start --size 80x24
tally
if wait_for 'Algorithms' 30; then
    keys d End Enter
    expect_screen "dataset: $last_set " 60 "defect 13: End in the picker does not reach $last_set"
    keys Escape
    wait_for 'Algorithms' 30
    keys d Home Enter
    expect_screen "dataset: $first_set " 60 "defect 13: Home in the picker does not reach $first_set"
else
    fail "defect 13: home did not appear"
fi
quit_and_check "picker home/end"

# ---- 8. issue 12, "done when": every screen at 80x24, nothing over a border --------
# Each capture: no line wider than 80 columns, and every box closed (each ╭
# has its ╮ on the same row, its ╰ below, ╯ in the other corner, and │ on
# both sides of every row between).  Needs python3 to read the frames.
# check_frames WHAT [overlay] : with overlay, only the help box is checked
# (it covers the sides of the boxes below it on purpose).
check_frames() {
    command -v python3 >/dev/null 2>&1 || return 0
    screen > "$tmp/frame"
    out=$(python3 - "$tmp/frame" "${2-}" <<'PY'
import sys
rows = open(sys.argv[1], encoding="utf-8").read().split("\n")
bad = []
for r, line in enumerate(rows):
    if len(line) > 80:
        bad.append("row %d is %d columns wide" % (r, len(line)))
grid = [line.ljust(80) for line in rows]
def at(r, c):
    return grid[r][c] if 0 <= r < len(grid) and 0 <= c < len(grid[r]) else " "
for r in range(len(grid)):
    for c, ch in enumerate(grid[r]):
        if ch != "\u256d":
            continue
        if sys.argv[2] == "overlay" and not grid[r][c:].startswith("\u256d\u2500 Help "):
            continue
        c2 = grid[r].find("\u256e", c + 1)
        r2 = next((k for k in range(r + 1, len(grid)) if at(k, c) == "\u2570"), -1)
        if c2 < 0 or r2 < 0:
            bad.append("the box at row %d col %d is not closed" % (r, c))
            continue
        if at(r2, c2) != "\u256f":
            bad.append("the box at row %d col %d has no corner at row %d col %d" % (r, c, r2, c2))
        for k in range(r + 1, r2):
            if at(k, c) not in "\u2502\u251c" or at(k, c2) not in "\u2502\u2524":
                bad.append("row %d: the sides of the box at row %d col %d are broken" % (k, r, c))
                break
print("\n".join(bad))
PY
)
    tally
    [ -z "$out" ] || fail "80x24 $1: $out"
}

lab_start --size 80x24
tally
if wait_for 'Algorithms' 30; then
    check_frames home
    keys '?'
    wait_for '│ Everywhere' 30 && check_frames "home help" overlay
    keys Escape
    wait_gone '│ Everywhere' 30
else
    fail "80x24: home did not appear"
fi
quit_and_check "walk home"
lab_start --size 80x24 --dataset iris
tally
if wait_for 'Class balance' 60; then
    check_frames dataset
    for k in p s g; do
        keys "$k"
        wait_for 'iris' 5 >/dev/null
        check_frames "dataset $k"
    done
else
    fail "80x24: the dataset screen did not open"
fi
quit_and_check "walk dataset"
lab_start --size 80x24 --algo conv
tally
if wait_for 'output \(0, 0\)' 60; then
    check_frames conv
else
    fail "80x24: the conv screen did not open"
fi
quit_and_check "walk conv"
for pair in kmeans:blobs logreg:iris linreg:quadratic knn:iris dtree:iris random_forest:iris \
    mlp:moons naive_bayes:iris svm:iris; do
    lab_start --size 80x24 --algo "${pair%%:*}" --dataset "${pair#*:}"
    tally
    if wait_for 'step 0' 60; then
        check_frames "$pair step 0"
        # Run; most finish in a moment (the views are checked either way).
        keys r
        wait_for 'done' 20 >/dev/null
        for v in 1 2 3 4 5 6 7; do
            keys "$v"
            wait_for " $v " 5 >/dev/null
            check_frames "$pair view $v"
        done
    else
        fail "80x24: the run screen did not open for $pair"
    fi
    quit_and_check "walk $pair"
done
# ---- 6. SIGTERM restores the terminal ----------------------------------------------
lab_start
tally
if wait_for 'Algorithms' 30; then
    kill -TERM "$(cat "$tmp/pid")"
    lab_wait_exit 30
    tally
    [ "$(cat "$tmp/exit" 2>/dev/null)" = "EXIT=143" ] ||
        fail "SIGTERM: expected exit 143, got $(cat "$tmp/exit" 2>/dev/null || echo 'none')"
    tally
    screen | grep -q 'mllab ›' && fail "SIGTERM: the terminal was not restored"
else
    fail "home did not appear (SIGTERM test)"
fi

e2e_finish
