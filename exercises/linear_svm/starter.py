"""linear_svm - your solution (Python with numpy).

Check it with: mllab practice check linear_svm --lang python
"""
import numpy as np


def linear_svm_fit(X, y, lr, lam, n_iter):
    w = np.zeros(X.shape[1])
    b = 0.0
    # TODO: map the labels to -1/+1, then per-sample subgradient steps
    return w, b
