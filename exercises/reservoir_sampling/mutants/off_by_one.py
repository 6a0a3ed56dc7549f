"""mutant: the classic off-by-one, j drawn from 0..i-1 instead of 0..i."""


def reservoir_sample(stream, k, rng):
    sample = []
    for i, item in enumerate(stream):
        if i < k:
            sample.append(item)
        else:
            j = rng.below(i)
            if j < k:
                sample[j] = item
    return sample
