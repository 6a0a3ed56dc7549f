"""mutant: np.convolve, which flips the kernel (a true convolution, not the
cross-correlation of deep learning): fails reference_same."""
import numpy as np


def conv1d(x, w, stride, pad):
    k = len(w)
    left = (k - 1) // 2 if pad == "same" else pad
    right = k - 1 - left if pad == "same" else pad
    xp = np.pad(np.asarray(x, float), (left, right))
    if len(xp) < k:
        return np.zeros(0)
    return np.convolve(xp, w, mode="valid")[::stride]
