"""harness.py - runs the learner's ridge_gd(X, y, lam, lr, n_iter)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    X, n_iter = inputs["X"], int(inputs["n_iter"])
    with mp.clock:
        W, cost = learner.ridge_gd(X.copy(), inputs["y"].copy(), float(inputs["lambda"]),
                                   float(inputs["lr"]), n_iter)
    cost = np.asarray(cost, dtype=float).reshape(-1)
    if cost.size != n_iter + 1:  # a wrong length: report NaN costs
        cost = np.full(n_iter + 1, np.nan)
    return {"W": np.asarray(W, dtype=float).reshape(-1), "cost_start": float(cost[0]),
            "cost_end": float(cost[-1])}


mp.run(main)
