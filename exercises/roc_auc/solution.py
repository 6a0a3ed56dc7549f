"""roc_auc - reference solution (Python): the Mann-Whitney statistic from
the positives' rank sum, with tied scores sharing their average rank."""
import numpy as np


def roc_auc(scores, labels):
    scores = np.asarray(scores, dtype=float)
    labels = np.asarray(labels)
    n = len(scores)
    npos = int((labels == 1).sum())
    nneg = n - npos
    if npos == 0 or nneg == 0:
        return float("nan")
    order = np.argsort(scores, kind="stable")
    sorted_scores = scores[order]
    ranks = np.empty(n)
    i = 0
    while i < n:  # a block of equal scores shares the average rank
        j = i
        while j + 1 < n and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    rank_sum = ranks[labels == 1].sum()
    return (rank_sum - npos * (npos + 1) / 2) / (npos * nneg)
