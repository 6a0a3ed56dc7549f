"""harness.py - runs the learner's rnn_bptt(X, Wx, Wh, b, h0, G)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    args = [inputs[k].copy() for k in ("X", "Wx", "Wh", "b", "h0", "G")]
    with mp.clock:
        H, loss, dWx, dWh, db, dh0 = learner.rnn_bptt(*args)
    f = lambda a: np.asarray(a, dtype=float)
    return {"H": f(H).reshape(len(args[0]), len(args[3])), "loss": float(loss), "dWx": f(dWx),
            "dWh": f(dWh), "db": f(db).reshape(-1), "dh0": f(dh0).reshape(-1)}


mp.run(main)
