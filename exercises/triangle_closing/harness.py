"""harness.py - calls the learner's recommend_friends(n, edges, u, k) (see
harness.c for the outputs)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    edges = np.asarray(inputs["edges"], dtype=np.int64).reshape(-1, 2)
    n, u, k = int(inputs["n"]), int(inputs["u"]), int(inputs["k"])
    with mp.clock:
        pairs = list(learner.recommend_friends(n, edges.copy(), u, k))
    nodes = np.array([int(p[0]) for p in pairs], dtype=np.int64)
    common = np.array([int(p[1]) for p in pairs], dtype=np.int64)
    return {"count": len(pairs), "nodes": nodes, "common": common}


mp.run(main)
