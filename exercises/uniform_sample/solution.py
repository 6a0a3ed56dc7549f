"""uniform_sample - reference solution (Python): a partial Fisher-Yates shuffle."""


def uniform_sample(n, k, rng):
    pool = list(range(n))
    for i in range(k):
        j = i + rng.below(n - i)  # i..n-1
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:k]
