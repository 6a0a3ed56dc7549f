"""harness.py - provides rand32() (seeded) and calls the learner's
random_int_range(lo, hi, rand32) `draws` times (see harness.c for the
outputs)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    lo, hi = int(inputs["lo"]), int(inputs["hi"])
    draws, nbins = int(inputs["draws"]), int(inputs["nbins"])
    width = (hi - lo + 1) // nbins
    rng = mp.Rng(int(inputs["seed"]))

    def rand32():
        return rng.u64() >> 32

    bins = np.zeros(nbins, dtype=np.int64)
    out_of_range = 0
    for _ in range(draws):
        with mp.clock:
            v = learner.random_int_range(lo, hi, rand32)
        if isinstance(v, (int, np.integer)) and lo <= v <= hi:
            bins[(int(v) - lo) // width] += 1
        else:
            out_of_range += 1
    return {"bins": bins, "out_of_range": out_of_range}


mp.run(main)
