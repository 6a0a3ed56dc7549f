"""mllab_practice.py - the runtime of the Python exercise harnesses (practice mode).

Reads the named input arrays of one test, loads the learner's module from its
path, times the learner's calls and writes the named outputs in the text
framing the grader reads (see mllab_practice.h for the format).  Rng is the
same seeded generator as the C runtime (xoshiro256**), so randomised
exercises are reproducible.  Runs in the sandboxed child, never in mllab.
"""
import importlib.util
import os
import sys
import time

import numpy as np

_MASK = (1 << 64) - 1


class Rng:
    """Seeded xoshiro256** generator: below(n) in [0, n), uniform() in [0, 1)."""

    def __init__(self, seed):
        self.s = []
        for _ in range(4):
            seed = (seed + 0x9E3779B97F4A7C15) & _MASK
            z = seed
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
            self.s.append(z ^ (z >> 31))

    def u64(self):
        s = self.s
        x = (s[1] * 5) & _MASK
        result = ((((x << 7) | (x >> 57)) & _MASK) * 9) & _MASK
        t = (s[1] << 17) & _MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = ((s[3] << 45) | (s[3] >> 19)) & _MASK
        return result

    def below(self, n):
        limit = 0xFFFFFFFF - 0xFFFFFFFF % n
        while True:
            x = self.u64() >> 32
            if x < limit:
                return x % n

    def uniform(self):
        return (self.u64() >> 11) * (1.0 / 9007199254740992.0)


def read_arrays(path):
    """The arrays of a framing file as a dict name -> numpy array."""
    with open(path) as f:
        words = f.read().split()
    if not words or words[0] != "mllab-arrays":
        raise SystemExit("[mllab] harness: not an arrays file: " + path)
    arrays, i = {}, 2
    while words[i] != "end":
        name, kind, ndim = words[i], words[i + 1], int(words[i + 2])
        dims = [int(d) for d in words[i + 3:i + 3 + ndim]]
        i += 3 + ndim
        count = int(np.prod(dims)) if dims else 1
        values = np.array([float(v) for v in words[i:i + count]], dtype=np.float64)
        i += count
        arr = values.reshape(dims) if dims else values[0]
        arrays[name] = arr.astype(np.int64) if kind == "int" else arr
    return arrays


def split(inputs):
    """The labelled set of a data test divided like the built-in it is held
    against (mllab_practice.h, mp_split): (X_train, y_train, X_test, y_test),
    the y parts None without the input y."""
    X = np.array(inputs["X"], dtype=np.float64)
    y = inputs.get("y")
    every, offset, std = (int(v) for v in inputs.get("__split", (0, 0, 0)))
    rows = np.arange(len(X))
    test = rows % every == offset if every > 0 else np.zeros(len(X), dtype=bool)
    if std:
        mean = X[~test].mean(axis=0)
        sd = X[~test].std(axis=0)
        X = (X - mean) / np.where(sd > 0, sd, 1.0)
    if y is None:
        return X[~test], None, X[test], None
    return X[~test], y[~test], X[test], y[test]


def accuracy(pred, truth):
    """The fraction of equal labels (0 for no rows, -1 for a wrong shape)."""
    pred = np.asarray(pred).reshape(-1)
    if pred.shape != np.shape(truth):
        return -1.0
    return float(np.mean(pred == truth)) if len(truth) else 0.0


def _write(f, name, value):
    arr = np.asarray(value)
    kind = "int" if arr.dtype.kind in "iub" else "f64"
    f.write("%s %s %d%s\n" % (name, kind, arr.ndim, "".join(" %d" % d for d in arr.shape)))
    flat = arr.reshape(-1)
    fmt = "%d" if kind == "int" else "%.17g"
    f.write(" ".join(fmt % v for v in flat.tolist()) + "\n")


class Clock:
    """with mp.clock: ... times the learner's call (sums up)."""

    total = 0.0

    def __enter__(self):
        self.start = time.perf_counter()

    def __exit__(self, *exc):
        Clock.total += time.perf_counter() - self.start
        return False


clock = Clock()


def load_learner(path):
    spec = importlib.util.spec_from_file_location("learner", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write_outputs(out_path, outputs):
    """Written under another name and renamed: the grader, which reads each
    case's file as soon as it is there (results stream), never sees half."""
    tmp = out_path + ".part"
    with open(tmp, "w") as f:
        f.write("mllab-arrays 1\n")
        for name, value in outputs.items():
            _write(f, name, value)
        f.write("__seconds f64 0\n%.9g\nend\n" % Clock.total)
    os.replace(tmp, out_path)


def run(main):
    """Entry point of a harness: main(learner, inputs) returns a dict of outputs.

    argv: LEARNER.py IN OUT [IN OUT ...]: one test case per pair, in order
    (the grader runs the cases of a check in one process, and re-runs one by
    one those without a complete output).  A MemoryError is reported as the
    memory limit; sys.exit in the learner's code leaves no "end" line, which
    the grader reports as an exit before returning."""
    args = sys.argv[1:]
    try:
        learner = load_learner(args[0])
        for in_path, out_path in zip(args[1::2], args[2::2]):
            Clock.total = 0.0
            _write_outputs(out_path, main(learner, read_arrays(in_path)))
    except MemoryError:
        sys.stderr.write("\n[mllab] memory limit: MemoryError\n")
        sys.exit(71)
