"""mutant: (rand7() + rand7()) % 10 + 1: the sum of two dice is far from
uniform."""


def rand10(rand7):
    return (rand7() + rand7()) % 10 + 1
