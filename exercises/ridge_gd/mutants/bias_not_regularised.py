"""mutant: leaves the bias out of the penalty (a common convention, but not
this exercise's): fails reference_toy."""
import numpy as np


def ridge_gd(X, y, lam, lr, n_iter):
    Xb = np.hstack([np.ones((len(X), 1)), X])
    W = np.zeros(Xb.shape[1])
    mask = np.r_[0.0, np.ones(X.shape[1])]
    cost = []
    for t in range(n_iter + 1):
        r = Xb @ W - y
        cost.append(r @ r + lam * ((W * mask) @ W))
        if t < n_iter:
            W = W - lr * (2 * Xb.T @ r + 2 * lam * mask * W)
    return W, np.array(cost)
