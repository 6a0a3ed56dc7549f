"""harness.py - runs the learner's linear_svm_fit(X, y, lr, lam, n_iter) (the
outputs and the data test on a split are described in harness.c)."""
import numpy as np

import mllab_practice as mp


def predict(X, w, b):
    return (X @ w - b >= 0).astype(np.int64)


def run_data(learner, inputs, lr, lam, n_iter):
    Xtr, ytr, Xte, yte = mp.split(inputs)
    with mp.clock:
        w, b = learner.linear_svm_fit(Xtr, ytr, lr, lam, n_iter)
    pred = predict(Xte, np.asarray(w, dtype=float).reshape(-1), float(b))
    return {"accuracy": mp.accuracy(pred, yte)}


def main(learner, inputs):
    X, y = inputs["X"], inputs["y"]
    lr, lam, n_iter = float(inputs["lr"]), float(inputs["lambda"]), int(inputs["n_iter"])
    if "__split" in inputs:
        return run_data(learner, inputs, lr, lam, n_iter)
    with mp.clock:
        w, b = learner.linear_svm_fit(X.copy(), y.copy(), lr, lam, n_iter)
    w, b = np.asarray(w, dtype=float).reshape(-1), float(b)
    acc = float(np.mean(predict(X, w, b) == y)) if w.size == X.shape[1] else float("nan")
    out = {"train_accuracy": acc, "w": w, "b": b}
    if "X_new" in inputs and w.size == X.shape[1]:
        out["pred"] = predict(inputs["X_new"], w, b)
    return out


mp.run(main)
