"""mutant: tokens are the whitespace-separated words, lower-cased
(punctuation stays attached, one-letter words are kept)."""
import math

import numpy as np


def tfidf(docs):
    tokenized = [d.lower().split() for d in docs]
    vocab = sorted({t for toks in tokenized for t in toks})
    column = {t: j for j, t in enumerate(vocab)}
    n = len(docs)
    tf = np.zeros((n, len(vocab)))
    for i, toks in enumerate(tokenized):
        for t in toks:
            tf[i, column[t]] += 1
    df = (tf > 0).sum(axis=0)
    weights = tf * np.array([math.log((1 + n) / (1 + d)) + 1 for d in df])
    norms = np.sqrt((weights ** 2).sum(axis=1, keepdims=True))
    return vocab, np.divide(weights, norms, out=np.zeros_like(weights), where=norms > 0)
