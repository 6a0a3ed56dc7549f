"""mutant: breaks a vote tie by the label of the nearest neighbour (the
collections.Counter.most_common habit) instead of the smallest label: fails
vote_tie_smallest_label."""
from collections import Counter

import numpy as np


def knn_predict(X_train, y_train, X_query, k):
    X = np.asarray(X_train, dtype=float)
    Q = np.asarray(X_query, dtype=float)
    D = (Q ** 2).sum(axis=1)[:, None] - 2.0 * Q @ X.T + (X ** 2).sum(axis=1)[None, :]
    nearest = np.argsort(D, axis=1, kind="stable")[:, :k]
    return np.array([Counter(y_train[idx].tolist()).most_common(1)[0][0] for idx in nearest])
