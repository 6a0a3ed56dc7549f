"""harness.py - runs the learner's softmax_regression_fit(X, y, k, lr, n_iter)
(the data test with a floor is described in harness.c)."""
import numpy as np

import mllab_practice as mp


def run_data(learner, X, y, k, lr, n_iter, floor):
    train = np.arange(len(X)) % 5 != 0
    mean, sd = X[train].mean(axis=0), X[train].std(axis=0)
    X = (X - mean) / np.where(sd > 0, sd, 1.0)
    with mp.clock:
        W, b = learner.softmax_regression_fit(X[train], y[train], k, lr, n_iter)
    scores = X[~train] @ np.asarray(W, dtype=float).reshape(X.shape[1], k) + np.asarray(b)
    return {"accuracy_or_floor": min(float(np.mean(scores.argmax(axis=1) == y[~train])), floor)}


def main(learner, inputs):
    X, y, k = inputs["X"], inputs["y"], int(inputs["k"])
    lr, n_iter = float(inputs["lr"]), int(inputs["n_iter"])
    if "floor" in inputs:
        return run_data(learner, X, y, k, lr, n_iter, float(inputs["floor"]))
    with mp.clock:
        W, b = learner.softmax_regression_fit(X.copy(), y.copy(), k, lr, n_iter)
    W = np.asarray(W, dtype=float)
    b = np.asarray(b, dtype=float).reshape(-1)
    out = {"W": W, "b": b}
    if "X_new" in inputs and W.shape == (X.shape[1], k) and b.size == k:
        out["pred"] = (inputs["X_new"] @ W + b).argmax(axis=1).astype(np.int64)
    return out


mp.run(main)
