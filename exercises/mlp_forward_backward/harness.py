"""harness.py - runs the learner's mlp_forward_backward(X, y, W1, b1, W2, b2)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    X, y = inputs["X"], inputs["y"]
    W1, b1, W2, b2 = inputs["W1"], inputs["b1"], inputs["W2"], inputs["b2"]
    with mp.clock:
        probs, loss, dW1, db1, dW2, db2 = learner.mlp_forward_backward(
            X.copy(), y.copy(), W1.copy(), b1.copy(), W2.copy(), b2.copy())
    f = lambda a: np.asarray(a, dtype=float)
    return {"probs": f(probs), "loss": float(loss), "dW1": f(dW1), "db1": f(db1).reshape(-1),
            "dW2": f(dW2), "db2": f(db2).reshape(-1)}


mp.run(main)
