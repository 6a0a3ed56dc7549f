"""gini_best_split - reference solution (Python): gini from label counts;
the best split by sorting each feature once and sweeping cumulative label
counts (every candidate threshold of a feature scored at once)."""
import numpy as np


def gini(y):
    y = np.asarray(y, dtype=int)
    if len(y) == 0:
        return 0.0
    p = np.bincount(y) / len(y)
    return float(1.0 - (p ** 2).sum())


def best_split(X, y):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=int)
    n, d = X.shape
    best_f, best_t, best_s = -1, 0.0, gini(y)
    onehot = np.eye(y.max() + 1 if n else 1)[y]          # n x classes
    for f in range(d):
        order = np.argsort(X[:, f], kind="stable")
        v = X[order, f]
        left = np.cumsum(onehot[order], axis=0)[:-1]     # counts of rows 0..i on the left
        right = left[-1:] + onehot[order][-1] - left if n > 1 else left
        nl = np.arange(1, n)[:, None]
        nr = n - nl
        g_left = 1.0 - ((left / nl) ** 2).sum(axis=1)
        g_right = 1.0 - ((right / nr) ** 2).sum(axis=1)
        score = (nl[:, 0] * g_left + nr[:, 0] * g_right) / n
        for i in np.flatnonzero(v[1:] != v[:-1]):        # thresholds between distinct values
            if best_f < 0 or score[i] < best_s - 1e-12:
                best_f, best_t, best_s = f, (v[i] + v[i + 1]) / 2.0, float(score[i])
    return best_f, best_t, best_s
