"""mutant: dWh += outer(da, h_t) instead of outer(da, h_{t-1}) (an
off-by-one in time): fails two_steps_scalar and every multi-step case."""
import numpy as np


def rnn_bptt(X, Wx, Wh, b, h0, G):
    hs = [h0]
    for x in X:
        hs.append(np.tanh(Wx @ x + Wh @ hs[-1] + b))
    H = np.array(hs[1:]).reshape(len(X), len(b))
    dWx, dWh, db, carry = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(len(b)), np.zeros(len(b))
    for t in range(len(X) - 1, -1, -1):
        da = (G[t] + carry) * (1 - hs[t + 1] ** 2)
        dWx += np.outer(da, X[t])
        dWh += np.outer(da, hs[t + 1])
        db += da
        carry = Wh.T @ da
    return H, float((G * H).sum()), dWx, dWh, db, carry
