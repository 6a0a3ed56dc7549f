"""mutant: the covariance divided by n instead of n - 1 (the components and
ratios are right, the variances 10% small on ten points): fails ten_points."""
import numpy as np


def pca(X, k):
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(Xc.T @ Xc / len(X))
    order = np.argsort(values)[::-1][:k]
    return vectors[:, order].T, values[order], values[order] / values.sum()
