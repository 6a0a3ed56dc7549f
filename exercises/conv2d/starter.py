"""conv2d - your solution (Python with numpy).

Check it with: mllab practice check conv2d --lang python
"""
import numpy as np


def conv2d(x, weight, bias, stride, pad):
    cout, _, kh, kw = weight.shape
    oh = (x.shape[1] + 2 * pad - kh) // stride + 1
    ow = (x.shape[2] + 2 * pad - kw) // stride + 1
    # TODO: out[o, i, j] = bias[o] + sum over c, a, b of weight * padded x
    return np.zeros((cout, oh, ow))
