#!/usr/bin/python3
"""bench_svm.py - the kernel SVM of mllab against scikit-learn's SVC(C=3).

Usage:  /usr/bin/python3 bench/bench_svm.py PATH/TO/mllab [--C 3]

For each data set below, the split is made here, scaled here as REFERENCE.md's
figures were (breast cancer: a StandardScaler fitted on the training part;
moons and circles: as generated, which is what reproduces REFERENCE.md's
moons/circles figures), written to two CSV files and given to `mllab run svm -p kernel=K -p C=3 --train --test --scale none`, so
both sides see exactly the same numbers (mllab reads them as float32):

    breast_cancer  datasets/breast_cancer.csv, scikit-learn's stratified
                   80/20 split (seed 42, stratified on 0 = malignant), the
                   split of REFERENCE.md's figures
    moons          make_moons(400, noise=0.2, random_state=42), stratified
                   80/20 (seed 42): REFERENCE.md's two-moons
    circles        make_circles(400, noise=0.1, factor=0.5, random_state=42),
                   stratified 80/20 (seed 42)

and kernels linear, rbf, poly (degree 3, gamma 'scale', coef0 0: SVC's
defaults).  Printed: test accuracy, number of support vectors and fit
seconds on both sides (mllab: its fit_seconds, create + every step; one
run each, the machine is shared), and whether mllab is within 1 point.

Needs numpy and scikit-learn.  mllab itself does not. """
import argparse
import csv
import json
import os
import subprocess
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get("MLLAB_DATA_DIR", os.path.join(HERE, "..", "datasets"))


def breast_cancer():
    with open(os.path.join(DATA, "breast_cancer.csv"), newline="") as f:
        rows = list(csv.reader(f))
    X = np.array([[float(v) for v in r[:-1]] for r in rows[1:]])
    y = (np.array([r[-1] for r in rows[1:]]) == "benign").astype(int)
    return X, y


def moons():
    from sklearn.datasets import make_moons
    return make_moons(400, noise=0.2, random_state=42)


def circles():
    from sklearn.datasets import make_circles
    return make_circles(400, noise=0.1, factor=0.5, random_state=42)


def split_scaled(X, y, standardise):
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.2, stratify=y, random_state=42)
    if not standardise:
        return Xtr, Xte, ytr, yte
    sc = StandardScaler().fit(Xtr)
    return sc.transform(Xtr), sc.transform(Xte), ytr, yte


def write_csv(path, X, y):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["x%d" % j for j in range(X.shape[1])] + ["label"])
        for row, label in zip(X, y):
            w.writerow([repr(float(v)) for v in row] + ["c%d" % label])


def run_mllab(mllab, tmp, kernel, C):
    out = subprocess.run([mllab, "run", "svm", "-p", "kernel=" + kernel, "-p", "C=%g" % C,
                          "--train", os.path.join(tmp, "train.csv"),
                          "--test", os.path.join(tmp, "test.csv"), "--scale", "none",
                          "--format", "json"], check=True, capture_output=True, text=True)
    res = json.loads(out.stdout)
    return res["metrics"]["accuracy"], res["model"]["support_vectors"], res["fit_seconds"]


def run_sklearn(Xtr, ytr, Xte, yte, kernel, C):
    from sklearn.svm import SVC
    model = SVC(C=C, kernel=kernel)
    t0 = time.perf_counter()
    model.fit(Xtr, ytr)
    fit = time.perf_counter() - t0
    return float((model.predict(Xte) == yte).mean()), int(model.n_support_.sum()), fit


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mllab", help="path to the mllab program")
    ap.add_argument("--C", type=float, default=3.0)
    a = ap.parse_args()
    mllab = os.path.abspath(a.mllab)
    head = "%-14s %-7s | %8s %5s %8s | %8s %5s %8s | %s" % (
        "data", "kernel", "mllab", "SVs", "fit s", "sklearn", "SVs", "fit s", "within 1 pt")
    print("SVC(C=%g) against mllab run svm -p kernel=K -p C=%g, same split, same numbers"
          % (a.C, a.C))
    print(head)
    print("-" * len(head))
    sets = (("breast_cancer", breast_cancer, True), ("moons", moons, False),
            ("circles", circles, False))
    for name, load, standardise in sets:
        Xtr, Xte, ytr, yte = split_scaled(*load(), standardise)
        with tempfile.TemporaryDirectory() as tmp:
            write_csv(os.path.join(tmp, "train.csv"), Xtr, ytr)
            write_csv(os.path.join(tmp, "test.csv"), Xte, yte)
            for kernel in ("linear", "rbf", "poly"):
                acc, nsv, fit = run_mllab(mllab, tmp, kernel, a.C)
                sacc, snsv, sfit = run_sklearn(Xtr, ytr, Xte, yte, kernel, a.C)
                print("%-14s %-7s | %8.4f %5d %8.4f | %8.4f %5d %8.4f | %s" % (
                    name, kernel, acc, nsv, fit, sacc, snsv, sfit,
                    "yes" if abs(acc - sacc) <= 0.01 + 1e-9 else "NO"), flush=True)


if __name__ == "__main__":
    main()
