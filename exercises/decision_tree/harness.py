"""harness.py - runs the learner's tree_fit_predict(X, y, X_query, max_depth):
on given arrays, or on a labelled set X, y split into even rows (training)
and odd rows (queries); writes the predictions and, when the true labels are
known, the accuracy."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    if "X" in inputs:
        X, y = inputs["X"], inputs["y"]
        Xtr, ytr, Xq, yq = X[0::2], y[0::2], X[1::2], y[1::2]
    else:
        Xtr, ytr, Xq = inputs["X_train"], inputs["y_train"], inputs["X_query"]
        yq = inputs.get("y_query")
    with mp.clock:
        pred = learner.tree_fit_predict(Xtr.copy(), ytr.copy(), Xq.copy(), int(inputs["max_depth"]))
    pred = np.asarray(pred).astype(np.int64).reshape(-1)
    out = {"pred": pred}
    if yq is not None:
        out["accuracy"] = float((pred == yq).mean()) if pred.shape == yq.shape else -1.0
    return out


mp.run(main)
