"""mutant: stops when an epoch has no mistake and reports only the epochs it
ran: fails reference_toy (errors has the wrong length)."""
import numpy as np


def perceptron_fit(X, y, lr, epochs):
    Xb = np.hstack([np.ones((len(X), 1)), X])
    w = np.zeros(Xb.shape[1])
    errors = []
    for _ in range(epochs):
        mistakes = 0
        for x, t in zip(Xb, y):
            yhat = 1 if x @ w >= 0 else -1
            if yhat != t:
                mistakes += 1
                w = w + lr * (t - yhat) * x
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, errors
