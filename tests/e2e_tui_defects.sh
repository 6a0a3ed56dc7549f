#!/bin/sh
# e2e_tui_defects.sh - the defects of issue 12 that show only on the real
# screen, each pinned: the lab runs in tmux and the screen is read back.
#
# Checks (each failed before its fix):
#   13  an empty search, then Enter, opens nothing and says nothing matches;
#   5   the convolution window has colours of its own in colour (not only
#       reverse video on grey cells, invisible where both halves of a cell
#       have the same grey), and is reversed under NO_COLOR and --ascii;
#   17  curve axes stay within the quantity's domain (no loss below 0, no
#       accuracy above 1) and steps have whole-number ticks;
#   11  k-means with restarts marks where each run starts on its curve;
#   10  NO_COLOR: earlier regression curves are lettered along their length
#       and in the legend;
#   9   messages agree with the state: k-NN shows no "query #-1"; after
#       training an algorithm without curves says why and where to look;
#       a forest's latest tree has no split tagged "newest".  (The views'
#       snapshot taken before the test part is evaluated, so k-NN no longer
#       says "Nothing stored yet" beside "evaluating the test part", is not
#       pinned here: the window is too short to catch on small data.)
#   8   a card's Markdown table is drawn as aligned columns, or one record
#       per row when too narrow (no raw "|" rows);
#   2   (the rest) at 80x24 values are whole: the run facts, the class names
#       of the confusion matrices, the compare winner's name and accuracy,
#       the texts of the conv screen, the run screen's tabs.
#
# Needs $MLLAB (the program), MLLAB_DATA_DIR and MLLAB_DOCS_DIR (make check
# sets them).  Skipped (77) without tmux.  Runs in both stages of .ci/run.
# Robust to a loaded machine: one tmux server, polled waits (e2e_lib.sh).
set -u
. "$(dirname "$0")/e2e_lib.sh"
e2e_setup e2e_tui_defects
: "${MLLAB_DATA_DIR:?}" "${MLLAB_DOCS_DIR:?}"
tmux_setup

# ---- 13. an empty search, then Enter, opens nothing ---------------------------
lab_start --size 80x24
if wait_for 'Algorithms' 60; then
    keys / z z z q
    expect_screen 'no algorithm matches' 30 "13: the search for 'zzzq' does not say 'no algorithm matches'"
    keys Enter
    wait_for 'Enter run' 30
    keys Enter
    expect_screen 'nothing matches' 30 "13: Enter on an empty search result does not say 'nothing matches'"
    absent 'Home › Run' "13: Enter on an empty search result opened the run screen"
else
    fail "13: the home screen did not appear"
fi

# ---- 5. the convolution window shows in colour, NO_COLOR and --ascii ----------
# In colour the window's cells take a warm tint as background (256 colours:
# 124..229; 8 colours: red 41 or yellow 43), which no other part of the
# screen uses; reverse video alone was invisible on same-grey cells.
TINT_BG='\[(4[13]|48;5;(124|160|166|202|208|214|220|226|229))m'
conv_window() {
    lab_start --size "$1" ${2:+--env "$2"} --algo conv $3
    if wait_for 'out(put)? \(0, 0\)' 60; then
        checks=$((checks + 1))
        if [ -n "$2" ]; then
            screen -e | grep -q "$(printf '\033')\[7m" || fail "5 ($1 $2 $3): the window is not reversed"
        else
            screen -e | grep -Eq "$TINT_BG" || fail "5 ($1 $3): the window has no colour of its own"
        fi
        if [ "$1" = 80x24 ]; then # (defect 2 here: its texts whole at 80 columns)
            expect_screen '\(vertical edges\)' 30 "2: the conv kernel's help is cut at 80x24"
            expect_screen 'map 8x8' 30 "2: the conv feature map's size is cut at 80x24"
            expect_screen ': image\. +[│|]' 30 "2: the conv screen's note is cut at 80x24"
        fi
        keys Space
        expect_screen 'out(put)? \(0, 1\) = .* = [-0-9.e+]+ +[│|]' 30 \
            "5 ($1 $2 $3): Space does not move the window (or its sum is cut)"
    else
        fail "5 ($1 $2 $3): the conv screen did not open"
    fi
}
conv_window 120x40 "" ""
conv_window 80x24 "" --ascii
conv_window 80x24 NO_COLOR=1 ""
conv_window 80x24 NO_COLOR=1 --ascii

# ---- 17. curve axes stay within the possible, steps are whole ----------------
# The perceptron on blobs reaches 0 errors and accuracy 1: a 5% margin put
# the loss axis below 0 and the accuracy axis above 1; two steps put 1.5 in
# the middle of the step axis.
lab_start --size 80x24 --algo perceptron --dataset blobs
if wait_for 'step 0' 60; then
    keys r
    expect_screen 'done' 120 "17: the perceptron did not finish on blobs"
    keys 2
    if wait_for 'accuracy \(higher' 30; then
        absent ' -[0-9.]+│' "17: a curve axis goes below 0 (a loss or an accuracy)"
        absent '(^|[ │])1\.[0-9]*[1-9][0-9]*│' "17: the accuracy axis goes above 1"
        absent '└.*[0-9]\.5' "17: a step axis has a fractional tick (x.5)"
    else
        fail "17: 2 does not show the curves"
    fi
else
    fail "17: the run screen did not open for the perceptron"
fi

# ---- 11. k-means restarts are marked on the curve ------------------------------
# n_init = 3: three runs, each starting over; the curve shows where each
# new run starts (a dotted line labelled "run k") instead of a bare sawtooth.
lab_start --algo kmeans --dataset blobs
if wait_for 'step 0' 60 && wait_for 'n_init' 30; then
    keys : n_init=3 Enter
    wait_for 'n_init +3' 30 || fail "11: n_init could not be set to 3"
    keys r
    expect_screen 'done' 120 "11: k-means did not finish"
    keys 2
    expect_screen 'a new run starts' 30 "11: the curves do not say how restarts are marked"
    expect_screen '┊run 2 .*┊run 3' 30 "11: the curves do not mark where runs 2 and 3 start"
else
    fail "11: the run screen did not open for k-means"
fi

# ---- 10. NO_COLOR: earlier regression curves are told apart ---------------------
# Without colours every braille line looks the same: each earlier curve is
# lettered (A, B, ...) along its length and in its legend line.
lab_start --env NO_COLOR=1 --algo linreg --dataset quadratic
if wait_for 'step 0' 60; then
    keys r
    wait_for 'done' 60 || fail "10: linreg did not finish on quadratic"
    for d in 2 3; do
        keys : degree=$d Enter
        wait_for "degree +$d" 30 || fail "10: degree could not be set to $d"
        keys r 1
        wait_for "now: degree $d" 60 || fail "10: no earlier curve kept at degree $d"
        wait_for 'done' 60 || fail "10: linreg did not finish at degree $d"
    done
    expect_screen '─A─ degree 1 ' 30 "10: the legend does not letter the degree-1 curve"
    expect_screen '─B─ degree 2 ' 30 "10: the legend does not letter the degree-2 curve"
    checks=$((checks + 1))
    marks=$(screen | sed '1,7d' | tr -cd 'AB' | wc -c)
    [ "$marks" -ge 4 ] || fail "10: the earlier curves carry no letters along them ($marks)"
else
    fail "10: the run screen did not open for linreg"
fi

# ---- 9. messages that agree with the state ---------------------------------------
# k-NN before its first step: no "query #-1"; after training, the curves
# view says why there is no curve and where to look instead, not "No
# curves yet... Space steps"; the neighbours view shows a test point.
lab_start --size 80x24 --algo knn --dataset digits
if wait_for 'step 0' 60; then
    expect_screen 'nothing stored yet' 30 "9: k-NN before training does not say nothing is stored"
    absent '#-1' "9: k-NN before training shows a query #-1"
    keys Space
    expect_screen 'done' 120 "9: k-NN did not finish on digits"
    keys 1
    expect_screen 'records no loss or' 30 "9: k-NN's curves view does not say why it has no curve"
    absent 'No curves yet' "9: k-NN's curves view says 'No curves yet' after training"
    expect_screen 'results view' 30 "9: k-NN's curves view does not point to the results"
    keys 2
    expect_screen 'test point #0' 30 "9: the neighbours view shows no test point after training"
    absent 'Nothing stored yet' "9: the neighbours view says 'Nothing stored yet' after training"
else
    fail "9: the run screen did not open for k-NN"
fi
# A forest's latest tree is grown whole in one step: none of its splits is
# "newest" (wide enough that a tag at the end of a split's line would show).
lab_start --size 200x50 --algo random_forest --dataset iris
if wait_for 'step 0' 60; then
    keys Space
    wait_for 'tree 1' 60 || fail "9: the forest did not grow a tree"
    keys 2
    expect_screen 'the latest tree' 30 "9: the forest view shows no latest tree"
    absent 'newest' "9: the forest's latest tree has a split tagged newest"
else
    fail "9: the run screen did not open for the random forest"
fi

# ---- 2 (the rest). values whole at 80x24 ---------------------------------------
# The run facts ("120 train / 30 te" was cut), the class names of the
# confusion matrix ("versico"), the compare winner's name and accuracy.
lab_start --size 80x24 --algo logreg --dataset iris
if wait_for 'step 0' 60; then
    expect_screen 'rows +120 train ?/ ?30 test' 30 "2: the run facts cut the rows (120 train / 30 test)"
    keys r
    expect_screen 'done' 120 "2: logreg did not finish on iris"
    keys 4
    expect_screen '│ +versicolor +[0-9]' 30 "2: the confusion matrix cuts the class name versicolor"
    expect_screen '│ +virginica +[0-9]' 30 "2: the confusion matrix cuts the class name virginica"
    expect_screen ' 4 results +5( err)?( |$)' 30 "2: the run screen's tabs are cut at 80x24 (5 er)"
else
    fail "2: the run screen did not open for logreg on iris"
fi
lab_start --size 80x24 --dataset iris
if wait_for 'Class balance' 60; then
    keys c
    if wait_for 'A: .*B: ' 300; then
        expect_screen 'A: [a-z_]+.* \(accuracy 0\.[0-9]{4}\) +B: ' 30 "2: compare cuts the winner's name or accuracy (A)"
        expect_screen 'B: [a-z_]+.* \(accuracy 0\.[0-9]{4}\) +│' 30 "2: compare cuts the runner-up's name or accuracy (B)"
        expect_screen '│ versicolor +[0-9]' 30 "2: compare's matrices cut the class name versicolor"
        expect_screen "McNemar.*\(\* p < 0\.05\) +│" 30 "2: compare's line about McNemar's test is cut"
    else
        fail "2: compare shows no matrices at 80x24"
    fi
else
    fail "2: the dataset screen did not appear for iris"
fi

# ---- 8. card tables drawn as tables ------------------------------------------------
# The cnn card has a table of its parameters.  At 120x40 its columns are
# aligned under a rule; at 80x24, too narrow for its columns with whole
# words, each row is a record ("arch", "- default: lenet5", ...).  No raw
# "| a | b |" or "|---|" line shows on any page of the card.
card_tables() {
    lab_start --size "$1" --algo cnn
    if wait_for 'Home › Run' 60 && keys Escape && wait_for 'Algorithms' 60; then
        seen_table=no
        raw=no
        pages=0
        while [ $pages -lt 60 ]; do
            pages=$((pages + 1))
            page=$(screen)
            echo "$page" | grep -Eq '│ \| .* \|' && raw=yes
            echo "$page" | grep -Eq '\|-+\|' && raw=yes
            echo "$page" | grep -Eq -- "$2" && seen_table=yes
            pos=$(echo "$page" | sed -n 's/.* \([0-9]*\)-\([0-9]*\)\/\([0-9]*\) .*/\2 \3/p' | tail -n 1)
            [ -n "$pos" ] && [ "${pos% *}" = "${pos#* }" ] && break
            keys PageDown
            # the next page: the position moves on
            wait_gone " [0-9]+-${pos% *}/" 30 || break
        done
        checks=$((checks + 2))
        [ "$raw" = no ] || fail "8 ($1): a card shows a raw Markdown table row"
        [ "$seen_table" = yes ] || fail "8 ($1): the cnn card's parameter table is not drawn ('$2')"
    else
        fail "8 ($1): the home screen did not appear"
    fi
}
card_tables 120x40 'name +│ default +│ meaning'
card_tables 80x24 '│ - default: lenet5 '

e2e_finish
