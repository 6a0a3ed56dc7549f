"""harness.py - runs the learner's perceptron_fit(X, y, lr, epochs) (the data
test with a floor is described in harness.c)."""
import numpy as np

import mllab_practice as mp


def predict(X, w):
    return np.where(X @ w[1:] + w[0] >= 0, 1, -1).astype(np.int64)


def run_data(learner, X, y, lr, epochs, floor):
    y = np.where(y == 1, 1, -1)
    train = np.arange(len(X)) % 5 != 0
    mean, sd = X[train].mean(axis=0), X[train].std(axis=0)
    X = (X - mean) / np.where(sd > 0, sd, 1.0)
    with mp.clock:
        w, _ = learner.perceptron_fit(X[train], y[train], lr, epochs)
    pred = predict(X[~train], np.asarray(w, dtype=float).reshape(-1))
    return {"accuracy_or_floor": min(float(np.mean(pred == y[~train])), floor)}


def main(learner, inputs):
    X, y = inputs["X"], inputs["y"]
    lr, epochs = float(inputs["lr"]), int(inputs["epochs"])
    if "floor" in inputs:
        return run_data(learner, X, y, lr, epochs, float(inputs["floor"]))
    with mp.clock:
        w, errors = learner.perceptron_fit(X.copy(), y.copy(), lr, epochs)
    w = np.asarray(w, dtype=float).reshape(-1)
    out = {"w": w, "errors": np.asarray(errors).astype(np.int64).reshape(-1)}
    if "X_new" in inputs and w.size == X.shape[1] + 1:
        out["pred"] = predict(inputs["X_new"], w)
    return out


mp.run(main)
