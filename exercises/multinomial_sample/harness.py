"""harness.py - calls the learner's multinomial_sample(w, m, rng) once (see
harness.c for the outputs)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    w = np.asarray(inputs["w"], dtype=float).reshape(-1)
    k, m, unit = len(w), int(inputs["m"]), float(inputs["unit"])
    own = [int(round(x / unit)) for x in w]
    start = np.concatenate([[0], np.cumsum(own)]).astype(int)
    rng = mp.Rng(int(inputs["seed"]))
    spread = mp.Rng(int(inputs["seed"]) + 7777)
    with mp.clock:
        draws = list(learner.multinomial_sample(w.copy(), m, rng))
    counts = np.zeros(k, dtype=np.int64)
    slots = np.zeros(int(start[-1]), dtype=np.int64)
    invalid = max(0, m - len(draws))
    zero_weight_draws = 0
    for i in draws:
        if not isinstance(i, (int, np.integer)) or not 0 <= i < k:
            invalid += 1
            continue
        counts[i] += 1
        if own[i] == 0:
            zero_weight_draws += 1
        else:
            slots[start[i] + spread.below(own[i])] += 1
    return {"counts": counts, "slots": slots, "invalid": invalid,
            "zero_weight_draws": zero_weight_draws}


mp.run(main)
