"""mutant: the loss as -[y log p + (1-y) log(1-p)] of the rounded
probabilities (infinite when p rounds to 0 or 1): fails sigmoid_and_loss."""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def bce_loss(z, y):
    p = sigmoid(z)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def logistic_fit(X, y, lr, n_iter):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_iter):
        r = sigmoid(X @ w + b) - y
        w, b = w - lr * (X.T @ r) / len(y), b - lr * r.mean()
    return w, b
