/* mutant: the rejection is right but m and the limit are computed in 32
 * bits: for the full span m = 2^32 wraps to 0 (a division by zero). */

int64_t random_int_range(int64_t lo, int64_t hi)
{
    uint32_t m = (uint32_t)(hi - lo) + 1u;
    uint32_t limit = 0u - (0u - m) % m; /* 2^32 - 2^32 % m, in 32 bits */
    uint32_t x;
    do {
        x = rand32();
    } while (limit != 0 && x >= limit);
    return lo + (int64_t)(x % m);
}
