"""harness.py - decodes the documents and calls the learner's tfidf(docs)
(see harness.c for the outputs)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    codes = [int(c) for c in np.asarray(inputs["text"]).reshape(-1)]
    docs, at = [], 0
    for n in np.asarray(inputs["lens"]).reshape(-1):
        docs.append("".join(chr(c) for c in codes[at:at + int(n)]))
        at += int(n)
    with mp.clock:
        vocab, weights = learner.tfidf(list(docs))
    vocab = [str(t) for t in vocab]
    vocab_codes = np.array([ord(c) for t in vocab for c in t + "\0"], dtype=np.int64)
    weights = np.asarray(weights, dtype=float).reshape(len(docs), len(vocab))
    return {"nterms": len(vocab), "vocab_codes": vocab_codes, "weights": weights}


mp.run(main)
