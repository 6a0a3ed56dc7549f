#!/usr/bin/python3
"""Expected values for tests/test_naive_bayes.c, from scikit-learn's GaussianNB.

Writes, next to this script:
  naive_bayes_iris_sklearn.csv           fit on all 150 rows, predict them
  naive_bayes_breast_cancer_sklearn.csv  fit on all 569 rows, predict them
  naive_bayes_mnist_sklearn.csv          fit on the first 10000 training images,
                                         predict the first 1000 test images
Each file: header `predicted,p0,p1,...` (class indices in sorted class order,
as mllab numbers them), one row per predicted row.  The project does not need
scikit-learn: run this by hand to regenerate the files.
"""
import csv
import gzip
import os

import numpy as np
from sklearn.naive_bayes import GaussianNB

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "datasets")


def load_csv(name):
    with open(os.path.join(DATA, name + ".csv")) as f:
        rows = list(csv.reader(f))[1:]
    X = np.array([[float(v) for v in r[:-1]] for r in rows], dtype=np.float32)
    labels = [r[-1] for r in rows]
    try:  # numeric labels sort as numbers, else as strings (as mllab does)
        classes = sorted(set(labels), key=float)
    except ValueError:
        classes = sorted(set(labels))
    y = np.array([classes.index(v) for v in labels])
    return X, y


def load_idx(name, offset):
    with gzip.open(os.path.join(DATA, "mnist", name)) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def write(name, model, X):
    proba = model.predict_proba(X)
    pred = model.predict(X)
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["predicted"] + ["p%d" % c for c in range(proba.shape[1])])
        for p, row in zip(pred, proba):
            w.writerow([int(p)] + ["%.9g" % v for v in row])


for name in ("iris", "breast_cancer"):
    X, y = load_csv(name)
    # float32 features, as mllab stores them; the statistics in float64
    write("naive_bayes_%s_sklearn.csv" % name, GaussianNB().fit(X.astype(np.float64), y),
          X.astype(np.float64))

Xtr = load_idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:10000]
ytr = load_idx("train-labels-idx1-ubyte.gz", 8)[:10000]
Xte = load_idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:1000]
Xtr = (Xtr.astype(np.float32) / 255).astype(np.float64)
Xte = (Xte.astype(np.float32) / 255).astype(np.float64)
write("naive_bayes_mnist_sklearn.csv", GaussianNB().fit(Xtr, ytr), Xte)
