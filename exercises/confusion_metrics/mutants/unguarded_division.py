"""mutant: divisions without the 0/0 guard (NaN): fails class_never_seen."""
import numpy as np


def confusion_metrics(y_true, y_pred, k):
    cm = np.zeros((k, k), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    diag = np.diag(cm).astype(float)
    with np.errstate(all="ignore"):
        precision = diag / cm.sum(axis=0)
        recall = diag / cm.sum(axis=1)
        f1 = 2 * precision * recall / (precision + recall)
        accuracy = diag.sum() / len(y_true) if len(y_true) else float("nan")
    return cm, precision, recall, f1, accuracy
