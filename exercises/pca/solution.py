"""pca - reference solution (Python): covariance of the centred data and
numpy's symmetric eigen-decomposition, sorted by decreasing variance."""
import numpy as np


def pca(X, k):
    X = np.asarray(X, dtype=float)
    Xc = X - X.mean(axis=0)
    C = Xc.T @ Xc / (len(X) - 1)
    values, vectors = np.linalg.eigh(C)  # increasing order
    order = np.argsort(values)[::-1][:k]
    total = np.trace(C)  # the sum of all eigenvalues
    return vectors[:, order].T, values[order], values[order] / total
