"""multinomial_sample - your solution (Python).

Check it with: mllab practice check multinomial_sample --lang python
rng.uniform() gives a uniform float in [0, 1); rng.below(m) an int in [0, m).
"""


def multinomial_sample(w, m, rng):
    # TODO: prefix sums, x = rng.uniform() * W, first cdf[i] > x
    return [rng.below(len(w)) for _ in range(m)]  # ignores the weights
