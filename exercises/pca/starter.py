"""pca - your solution (Python with numpy).

Check it with: mllab practice check pca --lang python
"""
import numpy as np


def pca(X, k):
    d = X.shape[1]
    components = np.eye(d)[:k]
    # TODO: centre, covariance, eigen-decomposition, sort
    return components, np.zeros(k), np.zeros(k)
