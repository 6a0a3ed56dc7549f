"""mutant: k independent draws (with replacement): fails on duplicates."""


def uniform_sample(n, k, rng):
    return [rng.below(n) for _ in range(k)]
