"""harness.py - decodes the words and calls the learner's bigram_counts,
bigram_probs and bigram_nll (see harness.c for the outputs)."""
import math

import numpy as np

import mllab_practice as mp


def decode(codes, lens):
    codes = [int(c) for c in np.asarray(codes).reshape(-1)]
    words, at = [], 0
    for n in np.asarray(lens).reshape(-1):
        words.append("".join(chr(ord("a") + c - 1) for c in codes[at:at + int(n)]))
        at += int(n)
    return words


def main(learner, inputs):
    train = decode(inputs["train_codes"], inputs["train_lens"])
    held = decode(inputs["held_codes"], inputs["held_lens"])
    with mp.clock:
        counts = np.asarray(learner.bigram_counts(list(train)))
        probs = np.asarray(learner.bigram_probs(counts.copy(), float(inputs["k"])), dtype=float)
        nll = float(learner.bigram_nll(probs.copy(), list(held)))
    finite = math.isfinite(nll)
    return {"counts": counts.astype(np.int64).reshape(27, 27), "probs": probs.reshape(27, 27),
            "nll_finite": int(finite), "nll": nll if finite else -1.0}


mp.run(main)
