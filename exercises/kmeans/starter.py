"""kmeans - your solution (Python with numpy).

Check it with: mllab practice check kmeans --lang python
"""
import numpy as np


def kmeans_lloyd(X, init, max_iter):
    centroids = np.array(init, dtype=float)
    labels = np.zeros(len(X), dtype=int)
    # TODO: assign, update, repeat until nothing changes
    return centroids, labels
