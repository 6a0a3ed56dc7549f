"""harness.py - provides rand7() (seeded, counted) and calls the learner's
rand10(rand7) `draws` times (see harness.c for the outputs)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    draws = int(inputs["draws"])
    rng = mp.Rng(int(inputs["seed"]))
    calls = [0]

    def rand7():
        calls[0] += 1
        return 1 + rng.below(7)

    counts = np.zeros(10, dtype=np.int64)
    invalid = 0
    for _ in range(draws):
        with mp.clock:
            v = learner.rand10(rand7)
        if isinstance(v, (int, np.integer)) and 1 <= v <= 10:
            counts[v - 1] += 1
        else:
            invalid += 1
    return {"counts": counts, "invalid": invalid,
            "calls_per_draw": calls[0] / draws if draws else 0.0}


mp.run(main)
