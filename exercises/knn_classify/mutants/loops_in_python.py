"""mutant: a correct vote, but a pure-Python double loop for the distances,
and k not clamped to n with a list that runs out: fails k_larger_than_n
(an IndexError names the test)."""
import numpy as np


def knn_predict(X_train, y_train, X_query, k):
    pred = []
    for q in X_query:
        dist = [float(((q - x) ** 2).sum()) for x in X_train]
        order = sorted(range(len(dist)), key=lambda j: dist[j])
        counts = np.zeros(100, dtype=int)
        for t in range(k):
            counts[y_train[order[t]]] += 1
        pred.append(int(counts.argmax()))
    return np.array(pred)
