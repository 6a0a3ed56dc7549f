"""harness.py - runs the learner's sigmoid, bce_loss and logistic_fit (the
three kinds of test are described in harness.c)."""
import numpy as np

import mllab_practice as mp


def run_scores(learner, inputs):
    z = inputs["z"]
    with mp.clock:
        p = learner.sigmoid(z.copy())
    out = {"p": np.asarray(p, dtype=float).reshape(-1)}
    if "y" in inputs:
        with mp.clock:
            out["loss"] = float(learner.bce_loss(z.copy(), inputs["y"].copy()))
    return out


def run_data(learner, inputs, lr, n_iter):
    Xtr, ytr, Xte, yte = mp.split(inputs)
    with mp.clock:
        w, b = learner.logistic_fit(Xtr, ytr, lr, n_iter)
    pred = (Xte @ np.asarray(w, dtype=float).reshape(-1) + float(b) >= 0).astype(int)
    return {"accuracy": mp.accuracy(pred, yte)}


def main(learner, inputs):
    if "z" in inputs:
        return run_scores(learner, inputs)
    X, y = inputs["X"], inputs["y"]
    lr, n_iter = float(inputs["lr"]), int(inputs["n_iter"])
    if "__split" in inputs:
        return run_data(learner, inputs, lr, n_iter)
    with mp.clock:
        w, b = learner.logistic_fit(X.copy(), y.copy(), lr, n_iter)
    w = np.asarray(w, dtype=float).reshape(-1)
    out = {"w": w, "b": float(b)}
    if "X_new" in inputs and w.size == X.shape[1]:
        out["pred"] = (inputs["X_new"] @ w + float(b) >= 0).astype(np.int64)
    return out


mp.run(main)
