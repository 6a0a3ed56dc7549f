/* uniform_sample - reference solution (C): a partial Fisher-Yates shuffle. */
#include <stdlib.h>

void uniform_sample(int n, int k, int *out, MpRng *rng)
{
    int *pool = malloc((size_t)(n > 0 ? n : 1) * sizeof *pool);
    if (!pool)
        return;
    for (int i = 0; i < n; i++)
        pool[i] = i;
    for (int i = 0; i < k; i++) {
        int j = i + (int)mp_rng_below(rng, (uint32_t)(n - i)); /* i..n-1 */
        int t = pool[i];
        pool[i] = pool[j];
        pool[j] = t;
        out[i] = pool[i];
    }
    free(pool);
}
