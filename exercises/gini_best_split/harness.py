"""harness.py - runs the learner's gini(y) and best_split(X, y)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    X, y = inputs["X"], inputs["y"]
    with mp.clock:
        g = learner.gini(y.copy())
        feature, threshold, impurity = learner.best_split(X.copy(), y.copy())
    return {"gini": float(g), "feature": np.array([int(feature)], dtype=np.int64),
            "threshold": float(threshold), "impurity": float(impurity)}


mp.run(main)
