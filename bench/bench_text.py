#!/usr/bin/python3
"""bench_text.py - text classification on the fortunes corpus: mllab's
multinomial naive Bayes and logistic regression on tf-idf features next to
scikit-learn's, on the same split.

Usage:  /usr/bin/python3 bench/bench_text.py PATH/TO/mllab [--max-features 5000,2000,0]

The corpus: Debian's `fortunes` package, 13 categories (REFERENCE.md), texts
separated by lines holding a single '%', read as UTF-8 (Latin-1 when a file
is not valid UTF-8), blank texts skipped: 5545 documents.

The split: the one `mllab run --dataset fortunes` makes (stratified 80/20,
seed 42), read from `mllab tfidf --corpus fortunes --split`, so both sides
train and test on the same documents.  Each side fits its tf-idf vectorizer
on the training part only (TfidfVectorizer(max_features=M) defaults), then
    multinomial_nb  vs MultinomialNB()                         (alpha 1)
    logreg          vs LogisticRegression(C=1, max_iter=1000)  (lbfgs)
mllab's logreg runs mini-batch gradient descent with scikit-learn's C=1
written as its strength 1 / (C n_train) (-p strength=...; 100 epochs,
lr 2); see docs/algorithms/logreg.md.

For reference the script also prints scikit-learn on its own split
(train_test_split(test_size=0.2, stratify=y, random_state=42)), the setting
of REFERENCE.md's figures (vocabulary 18,049; MNB 0.345, LogReg 0.546; with
max_features=5000: 0.413 and 0.554).

With a cap, the terms tied in count at the cutoff can differ: mllab keeps the
alphabetically first (a stable sort), scikit-learn 1.2 whatever NumPy's
quicksort leaves first (on the whole corpus at 5000: 230 terms of count 4).

Needs scikit-learn (Debian: python3-sklearn) and the fortunes package.
"""
import argparse
import csv
import io
import json
import os
import subprocess
import sys
import time
import warnings

CATEGORIES = sorted("computers science politics sports food medicine law education linux "
                    "startrek songs-poems work wisdom".split())
FORTUNES = os.environ.get("MLLAB_FORTUNES_DIR", "/usr/share/games/fortunes")


def read_fortunes(path):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    docs, cur = [], []
    for line in text.split("\n"):
        if line == "%":
            docs.append("\n".join(cur))
            cur = []
        else:
            cur.append(line)
    docs.append("\n".join(cur))
    return [d for d in docs if d.strip()]


def load_corpus():
    docs, labels = [], []
    for k, c in enumerate(CATEGORIES):
        d = read_fortunes(os.path.join(FORTUNES, c))
        docs += d
        labels += [k] * len(d)
    return docs, labels


def mllab_split(mllab, n_docs):
    out = subprocess.run([mllab, "tfidf", "--corpus", "fortunes", "--split"], check=True,
                         capture_output=True, text=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    if len(rows) != n_docs:
        sys.exit("bench_text: mllab reads %d documents, this script %d" % (len(rows), n_docs))
    train = [int(r["document"]) for r in rows if r["part"] == "train"]
    test = [int(r["document"]) for r in rows if r["part"] == "test"]
    return train, test


def mllab_run(mllab, algo, max_features, extra):
    cmd = [mllab, "run", algo, "--dataset", "fortunes", "--max-features", str(max_features),
           "--format", "json"] + extra
    t = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - t
    report = json.loads(out)
    return report["metrics"]["accuracy"], report.get("fit_seconds", wall), report


def sklearn_fit(docs, labels, train, test, max_features):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import MultinomialNB
    vec = TfidfVectorizer(max_features=max_features or None)
    Xtr = vec.fit_transform([docs[i] for i in train])
    Xte = vec.transform([docs[i] for i in test])
    ytr = [labels[i] for i in train]
    yte = [labels[i] for i in test]
    result = {"terms": len(vec.vocabulary_)}
    for name, model in (("multinomial_nb", MultinomialNB()),
                        ("logreg", LogisticRegression(C=1.0, max_iter=1000))):
        t = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(Xtr, ytr)
        fit = time.perf_counter() - t
        result[name] = (model.score(Xte, yte), fit)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mllab")
    ap.add_argument("--max-features", default="5000,2000,0",
                    help="vocabulary caps to try, 0 = every term (5000,2000,0)")
    args = ap.parse_args()
    caps = [int(x) for x in args.max_features.split(",")]
    docs, labels = load_corpus()
    train, test = mllab_split(args.mllab, len(docs))
    print("fortunes: %d documents, %d train / %d test (mllab's split, stratified, seed 42)"
          % (len(docs), len(train), len(test)))
    strength = 1.0 / len(train)
    lr_args = ["-p", "iters=100", "-p", "lr=2", "-p", "strength=%.6g" % strength]
    print("%-12s %-15s %8s %10s %10s %9s %9s" % ("max_features", "model", "terms", "mllab acc",
                                                "sklearn", "mllab s", "sklearn s"))
    for cap in caps:
        sk = sklearn_fit(docs, labels, train, test, cap)
        for algo, extra in (("multinomial_nb", []), ("logreg", lr_args)):
            acc, secs, report = mllab_run(args.mllab, algo, cap, extra)
            print("%-12s %-15s %8d %10.4f %10.4f %9.3f %9.3f"
                  % (cap or "all", algo, sk["terms"], acc, sk[algo][0], secs, sk[algo][1]))
    from sklearn.model_selection import train_test_split
    idx = list(range(len(docs)))
    tr, te = train_test_split(idx, test_size=0.2, stratify=labels, random_state=42)
    print("\nscikit-learn on its own split (REFERENCE.md's setting):")
    for cap in (0, 5000):
        sk = sklearn_fit(docs, labels, tr, te, cap)
        print("  max_features %-5s terms %5d  MultinomialNB %.4f  LogisticRegression %.4f"
              % (cap or "all", sk["terms"], sk["multinomial_nb"][0], sk["logreg"][0]))


if __name__ == "__main__":
    main()
