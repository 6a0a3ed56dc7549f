"""perceptron - reference solution (Python): online updates
w += lr (t - yhat) x, bias first, a score of 0 predicts +1."""
import numpy as np


def perceptron_fit(X, y, lr, epochs):
    Xb = np.hstack([np.ones((len(X), 1)), np.asarray(X, dtype=float)])
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
    return w, errors
