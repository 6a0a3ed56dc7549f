"""kmeans - reference solution (Python): Lloyd's iteration from the given
centroids, vectorised distances, empty clusters keep their centroid."""
import numpy as np


def kmeans_lloyd(X, init, max_iter):
    X = np.asarray(X, dtype=float)
    centroids = np.array(init, dtype=float)
    labels = np.full(len(X), -1)
    for _ in range(max_iter):
        # squared distances n x k; argmin takes the lowest index on ties
        d2 = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        new = d2.argmin(axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        for c in range(len(centroids)):
            members = X[labels == c]
            if len(members):
                centroids[c] = members.mean(axis=0)
    return centroids, labels
