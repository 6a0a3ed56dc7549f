"""mutant: treats the range as half-open, m = hi - lo: hi never comes out
(and lo == hi divides by zero)."""


def random_int_range(lo, hi, rand32):
    words = 1 << 32
    m = hi - lo
    limit = words - words % m
    while True:
        x = rand32()
        if x < limit:
            return lo + x % m
