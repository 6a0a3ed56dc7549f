"""mutant: makes a leaf when the best split does not lower the impurity (a
common 'optimisation'), so XOR never gets past its root: fails
xor_needs_a_zero_gain_split."""
import numpy as np


def gini(y):
    p = np.bincount(y) / len(y)
    return 1.0 - (p ** 2).sum()


def split(X, y):
    best = (-1, 0.0, gini(y))
    for f in range(X.shape[1]):
        v = np.unique(X[:, f])
        for a, b in zip(v[:-1], v[1:]):
            t = (a + b) / 2
            L, R = y[X[:, f] <= t], y[X[:, f] > t]
            s = (len(L) * gini(L) + len(R) * gini(R)) / len(y)
            if s < best[2] - 1e-12:
                best = (f, t, s)
    return best


def build(X, y, depth, max_depth):
    label = int(np.bincount(y).argmax())
    if depth >= max_depth or np.all(y == y[0]):
        return label
    f, t, _ = split(X, y)
    if f < 0:
        return label
    m = X[:, f] <= t
    return (f, t, build(X[m], y[m], depth + 1, max_depth), build(X[~m], y[~m], depth + 1, max_depth))


def tree_fit_predict(X, y, X_query, max_depth):
    root = build(np.asarray(X, float), np.asarray(y, int), 0, max_depth)
    out = []
    for x in X_query:
        node = root
        while isinstance(node, tuple):
            node = node[2] if x[node[0]] <= node[1] else node[3]
        out.append(node)
    return np.array(out)
