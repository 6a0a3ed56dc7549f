"""mlp_forward_backward - reference solution (Python): forward pass with a
stable softmax, the mean cross-entropy, and backpropagation as matrix
products."""
import numpy as np


def mlp_forward_backward(X, y, W1, b1, W2, b2):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=int)
    n = len(X)
    Z1 = X @ W1 + b1
    A1 = np.maximum(Z1, 0.0)
    Z2 = A1 @ W2 + b2
    shifted = Z2 - Z2.max(axis=1, keepdims=True)          # stable softmax
    log_sum = np.log(np.exp(shifted).sum(axis=1))
    P = np.exp(shifted - log_sum[:, None])
    loss = float(np.mean(log_sum - shifted[np.arange(n), y]))
    d2 = P.copy()
    d2[np.arange(n), y] -= 1.0
    d2 /= n                                                # gradient of the mean
    dW2, db2 = A1.T @ d2, d2.sum(axis=0)
    d1 = (d2 @ W2.T) * (Z1 > 0)                            # ReLU'(0) = 0
    dW1, db1 = X.T @ d1, d1.sum(axis=0)
    return P, loss, dW1, db1, dW2, db2
