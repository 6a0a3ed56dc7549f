"""linreg_closed_form - reference solution (Python): the centred sums."""
import numpy as np


def linreg_fit(x, y):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    dx = x - x.mean()
    sxx = float(dx @ dx)
    slope = float(dx @ (y - y.mean())) / sxx if sxx > 0 else 0.0
    return slope, float(y.mean() - slope * x.mean())
