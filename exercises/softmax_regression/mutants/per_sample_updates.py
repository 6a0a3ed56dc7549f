"""mutant: stochastic updates, one per sample, instead of one batch update
per iteration: fails one_update."""
import numpy as np


def softmax_regression_fit(X, y, k, lr, n_iter):
    n, d = X.shape
    W, b = np.zeros((d, k)), np.zeros(k)
    for _ in range(n_iter):
        for i in range(n):
            z = X[i] @ W + b
            p = np.exp(z - z.max())
            p /= p.sum()
            p[y[i]] -= 1.0
            W -= lr * np.outer(X[i], p) / n
            b -= lr * p / n
    return W, b
