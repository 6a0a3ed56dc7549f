"""mutant: the binary search starts with hi = k - 2, so the last index is
never drawn (its share goes to index k - 2)."""


def multinomial_sample(w, m, rng):
    cdf, total = [], 0.0
    for weight in w:
        total += float(weight)
        cdf.append(total)
    draws = []
    for _ in range(m):
        x = rng.uniform() * total
        lo, hi = 0, max(len(cdf) - 2, 0)
        while lo < hi:
            mid = (lo + hi) // 2
            if cdf[mid] > x:
                hi = mid
            else:
                lo = mid + 1
        draws.append(lo)
    return draws
