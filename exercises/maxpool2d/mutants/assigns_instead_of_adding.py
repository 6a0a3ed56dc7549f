"""mutant: dx[argmax] = dout instead of +=, so overlapping windows overwrite
each other's gradient: fails overlapping_windows_accumulate."""
import numpy as np


def maxpool2d_forward(x, k, stride):
    c, h, w = x.shape
    oh, ow = (h - k) // stride + 1, (w - k) // stride + 1
    out = np.empty((c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            out[:, i, j] = x[:, i * stride:i * stride + k, j * stride:j * stride + k].reshape(c, -1).max(1)
    return out


def maxpool2d_backward(x, k, stride, dout):
    c, h, w = x.shape
    dx = np.zeros_like(x)
    for ch in range(c):
        for i in range(dout.shape[1]):
            for j in range(dout.shape[2]):
                win = x[ch, i * stride:i * stride + k, j * stride:j * stride + k]
                a, b = divmod(int(win.argmax()), k)
                dx[ch, i * stride + a, j * stride + b] = dout[ch, i, j]
    return dx
