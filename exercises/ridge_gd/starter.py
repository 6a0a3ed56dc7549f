"""ridge_gd - your solution (Python with numpy).

Check it with: mllab practice check ridge_gd --lang python
"""
import numpy as np


def ridge_gd(X, y, lam, lr, n_iter):
    W = np.zeros(X.shape[1] + 1)  # bias first
    cost = np.zeros(n_iter + 1)
    # TODO: batch gradient descent from W = 0, recording the cost
    return W, cost
