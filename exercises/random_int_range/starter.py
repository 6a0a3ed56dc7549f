"""random_int_range - your solution (Python).

Check it with: mllab practice check random_int_range --lang python
rand32() returns a uniform integer in [0, 2**32).
"""


def random_int_range(lo, hi, rand32):
    # TODO: m = hi - lo + 1; reject words >= 2**32 - 2**32 % m; lo + x % m
    return lo + (rand32() & 1)
