#!/bin/sh
# e2e_prep.sh - end-to-end checks of the data preparation options (issue 11):
# a semicolon CSV with categorical and missing cells (tests/data/students.csv),
# --sep/--columns/--drop/--categorical/--impute/--poly/--pca, the report's
# prepare line and JSON "preparation" object, mnist's standard split kept or
# (--test-size) pooled, --deskew on an image set (and saved with a network),
# and the refusals with their exit status (1 bad data, 2 usage).
#
# Run by `make check` with $MLLAB and $MLLAB_DATA_DIR set (see e2e_cli.sh).
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${MLLAB_DATA_DIR:=$here/../datasets}"
export MLLAB_DATA_DIR
. "$here/e2e_lib.sh"
e2e_setup e2e_prep

S=$here/data/students.csv

# ---------------------------------------------------------------- reading and preparing
expect 0 "" run linreg --dataset "$S" --impute mean
has "csv       separator ';' (detected from the header line)"
has "prepare   impute mean, one-hot 9 -> 14, standard scaling (9 -> 14 features)"
expect 0 "" run linreg --dataset "$S" --impute median --drop school,sex --poly 2 --format json
has '"preparation": {"steps": ["impute median", "one-hot 7 -> 10", "standard scaling", "poly 2"], "features_in": 7, "features_out": 65'
has '"csv_separator": ";"'
expect 0 "" run linreg --dataset "$S" --sep semicolon --impute mean --columns G1,studytime
has "dataset   students.csv (2 features)"
has "csv       separator ';' (--sep)"
expect 0 "" run logreg --dataset digits --pca 10 --poly 2
has "prepare   pca 10, poly 2 (64 -> 65 features)"
expect 0 "" run knn --dataset digits --pca 0.5 --format json
has '"preparation": {"steps": ["pca 5"], "features_in": 64, "features_out": 5'
# A file whose test part has a category the training part lacks: all zeros, counted.
printf 'c,x,y\na,1,1\nb,2,2\na,3,3\nb,4,4\n' >"$tmp/tr.csv"
printf 'c,x,y\nz,1,1\na,2,2\n' >"$tmp/te.csv"
expect 0 "" run linreg --train "$tmp/tr.csv" --test "$tmp/te.csv"
has "1 test cell of categories the training part lacks: one-hot all zeros"
# Without preparation options nothing new is printed.
expect 0 "" run logreg --dataset iris
grep -qF "prepare" "$tmp/out" && fail "a run without preparation shows a prepare line"
checks=$((checks + 1))

# ---------------------------------------------------------------- validation part
expect 0 "" run logreg --dataset breast_cancer --val-size 0.15 --test-size 0.15
has "split     stratified, test size 0.15, validation size 0.15, seed 42"
has "rows      397 train, 86 test"
has "Validation part (86 rows): accuracy "
expect 0 "" run linreg --dataset "$S" --impute mean --val-size 0.2 --format json
has '"train_rows": 72, "test_rows": 24'
has '"validation": {"rows": 24, "r2": '
expect 2 "--val-size needs a random split; mnist has its own training and test parts" \
    run logreg --dataset mnist --val-size 0.1
expect 2 "--val-size 0.9 and --test-size 0.2 leave no training part" run logreg --val-size 0.9
expect 2 "(add --test-size F to pool all its rows and split them at random)" \
    run logreg --dataset mnist --val-size 0.1

# ---------------------------------------------------------------- mnist: standard or pooled split
# Without --test-size mnist keeps its 60000/10000; with it, all 70000 rows are
# split at random, stratified (the tutorial's protocol), and the reports say so.
expect 0 "" run naive_bayes --dataset mnist
has "split     the set's standard split"
has "rows      60000 train, 10000 test"
expect 0 "" run naive_bayes --dataset mnist --test-size 0.2 --seed 0 --format json
has '"split": "stratified random 80/20 split of all 70000 rows, not the set'"'"'s standard split; seed 0"'
has '"train_rows": 56000, "test_rows": 14000'
expect 0 "" run naive_bayes --dataset mnist --test-size 0.2 --val-size 0.1
has "split     stratified random 70/10/20 split (train/validation/test) of all 70000 rows, not"
has "rows      49000 train, 14000 test"
has "Validation part (7000 rows): accuracy "
expect 0 "" compare --dataset mnist --test-size 0.25 --algos naive_bayes
has "on mnist (stratified random 75/25 split of all 70000 rows, not the set's standard split; seed 42): the same split, 17500 test rows"
expect 2 "--val-size takes its part from the rows of one data set (not --train/--test)" \
    run logreg --train "$tmp/tr.csv" --test "$tmp/te.csv" --val-size 0.1
expect 2 "--val-size '0': give a fraction in (0, 1)" compare --val-size 0
expect 2 "--val-size '1': give a fraction in (0, 1)" compare --val-size 1
expect 2 "--val-size 0.9 and --test-size 0.2 leave no training part" compare --val-size 0.9
# compare: one validation part for every model, its metrics beside the test's.
expect 0 "" compare --algos logreg,mlp --val-size 0.2 -p logreg.threshold=auto --format json
has '"test_rows": 114, "test": "mcnemar"'
has '"validation_rows": 114, "validation_size": 0.2'
has '"validation": {"accuracy": '
has '"threshold": {"value": '
has '"chosen_on": "validation"}'
expect 0 "" compare --algos logreg,knn --val-size 0.2
has "On the validation part (--val-size 0.2: 114 rows, the same for every model):"
has "the ranking and p use the test part."
expect 0 "" compare --algos logreg,knn --val-size 0.2 --format csv
has "rank,algorithm,accuracy,precision_macro,recall_macro,f1_macro,auc,val_accuracy,"
# --cv: each fold's training rows give up the validation part.
expect 0 "" compare --algos logreg,knn --cv 3 --val-size 0.2 --format json
has '"validation_rows": 76'
has '"accuracy_std": '
expect 0 "" run logreg --cv 4 --val-size 0.1
has "validation --val-size 0.1 of each fold's training rows (43 in fold 1), never its test fold"
expect 0 "" run logreg --cv 4 --val-size 0.1 --format json
has '"validation": {"size": 0.1, "rows": 43, "accuracy": '
has '"fold_accuracy": ['
expect 0 "" run linreg --cv 3 --val-size 0.2 --format csv
has "fold,r2,val_r2"
# threshold=auto with --cv: each fold chooses on its own validation part.
expect 0 "" run logreg --cv 3 --val-size 0.2 -p threshold=auto
has "threshold auto: each fold's best F1 on its validation part"
expect 0 "" run logreg --cv 3 -p threshold=auto --format json
has '"threshold": {"chosen_on": "training", "criterion": "f1", "per_fold": true}'
expect 2 "threshold=auto is for a classifier (not linreg)" run linreg -p threshold=auto
# Too few rows of a class for the validation part: a usage error naming the option.
{
    echo "id,x,label"
    i=0
    while [ $i -lt 60 ]; do
        case $i in 0 | 5 | 10) c=pos ;; *) c=neg ;; esac
        echo "$i,$((i * 37 % 11)),$c"
        i=$((i + 1))
    done
} >"$tmp/rare.csv"
expect 2 "--val-size 0.02: the validation part (2 rows) has no row of class 'pos'" \
    compare --algos logreg,knn --dataset "$tmp/rare.csv" --val-size 0.02
expect 2 "--val-size 0.05: the validation part (2 rows) has no row of class 'pos'" \
    run logreg --dataset "$tmp/rare.csv" --cv 3 --val-size 0.05

# ---------------------------------------------------------------- refusals
expect 1 "students.csv:5:8: empty value in feature 'absences' (missing values are not imputed)" \
    run linreg --dataset "$S"
expect 2 "--pca 20: the data has only 14 features at that step" \
    run linreg --dataset "$S" --impute mean --pca 20
expect 2 "--columns: students.csv has no column named 'nope' (its features: school, sex" \
    run linreg --dataset "$S" --impute mean --columns age,nope
expect 2 "--poly 3 on 784 features makes over a million columns" \
    run logreg --dataset mnist --poly 3
printf 'a;b;y\n1;;p\n2;NA;q\n3;;p\n4;NaN;q\n5;;p\n6;NA;q\n' >"$tmp/allmiss.csv"
expect 1 "feature 'b' is missing in every training row" \
    run logreg --dataset "$tmp/allmiss.csv" --impute mean
expect 2 "--impute 'avg': use mean, median or most_frequent" run logreg --impute avg
expect 2 "--sep 'pipe': use comma, semicolon or tab" run logreg --sep pipe
expect 2 "--poly '1': the degree is a whole number from 2 to 10" run logreg --poly 1
expect 2 "--categorical: " run linreg --dataset "$S" --impute mean --categorical nope

expect 2 "--resample 'twice': use over or under" run logreg --resample twice
expect 2 "--resample over is for classifiers (linreg is not one)" \
    run linreg --dataset diabetes --resample over
expect 2 "class_weight: no class '7' (the classes are 0..1)" \
    run perceptron -p class_weight=0:1,7:2
expect 2 "naive_bayes: priors: they sum to 1.1, not 1" run naive_bayes -p priors=0.5,0.6
expect 2 "threshold=auto is for two classes (logreg has 3)" \
    run logreg --dataset iris -p threshold=auto

# ---------------------------------------------------------------- compare and --cv
# Every run (every fold) fits its own preparation on its own training part.
expect 0 "" compare --dataset iris --pca 2 --algos logreg,knn
has "Prepared by standard scaling, pca 2 (4 -> 2 features; the first run's: each run fits its own"
expect 0 "" compare --dataset iris --cv 3 --pca 2 --algos logreg,knn --format json
has '"preparation": "standard scaling, pca 2"' 
expect 0 "" run logreg --dataset digits --cv 3 --pca 10 --poly 2
has "prepare   pca 10, poly 2 (64 -> 65 features)"
has "(fold 1's; every fold fits its own on its training part)"
expect 0 "" run logreg --dataset digits --cv 3 --pca 10 --format json
has '"preparation": {"steps": ["pca 10"]'

# ---------------------------------------------------------------- imbalance
# "Is it a 9?" (10% positives) from the bundled digits.
tr -d '\r' <"$MLLAB_DATA_DIR/digits.csv" |
    awk -F, -v OFS=, 'NR==1 {$NF="nine"} NR>1 {$NF=($NF==9)} 1' >"$tmp/nine.csv"
expect 0 "" run logreg --dataset "$tmp/nine.csv" --resample over
has "resample  oversampled the training part's classes: 1437 -> 2586 rows"
has "rows      2586 train, 360 test"
expect 0 "" run logreg --dataset "$tmp/nine.csv" --resample under --format json
has '"resample": {"kind": "under", "rows_before": 1437, "rows_after": 288}'
expect 0 "" run svm --dataset "$tmp/nine.csv" -p kernel=rbf -p class_weight=balanced
expect 0 "" run mlp --dataset "$tmp/nine.csv" -p class_weight=0:1,1:5
expect 0 "" run naive_bayes --dataset "$tmp/nine.csv" -p priors=uniform
expect 0 "" run logreg --dataset "$tmp/nine.csv" --val-size 0.2 -p threshold=auto --format json
has '"chosen_on": "validation", "criterion": "f1"}'
expect 0 "" run perceptron --dataset "$tmp/nine.csv" -p threshold=auto
has "(threshold=auto: the best F1 on the training part; no validation part: --val-size)"
# Networks validate on the --val-size part (and stop early on it).
expect 0 "" run mlp --dataset breast_cancer --val-size 0.2 -p patience=2 -p epochs=40 --format json
has '"train_rows": 341, "val_rows": 114, "val_from": "val-size"'
# The preparation saved with a network and applied again on --load.
expect 0 "" run mlp --dataset "$S" --target G3 --impute mean --pca 5 -p epochs=2 \
    --save "$tmp/students.nn" --format json
grep -o '"log_loss": [0-9.e-]*' "$tmp/out" >"$tmp/saved_loss"
expect 0 "" run mlp --dataset "$S" --target G3 --load "$tmp/students.nn" --format json
has "$(cat "$tmp/saved_loss")"
has '"preparation": {"steps": ["impute mean", "one-hot 9 -> 14", "standard scaling", "pca 5"]'
expect 1 "students.nn: the saved preparation takes 9 features, the data has 8" \
    run mlp --dataset "$S" --target G3 --load "$tmp/students.nn" --drop school
expect 2 "--load uses the preparation its file records" \
    run mlp --dataset "$S" --target G3 --load "$tmp/students.nn" --pca 3
# --rescale standardises after --poly.
expect 0 "" run logreg --dataset digits --pca 10 --poly 2 --rescale
has "prepare   pca 10, poly 2, standardised again (64 -> 65 features)"

# ---------------------------------------------------------------- --deskew (image sets)
expect 0 "" run logreg --dataset digits --deskew --pca 10 --poly 2 --rescale
has "prepare   deskew, pca 10, poly 2, standardised again (64 -> 65 features)"
expect 0 "" run logreg --dataset digits --deskew --format json
has '"preparation": {"steps": ["deskew"], "features_in": 64, "features_out": 64,'
expect 2 "--deskew needs an image set (mnist, fashion_mnist, digits); iris has no image shape" \
    run logreg --dataset iris --deskew
expect 2 "has no image shape" run linreg --dataset "$S" --impute mean --deskew
# Saved with a network (section version 2) and applied again on --load.
expect 0 "" run mlp --dataset digits --deskew -p epochs=1 -p hidden=8 --save "$tmp/digits.nn" \
    --format json
grep -o '"log_loss": [0-9.e-]*' "$tmp/out" >"$tmp/saved_loss"
expect 0 "" run mlp --dataset digits --load "$tmp/digits.nn" --format json
has "$(cat "$tmp/saved_loss")"
has '"preparation": {"steps": ["deskew"]'
expect 2 "leave out --deskew, --impute" run mlp --dataset digits --load "$tmp/digits.nn" --deskew

e2e_finish
