"""mutant: plain modulo, no rejection (modulo bias)."""


def random_int_range(lo, hi, rand32):
    return lo + rand32() % (hi - lo + 1)
