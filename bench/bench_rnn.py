#!/usr/bin/python3
"""bench_rnn.py - mllab's character-level RNN next to PyTorch's, same protocol.

The model is makemore's RNN: embedding 64, hidden 64, tanh cell over
[e_t, h_{t-1}] (one Linear of 128 -> 64), a learned start state, a Linear
head to 27 symbols; AdamW (lr 5e-4, weight decay 0.01, betas 0.9/0.99, eps
1e-8), batch 32 drawn with replacement from the training names, 10,000 steps.
Data: datasets/names.txt, 1,000 names held out by a seeded permutation
(makemore's split; each side draws its own permutation from its own seed).

  mllab    `mllab lm rnn --steps N --format json`, OPENBLAS_NUM_THREADS=1;
           its "ms_per_step" (every step, the periodic test evaluations
           included) and "test_nll"
  PyTorch  the same model written here, torch.set_num_threads(1); sequences
           padded to 16 (makemore's block size), padding targets ignored; the
           time of the training steps only

The test NLL on both sides is the exact mean of -log p over every predicted
character of the 1,000 held-out names (the final '.' included).  PyTorch is
only the peer: mllab does not need it (Debian: python3-torch).

  /usr/bin/python3 bench/bench_rnn.py --mllab BUILD/mllab [--steps 10000] [--seed 42]
"""
import argparse
import json
import math
import os
import subprocess
import time


def torch_run(names_path, steps, seed):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    torch.set_num_threads(1)
    torch.manual_seed(seed)
    words = [w.strip() for w in open(names_path) if w.strip()]
    perm = torch.randperm(len(words)).tolist()
    n_test = min(1000, len(words) // 10)
    train = [words[i] for i in perm[:-n_test]]
    test = [words[i] for i in perm[-n_test:]]
    T = max(len(w) for w in words) + 1

    def encode(ws):
        X = torch.zeros(len(ws), T, dtype=torch.long)
        Y = torch.full((len(ws), T), -1, dtype=torch.long)
        for i, w in enumerate(ws):
            ix = [ord(c) - ord('a') + 1 for c in w]
            X[i, 1:1 + len(ix)] = torch.tensor(ix)
            Y[i, :len(ix)] = torch.tensor(ix)
            Y[i, len(ix)] = 0
        return X, Y

    Xtr, Ytr = encode(train)
    Xte, Yte = encode(test)

    class RNN(nn.Module):
        def __init__(self, V=27, E=64, H=64):
            super().__init__()
            self.start = nn.Parameter(torch.zeros(1, H))
            self.wte = nn.Embedding(V, E)
            self.cell = nn.Linear(E + H, H)
            self.head = nn.Linear(H, V)

        def forward(self, x, y=None):
            emb = self.wte(x)
            h = self.start.expand(x.size(0), -1)
            hs = []
            for t in range(x.size(1)):
                h = torch.tanh(self.cell(torch.cat([emb[:, t, :], h], dim=1)))
                hs.append(h)
            logits = self.head(torch.stack(hs, 1))
            return F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1), ignore_index=-1)

    model = RNN()
    opt = torch.optim.AdamW(model.parameters(), lr=5e-4, weight_decay=0.01, betas=(0.9, 0.99),
                            eps=1e-8)
    g = torch.Generator().manual_seed(seed)
    elapsed = 0.0
    for _ in range(steps):
        ix = torch.randint(0, Xtr.size(0), (32,), generator=g)
        t0 = time.perf_counter()
        loss = model(Xtr[ix], Ytr[ix])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        elapsed += time.perf_counter() - t0
    with torch.no_grad():
        nll = float(model(Xte, Yte))  # the mean over every predicted character
    return {"ms_per_step": 1000 * elapsed / steps, "test_nll": nll}


def mllab_run(mllab, steps, seed):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    out = subprocess.run([mllab, "lm", "rnn", "--steps", str(steps), "--seed", str(seed),
                          "--samples", "0", "--format", "json"],
                         env=env, check=True, capture_output=True, text=True).stdout
    r = json.loads(out)
    return {"ms_per_step": r["ms_per_step"], "test_nll": r["test_nll"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mllab", default="./mllab")
    ap.add_argument("--steps", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--names", default=os.path.join(os.path.dirname(__file__), "..",
                                                    "datasets", "names.txt"))
    a = ap.parse_args()
    print("load average before: %.2f %.2f %.2f" % os.getloadavg())
    m = mllab_run(a.mllab, a.steps, a.seed)
    t = torch_run(a.names, a.steps, a.seed)
    print("load average after:  %.2f %.2f %.2f" % os.getloadavg())
    print("%-8s %12s %10s" % ("", "ms/step", "test NLL"))
    for name, r in (("mllab", m), ("pytorch", t)):
        print("%-8s %12.3f %10.4f" % (name, r["ms_per_step"], r["test_nll"]))
    print("speed-up %.2fx (%d steps of batch 32, one core each)" %
          (t["ms_per_step"] / m["ms_per_step"], a.steps))


if __name__ == "__main__":
    main()
