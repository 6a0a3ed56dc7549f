"""mutant: k consecutive items from a random start (wrapping around): every
item is equally likely, but most subsets never come out."""


def uniform_sample(n, k, rng):
    if n == 0:
        return []
    start = rng.below(n)
    return [(start + i) % n for i in range(k)]
