"""linear_svm - reference solution (Python): labels 0/1 mapped to -1/+1,
then per-sample subgradient steps on lam |w|^2 + hinge, score w.x - b."""
import numpy as np


def linear_svm_fit(X, y, lr, lam, n_iter):
    X = np.asarray(X, dtype=float)
    t = np.where(np.asarray(y) == 1, 1.0, -1.0)
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(n_iter):
        for x, ti in zip(X, t):
            if ti * (x @ w - b) >= 1:
                w = w - lr * (2 * lam * w)
            else:
                w = w - lr * (2 * lam * w - ti * x)
                b = b - lr * ti
    return w, float(b)
