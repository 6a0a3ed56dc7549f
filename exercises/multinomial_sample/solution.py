"""multinomial_sample - reference solution (Python): prefix sums, then for
each draw a binary search for the first cdf[i] > u*W."""


def multinomial_sample(w, m, rng):
    cdf, total = [], 0.0
    for weight in w:
        total += float(weight)
        cdf.append(total)
    draws = []
    for _ in range(m):
        x = rng.uniform() * total
        lo, hi = 0, len(cdf) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if cdf[mid] > x:
                hi = mid
            else:
                lo = mid + 1
        draws.append(lo)
    return draws
