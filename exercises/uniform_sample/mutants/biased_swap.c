/* mutant: the biased swap, j drawn from the whole range 0..n-1 instead of
 * i..n-1 (some subsets come out more often: fails the chi-square tests). */
#include <stdlib.h>

void uniform_sample(int n, int k, int *out, MpRng *rng)
{
    int *pool = malloc((size_t)(n > 0 ? n : 1) * sizeof *pool);
    if (!pool)
        return;
    for (int i = 0; i < n; i++)
        pool[i] = i;
    for (int i = 0; i < k; i++) {
        int j = (int)mp_rng_below(rng, (uint32_t)n);
        int t = pool[i];
        pool[i] = pool[j];
        pool[j] = t;
    }
    for (int i = 0; i < k; i++)
        out[i] = pool[i];
    free(pool);
}
