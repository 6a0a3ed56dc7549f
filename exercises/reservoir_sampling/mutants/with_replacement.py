"""mutant: k independent draws (with replacement): fails on duplicates."""


def reservoir_sample(stream, k, rng):
    if k >= len(stream):
        return list(stream)
    return [stream[rng.below(len(stream))] for _ in range(k)]
