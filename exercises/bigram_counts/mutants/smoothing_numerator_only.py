"""mutant: adds k to the counts but not 27k to the row total (rows no
longer sum to 1)."""
import math

import numpy as np


def _tokens(word):
    return [0] + [ord(c) - ord("a") + 1 for c in word] + [0]


def bigram_counts(words):
    counts = np.zeros((27, 27), dtype=np.int64)
    for word in words:
        t = _tokens(word)
        for prev, nxt in zip(t, t[1:]):
            counts[prev, nxt] += 1
    return counts


def bigram_probs(counts, k):
    probs = np.zeros((27, 27))
    for r in range(27):
        total = counts[r].sum()
        if total > 0:
            probs[r] = (counts[r] + k) / total
    return probs


def bigram_nll(probs, words):
    nll = [-math.log(probs[a, b]) if probs[a, b] > 0 else math.inf
           for w in words for a, b in zip(_tokens(w), _tokens(w)[1:])]
    return sum(nll) / len(nll) if nll else 0.0
