/* multinomial_sample - reference solution (C): prefix sums, then for each
 * draw a binary search for the first cdf[i] > u*W. */
#include <stdlib.h>

void multinomial_sample(const double *w, int k, int m, int *out, MpRng *rng)
{
    double *cdf = malloc((size_t)k * sizeof *cdf);
    if (!cdf)
        return;
    double total = 0;
    for (int i = 0; i < k; i++) {
        total += w[i];
        cdf[i] = total;
    }
    for (int d = 0; d < m; d++) {
        double x = mp_rng_uniform(rng) * total;
        int lo = 0, hi = k - 1;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (cdf[mid] > x)
                hi = mid;
            else
                lo = mid + 1;
        }
        out[d] = lo;
    }
    free(cdf);
}
