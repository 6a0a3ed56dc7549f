"""softmax_stable - your solution (Python with numpy).

Check it with: mllab practice check softmax_stable --lang python
"""
import numpy as np


def softmax(z):
    # TODO: stable softmax (this naive version overflows)
    e = np.exp(z)
    return e / e.sum()


def cross_entropy(z, label):
    return 0.0  # TODO


def cross_entropy_grad(z, label):
    return np.zeros_like(z)  # TODO
