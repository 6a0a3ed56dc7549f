"""harness.py - calls the learner's manhattan_meeting_point(grid) and/or
geometric_median(cloud) (see harness.c for the outputs)."""
import numpy as np

import mllab_practice as mp


def main(learner, inputs):
    out = {}
    if "grid" in inputs:
        grid = np.asarray(inputs["grid"], dtype=np.int64).reshape(-1, 2)
        with mp.clock:
            x, y = learner.manhattan_meeting_point(grid.copy())
        p = np.array([int(x), int(y)], dtype=np.int64)
        out["point"] = p
        out["grid_total"] = float(np.abs(grid - p).sum())
    if "cloud" in inputs:
        cloud = np.asarray(inputs["cloud"], dtype=float).reshape(-1, 2)
        with mp.clock:
            x, y = learner.geometric_median(cloud.copy())
        p = np.array([float(x), float(y)])
        out["cloud_total"] = float(np.sqrt(((cloud - p) ** 2).sum(axis=1)).sum())
    return out


mp.run(main)
