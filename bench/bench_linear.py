#!/usr/bin/python3
"""bench_linear.py - the linear classifiers of mllab against scikit-learn.

Usage:  /usr/bin/python3 bench/bench_linear.py PATH/TO/mllab [--repeat N] [--only mnist|bc]

MNIST (60000 / 10000, pixels / 255, no other scaling): times
`mllab run ALGO --dataset mnist --format json` (its fit_seconds: create + every
step, data loading excluded) against the fit of scikit-learn's counterpart on
the same arrays:
    logreg      LogisticRegression(solver="lbfgs", max_iter=100)
    svm         SGDClassifier(loss="hinge")
    perceptron  Perceptron()
and prints test accuracy and fit time side by side, with the ratio
sklearn / mllab (> 1: mllab is faster).  Each figure is the median of
--repeat runs (3).  The machine is shared: the load average before and after
is printed, and so is the CPU time of each fit (a loaded machine stretches
wall time for both sides alike).

Breast cancer: scikit-learn's own stratified 80/20 split (seed 42,
stratified on its 0 = malignant encoding, which is what REFERENCE.md's
figures use) is written to two CSV files and given to `mllab run --train
--test`, so both sides see exactly the same rows; standardised on the
training part by both.

Needs numpy and scikit-learn (Debian: python3-sklearn).  mllab itself does
not. """
import argparse
import csv
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get("MLLAB_DATA_DIR", os.path.join(HERE, "..", "datasets"))


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


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_mllab(mllab, algo, args):
    """One `mllab run`: (accuracy, fit seconds, CPU seconds of the process)."""
    cpu0 = children_cpu()
    out = subprocess.run([mllab, "run", algo, "--format", "json"] + args, check=True,
                         capture_output=True, text=True, env=dict(os.environ, MLLAB_DATA_DIR=DATA))
    cpu = children_cpu() - cpu0
    res = json.loads(out.stdout)
    return res["metrics"]["accuracy"], res["fit_seconds"], cpu


def run_sklearn(make, Xtr, ytr, Xte, yte):
    """(accuracy, fit seconds, CPU seconds of the fit) of a fresh model."""
    model = make()
    c0, t0 = time.process_time(), time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lbfgs stopping at max_iter=100 warns
        model.fit(Xtr, ytr)
    fit, cpu = time.perf_counter() - t0, time.process_time() - c0
    return float((model.predict(Xte) == yte).mean()), fit, cpu


def median_runs(fn, repeat):
    runs = [fn() for _ in range(repeat)]
    return tuple(statistics.median(r[i] for r in runs) for i in range(3)), runs


def bench_mnist(mllab, repeat):
    from sklearn.linear_model import LogisticRegression, Perceptron, SGDClassifier
    peers = [
        ("logreg", "LogisticRegression(lbfgs, max_iter=100)",
         lambda: LogisticRegression(solver="lbfgs", max_iter=100)),
        ("svm", "SGDClassifier(hinge)", lambda: SGDClassifier(loss="hinge")),
        ("perceptron", "Perceptron()", lambda: Perceptron()),
    ]
    print("MNIST 60000/10000, pixels/255; median of %d; fit seconds (wall), CPU seconds" % repeat)
    Xtr, ytr, Xte, yte = load_mnist()
    head = "%-11s %9s %8s %8s | %-40s %9s %8s %8s | %6s" % (
        "mllab", "accuracy", "fit s", "cpu s", "scikit-learn", "accuracy", "fit s", "cpu s",
        "ratio")
    print(head)
    print("-" * len(head))
    rows = []
    for algo, name, make in peers:
        (acc, fit, cpu), _ = median_runs(lambda: run_mllab(mllab, algo, ["--dataset", "mnist"]),
                                         repeat)
        (sacc, sfit, scpu), _ = median_runs(lambda: run_sklearn(make, Xtr, ytr, Xte, yte),
                                            repeat)
        print("%-11s %9.4f %8.2f %8.2f | %-40s %9.4f %8.2f %8.2f | %5.1fx" % (
            algo, acc, fit, cpu, name, sacc, sfit, scpu, sfit / fit), flush=True)
        rows.append(dict(algo=algo, accuracy=acc, fit=fit, peer=name, peer_accuracy=sacc,
                         peer_fit=sfit, ratio=sfit / fit))
    print("(mllab cpu s is the whole process, loading MNIST included; ratio = sklearn fit / "
          "mllab fit)")
    return rows


def bench_breast_cancer(mllab):
    from sklearn.linear_model import LogisticRegression, Perceptron
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import LinearSVC
    path = os.path.join(DATA, "breast_cancer.csv")
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    X = np.array([[float(v) for v in r[:-1]] for r in body])
    labels = np.array([r[-1] for r in body])
    y = (labels == "benign").astype(int)  # scikit-learn's encoding: 0 = malignant
    idx_tr, idx_te = train_test_split(np.arange(len(y)), test_size=0.2, stratify=y,
                                      random_state=42)
    print("\nBreast cancer, scikit-learn's stratified 80/20 split (seed 42), standardised")
    with tempfile.TemporaryDirectory() as tmp:
        for name, idx in (("train.csv", idx_tr), ("test.csv", idx_te)):
            with open(os.path.join(tmp, name), "w", newline="") as f:
                w = csv.writer(f)
                w.writerow(header)
                for i in idx:
                    w.writerow(body[i])
        sc = StandardScaler().fit(X[idx_tr])
        Xtr, Xte = sc.transform(X[idx_tr]), sc.transform(X[idx_te])
        peers = [("logreg", "LogisticRegression()", LogisticRegression(), 0.9825),
                 ("perceptron", "Perceptron()", Perceptron(), 0.9474),
                 ("svm", "LinearSVC()", LinearSVC(), 0.9649)]
        print("%-11s %9s | %-24s %9s | %9s %s" % ("mllab", "accuracy", "scikit-learn",
                                                 "accuracy", "REFERENCE", "within 2 points"))
        out = []
        for algo, name, model, ref in peers:
            acc, _, _ = run_mllab(mllab, algo, ["--train", os.path.join(tmp, "train.csv"),
                                                "--test", os.path.join(tmp, "test.csv")])
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sacc = float((model.fit(Xtr, y[idx_tr]).predict(Xte) == y[idx_te]).mean())
            ok = acc >= ref - 0.02
            print("%-11s %9.4f | %-24s %9.4f | %9.4f %s" % (algo, acc, name, sacc, ref,
                                                           "yes" if ok else "NO"))
            out.append(dict(algo=algo, accuracy=acc, peer_accuracy=sacc, reference=ref))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mllab", help="path to the mllab program")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    ap.add_argument("--only", choices=["mnist", "bc"], help="one part only")
    a = ap.parse_args()
    if not os.access(a.mllab, os.X_OK):
        sys.exit("bench_linear.py: %s is not an executable" % a.mllab)
    print("load average before: %.2f %.2f %.2f (%d CPUs); OPENBLAS_NUM_THREADS=%s" % (
        *os.getloadavg(), os.cpu_count(), os.environ.get("OPENBLAS_NUM_THREADS", "(unset)")))
    if a.only in (None, "bc"):
        bench_breast_cancer(a.mllab)
    if a.only in (None, "mnist"):
        bench_mnist(a.mllab, a.repeat)
    print("load average after: %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    main()
