/* reservoir_sampling - your solution (C).
 * Check it with: mllab practice check reservoir_sampling */

int reservoir_sample(const int *stream, int n, int k, int *out, MpRng *rng)
{
    (void)rng;
    /* TODO: keep the first k, then let item i replace a random slot */
    int m = k < n ? k : n;
    for (int i = 0; i < m; i++)
        out[i] = stream[i];
    return m;
}
