"""bigram_counts - reference solution (Python): character bigrams with '.'
as the start and end token, add-k probabilities and the held-out NLL."""
import math

import numpy as np

V = 27  # '.' = 0, 'a' = 1 ... 'z' = 26


def _tokens(word):
    return [0] + [ord(c) - ord("a") + 1 for c in word] + [0]


def bigram_counts(words):
    counts = np.zeros((V, V), dtype=np.int64)
    for word in words:
        t = _tokens(word)
        for prev, nxt in zip(t, t[1:]):
            counts[prev, nxt] += 1
    return counts


def bigram_probs(counts, k):
    probs = np.zeros((V, V))
    for r in range(V):
        total = counts[r].sum() + V * k
        if total > 0:
            probs[r] = (counts[r] + k) / total
    return probs


def bigram_nll(probs, words):
    total, terms = 0.0, 0
    for word in words:
        t = _tokens(word)
        for prev, nxt in zip(t, t[1:]):
            p = probs[prev, nxt]
            total += math.inf if p == 0 else -math.log(p)
            terms += 1
    return total / terms if terms else 0.0
