/* multinomial_sample - your solution (C).
 * Check it with: mllab practice check multinomial_sample */

void multinomial_sample(const double *w, int k, int m, int *out, MpRng *rng)
{
    (void)w;
    /* TODO: prefix sums, x = mp_rng_uniform(rng) * W, first cdf[i] > x */
    for (int d = 0; d < m; d++)
        out[d] = (int)mp_rng_below(rng, (uint32_t)k); /* ignores the weights */
}
