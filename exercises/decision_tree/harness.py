"""harness.py - runs the learner's tree_fit_predict(X, y, X_query, max_depth):
on given arrays, or on a labelled set X, y divided by the case's split line
(mp.split: the test rows are the queries); writes the predictions and, when
the true labels are known, the accuracy."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    if "X" in inputs:
        Xtr, ytr, Xq, yq = mp.split(inputs)
    else:
        Xtr, ytr, Xq = inputs["X_train"], inputs["y_train"], inputs["X_query"]
        yq = inputs.get("y_query")
    with mp.clock:
        pred = learner.tree_fit_predict(Xtr.copy(), ytr.copy(), Xq.copy(), int(inputs["max_depth"]))
    pred = np.asarray(pred).astype(np.int64).reshape(-1)
    out = {"pred": pred}
    if yq is not None:
        out["accuracy"] = mp.accuracy(pred, yq)
    return out


mp.run(main)
