#!/usr/bin/python3
"""bench_prep.py - the preparation pipeline of mllab (issue 11) against scikit-learn.

Usage:  /usr/bin/python3 bench/bench_prep.py PATH/TO/mllab [--only mnist|imbalance|csv]
        [--mnist-params "-p iters=... -p lr=..."] [--test-size 0.2 --seeds 0-4]
        [--no-sklearn] [--max-iter N] [--deskew [--sk-C C]]

Three figures, each once (the machine is shared; no repeats):

mnist      `mllab run logreg --dataset mnist --pca 30 --poly 2` (60000/10000, pixels/255):
           test accuracy and time (the preparation's seconds plus the model's fit seconds)
           next to scikit-learn's make_pipeline(PCA(30), PolynomialFeatures(2,
           include_bias=False), LogisticRegression(max_iter=100)) on the same arrays.
           With --test-size F: the tutorial's protocol, all 70000 rows pooled and split
           at random by mllab (`--test-size F --seed N`, for each of --seeds); the same
           split is rebuilt here (mllab_split: src/rng.c and src/split.c in python) and
           checked against the labels of mllab's --predictions file, row by row.  Times
           are CPU seconds too: mllab's whole process (load, prepare, fit, predict)
           against scikit-learn's fit; run with OPENBLAS_NUM_THREADS=1 on a busy machine.
           With --deskew: `mllab run logreg --dataset mnist --deskew --pca 30 --poly 2`
           (put --rescale -p strength=0.001 in --mnist-params) against the same deskewing
           done here in numpy (deskew_images: src/deskew.h's definition, checked against
           scipy's affine_transform when scipy is there), then make_pipeline(PCA(30),
           PolynomialFeatures(2), StandardScaler(), LogisticRegression(C=--sk-C, 0.1)):
           scikit-learn's time is its fit alone (the numpy deskewing is timed apart),
           mllab's its whole process, deskewing included.
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
import resource
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


# ---- mllab's seeded split, reimplemented (src/rng.c, src/split.c) so that scikit-learn
# gets the very rows of `--test-size F --seed N` on a set with a standard split (pooled).
M64 = (1 << 64) - 1


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class MllabRng:
    """xoshiro256** seeded through splitmix64, as rng_seed / rng_u64 / rng_below /
    rng_shuffle in src/rng.c."""

    def __init__(self, seed):
        x, self.s = seed, []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & M64
            z = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
            self.s.append(z ^ (z >> 31))

    def u64(self):
        s = self.s
        result = (_rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        return result

    def below(self, n):
        m = (self.u64() >> 32) * n
        if (m & 0xFFFFFFFF) < n:
            threshold = ((-n) & 0xFFFFFFFF) % n
            while (m & 0xFFFFFFFF) < threshold:
                m = (self.u64() >> 32) * n
        return m >> 32

    def shuffle(self, a):
        for i in range(len(a) - 1, 0, -1):
            j = self.below(i + 1)
            a[i], a[j] = a[j], a[i]


def _share_out(counts, total):
    """split.c share_out: largest remainder, every class keeping a row outside."""
    n, k = sum(counts), len(counts)
    if n == 0:
        return [0] * k
    quota = [c * total // n for c in counts]
    for _ in range(total - sum(quota)):
        best, best_rem = -1, -1
        for c in range(k):
            if quota[c] >= counts[c]:
                continue
            rem = counts[c] * total - quota[c] * n
            if rem > best_rem:
                best, best_rem = c, rem
        if best < 0:
            break
        quota[best] += 1
    for c in range(k):
        if counts[c] == 0 or quota[c] < counts[c]:
            continue
        donor = -1
        for o in range(k):
            if o != c and counts[o] - quota[o] >= 2 and (
                    donor < 0 or counts[o] - quota[o] > counts[donor] - quota[donor]):
                donor = o
        if donor >= 0:
            quota[c] -= 1
            quota[donor] += 1
    return quota


def mllab_split(y, test_size, seed, val_size=0.0):
    """The row indices (train, val, test) of mllab's stratified split (split_three /
    split_stratified) of labels y with --test-size, --val-size and --seed: each part in
    mllab's order."""
    import math
    rng = MllabRng(seed)
    n, k = len(y), int(max(y)) + 1
    rows = [[] for _ in range(k)]
    for i, c in enumerate(y):
        rows[int(c)].append(i)
    for c in range(k):
        rng.shuffle(rows[c])
    counts = [len(r) for r in rows]
    q_test = _share_out(counts, math.ceil(test_size * n))
    q_val = _share_out([a - b for a, b in zip(counts, q_test)],
                       math.ceil(val_size * n) if val_size > 0 else 0)
    train, val, test = [], [], []
    for c in range(k):
        test += rows[c][:q_test[c]]
        val += rows[c][q_test[c]:q_test[c] + q_val[c]]
        train += rows[c][q_test[c] + q_val[c]:]
    for part in (train, val, test):
        rng.shuffle(part)
    return np.array(train), np.array(val, dtype=np.int64), np.array(test)


def mllab_json(mllab, algo, args):
    cmd = [mllab, "run", algo, "--format", "json"] + args
    out = subprocess.run(cmd, check=True, capture_output=True, text=True,
                         env=dict(os.environ, MLLAB_DATA_DIR=DATA))
    return json.loads(out.stdout), " ".join(["mllab", "run", algo] + args)


def mllab_json_cpu(mllab, algo, args, predictions=None):
    """mllab_json, with the CPU seconds (user + system) of the whole mllab process:
    loading, preparing, fitting and predicting, so more than its fit."""
    extra = ["--predictions", predictions] if predictions else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    res, shown = mllab_json(mllab, algo, args + extra)
    shown = " ".join(["mllab", "run", algo] + args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return res, shown, cpu


def mnist_parts(test_size, seed):
    """The standard 60000/10000 split (test_size None), or mllab's stratified random split
    of all 70000 rows for `--test-size test_size --seed seed`."""
    Xtr, ytr, Xte, yte = load_mnist()
    if not test_size:
        return Xtr, ytr, Xte, yte
    X, y = np.concatenate([Xtr, Xte]), np.concatenate([ytr, yte])
    tr, _, te = mllab_split(y, test_size, seed)
    return X[tr], y[tr], X[te], y[te]


def deskew_images(X, w=28, h=28, chunk=4096):
    """Each row of X (n x w*h) deskewed as src/deskew.h defines it: moments in float64, the
    slant alpha = cov(r, c) / var(r), out(r, c) = in(r + mr - (h-1)/2, c + alpha (r -
    (h-1)/2) + mc - (w-1)/2), bilinear, 0 outside the image (scipy's affine_transform with
    order=1, mode='constant'); a blank image is left as it is.  Returns float32."""
    out = np.empty((len(X), w * h), dtype=np.float32)
    r = np.arange(h, dtype=np.float64)[None, :, None]
    c = np.arange(w, dtype=np.float64)[None, None, :]
    cy, cx = (h - 1) / 2, (w - 1) / 2
    for s in range(0, len(X), chunk):
        im = X[s:s + chunk].reshape(-1, h, w).astype(np.float64)
        n = len(im)
        t = im.sum(axis=(1, 2))
        ok = t > 0
        ts = np.where(ok, t, 1.0)
        mr = (im * r).sum(axis=(1, 2)) / ts
        mc = (im * c).sum(axis=(1, 2)) / ts
        dr, dc = r - mr[:, None, None], c - mc[:, None, None]
        vr = (dr * dr * im).sum(axis=(1, 2)) / ts
        cov = (dr * dc * im).sum(axis=(1, 2)) / ts
        alpha = np.where(ok & (vr > 0), cov / np.where(vr > 0, vr, 1.0), 0.0)
        ir = np.broadcast_to(r + (mr - cy)[:, None, None], (n, h, w))
        ic = c + alpha[:, None, None] * (r - cy) + (mc - cx)[:, None, None]
        inside = (ir >= 0) & (ir <= h - 1) & (ic >= 0) & (ic <= w - 1)
        irc, icc = np.clip(ir, 0, h - 1), np.clip(ic, 0, w - 1)
        r0, c0 = np.floor(irc).astype(np.intp), np.floor(icc).astype(np.intp)
        fr, fc = irc - r0, icc - c0
        r1, c1 = np.minimum(r0 + 1, h - 1), np.minimum(c0 + 1, w - 1)
        k = np.arange(n)[:, None, None]
        v = ((1 - fr) * ((1 - fc) * im[k, r0, c0] + fc * im[k, r0, c1]) +
             fr * ((1 - fc) * im[k, r1, c0] + fc * im[k, r1, c1]))
        v = np.where(inside, v, 0.0)
        v[~ok] = im[~ok]
        out[s:s + n] = v.reshape(n, -1)
    return out


def check_deskew_against_scipy(X, count=200):
    """deskew_images against scipy.ndimage.affine_transform on the first rows (skipped
    without scipy); exits when they differ by more than 1e-5."""
    try:
        from scipy.ndimage import affine_transform
    except ImportError:
        return "scipy not found: not checked"
    mine = deskew_images(X[:count])
    worst = 0.0
    for i in range(count):
        im = X[i].reshape(28, 28).astype(np.float64)
        rr, cc = np.mgrid[:28, :28]
        t = im.sum()
        mr, mc = (rr * im).sum() / t, (cc * im).sum() / t
        a = ((rr - mr) * (cc - mc) * im).sum() / ((rr - mr) ** 2 * im).sum()
        M = np.array([[1, 0], [a, 1]])
        ref = affine_transform(im, M, offset=np.array([mr, mc]) - M @ np.array([13.5, 13.5]),
                               order=1, mode="constant")
        worst = max(worst, float(np.abs(ref.ravel() - mine[i]).max()))
    if worst > 1e-5:
        sys.exit("bench_prep.py: the numpy deskewing differs from scipy's by %g" % worst)
    return "matches scipy's affine_transform on %d images (max |diff| %.1e)" % (count, worst)


def check_same_rows(pred_path, yte):
    """mllab's --predictions file lists the test rows' true labels in its order: they must
    be the labels of the rows rebuilt here, in the same order."""
    with open(pred_path) as f:
        truth = np.array([int(r["true"]) for r in csv.DictReader(f)])
    if len(truth) != len(yte) or not (truth == yte).all():
        sys.exit("bench_prep.py: the split rebuilt here is not mllab's (labels differ)")


def sklearn_mnist(Xtr, ytr, Xte, yte, max_iter, sk_C=None):
    """PCA(30) -> PolynomialFeatures(2) -> LogisticRegression; with sk_C (the --deskew
    comparison, on deskewed arrays) a StandardScaler before LogisticRegression(C=sk_C), as
    mllab's --rescale."""
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler
    steps = [PCA(30, random_state=0), PolynomialFeatures(2, include_bias=False)]
    if sk_C is not None:
        steps += [StandardScaler(), LogisticRegression(C=sk_C, max_iter=max_iter)]
    else:
        steps += [LogisticRegression(max_iter=max_iter)]
    model = make_pipeline(*steps)
    t0, c0 = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(Xtr, ytr)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return float((model.predict(Xte) == yte).mean()), wall, cpu


def bench_mnist(mllab, extra, test_size=None, seeds=(42,), sklearn=True, max_iter=100,
                deskew=False, sk_C=0.1):
    split = ("stratified random %g/%g split of all 70000 rows (mllab's --test-size %g --seed N,"
             " rebuilt here)" % (100 - 100 * test_size, 100 * test_size, test_size)
             if test_size else "the standard 60000/10000 split")
    print("MNIST, %s, pixels/255: logistic regression after %sPCA(30) -> poly 2; "
          "OPENBLAS_NUM_THREADS=%s" % (split, "deskewing -> " if deskew else "",
                                       os.environ.get("OPENBLAS_NUM_THREADS", "(unset)")))
    accs, saccs = [], []
    for seed in seeds:
        args = ["--dataset", "mnist"] + (["--deskew"] if deskew else []) + [
            "--pca", "30", "--poly", "2"]
        if test_size:
            args += ["--test-size", "%g" % test_size, "--seed", str(seed)]
        with tempfile.NamedTemporaryFile("r", suffix=".csv") as pf:
            res, shown, cpu = mllab_json_cpu(mllab, "logreg", args + extra, pf.name)
            Xtr, ytr, Xte, yte = mnist_parts(test_size, seed)
            check_same_rows(pf.name, yte)
        prep, fit = res["preparation"]["seconds"], res["fit_seconds"]
        accs.append(res["metrics"]["accuracy"])
        train = res["metrics"].get("train_accuracy", float("nan"))  # on 2000 training rows
        print("  %s\n    accuracy %.4f (training %.4f)  prep %.1f s + fit %.1f s wall; "
              "whole process %.1f s CPU" % (shown, accs[-1], train, prep, fit, cpu), flush=True)
        if not sklearn:
            continue
        if deskew:
            note = check_deskew_against_scipy(Xte)
            c0 = time.process_time()
            Xtr, Xte = deskew_images(Xtr), deskew_images(Xte)
            dcpu = time.process_time() - c0
            print("    numpy deskewing of both parts: %.1f s CPU (not counted); %s"
                  % (dcpu, note), flush=True)
        sacc, swall, scpu = sklearn_mnist(Xtr, ytr, Xte, yte, max_iter,
                                          sk_C if deskew else None)
        saccs.append(sacc)
        print("    sklearn %sPCA(30) -> PolynomialFeatures(2) -> %sLogisticRegression(%smax_iter=%d)"
              "\n    accuracy %.4f  fit %.1f s wall, %.1f s CPU\n    mllab / sklearn: "
              "CPU %.2f (mllab's whole process against sklearn's fit), wall %.2f (prep + fit)"
              % ("(deskewed) " if deskew else "", "StandardScaler -> " if deskew else "",
                 "C=%g, " % sk_C if deskew else "", max_iter, sacc, swall, scpu, cpu / scpu,
                 (prep + fit) / swall), flush=True)
    if len(seeds) > 1:
        print("  mean over seeds %s: mllab %.4f (min %.4f, max %.4f)%s" % (
            ",".join(map(str, seeds)), np.mean(accs), min(accs), max(accs),
            "; sklearn %.4f (min %.4f, max %.4f)" % (np.mean(saccs), min(saccs), max(saccs))
            if saccs else ""))


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


def seed_list(text):
    """"0-4" or "0,3,7"."""
    if "-" in text:
        lo, hi = text.split("-")
        return list(range(int(lo), int(hi) + 1))
    return [int(v) for v in text.split(",")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mllab")
    ap.add_argument("--only", choices=["mnist", "imbalance", "csv"])
    ap.add_argument("--mnist-params", default="")
    ap.add_argument("--test-size", type=float, default=None,
                    help="mnist: pool all 70000 rows and split them as mllab's --test-size F "
                         "--seed N does (default: the standard split)")
    ap.add_argument("--seeds", type=seed_list, default=[42],
                    help="mnist with --test-size: the seeds, e.g. 0-4 (default 42)")
    ap.add_argument("--no-sklearn", action="store_true", help="mnist: mllab only")
    ap.add_argument("--max-iter", type=int, default=100,
                    help="mnist: scikit-learn's LogisticRegression(max_iter) (100)")
    ap.add_argument("--deskew", action="store_true",
                    help="mnist: deskew first (mllab --deskew; numpy here), and a "
                         "StandardScaler before scikit-learn's LogisticRegression")
    ap.add_argument("--sk-C", type=float, default=0.1,
                    help="mnist with --deskew: scikit-learn's C (0.1)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if a.only in (None, "csv"):
            bench_csv(a.mllab, tmp)
        if a.only in (None, "imbalance"):
            bench_imbalance(a.mllab, tmp)
        if a.only in (None, "mnist"):
            bench_mnist(a.mllab, a.mnist_params.split(), a.test_size,
                        a.seeds if a.test_size else [42], not a.no_sklearn, a.max_iter,
                        a.deskew, a.sk_C)


if __name__ == "__main__":
    sys.exit(main())
