/* mutant: plain modulo, no rejection (modulo bias: for m = 3*2^30 the low
 * quarter of the range is twice as likely). */

int64_t random_int_range(int64_t lo, int64_t hi)
{
    uint64_t m = (uint64_t)(hi - lo) + 1;
    return lo + (int64_t)(rand32() % m);
}
