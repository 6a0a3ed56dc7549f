"""harness.py - runs the learner's confusion_metrics(y_true, y_pred, k)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    k = int(inputs["k"])
    y_true = inputs["y_true"].astype(np.int64).reshape(-1)
    y_pred = inputs["y_pred"].astype(np.int64).reshape(-1)
    with mp.clock:
        cm, p, r, f1, acc = learner.confusion_metrics(y_true.copy(), y_pred.copy(), k)
    return {"cm": np.asarray(cm).astype(np.int64).reshape(k, k),
            "precision": np.asarray(p, dtype=float), "recall": np.asarray(r, dtype=float),
            "f1": np.asarray(f1, dtype=float), "accuracy": float(acc)}


mp.run(main)
