"""mutant: averages the NLL per word (sum over a word's bigrams, then mean
over words) instead of over all bigrams."""
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
        total = counts[r].sum() + 27 * k
        if total > 0:
            probs[r] = (counts[r] + k) / total
    return probs


def bigram_nll(probs, words):
    per_word = []
    for w in words:
        t = _tokens(w)
        per_word.append(sum(-math.log(probs[a, b]) if probs[a, b] > 0 else math.inf
                            for a, b in zip(t, t[1:])) / (len(t) - 1))
    return sum(per_word) / len(per_word) if per_word else 0.0
