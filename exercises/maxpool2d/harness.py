"""harness.py - runs the learner's maxpool2d_forward(x, k, stride) and
maxpool2d_backward(x, k, stride, dout)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    x, k, stride = inputs["x"], int(inputs["k"]), int(inputs["stride"])
    with mp.clock:
        out = learner.maxpool2d_forward(x.copy(), k, stride)
        dx = learner.maxpool2d_backward(x.copy(), k, stride, inputs["dout"].copy())
    return {"out": np.asarray(out, dtype=float), "dx": np.asarray(dx, dtype=float)}


mp.run(main)
