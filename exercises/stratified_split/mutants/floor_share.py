"""mutant: t_c = floor(n_c * p) instead of rounding halves up."""


def stratified_split(y, test_num, test_den, rng):
    by_class = {}
    for i, label in enumerate(y):
        by_class.setdefault(int(label), []).append(i)
    train, test = [], []
    for label in sorted(by_class):
        members = by_class[label]
        nc = len(members)
        t = nc * test_num // test_den
        for i in range(t):
            j = i + rng.below(nc - i)
            members[i], members[j] = members[j], members[i]
        test.extend(members[:t])
        train.extend(members[t:])
    return train, test
