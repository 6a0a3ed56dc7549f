"""meeting_point - your solution (Python).

Check it with: mllab practice check meeting_point --lang python
"""
import numpy as np


def manhattan_meeting_point(points):
    # TODO: the lower median of the x's and of the y's
    return int(points[0][0]), int(points[0][1])


def geometric_median(points):
    # TODO: Weiszfeld: start at the centroid, re-weight by 1/distance
    return float(points[0][0]), float(points[0][1])
