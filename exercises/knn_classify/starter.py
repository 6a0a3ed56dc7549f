"""knn_classify - your solution (Python with numpy).

Check it with: mllab practice check knn_classify --lang python
"""
import numpy as np


def knn_predict(X_train, y_train, X_query, k):
    # TODO: squared distances (one matrix product), the k nearest, a vote
    return np.full(len(X_query), -1, dtype=int)
