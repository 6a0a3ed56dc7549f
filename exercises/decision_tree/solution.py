"""decision_tree - reference solution (Python): a recursive build over row
indices with the gini best split; nodes are tuples (feature, threshold,
left, right) or a leaf label; majority leaves with ties to the smallest
label."""
import numpy as np


def gini_of_counts(counts, n):
    return 1.0 - ((counts / n) ** 2).sum(axis=-1)


def best_split(X, y):
    """(feature, threshold) of the lowest weighted gini; feature -1 if none."""
    n, d = X.shape
    onehot = np.eye(y.max() + 1)[y]
    best_f, best_t, best_s = -1, 0.0, 0.0
    for f in range(d):
        order = np.argsort(X[:, f], kind="stable")
        v = X[order, f]
        left = np.cumsum(onehot[order], axis=0)[:-1]
        right = onehot.sum(axis=0) - left
        nl = np.arange(1, n)
        score = (nl * gini_of_counts(left, nl[:, None]) +
                 (n - nl) * gini_of_counts(right, (n - nl)[:, None])) / n
        for i in np.flatnonzero(v[1:] != v[:-1]):
            if best_f < 0 or score[i] < best_s - 1e-12:
                best_f, best_t, best_s = f, (v[i] + v[i + 1]) / 2.0, score[i]
    return best_f, best_t


def build(X, y, depth, max_depth):
    label = int(np.bincount(y).argmax())          # ties: the smallest label
    if depth >= max_depth or np.all(y == y[0]):
        return label
    f, t = best_split(X, y)
    if f < 0:                                      # every feature constant
        return label
    go_left = X[:, f] <= t
    return (f, t, build(X[go_left], y[go_left], depth + 1, max_depth),
            build(X[~go_left], y[~go_left], depth + 1, max_depth))


def predict_one(node, x):
    while isinstance(node, tuple):
        f, t, left, right = node
        node = left if x[f] <= t else right
    return node


def tree_fit_predict(X, y, X_query, max_depth):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=int)
    root = build(X, y, 0, max_depth)
    return np.array([predict_one(root, x) for x in np.asarray(X_query, dtype=float)], dtype=int)
