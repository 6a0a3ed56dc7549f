"""linreg_closed_form - your solution (Python with numpy).

Check it with: mllab practice check linreg_closed_form --lang python
"""
import numpy as np


def linreg_fit(x, y):
    # TODO: the least-squares slope and intercept
    return 0.0, 0.0
