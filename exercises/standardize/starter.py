"""standardize - your solution (Python with numpy).

Check it with: mllab practice check standardize --lang python
"""
import numpy as np


def standardize(train, test):
    d = train.shape[1]
    mean, std = np.zeros(d), np.ones(d)
    # TODO: mean and std of the training rows, then scale both parts
    return train.copy(), test.copy(), mean, std
