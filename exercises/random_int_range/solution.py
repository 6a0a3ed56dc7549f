"""random_int_range - reference solution (Python): rejection of the words
at or above the largest multiple of m below 2**32, then x mod m."""


def random_int_range(lo, hi, rand32):
    words = 1 << 32
    m = hi - lo + 1  # 1 .. 2**32
    limit = words - words % m  # a multiple of m
    while True:
        x = rand32()
        if x < limit:
            return lo + x % m
