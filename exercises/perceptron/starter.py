"""perceptron - your solution (Python with numpy).

Check it with: mllab practice check perceptron --lang python
"""
import numpy as np


def perceptron_fit(X, y, lr, epochs):
    w = np.zeros(X.shape[1] + 1)  # bias first
    errors = [0] * epochs
    # TODO: epochs of online updates from w = 0, counting the mistakes
    return w, errors
