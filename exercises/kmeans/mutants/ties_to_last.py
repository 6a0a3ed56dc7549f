"""mutant: ties go to the last nearest centroid (<= instead of <): fails
one_iteration_and_a_tie and tie_goes_to_lowest_index."""
import numpy as np


def kmeans_lloyd(X, init, max_iter):
    centroids = np.array(init, dtype=float)
    labels = np.full(len(X), -1)
    k = len(centroids)
    for _ in range(max_iter):
        d2 = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        new = k - 1 - d2[:, ::-1].argmin(axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        for c in range(k):
            if (labels == c).any():
                centroids[c] = X[labels == c].mean(axis=0)
    return centroids, labels
