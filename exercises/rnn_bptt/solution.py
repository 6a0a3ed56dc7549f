"""rnn_bptt - reference solution (Python): the forward loop keeping every
state, then backpropagation through time with one carried gradient."""
import numpy as np


def rnn_bptt(X, Wx, Wh, b, h0, G):
    X = np.asarray(X, dtype=float)
    G = np.asarray(G, dtype=float)
    T, hd = len(X), len(b)
    states = [np.asarray(h0, dtype=float)]            # states[t] is h_t; states[0] = h0
    for t in range(T):
        states.append(np.tanh(Wx @ X[t] + Wh @ states[t] + b))
    H = np.array(states[1:]).reshape(T, hd)
    loss = float((G * H).sum())
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(hd)
    carry = np.zeros(hd)                              # dL/dh_t from the steps after t
    for t in range(T - 1, -1, -1):
        da = (G[t] + carry) * (1.0 - states[t + 1] ** 2)
        dWx += np.outer(da, X[t])
        dWh += np.outer(da, states[t])
        db += da
        carry = Wh.T @ da
    return H, loss, dWx, dWh, db, carry
