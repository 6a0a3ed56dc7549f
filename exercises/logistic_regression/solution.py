"""logistic_regression - reference solution (Python): a sigmoid that never
overflows, the cross-entropy from the logits, vectorised gradient descent."""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def bce_loss(z, y):
    z = np.asarray(z, dtype=float)
    return float(np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))))


def logistic_fit(X, y, lr, n_iter):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(n_iter):
        r = sigmoid(X @ w + b) - y  # dLoss/dz
        w = w - lr * (X.T @ r) / len(y)
        b = b - lr * r.mean()
    return w, float(b)
