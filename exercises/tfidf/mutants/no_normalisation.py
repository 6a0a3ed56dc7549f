"""mutant: the right tokens and idf, but the rows are not l2-normalised."""
import math
import re

import numpy as np


def tfidf(docs):
    tokenized = [re.findall(r"[a-z0-9_]{2,}", d.lower()) for d in docs]
    vocab = sorted({t for toks in tokenized for t in toks})
    column = {t: j for j, t in enumerate(vocab)}
    n = len(docs)
    tf = np.zeros((n, len(vocab)))
    for i, toks in enumerate(tokenized):
        for t in toks:
            tf[i, column[t]] += 1
    df = (tf > 0).sum(axis=0)
    return vocab, tf * np.array([math.log((1 + n) / (1 + d)) + 1 for d in df])
