"""mutant: forgets the factor 2 of the data term (same minimum, slower
descent): passes the converged toy, fails one_update."""
import numpy as np


def ridge_gd(X, y, lam, lr, n_iter):
    Xb = np.hstack([np.ones((len(X), 1)), X])
    W = np.zeros(Xb.shape[1])
    cost = []
    for t in range(n_iter + 1):
        r = Xb @ W - y
        cost.append(r @ r + lam * (W @ W))
        if t < n_iter:
            W = W - lr * (Xb.T @ r + lam * W)
    return W, np.array(cost)
