"""ridge_gd - reference solution (Python): batch gradient descent on
sum((yhat - y)^2) + lam * ||W||^2, bias first and regularised."""
import numpy as np


def ridge_gd(X, y, lam, lr, n_iter):
    Xb = np.hstack([np.ones((len(X), 1)), np.asarray(X, dtype=float)])
    y = np.asarray(y, dtype=float)
    W = np.zeros(Xb.shape[1])

    def cost_of(W):
        r = Xb @ W - y
        return float(r @ r + lam * (W @ W))

    cost = [cost_of(W)]
    for _ in range(n_iter):
        grad = 2.0 * Xb.T @ (Xb @ W - y) + 2.0 * lam * W
        W = W - lr * grad
        cost.append(cost_of(W))
    return W, np.array(cost)
