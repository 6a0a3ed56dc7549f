"""uniform_sample - your solution (Python).

Check it with: mllab practice check uniform_sample --lang python
rng.below(m) gives a uniform integer in [0, m).
"""


def uniform_sample(n, k, rng):
    # TODO: k distinct items, every subset equally likely
    return list(range(k))
