"""mutant: ranks by position after a stable sort (ordinal ranks), not the
average rank of a tied block: ties are broken by input order."""
import numpy as np


def roc_auc(scores, labels):
    scores = np.asarray(scores, dtype=float)
    labels = np.asarray(labels)
    npos = int((labels == 1).sum())
    nneg = len(scores) - npos
    if npos == 0 or nneg == 0:
        return float("nan")
    ranks = np.empty(len(scores))
    ranks[np.argsort(scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return (ranks[labels == 1].sum() - npos * (npos + 1) / 2) / (npos * nneg)
