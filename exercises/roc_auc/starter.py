"""roc_auc - your solution (Python).

Check it with: mllab practice check roc_auc --lang python
"""
import numpy as np


def roc_auc(scores, labels):
    # TODO: P(score of a positive > score of a negative), ties count 1/2
    return 0.0
