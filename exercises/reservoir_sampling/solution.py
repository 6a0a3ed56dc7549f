"""reservoir_sampling - reference solution (Python): Algorithm R."""


def reservoir_sample(stream, k, rng):
    sample = []
    for i, item in enumerate(stream):
        if i < k:
            sample.append(item)
        else:
            j = rng.below(i + 1)  # 0..i
            if j < k:
                sample[j] = item
    return sample
