"""mutant: a threshold between every pair of consecutive sorted values, equal
ones included (so a constant feature "splits" into everything | nothing):
fails all_features_constant."""
import numpy as np


def gini(y):
    p = np.bincount(np.asarray(y, dtype=int)) / max(len(y), 1)
    return float(1.0 - (p ** 2).sum())


def best_split(X, y):
    n, d = X.shape
    best = (-1, 0.0, gini(y))
    for f in range(d):
        v = np.sort(X[:, f])
        for i in range(n - 1):
            t = (v[i] + v[i + 1]) / 2.0
            left, right = y[X[:, f] <= t], y[X[:, f] > t]
            s = (len(left) * gini(left) + len(right) * gini(right)) / n
            if best[0] < 0 or s < best[2] - 1e-12:
                best = (f, t, s)
    return best
