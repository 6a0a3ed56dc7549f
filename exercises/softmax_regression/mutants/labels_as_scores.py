"""mutant: forgets the one-hot (subtracts y from every column of P): fails
one_update."""
import numpy as np


def softmax_regression_fit(X, y, k, lr, n_iter):
    n, d = X.shape
    W, b = np.zeros((d, k)), np.zeros(k)
    for _ in range(n_iter):
        Z = X @ W + b
        P = np.exp(Z - Z.max(axis=1, keepdims=True))
        P /= P.sum(axis=1, keepdims=True)
        G = (P - y[:, None]) / n
        W = W - lr * X.T @ G
        b = b - lr * G.sum(axis=0)
    return W, b
