"""mutant: scores a split by the plain mean of the two impurities instead of
weighting them by size: fails unsorted_with_duplicates, three_classes."""
import numpy as np


def gini(y):
    p = np.bincount(np.asarray(y, dtype=int)) / max(len(y), 1)
    return float(1.0 - (p ** 2).sum())


def best_split(X, y):
    n, d = X.shape
    best = (-1, 0.0, gini(y))
    for f in range(d):
        v = np.unique(X[:, f])
        for a, b in zip(v[:-1], v[1:]):
            t = (a + b) / 2.0
            s = (gini(y[X[:, f] <= t]) + gini(y[X[:, f] > t])) / 2.0
            if best[0] < 0 or s < best[2] - 1e-12:
                best = (f, t, s)
    return best
