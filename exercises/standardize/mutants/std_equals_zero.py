"""mutant: detects a constant feature by std == 0 (misses the 1.4e-17 std of
[0.1, 0.1, 0.1]): fails constant_fraction."""
import numpy as np


def standardize(train, test):
    mean = train.mean(axis=0)
    std = train.std(axis=0)
    std[std == 0] = 1.0
    return (train - mean) / std, (test - mean) / std, mean, std
