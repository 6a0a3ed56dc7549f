"""mutant: the sample std (ddof 1) instead of the population std: fails
fit_on_train_only."""
import numpy as np


def standardize(train, test):
    mean = train.mean(axis=0)
    std = train.std(axis=0, ddof=1) if len(train) > 1 else np.zeros(train.shape[1])
    std[(train == train[0]).all(axis=0)] = 1.0
    return (train - mean) / std, (test - mean) / std, mean, std
