#!/usr/bin/python3
"""bench_trees.py - mllab's decision tree and random forest against scikit-learn.

Usage:  /usr/bin/python3 bench/bench_trees.py PATH/TO/mllab [--repeat N] [--trees N]
                                              [--only mnist|forest|bc] [--before OLD_MLLAB]

MNIST (60000 / 10000, pixels / 255): times
    mllab run dtree --dataset mnist --format json
    mllab run random_forest --dataset mnist -p n_trees=N -p n_jobs=2 --format json
(fit_seconds: create + every step, loading excluded) against the fit of
    DecisionTreeClassifier()                       (gini, full depth)
    RandomForestClassifier(n_estimators=N, n_jobs=2)
on the same arrays (read here with gzip + numpy), and prints test accuracy,
fit time, the CPU time of each side and the ratio sklearn / mllab (> 1: mllab
is faster; the goal for the tree is >= 2, and for the forest of 100 trees >= 2
with an accuracy at most 0.005 under scikit-learn's: issue 14).  --only forest
runs the forest alone.  --before OLD_MLLAB also runs the forest with another
build (the one before a change), interleaved with this one (old, new, old,
new, ...), and prints both medians.  Every figure is the median of
--repeat runs (default 3).  The machine is shared: the load average is
printed before and after, and the CPU times show how much of the wall time
each side really got.  mllab's peak memory (max RSS of the process, the data
included) is printed too.

Breast cancer: scikit-learn's own stratified 80/20 split (random_state 42,
the split behind REFERENCE.md's figures) is written to two CSV files and
given to `mllab run --train --test`, so both see exactly the same rows.

Needs numpy and scikit-learn (Debian: python3-sklearn); mllab does not.
"""
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

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get("MLLAB_DATA_DIR", os.path.join(HERE, "..", "datasets"))


def read_idx(path):
    """An IDX file (MNIST's format) as a numpy array of bytes."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def mnist_arrays():
    d = os.path.join(DATA, "mnist")
    x_train = read_idx(os.path.join(d, "train-images-idx3-ubyte.gz")).reshape(60000, -1)
    y_train = read_idx(os.path.join(d, "train-labels-idx1-ubyte.gz"))
    x_test = read_idx(os.path.join(d, "t10k-images-idx3-ubyte.gz")).reshape(10000, -1)
    y_test = read_idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz"))
    return (x_train.astype(np.float32) / 255, y_train.astype(np.int64),
            x_test.astype(np.float32) / 255, y_test.astype(np.int64))


def run_mllab(mllab, args):
    """Run `mllab run ARGS --format json` and return its JSON object."""
    env = dict(os.environ)
    env.setdefault("MLLAB_DATA_DIR", DATA)
    proc = subprocess.run([mllab, "run"] + args + ["--format", "json"], env=env,
                          capture_output=True)
    if proc.returncode != 0:
        sys.exit("mllab run %s failed (%d): %s" % (" ".join(args), proc.returncode,
                                                    proc.stderr.decode(errors="replace")))
    return json.loads(proc.stdout)


def mllab_figures(mllab, args, repeat):
    """Median fit time (and CPU time of the whole process) over `repeat` runs."""
    fits, cpus, acc, model = [], [], None, None
    for _ in range(repeat):
        before = os.times()
        result = run_mllab(mllab, args)
        after = os.times()
        fits.append(result["fit_seconds"])
        cpus.append((after.children_user - before.children_user) +
                    (after.children_system - before.children_system))
        acc = result["metrics"]["accuracy"]
        model = result.get("model")
    # RUSAGE_CHILDREN keeps the largest child so far: the biggest mllab run.
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    return {"acc": acc, "fit": statistics.median(fits), "fits": fits,
            "cpu": statistics.median(cpus), "rss": rss, "model": model}


def sklearn_figures(make, x_train, y_train, x_test, y_test, repeat):
    fits, cpus, acc = [], [], None
    for _ in range(repeat):
        model = make()
        t0, c0 = time.perf_counter(), time.process_time()
        model.fit(x_train, y_train)
        fits.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        acc = float((model.predict(x_test) == y_test).mean())
    return {"acc": acc, "fit": statistics.median(fits), "fits": fits,
            "cpu": statistics.median(cpus)}


def print_pair(title, ours, theirs, goal=None, acc_margin=None):
    ratio = theirs["fit"] / ours["fit"] if ours["fit"] > 0 else float("inf")
    print("  %s" % title)
    print("    mllab    accuracy %.4f  fit %7.2f s (runs: %s)  cpu %6.2f s (incl. loading)  "
          "max RSS so far %.0f MB" % (ours["acc"], ours["fit"],
                               ", ".join("%.2f" % f for f in ours["fits"]), ours["cpu"],
                               ours["rss"]))
    if ours.get("model"):
        print("             model %s" % json.dumps(ours["model"]))
    print("    sklearn  accuracy %.4f  fit %7.2f s (runs: %s)  cpu %6.2f s" %
          (theirs["acc"], theirs["fit"], ", ".join("%.2f" % f for f in theirs["fits"]),
           theirs["cpu"]))
    verdict = ""
    if goal:
        met = ratio >= goal
        what = ">= %.1f" % goal
        if acc_margin is not None:
            met = met and ours["acc"] >= theirs["acc"] - acc_margin
            what += ", accuracy >= sklearn's - %.3f" % acc_margin
        verdict = "  (goal %s: %s)" % (what, "met" if met else "NOT met")
    print("    ratio sklearn/mllab fit time: %.2fx%s" % (ratio, verdict))


def forest_args(n_trees):
    return ["random_forest", "--dataset", "mnist", "-p", "n_trees=%d" % n_trees,
            "-p", "n_jobs=2"]


def bench_before_after(mllab, before, repeat, n_trees):
    """The forest with two builds, interleaved (before, after, before, ...)."""
    runs = {"before": [], "after": []}
    for _ in range(repeat):
        for name, prog in (("before", before), ("after", mllab)):
            runs[name].append(mllab_figures(prog, forest_args(n_trees), 1))
    print("  random forest (%d trees, 2 threads), before/after interleaved, medians of %d"
          % (n_trees, repeat))
    for name in ("before", "after"):
        r = runs[name]
        print("    %-6s  accuracy %.4f  fit %7.2f s (runs: %s)  cpu %6.2f s (incl. loading)" %
              (name, r[0]["acc"], statistics.median(x["fit"] for x in r),
               ", ".join("%.2f" % x["fit"] for x in r), statistics.median(x["cpu"] for x in r)))


def bench_mnist(mllab, repeat, n_trees, with_tree=True, before=None):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.tree import DecisionTreeClassifier

    x_train, y_train, x_test, y_test = mnist_arrays()
    print("MNIST 60000/10000, pixels/255, median of %d runs" % repeat)
    if with_tree:
        ours = mllab_figures(mllab, ["dtree", "--dataset", "mnist"], repeat)
        theirs = sklearn_figures(lambda: DecisionTreeClassifier(random_state=0), x_train,
                                 y_train, x_test, y_test, repeat)
        print_pair("decision tree (gini, full depth)", ours, theirs, goal=2.0)
    ours = mllab_figures(mllab, forest_args(n_trees), repeat)
    theirs = sklearn_figures(
        lambda: RandomForestClassifier(n_estimators=n_trees, n_jobs=2, random_state=0),
        x_train, y_train, x_test, y_test, repeat)
    print_pair("random forest (%d trees, sqrt features, 2 threads each)" % n_trees, ours,
               theirs, goal=2.0 if n_trees == 100 else None, acc_margin=0.005)
    if before:
        bench_before_after(mllab, before, repeat, n_trees)


def bench_breast_cancer(mllab, repeat):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import train_test_split
    from sklearn.tree import DecisionTreeClassifier

    with open(os.path.join(DATA, "breast_cancer.csv"), newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    x = np.array([[float(v) for v in r[:-1]] for r in body], dtype=np.float32)
    # scikit-learn's encoding (0 = malignant) decides its stratified split.
    y = np.array([0 if r[-1] == "malignant" else 1 for r in body])
    train, test = train_test_split(np.arange(len(body)), test_size=0.2, stratify=y,
                                   random_state=42)
    print("breast cancer, scikit-learn's stratified 80/20 split (random_state 42), "
          "the same rows for both")
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for name, part in (("train", train), ("test", test)):
            paths[name] = os.path.join(tmp, name + ".csv")
            with open(paths[name], "w", newline="") as f:
                w = csv.writer(f)
                w.writerow(header)
                w.writerows(body[i] for i in part)
        cases = [
            ("decision tree", ["dtree"], lambda: DecisionTreeClassifier(random_state=42),
             0.9123),
            ("decision tree, max_depth 3", ["dtree", "-p", "max_depth=3"],
             lambda: DecisionTreeClassifier(max_depth=3, random_state=42), 0.9386),
            ("random forest, 100 trees", ["random_forest"],
             lambda: RandomForestClassifier(random_state=42), 0.9561),
        ]
        for title, args, make, reference in cases:
            ours = mllab_figures(mllab, args + ["--train", paths["train"], "--test",
                                                paths["test"]], repeat)
            theirs = sklearn_figures(make, x[train], y[train], x[test], y[test], repeat)
            ok = abs(ours["acc"] - reference) <= 0.02
            print("  %-28s mllab %.4f  sklearn %.4f  REFERENCE %.4f  (within 2 points: %s)  "
                  "fit %.4f s vs %.4f s" % (title, ours["acc"], theirs["acc"], reference,
                                            "yes" if ok else "NO", ours["fit"], theirs["fit"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mllab", help="path of the mllab program")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    ap.add_argument("--trees", type=int, default=100, help="trees of the MNIST forests")
    ap.add_argument("--only", choices=["mnist", "forest", "bc"], help="one part only")
    ap.add_argument("--before", help="another mllab build to time the forest against")
    a = ap.parse_args()
    if not os.access(a.mllab, os.X_OK):
        sys.exit("%s is not an executable" % a.mllab)
    print("load average before: %.2f %.2f %.2f (2 cores shared)" % os.getloadavg())
    if a.only in (None, "bc"):
        bench_breast_cancer(a.mllab, a.repeat)
    if a.only in (None, "mnist", "forest"):
        bench_mnist(a.mllab, a.repeat, a.trees, with_tree=a.only != "forest", before=a.before)
    print("load average after:  %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    main()
