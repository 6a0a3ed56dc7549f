"""softmax_regression - your solution (Python with numpy).

Check it with: mllab practice check softmax_regression --lang python
"""
import numpy as np


def softmax_regression_fit(X, y, k, lr, n_iter):
    W = np.zeros((X.shape[1], k))
    b = np.zeros(k)
    # TODO: batch gradient descent from zero, with a stable softmax
    return W, b
