"""harness.py - calls the learner's roc_auc(scores, labels) (see harness.c
for the outputs)."""
import math

import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    scores = np.asarray(inputs["scores"], dtype=float).reshape(-1)
    labels = np.asarray(inputs["labels"], dtype=np.int64).reshape(-1)
    with mp.clock:
        auc = float(learner.roc_auc(scores.copy(), labels.copy()))
    nan = math.isnan(auc)
    return {"is_nan": int(nan), "auc": -1.0 if nan else auc}


mp.run(main)
