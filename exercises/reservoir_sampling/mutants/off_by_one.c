/* mutant: the classic off-by-one, j drawn from 0..i-1 instead of 0..i
 * (late items enter too often: fails the chi-square tests). */

int reservoir_sample(const int *stream, int n, int k, int *out, MpRng *rng)
{
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (i < k) {
            out[m++] = stream[i];
        } else {
            uint32_t j = mp_rng_below(rng, (uint32_t)i);
            if (j < (uint32_t)k)
                out[j] = stream[i];
        }
    }
    return m;
}
