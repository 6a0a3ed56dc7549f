"""harness.py - runs the learner's standardize(train, test) (with an input
n_train: the first n_train rows of data are the training part)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    if "data" in inputs:
        n_train = int(inputs["n_train"])
        train, test = inputs["data"][:n_train], inputs["data"][n_train:]
    else:
        train, test = inputs["train"], inputs["test"]
    with mp.clock:
        train_out, test_out, mean, std = learner.standardize(train.copy(), test.copy())
    return {"mean": np.asarray(mean, dtype=float).reshape(-1),
            "std": np.asarray(std, dtype=float).reshape(-1),
            "train_out": np.asarray(train_out, dtype=float),
            "test_out": np.asarray(test_out, dtype=float)}


mp.run(main)
