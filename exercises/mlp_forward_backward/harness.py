"""harness.py - runs the learner's mlp_forward_backward(X, y, W1, b1, W2, b2);
with a split line, trains a network with it (described in harness.c: the
same seeded weights as in C, full-batch gradient steps, the test accuracy)."""
import numpy as np

import mllab_practice as mp


def init_weights(rng, rows, cols):
    a = np.sqrt(6.0 / (rows + cols))
    return np.array([(2.0 * rng.uniform() - 1.0) * a for _ in range(rows * cols)]).reshape(rows, cols)


def run_train(learner, inputs):
    Xtr, ytr, Xte, yte = mp.split(inputs)
    h, c, epochs = int(inputs["h"]), int(inputs["c"]), int(inputs["epochs"])
    lr = float(inputs["lr"])
    rng = mp.Rng(int(inputs["seed"]))
    W1 = init_weights(rng, Xtr.shape[1], h)
    W2 = init_weights(rng, h, c)
    b1, b2 = np.zeros(h), np.zeros(c)
    for _ in range(epochs):
        with mp.clock:
            _, _, dW1, db1, dW2, db2 = learner.mlp_forward_backward(Xtr, ytr, W1, b1, W2, b2)
        W1 = W1 - lr * np.asarray(dW1, dtype=float).reshape(W1.shape)
        b1 = b1 - lr * np.asarray(db1, dtype=float).reshape(-1)
        W2 = W2 - lr * np.asarray(dW2, dtype=float).reshape(W2.shape)
        b2 = b2 - lr * np.asarray(db2, dtype=float).reshape(-1)
    probs = learner.mlp_forward_backward(Xte, yte, W1, b1, W2, b2)[0]
    return {"accuracy": mp.accuracy(np.asarray(probs).argmax(axis=1), yte)}


def main(learner, inputs):
    if "__split" in inputs:
        return run_train(learner, inputs)
    X, y = inputs["X"], inputs["y"]
    W1, b1, W2, b2 = inputs["W1"], inputs["b1"], inputs["W2"], inputs["b2"]
    with mp.clock:
        probs, loss, dW1, db1, dW2, db2 = learner.mlp_forward_backward(
            X.copy(), y.copy(), W1.copy(), b1.copy(), W2.copy(), b2.copy())
    f = lambda a: np.asarray(a, dtype=float)
    return {"probs": f(probs), "loss": float(loss), "dW1": f(dW1), "db1": f(db1).reshape(-1),
            "dW2": f(dW2), "db2": f(db2).reshape(-1)}


mp.run(main)
