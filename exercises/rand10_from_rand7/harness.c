/* harness.c - provides rand7() (a seeded generator, counted) and calls the
 * learner's rand10() `draws` times.  Outputs: how often each of 1..10 came
 * out (`counts`), values outside 1..10 (`invalid`) and the mean number of
 * rand7() calls per rand10() (`calls_per_draw`). */
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

static MpRng g_rng;
static long g_calls;

int rand7(void)
{
    g_calls++;
    return 1 + (int)mp_rng_below(&g_rng, 7);
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    int draws = (int)mp_in_scalar("draws");
    mp_rng_seed(&g_rng, (uint64_t)mp_in_scalar("seed"));
    int counts[10] = { 0 }, invalid = 0;
    for (int d = 0; d < draws; d++) {
        mp_clock_start();
        int v = rand10();
        mp_clock_stop();
        if (v < 1 || v > 10)
            invalid++;
        else
            counts[v - 1]++;
    }
    int dims[1] = { 10 };
    mp_out_int("counts", counts, 1, dims);
    mp_out_scalar("invalid", invalid);
    mp_out_scalar("calls_per_draw", draws > 0 ? (double)g_calls / draws : 0.0);
    return mp_finish();
}
