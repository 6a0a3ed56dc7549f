"""harness.py - runs the learner's conv1d(x, w, stride, pad); pad -1 in a
test means "same"."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    pad = int(inputs["pad"])
    with mp.clock:
        out = learner.conv1d(inputs["x"].copy(), inputs["w"].copy(), int(inputs["stride"]),
                             "same" if pad < 0 else pad)
    return {"out": np.asarray(out, dtype=float).reshape(-1)}


mp.run(main)
