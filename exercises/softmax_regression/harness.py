"""harness.py - runs the learner's softmax_regression_fit(X, y, k, lr, n_iter)
(the data test on a split is described in harness.c)."""
import numpy as np

import mllab_practice as mp


def run_data(learner, inputs, k, lr, n_iter):
    Xtr, ytr, Xte, yte = mp.split(inputs)
    with mp.clock:
        W, b = learner.softmax_regression_fit(Xtr, ytr, k, lr, n_iter)
    scores = Xte @ np.asarray(W, dtype=float).reshape(Xte.shape[1], k) + np.asarray(b)
    return {"accuracy": mp.accuracy(scores.argmax(axis=1), yte)}


def main(learner, inputs):
    X, y, k = inputs["X"], inputs["y"], int(inputs["k"])
    lr, n_iter = float(inputs["lr"]), int(inputs["n_iter"])
    if "__split" in inputs:
        return run_data(learner, inputs, k, lr, n_iter)
    with mp.clock:
        W, b = learner.softmax_regression_fit(X.copy(), y.copy(), k, lr, n_iter)
    W = np.asarray(W, dtype=float)
    b = np.asarray(b, dtype=float).reshape(-1)
    out = {"W": W, "b": b}
    if "X_new" in inputs and W.shape == (X.shape[1], k) and b.size == k:
        out["pred"] = (inputs["X_new"] @ W + b).argmax(axis=1).astype(np.int64)
    return out


mp.run(main)
