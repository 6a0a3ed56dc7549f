"""mutant: output size floor((H + 2*pad - kh) / stride) without the + 1
(one row and column short): fails one_channel_valid."""
import numpy as np


def conv2d(x, weight, bias, stride, pad):
    cout, cin, kh, kw = weight.shape
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad)))
    oh = (x.shape[1] + 2 * pad - kh) // stride
    ow = (x.shape[2] + 2 * pad - kw) // stride
    out = np.zeros((cout, oh, ow))
    for o in range(cout):
        for i in range(oh):
            for j in range(ow):
                win = xp[:, i * stride:i * stride + kh, j * stride:j * stride + kw]
                out[o, i, j] = (win * weight[o]).sum() + bias[o]
    return out
