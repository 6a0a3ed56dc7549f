/* uniform_sample - your solution (C).
 * Check it with: mllab practice check uniform_sample */

void uniform_sample(int n, int k, int *out, MpRng *rng)
{
    (void)n;
    (void)rng;
    /* TODO: k distinct items, every subset equally likely */
    for (int i = 0; i < k; i++)
        out[i] = i;
}
