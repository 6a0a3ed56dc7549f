#!/bin/sh
# e2e_tui_pics.sh - the lab's pictures (issue 12 "pictures instead of
# numbers", issue 11 views) driven in tmux and read back from the screen.
#
# Checks, each at the size named (120x40 unless said), and at 80x24 and
# 120x40 that every line of a capture fits the width and every box of the
# dataset screen is closed:
#   - logreg on digits: the weights panel draws each class's weights as an
#     image with the change of the last step beside it, a legend of the
#     signed scale, and an aligned table of the first features;
#   - logreg on moons, trained: the misclassified test rows crossed on the
#     plot, with their count in the legend;
#   - logreg on breast_cancer, trained: the ROC view has the precision-recall
#     curve with its average precision; the plane view (30 features) shows
#     PCA's first two components, then (f, F) two features with the others
#     held at their means, then (p) PCA again;
#   - logreg on digits with NO_COLOR: the plane view crosses misclassified
#     test rows;
#   - the dataset screen on iris: histograms (h), the PCA scatter's class
#     legend (p) and the explained variance (v, -) against scikit-learn's
#     PCA (python3 -c "from sklearn.datasets import load_iris; from
#     sklearn.decomposition import PCA; import numpy as np;
#     print(np.cumsum(PCA().fit(load_iris().data).explained_variance_ratio_))"
#     prints 0.9246 0.9777 0.9948 1.0);
#   - the dataset screen on digits: originals, min-max scaled and PCA
#     restored images (i, +): 10 components keep 73.8%, 11 keep 76.2%
#     (the same command on load_digits: cumulative[9] 0.7382, [10] 0.7620);
#   - the run screen's pipeline line: K adds PCA (2 components: the 2-D plot
#     in their space), P their degree-2 products (5 features); the help
#     lists p f F and P K (and the dataset screen's h v i +/-);
#   - compare on iris: accuracy and fit time as bars (v at 120x40; beside
#     the table at 200x50).
#
# Needs $MLLAB, MLLAB_DATA_DIR and MLLAB_DOCS_DIR (make check sets them).
# Skipped (77) without tmux.  Robust to a loaded machine: one tmux server,
# polled waits (e2e_lib.sh).
set -u
. "$(dirname "$0")/e2e_lib.sh"
e2e_setup e2e_tui_pics
: "${MLLAB_DATA_DIR:?}" "${MLLAB_DOCS_DIR:?}"
tmux_setup   # (LC_ALL=C.UTF-8: wc -L counts display cells)

# view NAME [N] : the run screen's view of that name, by the number its tab
# shows; N when the tabs are cut at the window's edge (80 columns).
view() {
    n=$(screen | sed -n 3p | awk -v name="$1" '{ for (i = 2; i <= NF; i++)
        if ($i == name && $(i - 1) ~ /^[1-9]$/) { print $(i - 1); exit } }')
    [ -z "$n" ] && n=${2-}
    if [ -z "$n" ]; then
        fail "no '$1' view among the tabs"
        return 1
    fi
    keys "$n"
}

# fits : no line of the capture wider than the window (display cells), and
# on the dataset screen (boxes) every line that opens with a border closes
# with one.
fits() {
    checks=$((checks + 1))
    width=${lab_size%x*}
    wide=$(screen | while IFS= read -r line; do
        printf '%s\n' "$line" | wc -L
    done | sort -n | tail -n 1)
    [ "${wide:-0}" -le "$width" ] || fail "$1: a line is $wide cells wide at $lab_size"
    if [ "${2-}" = boxes ]; then
        open=$(screen | sed '1d;$d' | grep -c '^│.*[^│]$')
        [ "$open" -eq 0 ] || fail "$1: $open lines leave their box open at $lab_size"
    fi
}

# ---- weights as pictures (logreg on digits) --------------------------------------------
for sz in 120x40 80x24; do
    lab_start --size "$sz" --algo logreg --dataset digits
    if wait_for 'step 0' 120; then
        keys Space
        wait_for 'step 1 ' 60
        keys Space
        wait_for 'step 2 ' 60
        view weights
        expect_screen 'each class: W now \(left\) and its change' 30 \
            "weights $sz: no pictures of W and its change"
        expect_screen 'W: -[0-9.]+ .* [0-9.]+' 10 "weights $sz: no legend of the signed scale"
        expect_screen 'class 0( |$)' 10 "weights $sz: no picture of class 0"
        checks=$((checks + 1))
        screen | grep -A 2 -E 'class 0( |$)' | grep -Eq '░|▒|▓|█|⠂|⠒|⠶|⣿' ||
            fail "weights $sz: the class pictures have no shades"
        # PgDn to the end of the panel: the table of class 9 is its last row.
        for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
            wait_for ' 9 {9,}[-0-9]' 2 && break
            keys PageDown
        done
        expect_screen 'weights: 10 classes x 64 features \(w0-w[0-9]+ shown' 30 \
            "weights $sz: no aligned table of the weights"
        expect_screen ' 9 {9,}[-0-9.e+]+ +[-0-9.e+]+ +[-0-9.e+]+' 10 "weights $sz: the table has no row for class 9"
        fits "weights"
    else
        fail "logreg on digits did not open at $sz"
    fi
done

# ---- misclassified points on the 2-D plot (moons) ---------------------------------------
lab_start --algo logreg --dataset moons
if wait_for 'step 0' 60; then
    keys r
    expect_screen 'done' 120 "moons: logreg did not finish"
    view plot
    expect_screen '(✕|X) misclassified test rows? \([1-9][0-9]*\)' 30 \
        "moons: the plot marks no misclassified test rows"
    fits "moons plot"
else
    fail "logreg on moons did not open"
fi

# ---- PR beside ROC; the plane of 30 features (breast_cancer) -------------------------------
for sz in 120x40 80x24; do
    lab_start --size "$sz" --algo logreg --dataset breast_cancer
    if wait_for 'step 0' 60; then
        keys r
        expect_screen 'done' 120 "breast_cancer $sz: logreg did not finish"
        view ROC 5
        expect_screen 'ROC curve, AUC [01]\.[0-9]{4}' 30 "ROC $sz: no ROC curve"
        expect_screen 'PR curve, AP [01]\.[0-9]{4}' 30 "ROC $sz: no precision-recall curve"
        fits "ROC"
        view plane 7
        expect_screen 'PCA plane: PC1 \(x\), PC2 \(y\) keep [0-9]+%' 60 "plane $sz: no PCA plane"
        expect_screen 'benign +.* malignant' 10 "plane $sz: no class legend"
        fits "plane"
        keys f
        expect_screen 'mean radius \(x\) and mean texture' 60 "plane $sz: f does not show two features"
        expect_screen 'features held at' 10 "plane $sz: the note does not say the others are held"
        keys F
        expect_screen 'mean radius \(x\) and mean perimeter' 60 "plane $sz: F does not change the y feature"
        keys p
        expect_screen 'PCA plane' 60 "plane $sz: p does not go back to PCA"
    else
        fail "logreg on breast_cancer did not open at $sz"
    fi
done

# ---- the plane crosses misclassified rows (digits, no colours) -----------------------------
lab_start --env NO_COLOR=1 --algo logreg --dataset digits
if wait_for 'step 0' 120; then
    keys r
    expect_screen 'done' 180 "digits: logreg did not finish"
    view plane
    expect_screen 'misclassified test rows \([1-9][0-9]*\)' 60 "plane digits: no misclassified rows crossed"
    fits "plane digits"
else
    fail "logreg on digits (NO_COLOR) did not open"
fi

# ---- the dataset screen: histograms, PCA legend, explained variance (iris) ---------------
for sz in 120x40 80x24; do
    lab_start --size "$sz" --dataset iris
    if wait_for 'Class balance' 60; then
        keys h
        expect_screen 'Histograms: 24 bins' 30 "histograms $sz: h shows none"
        checks=$((checks + 1))
        screen | grep 'petal width' | grep -Eq '▁|▂|▃|▄|▅|▆|▇|█' || fail "histograms $sz: no bars for petal width"
        fits "histograms" boxes
        keys '?'
        if wait_for '│ Everywhere' 30; then
            for name in h v i +/-; do
                checks=$((checks + 1))
                screen | grep -qF -- "│   $name " || fail "dataset help: no '$name'"
            done
            keys Escape
        else
            fail "dataset: ? shows no help"
        fi
        keys p
        expect_screen '● setosa +○ versicolor +◆ virginica' 60 "PCA $sz: no class legend"
        expect_screen 'keep 97\.8%' 10 "PCA $sz: not the share scikit-learn finds (0.9777)"
        fits "PCA" boxes
        keys v
        expect_screen '4 components keep 100\.0%' 30 "variance $sz: not all four components"
        keys -
        keys -
        expect_screen '2 components keep 97\.8%' 30 "variance $sz: - does not go to 2 components (0.9777)"
        expect_screen '90% needs 1, 95% needs 2' 10 "variance $sz: not what scikit-learn's shares need"
        fits "variance" boxes
    else
        fail "the iris dataset screen did not open at $sz"
    fi
done

# ---- originals, MinMax and PCA restored (digits) -------------------------------------
for sz in 120x40 80x24; do
    lab_start --size "$sz" --dataset digits
    if wait_for 'Class balance' 60; then
        keys i
        expect_screen 'PCA restored, 10 of 64 \(73\.8%' 60 \
            "restored $sz: not 10 components keeping 73.8% (scikit-learn 0.7382)"
        expect_screen 'MinMax scaled' 10 "restored $sz: no min-max row"
        keys +
        expect_screen 'PCA restored, 11 of 64 \(76\.2%' 30 \
            "restored $sz: + does not restore from 11 (scikit-learn 0.7620)"
        fits "restored" boxes
    else
        fail "the digits dataset screen did not open at $sz"
    fi
done

# ---- the pipeline line: K (PCA components), P (polynomial degree) ----------------------
lab_start --algo logreg --dataset iris
if wait_for 'step 0' 60; then
    expect_screen 'pipeline standard scaling \(P' 30 "pipeline: no line before a change"
    keys K
    expect_screen 'pipeline -> 2 features: standard' 60 "pipeline: K does not give 2 PCA features"
    # Two features after the pipeline: the 2-D plot, in the space of PC1 and PC2.
    expect_screen ' 1 plot ' 60 "pipeline: no 2-D plot of the two components"
    keys P
    expect_screen 'pipeline -> 5 features: standard' 60 \
        "pipeline: P does not add the degree-2 products (2 + 3 = 5 features)"
    keys '?'
    if wait_for '│ Everywhere' 30; then
        for name in 'p f F' 'P K'; do
            checks=$((checks + 1))
            screen | grep -qF -- "│   $name " || fail "run help: no '$name'"
        done
        keys Escape
    else
        fail "run: ? shows no help"
    fi
else
    fail "logreg on iris did not open"
fi

# ---- compare: accuracy and time as bars -------------------------------------------
lab_start --dataset iris
if wait_for 'Class balance' 60; then
    keys c
    if wait_for '\(best\)' 300; then
        keys v
        expect_screen 'accuracy \(0 to 1\) +fit time \(0 to the slowest\)' 30 "compare: v shows no bars"
        checks=$((checks + 1))
        screen | grep '^│ knn ' | grep -q '█' || fail "compare: the knn row has no bar"
        fits "compare bars"
    else
        fail "compare on iris did not finish"
    fi
else
    fail "the iris dataset screen did not open"
fi
lab_start --size 200x50 --dataset iris
if wait_for 'Class balance' 60; then
    keys c
    if wait_for '\(best\)' 300; then
        expect_screen 'p vs best +accuracy \(0 to 1\) +fit time' 30 "compare 200x50: no bars beside the table"
        expect_screen 'A: ' 10 "compare 200x50: the matrices are gone"
    else
        fail "compare on iris at 200x50 did not finish"
    fi
else
    fail "the iris dataset screen did not open at 200x50"
fi

e2e_finish
