"""mutant: no guard for a constant feature (0/0 gives NaN: fails constant_feature)."""
import numpy as np


def linreg_fit(x, y):
    dx = x - x.mean()
    with np.errstate(all="ignore"):
        slope = float(dx @ (y - y.mean())) / float(dx @ dx) if float(dx @ dx) else float("nan")
    return slope, float(y.mean() - slope * x.mean())
