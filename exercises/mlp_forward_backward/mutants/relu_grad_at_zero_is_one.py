"""mutant: masks with Z1 >= 0, so the ReLU's derivative at exactly 0 is 1:
fails relu_at_exactly_zero."""
import numpy as np


def mlp_forward_backward(X, y, W1, b1, W2, b2):
    n = len(X)
    Z1 = X @ W1 + b1
    A1 = np.maximum(Z1, 0)
    Z2 = A1 @ W2 + b2
    Z2 = Z2 - Z2.max(axis=1, keepdims=True)
    P = np.exp(Z2) / np.exp(Z2).sum(axis=1, keepdims=True)
    loss = float(np.mean(np.log(np.exp(Z2).sum(axis=1)) - Z2[np.arange(n), y]))
    d2 = P.copy()
    d2[np.arange(n), y] -= 1
    d2 /= n
    d1 = (d2 @ W2.T) * (Z1 >= 0)
    return P, loss, X.T @ d1, d1.sum(0), A1.T @ d2, d2.sum(0)
