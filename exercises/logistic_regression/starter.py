"""logistic_regression - your solution (Python with numpy).

Check it with: mllab practice check logistic_regression --lang python
"""
import numpy as np


def sigmoid(z):
    return np.full(np.shape(z), 0.5)  # TODO: stable for any z


def bce_loss(z, y):
    return 0.0  # TODO: the mean cross-entropy, computed from z


def logistic_fit(X, y, lr, n_iter):
    w = np.zeros(X.shape[1])
    b = 0.0
    # TODO: gradient descent from zero
    return w, b
