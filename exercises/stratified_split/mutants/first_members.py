"""mutant: right counts, but always the first members of each class (no
randomness): fails the chi-square test."""


def stratified_split(y, test_num, test_den, rng):
    by_class = {}
    for i, label in enumerate(y):
        by_class.setdefault(int(label), []).append(i)
    train, test = [], []
    for label in sorted(by_class):
        members = by_class[label]
        t = (2 * len(members) * test_num + test_den) // (2 * test_den)
        test.extend(members[:t])
        train.extend(members[t:])
    return train, test
