"""mutant: the right output size, but windows start at i and j instead of
i*stride and j*stride: fails one_channel_pad_stride and stride_two_floor."""
import numpy as np


def conv2d(x, weight, bias, stride, pad):
    cout, cin, kh, kw = weight.shape
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad)))
    oh = (x.shape[1] + 2 * pad - kh) // stride + 1
    ow = (x.shape[2] + 2 * pad - kw) // stride + 1
    out = np.zeros((cout, oh, ow))
    for o in range(cout):
        for i in range(oh):
            for j in range(ow):
                out[o, i, j] = (xp[:, i:i + kh, j:j + kw] * weight[o]).sum() + bias[o]
    return out
