"""standardize - reference solution (Python): mean and population std of
the training rows only (std 1 for a constant feature), applied to both
parts."""
import numpy as np


def standardize(train, test):
    train = np.asarray(train, dtype=float)
    test = np.asarray(test, dtype=float)
    mean = train.mean(axis=0)
    std = train.std(axis=0)  # ddof 0
    std[(train == train[0]).all(axis=0)] = 1.0  # constant features
    return (train - mean) / std, (test - mean) / std, mean, std
