"""harness.py - runs the learner's conv2d(x, weight, bias, stride, pad)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    with mp.clock:
        out = learner.conv2d(inputs["x"].copy(), inputs["weight"].copy(), inputs["bias"].copy(),
                             int(inputs["stride"]), int(inputs["pad"]))
    return {"out": np.asarray(out, dtype=float)}


mp.run(main)
