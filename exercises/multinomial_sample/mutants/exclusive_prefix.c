/* mutant: the prefix sums are exclusive (cdf[i] = w[0] + ... + w[i-1]) but
 * the search is the inclusive one: every draw lands one index too far
 * (clipped to k-1), and zero-weight indices come out. */
#include <stdlib.h>

void multinomial_sample(const double *w, int k, int m, int *out, MpRng *rng)
{
    double *cdf = malloc((size_t)k * sizeof *cdf);
    if (!cdf)
        return;
    double total = 0;
    for (int i = 0; i < k; i++) {
        cdf[i] = total;
        total += w[i];
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
