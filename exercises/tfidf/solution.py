"""tfidf - reference solution (Python): the tokenizer, vocabulary, smoothed
idf and l2 rows of scikit-learn's TfidfVectorizer defaults, from scratch."""
import math

import numpy as np


def _tokens(doc):
    tokens, run = [], []
    for ch in doc.lower() + " ":
        if ch.isascii() and (ch.isalnum() or ch == "_"):
            run.append(ch)
        else:
            if len(run) >= 2:
                tokens.append("".join(run))
            run = []
    return tokens


def tfidf(docs):
    tokenized = [_tokens(d) for d in docs]
    vocab = sorted({t for toks in tokenized for t in toks})
    column = {t: j for j, t in enumerate(vocab)}
    n = len(docs)
    tf = np.zeros((n, len(vocab)))
    for i, toks in enumerate(tokenized):
        for t in toks:
            tf[i, column[t]] += 1
    df = (tf > 0).sum(axis=0)
    idf = np.array([math.log((1 + n) / (1 + d)) + 1 for d in df])
    weights = tf * idf
    for i in range(n):
        norm = math.sqrt((weights[i] ** 2).sum())
        if norm > 0:
            weights[i] /= norm
    return vocab, weights
