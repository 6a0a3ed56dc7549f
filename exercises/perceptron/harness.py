"""harness.py - runs the learner's perceptron_fit(X, y, lr, epochs) (the data
test on a split is described in harness.c)."""
import numpy as np

import mllab_practice as mp


def predict(X, w):
    return np.where(X @ w[1:] + w[0] >= 0, 1, -1).astype(np.int64)


def run_data(learner, inputs, lr, epochs):
    Xtr, ytr, Xte, yte = mp.split(inputs)
    ytr, yte = np.where(ytr == 1, 1, -1), np.where(yte == 1, 1, -1)
    with mp.clock:
        w, _ = learner.perceptron_fit(Xtr, ytr, lr, epochs)
    return {"accuracy": mp.accuracy(predict(Xte, np.asarray(w, dtype=float).reshape(-1)), yte)}


def main(learner, inputs):
    X, y = inputs["X"], inputs["y"]
    lr, epochs = float(inputs["lr"]), int(inputs["epochs"])
    if "__split" in inputs:
        return run_data(learner, inputs, lr, epochs)
    with mp.clock:
        w, errors = learner.perceptron_fit(X.copy(), y.copy(), lr, epochs)
    w = np.asarray(w, dtype=float).reshape(-1)
    out = {"w": w, "errors": np.asarray(errors).astype(np.int64).reshape(-1)}
    if "X_new" in inputs and w.size == X.shape[1] + 1:
        out["pred"] = predict(inputs["X_new"], w)
    return out


mp.run(main)
