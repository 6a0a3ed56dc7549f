/* random_int_range - reference solution (C): rejection of the words at or
 * above the largest multiple of m below 2^32, then x mod m. */

int64_t random_int_range(int64_t lo, int64_t hi)
{
    const uint64_t words = (uint64_t)1 << 32;
    uint64_t m = (uint64_t)(hi - lo) + 1;   /* 1 .. 2^32 */
    uint64_t limit = words - words % m;     /* a multiple of m */
    uint64_t x;
    do {
        x = rand32();
    } while (x >= limit);
    return lo + (int64_t)(x % m);
}
