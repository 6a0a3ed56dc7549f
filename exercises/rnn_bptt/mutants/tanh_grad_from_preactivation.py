"""mutant: tanh' computed as 1 - a**2 from the pre-activation a instead of
1 - h**2 from the output: fails two_steps_scalar."""
import numpy as np


def rnn_bptt(X, Wx, Wh, b, h0, G):
    hs, pre = [h0], []
    for x in X:
        pre.append(Wx @ x + Wh @ hs[-1] + b)
        hs.append(np.tanh(pre[-1]))
    H = np.array(hs[1:]).reshape(len(X), len(b))
    dWx, dWh, db, carry = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(len(b)), np.zeros(len(b))
    for t in range(len(X) - 1, -1, -1):
        da = (G[t] + carry) * (1 - pre[t] ** 2)
        dWx += np.outer(da, X[t])
        dWh += np.outer(da, hs[t])
        db += da
        carry = Wh.T @ da
    return H, float((G * H).sum()), dWx, dWh, db, carry
