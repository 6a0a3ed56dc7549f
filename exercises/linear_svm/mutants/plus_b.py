"""mutant: the score as w.x + b (with this exercise's b update, the offset
then moves the wrong way): fails two_clusters."""
import numpy as np


def linear_svm_fit(X, y, lr, lam, n_iter):
    t = np.where(y == 1, 1.0, -1.0)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_iter):
        for x, ti in zip(X, t):
            if ti * (x @ w + b) >= 1:
                w = w - lr * (2 * lam * w)
            else:
                w = w - lr * (2 * lam * w - ti * x)
                b = b - lr * ti
    return w, b
