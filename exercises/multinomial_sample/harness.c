/* harness.c - calls the learner's multinomial_sample(w, k, m, ...) once with
 * a generator seeded by `seed`.  Outputs: the draws per index (`counts`),
 * draws outside 0..k-1 (`invalid`), draws of a zero-weight index
 * (`zero_weight_draws`), and `slots`: index i owns round(w[i] / unit)
 * consecutive slots, and each draw of i goes to one of them uniformly (with
 * the harness's own generator), so correct draws make `slots` uniform. */
#include <math.h>
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    long kl;
    double *w = mp_in_f64("w", &kl, NULL, NULL);
    int k = (int)kl, m = (int)mp_in_scalar("m");
    double unit = mp_in_scalar("unit");
    int *start = malloc((size_t)(k + 1) * sizeof *start);
    start[0] = 0;
    for (int i = 0; i < k; i++)
        start[i + 1] = start[i] + (int)lround(w[i] / unit);
    int *out = malloc((size_t)(m > 0 ? m : 1) * sizeof *out);
    int *counts = calloc((size_t)k, sizeof *counts);
    int *slots = calloc((size_t)(start[k] > 0 ? start[k] : 1), sizeof *slots);
    for (int d = 0; d < m; d++)
        out[d] = -1;
    MpRng rng, spread;
    mp_rng_seed(&rng, (uint64_t)mp_in_scalar("seed"));
    mp_rng_seed(&spread, (uint64_t)mp_in_scalar("seed") + 7777);
    mp_clock_start();
    multinomial_sample(w, k, m, out, &rng);
    mp_clock_stop();
    int invalid = 0, zero_weight_draws = 0;
    for (int d = 0; d < m; d++) {
        int i = out[d];
        if (i < 0 || i >= k) {
            invalid++;
            continue;
        }
        counts[i]++;
        int own = start[i + 1] - start[i];
        if (own == 0)
            zero_weight_draws++;
        else
            slots[start[i] + (int)mp_rng_below(&spread, (uint32_t)own)]++;
    }
    int dims[1] = { k };
    mp_out_int("counts", counts, 1, dims);
    dims[0] = start[k];
    mp_out_int("slots", slots, 1, dims);
    mp_out_scalar("invalid", invalid);
    mp_out_scalar("zero_weight_draws", zero_weight_draws);
    return mp_finish();
}
