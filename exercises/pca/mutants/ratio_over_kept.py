"""mutant: divides by the variance of the k kept components instead of the
total: fails ratio_over_all_components."""
import numpy as np


def pca(X, k):
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(Xc.T @ Xc / (len(X) - 1))
    order = np.argsort(values)[::-1][:k]
    return vectors[:, order].T, values[order], values[order] / values[order].sum()
