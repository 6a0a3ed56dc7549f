"""harness.py - runs the learner's pca(X, k); normalises the components'
signs as harness.c does."""
import numpy as np

import mllab_practice as mp


def normalise_sign(v):
    big = np.abs(v).max(initial=0.0)
    first = np.flatnonzero(np.abs(v) >= big - 1e-9)
    return -v if first.size and v[first[0]] < 0 else v


def main(learner, inputs):
    X, k = inputs["X"], int(inputs["k"])
    with mp.clock:
        comp, var, ratio = learner.pca(X.copy(), k)
    comp = np.asarray(comp, dtype=float)
    if comp.ndim == 2:
        comp = np.array([normalise_sign(row) for row in comp]).reshape(comp.shape)
    return {"components": comp, "explained_variance": np.asarray(var, dtype=float).reshape(-1),
            "explained_variance_ratio": np.asarray(ratio, dtype=float).reshape(-1)}


mp.run(main)
