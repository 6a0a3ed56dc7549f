"""mlp_forward_backward - your solution (Python with numpy).

Check it with: mllab practice check mlp_forward_backward --lang python
"""
import numpy as np


def mlp_forward_backward(X, y, W1, b1, W2, b2):
    # TODO: Z1, A1, Z2, softmax, loss; then the gradients
    probs = np.zeros((len(X), len(b2)))
    loss = 0.0
    return probs, loss, np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)
