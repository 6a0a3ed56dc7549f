/* random_int_range - your solution (C).
 * Check it with: mllab practice check random_int_range
 * rand32() (declared for you) returns a uniform 32-bit word. */

int64_t random_int_range(int64_t lo, int64_t hi)
{
    (void)hi;
    /* TODO: m = hi - lo + 1; reject words >= 2^32 - 2^32 % m; lo + x % m */
    return lo + (int64_t)(rand32() & 1);
}
