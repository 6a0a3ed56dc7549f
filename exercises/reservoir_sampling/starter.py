"""reservoir_sampling - your solution (Python).

Check it with: mllab practice check reservoir_sampling --lang python
rng.below(m) gives a uniform integer in [0, m).
"""


def reservoir_sample(stream, k, rng):
    # TODO: keep the first k, then let item i replace a random slot
    return list(stream[:k])
