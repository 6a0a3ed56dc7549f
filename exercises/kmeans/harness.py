"""harness.py - runs the learner's kmeans_lloyd(X, init, max_iter)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    X = inputs["X"]
    if "init" in inputs:
        init = inputs["init"]
    else:
        init = X[inputs["init_rows"]]
    with mp.clock:
        centroids, labels = learner.kmeans_lloyd(X.copy(), init.copy(), int(inputs["max_iter"]))
    centroids = np.asarray(centroids, dtype=float).reshape(init.shape)
    labels = np.asarray(labels).astype(np.int64).reshape(-1)
    if labels.size == len(X) and labels.min(initial=0) >= 0 and labels.max(initial=0) < len(init):
        inertia = float(((X - centroids[labels]) ** 2).sum())
    else:
        inertia = -1.0
    return {"centroids": centroids, "labels": labels, "inertia": inertia}


mp.run(main)
