"""meeting_point - reference solution (Python): coordinate-wise lower
median for the Manhattan case; Weiszfeld's iteration for the geometric
median."""
import numpy as np


def manhattan_meeting_point(points):
    points = np.asarray(points)
    mid = (len(points) - 1) // 2  # the lower median when n is even
    xs, ys = np.sort(points[:, 0]), np.sort(points[:, 1])
    return int(xs[mid]), int(ys[mid])


def geometric_median(points):
    points = np.asarray(points, dtype=float)
    p = points.mean(axis=0)
    for _ in range(10000):
        d = np.sqrt(((points - p) ** 2).sum(axis=1))
        keep = d >= 1e-12  # skip a data point the estimate sits on
        if not keep.any():
            break
        w = 1.0 / d[keep]
        new = (points[keep] * w[:, None]).sum(axis=0) / w.sum()
        step = np.linalg.norm(new - p)
        p = new
        if step < 1e-12 * (1 + np.linalg.norm(p)):
            break
    return float(p[0]), float(p[1])
