"""harness.py - runs the learner's uniform_sample(n, k, rng) `trials` times
(see harness.c for the outputs)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    n, k, trials = int(inputs["n"]), int(inputs["k"]), int(inputs["trials"])
    by_subset = int(inputs["by_subset"]) == 1
    rng = mp.Rng(int(inputs["seed"]))
    items = np.zeros(n, dtype=np.int64)
    by_mask = np.zeros(1 << n if by_subset else 1, dtype=np.int64)
    duplicates = invalid = 0
    for _ in range(trials):
        with mp.clock:
            sample = list(learner.uniform_sample(n, k, rng))
        valid = [int(s) for s in sample if isinstance(s, (int, np.integer)) and 0 <= s < n]
        invalid += len(sample) - len(valid) + max(0, k - len(sample))
        duplicates += len(set(valid)) != len(valid)
        for s in valid:
            items[s] += 1
        if by_subset:
            by_mask[sum(1 << s for s in set(valid))] += 1
    out = {"duplicates": duplicates, "invalid": invalid}
    if by_subset:
        out["subsets"] = np.array([by_mask[m] for m in range(1 << n) if bin(m).count("1") == k],
                                  dtype=np.int64)
    else:
        out["items"] = items
    return out


mp.run(main)
