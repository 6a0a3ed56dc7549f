"""confusion_metrics - your solution (Python with numpy).

Check it with: mllab practice check confusion_metrics --lang python
"""
import numpy as np


def confusion_metrics(y_true, y_pred, k):
    cm = np.zeros((k, k), dtype=int)  # TODO: count
    zeros = np.zeros(k)
    return cm, zeros, zeros, zeros, 0.0  # TODO
