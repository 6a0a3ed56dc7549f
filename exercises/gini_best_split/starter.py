"""gini_best_split - your solution (Python with numpy).

Check it with: mllab practice check gini_best_split --lang python
"""
import numpy as np


def gini(y):
    # TODO: 1 - sum of squared label fractions
    return -1.0


def best_split(X, y):
    # TODO: every midpoint of every feature, the lowest weighted impurity
    return -1, 0.0, -1.0
