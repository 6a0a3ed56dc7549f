/* harness.c - provides rand32() (a seeded generator) and calls the
 * learner's random_int_range(lo, hi) `draws` times.  Outputs: the counts of
 * `nbins` equal bins of [lo, hi] (`bins`; nbins divides hi - lo + 1) and
 * the number of values outside [lo, hi] (`out_of_range`). */
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

static MpRng g_rng;

uint32_t rand32(void)
{
    return (uint32_t)(mp_rng_u64(&g_rng) >> 32);
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    int64_t lo = (int64_t)mp_in_scalar("lo"), hi = (int64_t)mp_in_scalar("hi");
    int draws = (int)mp_in_scalar("draws"), nbins = (int)mp_in_scalar("nbins");
    uint64_t m = (uint64_t)(hi - lo) + 1, width = m / (uint64_t)nbins;
    mp_rng_seed(&g_rng, (uint64_t)mp_in_scalar("seed"));
    int *bins = calloc((size_t)nbins, sizeof *bins);
    int out_of_range = 0;
    for (int d = 0; d < draws; d++) {
        mp_clock_start();
        int64_t v = random_int_range(lo, hi);
        mp_clock_stop();
        if (v < lo || v > hi)
            out_of_range++;
        else
            bins[(uint64_t)(v - lo) / width]++;
    }
    int dims[1] = { nbins };
    mp_out_int("bins", bins, 1, dims);
    mp_out_scalar("out_of_range", out_of_range);
    return mp_finish();
}
