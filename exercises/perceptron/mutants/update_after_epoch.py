"""mutant: sums the updates of an epoch and applies them at its end (batch
instead of online): fails first_epoch."""
import numpy as np


def perceptron_fit(X, y, lr, epochs):
    Xb = np.hstack([np.ones((len(X), 1)), X])
    w = np.zeros(Xb.shape[1])
    errors = []
    for _ in range(epochs):
        yhat = np.where(Xb @ w >= 0, 1, -1)
        errors.append(int(np.sum(yhat != y)))
        w = w + lr * ((y - yhat) @ Xb)
    return w, errors
