"""maxpool2d - reference solution (Python): every window as a strided view,
argmax over the flattened window (the first of tied maxima), np.add.at for
the backward pass (overlapping windows add up)."""
import numpy as np


def _windows(x, k, stride):
    """(C, OH, OW, k*k) view of every window, and the top-left corners."""
    v = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(1, 2))[:, ::stride, ::stride]
    c, oh, ow = v.shape[:3]
    return v.reshape(c, oh, ow, k * k)


def maxpool2d_forward(x, k, stride):
    return _windows(np.asarray(x, dtype=float), k, stride).max(axis=3)


def maxpool2d_backward(x, k, stride, dout):
    x = np.asarray(x, dtype=float)
    win = _windows(x, k, stride)
    c, oh, ow = win.shape[:3]
    first = win.argmax(axis=3)                       # first maximum, row-major in the window
    ch, i, j = np.meshgrid(np.arange(c), np.arange(oh), np.arange(ow), indexing="ij")
    rows = i * stride + first // k
    cols = j * stride + first % k
    dx = np.zeros_like(x)
    np.add.at(dx, (ch, rows, cols), np.asarray(dout, dtype=float))
    return dx
