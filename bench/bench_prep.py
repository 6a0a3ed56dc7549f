#!/usr/bin/python3
"""bench_prep.py - the preparation pipeline of mllab (issue 11) against scikit-learn.

Usage:  /usr/bin/python3 bench/bench_prep.py PATH/TO/mllab [--only mnist|imbalance|csv]
        [--mnist-params "-p iters=... -p lr=..."]

Three figures, each once (the machine is shared; no repeats):

mnist      `mllab run logreg --dataset mnist --pca 30 --poly 2` (60000/10000, pixels/255):
           test accuracy and time (the preparation's seconds plus the model's fit seconds)
           next to scikit-learn's make_pipeline(PCA(30), PolynomialFeatures(2,
           include_bias=False), LogisticRegression(max_iter=100)) on the same arrays.
imbalance  make_classification(2000 rows, 10 features, 5% positives, seed 0), split 75/25
           stratified by scikit-learn and written to CSV files (--train/--test): minority
           recall of `mllab run logreg -p class_weight=balanced` (standard scaling) against
           LogisticRegression(class_weight="balanced") on StandardScaler output, and both
           without weights.
csv        tests/data/students.csv (semicolon, categorical and missing cells): split 80/20
           (random_state 0) by scikit-learn into two semicolon files; `mllab run linreg
           --impute mean` against SimpleImputer(mean) / SimpleImputer(most_frequent) +
           OneHotEncoder(handle_unknown="ignore") per column in file order, StandardScaler,
           LinearRegression: the largest coefficient difference and the intercepts; and
           `mllab run logreg` on pass = G3 >= 10 against LogisticRegression: accuracies.

Needs numpy and scikit-learn.  mllab itself does not. """
import argparse
import csv
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.join(HERE, "..")
DATA = os.environ.get("MLLAB_DATA_DIR", os.path.join(TOP, "datasets"))


def load_idx(path):
    with gzip.open(path, "rb") as f:
        buf = f.read()
    ndim = buf[3]
    dims = np.frombuffer(buf[4:4 + 4 * ndim], dtype=">i4")
    return np.frombuffer(buf[4 + 4 * ndim:], dtype=np.uint8).reshape(dims)


def load_mnist():
    d = os.path.join(DATA, "mnist")
    Xtr = load_idx(os.path.join(d, "train-images-idx3-ubyte.gz")).reshape(60000, -1)
    ytr = load_idx(os.path.join(d, "train-labels-idx1-ubyte.gz"))
    Xte = load_idx(os.path.join(d, "t10k-images-idx3-ubyte.gz")).reshape(10000, -1)
    yte = load_idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz"))
    return (Xtr.astype(np.float32) / 255, ytr.astype(np.int64),
            Xte.astype(np.float32) / 255, yte.astype(np.int64))


def mllab_json(mllab, algo, args):
    cmd = [mllab, "run", algo, "--format", "json"] + args
    out = subprocess.run(cmd, check=True, capture_output=True, text=True,
                         env=dict(os.environ, MLLAB_DATA_DIR=DATA))
    return json.loads(out.stdout), " ".join(["mllab", "run", algo] + args)


def bench_mnist(mllab, extra):
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures
    args = ["--dataset", "mnist", "--pca", "30", "--poly", "2"] + extra
    res, shown = mllab_json(mllab, "logreg", args)
    prep = res["preparation"]["seconds"]
    fit = res["fit_seconds"]
    print("MNIST 60000/10000, pixels/255: logistic regression after PCA(30) -> poly 2 "
          "(%d features)" % res["preparation"]["features_out"])
    print("  %-62s accuracy %.4f  prep %.1f s + fit %.1f s = %.1f s" % (
        shown, res["metrics"]["accuracy"], prep, fit, prep + fit), flush=True)
    Xtr, ytr, Xte, yte = load_mnist()
    model = make_pipeline(PCA(30, random_state=0), PolynomialFeatures(2, include_bias=False),
                          LogisticRegression(max_iter=100))
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(Xtr, ytr)
    sfit = time.perf_counter() - t0
    sacc = float((model.predict(Xte) == yte).mean())
    print("  %-62s accuracy %.4f  fit %.1f s" % (
        "sklearn PCA(30) -> PolynomialFeatures(2) -> LogisticRegression", sacc, sfit))
    print("  mllab time / sklearn time = %.2f" % ((prep + fit) / sfit))


def write_csv(path, names, X, y, target, sep=","):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, delimiter=sep)
        w.writerow(list(names) + [target])
        for row, t in zip(X, y):
            w.writerow(list(row) + [t])


def recall_of(labels, pred, cls):
    labels, pred = np.asarray(labels), np.asarray(pred)
    return float(((pred == cls) & (labels == cls)).sum() / (labels == cls).sum())


def bench_imbalance(mllab, tmp):
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler
    X, y = make_classification(n_samples=2000, n_features=10, n_informative=4,
                               weights=[0.95, 0.05], flip_y=0.01, random_state=0)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    names = ["x%d" % j for j in range(X.shape[1])]
    tr, te = os.path.join(tmp, "imb_train.csv"), os.path.join(tmp, "imb_test.csv")
    write_csv(tr, names, Xtr, ytr, "y")
    write_csv(te, names, Xte, yte, "y")
    sc = StandardScaler().fit(Xtr)
    print("\nImbalance: %d train / %d test rows, %.1f%% positives; recall of the positives"
          % (len(ytr), len(yte), 100 * ytr.mean()))
    for weight in ("none", "balanced"):
        with tempfile.NamedTemporaryFile("r", suffix=".csv") as pf:
            res, shown = mllab_json(mllab, "logreg", ["--train", tr, "--test", te,
                                                      "-p", "class_weight=" + weight,
                                                      "--predictions", pf.name])
            rows = list(csv.DictReader(open(pf.name)))
        pred = [int(r["predicted"]) for r in rows]
        truth = [int(r["true"]) for r in rows]
        m = LogisticRegression(class_weight=None if weight == "none" else "balanced")
        m.fit(sc.transform(Xtr), ytr)
        srec = recall_of(yte, m.predict(sc.transform(Xte)), 1)
        mrec = recall_of(truth, pred, 1)
        ap = res.get("precision_recall", {}).get("average_precision", float("nan"))
        print("  class_weight=%-8s mllab recall %.4f (AP %.4f)   sklearn recall %.4f   "
              "|diff| %.4f" % (weight, mrec, ap, srec, abs(mrec - srec)))


def students_split(tmp):
    from sklearn.model_selection import train_test_split
    path = os.path.join(TOP, "tests", "data", "students.csv")
    with open(path) as f:
        rows = list(csv.reader(f, delimiter=";"))
    header, body = rows[0], rows[1:]
    tr, te = train_test_split(body, test_size=0.2, random_state=0)
    return header, tr, te


def design(header, rows):
    """Features as an object array with missing cells as NaN / None."""
    cats = {"school", "sex", "address", "guardian"}
    cols = []
    for j, name in enumerate(header[:-1]):
        vals = [r[j] for r in rows]
        miss = lambda v: v.strip() in ("", "NA", "NaN")
        if name in cats:
            cols.append(np.array([np.nan if miss(v) else v for v in vals], dtype=object))
        else:
            cols.append(np.array([np.nan if miss(v) else float(v) for v in vals], dtype=float))
    return cols, [n in cats for n in header[:-1]]


def sklearn_prep(header, tr_rows, te_rows):
    """Per feature in file order: SimpleImputer(mean), or SimpleImputer(most_frequent) +
    OneHotEncoder(handle_unknown="ignore"); then StandardScaler on the whole."""
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    ctr, is_cat = design(header, tr_rows)
    cte, _ = design(header, te_rows)
    out_tr, out_te = [], []
    for a, b, cat in zip(ctr, cte, is_cat):
        if cat:
            t = make_pipeline(SimpleImputer(strategy="most_frequent", missing_values=np.nan),
                              OneHotEncoder(handle_unknown="ignore", sparse_output=False))
        else:
            t = SimpleImputer(strategy="mean")
        out_tr.append(t.fit_transform(a.reshape(-1, 1)))
        out_te.append(t.transform(b.reshape(-1, 1)))
    sc = StandardScaler().fit(np.hstack(out_tr))
    return sc.transform(np.hstack(out_tr)), sc.transform(np.hstack(out_te))


def bench_csv(mllab, tmp):
    from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
    header, tr, te = students_split(tmp)
    ptr, pte = os.path.join(tmp, "st_train.csv"), os.path.join(tmp, "st_test.csv")
    for path, rows in ((ptr, tr), (pte, te)):
        with open(path, "w", newline="") as f:
            w = csv.writer(f, delimiter=";")
            w.writerow(header)
            w.writerows(rows)
    Ztr, Zte = sklearn_prep(header, tr, te)
    ytr = np.array([float(r[-1]) for r in tr])
    yte = np.array([float(r[-1]) for r in te])
    print("\nstudents.csv (semicolon; 4 categorical features, 12 missing cells): %d train / %d "
          "test rows, %d features after sklearn's preparation" % (len(tr), len(te), Ztr.shape[1]))
    # Every category kept: the one-hot columns of a feature sum to 1, so plain least squares
    # has no unique coefficients (both sides' answers hinge on rounding); a small ridge
    # penalty makes them unique.  mllab's l2 is on the mean squared error: alpha = n * l2.
    for l2 in (0.01, 0.001):
        res, shown = mllab_json(mllab, "linreg", ["--train", ptr, "--test", pte, "--impute",
                                                  "mean", "-p", "l2=%g" % l2])
        coef = np.array(res["model"]["coef"], dtype=float)
        rd = Ridge(alpha=l2 * len(tr)).fit(Ztr, ytr)
        print("  %s\n    vs Ridge(alpha=%g): max |coef diff| = %.2e; intercepts %.6f / %.6f;"
              " test R2 %.6f / %.6f" % (shown, l2 * len(tr), np.abs(coef - rd.coef_).max(),
                                        res["model"]["intercept"], rd.intercept_,
                                        res["metrics"]["r2"], rd.score(Zte, yte)))
    res, shown = mllab_json(mllab, "linreg", ["--train", ptr, "--test", pte, "--impute", "mean"])
    lr = LinearRegression().fit(Ztr, ytr)
    print("  %s (no penalty; rank-deficient): test R2 %.6f, sklearn LinearRegression %.6f"
          % (shown, res["metrics"]["r2"], lr.score(Zte, yte)))
    print("  preparation: %s" % ", ".join(res["preparation"]["steps"]))
    # a classifier on pass = G3 >= 10
    ptr2, pte2 = os.path.join(tmp, "st_train2.csv"), os.path.join(tmp, "st_test2.csv")
    for path, rows in ((ptr2, tr), (pte2, te)):
        with open(path, "w", newline="") as f:
            w = csv.writer(f, delimiter=";")
            w.writerow(header[:-1] + ["pass"])
            w.writerows([r[:-1] + ["yes" if float(r[-1]) >= 10 else "no"] for r in rows])
    res, shown = mllab_json(mllab, "logreg", ["--train", ptr2, "--test", pte2, "--impute",
                                              "mean", "-p", "batch=0", "-p", "iters=300",
                                              "-p", "lr=0.5"])
    yb = np.array(["yes" if float(r[-1]) >= 10 else "no" for r in tr])
    ybt = np.array(["yes" if float(r[-1]) >= 10 else "no" for r in te])
    sk = LogisticRegression().fit(Ztr, yb)
    print("  logreg on pass (G3 >= 10): mllab accuracy %.4f, sklearn %.4f"
          % (res["metrics"]["accuracy"], float((sk.predict(Zte) == ybt).mean())))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mllab")
    ap.add_argument("--only", choices=["mnist", "imbalance", "csv"])
    ap.add_argument("--mnist-params", default="")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if a.only in (None, "csv"):
            bench_csv(a.mllab, tmp)
        if a.only in (None, "imbalance"):
            bench_imbalance(a.mllab, tmp)
        if a.only in (None, "mnist"):
            bench_mnist(a.mllab, a.mnist_params.split())


if __name__ == "__main__":
    sys.exit(main())
