"""tfidf - your solution (Python).

Check it with: mllab practice check tfidf --lang python
"""
import numpy as np


def tfidf(docs):
    # TODO: tokens (2+ word chars, lower case), sorted vocabulary, raw tf,
    # idf = ln((1+n)/(1+df)) + 1, l2-normalised rows
    return [], np.zeros((len(docs), 0))
