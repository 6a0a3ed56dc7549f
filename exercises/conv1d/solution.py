"""conv1d - reference solution (Python): pad, take every window with a
strided view, one matrix-vector product (no kernel flip)."""
import numpy as np


def conv1d(x, w, stride, pad):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    k = len(w)
    if pad == "same":
        left = (k - 1) // 2
        right = k - 1 - left
    else:
        left = right = pad
    xp = np.pad(x, (left, right))
    if len(xp) < k:
        return np.zeros(0)
    windows = np.lib.stride_tricks.sliding_window_view(xp, k)[::stride]
    return windows @ w
