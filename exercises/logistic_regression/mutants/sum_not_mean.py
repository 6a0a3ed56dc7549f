"""mutant: the gradient of the summed (not mean) cross-entropy, an n times
larger step: fails reference_toy and one_update."""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def bce_loss(z, y):
    return float(np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))))


def logistic_fit(X, y, lr, n_iter):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_iter):
        r = sigmoid(X @ w + b) - y
        w, b = w - lr * (X.T @ r), b - lr * r.sum()
    return w, b
