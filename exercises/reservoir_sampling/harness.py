"""harness.py - runs the learner's reservoir_sample(stream, k, rng) `trials`
times (see harness.c for the outputs)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    n, k, trials = int(inputs["n"]), int(inputs["k"]), int(inputs["trials"])
    stream = list(range(100, 100 + n))
    rng = mp.Rng(int(inputs["seed"]))
    counts = np.zeros(n, dtype=np.int64)
    duplicates = invalid = 0
    returned = -1
    for t in range(trials):
        with mp.clock:
            sample = list(learner.reservoir_sample(stream, k, rng))
        if t == 0:
            returned = len(sample)
        valid = [s - 100 for s in sample if isinstance(s, (int, np.integer)) and 100 <= s < 100 + n]
        invalid += len(sample) - len(valid)
        duplicates += len(set(valid)) != len(valid)
        for idx in valid:
            counts[idx] += 1
    return {"counts": counts, "duplicates": duplicates, "invalid": invalid,
            "returned": returned}


mp.run(main)
