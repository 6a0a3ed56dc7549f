"""mutant: the upper median (index n // 2) on the grid, and Weiszfeld
without the guard for an estimate sitting on a data point (1/0 -> NaN)."""
import numpy as np


def manhattan_meeting_point(points):
    points = np.asarray(points)
    mid = len(points) // 2
    return int(np.sort(points[:, 0])[mid]), int(np.sort(points[:, 1])[mid])


def geometric_median(points):
    points = np.asarray(points, dtype=float)
    p = points.mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        for _ in range(10000):
            w = 1.0 / np.sqrt(((points - p) ** 2).sum(axis=1))
            new = (points * w[:, None]).sum(axis=0) / w.sum()
            step = np.linalg.norm(new - p)
            p = new
            if not step >= 1e-12 * (1 + np.linalg.norm(p)):
                break
    return float(p[0]), float(p[1])
