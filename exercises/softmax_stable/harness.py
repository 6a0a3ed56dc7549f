"""harness.py - runs the learner's softmax, cross_entropy, cross_entropy_grad."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    z, label = inputs["z"], int(inputs["label"])
    with mp.clock:
        p = learner.softmax(z.copy())
        loss = learner.cross_entropy(z.copy(), label)
        grad = learner.cross_entropy_grad(z.copy(), label)
    return {"p": np.asarray(p, dtype=float), "loss": float(loss),
            "grad": np.asarray(grad, dtype=float)}


mp.run(main)
