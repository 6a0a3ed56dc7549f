"""harness.py - runs the learner's stratified_split(y, test_num, test_den,
rng) `trials` times (see harness.c for the outputs)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    y = np.asarray(inputs["y"], dtype=np.int64).reshape(-1)
    n = len(y)
    nclasses = int(y.max()) + 1 if n else 0
    num, den = int(inputs["test_num"]), int(inputs["test_den"])
    chi_class = int(inputs["chi_class"])
    rng = mp.Rng(int(inputs["seed"]))
    first = None
    inconsistent = partition_errors = 0
    in_test = np.zeros(n, dtype=np.int64)
    for _ in range(int(inputs["trials"])):
        with mp.clock:
            train, test = learner.stratified_split(y.copy(), num, den, rng)
        train = [int(i) for i in train]
        test = [int(i) for i in test]
        if sorted(train + test) != list(range(n)):
            partition_errors += 1
            continue
        per_class = np.bincount(y[test], minlength=nclasses) if test else np.zeros(nclasses, int)
        if first is None:
            first = per_class
        inconsistent += not np.array_equal(first, per_class)
        for i in test:
            in_test[i] += y[i] == chi_class
    if first is None:
        first = np.zeros(nclasses, dtype=np.int64)
    return {"test_per_class": np.asarray(first, dtype=np.int64), "inconsistent": inconsistent,
            "partition_errors": partition_errors, "in_test": in_test[y == chi_class]}


mp.run(main)
