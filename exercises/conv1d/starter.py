"""conv1d - your solution (Python with numpy).

Check it with: mllab practice check conv1d --lang python
"""
import numpy as np


def conv1d(x, w, stride, pad):
    # TODO: padding ("same" or an int), output length, sliding dot products
    return np.zeros(0)
