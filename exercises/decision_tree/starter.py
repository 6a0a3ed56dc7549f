"""decision_tree - your solution (Python with numpy).

Check it with: mllab practice check decision_tree --lang python
"""
import numpy as np


def tree_fit_predict(X, y, X_query, max_depth):
    # TODO: build the tree (gini best splits down to max_depth), then predict
    return np.full(len(X_query), -1, dtype=int)
