/* harness.c - runs the learner's reservoir_sample `trials` times on the
 * stream 100, 101, ..., 100 + n - 1 with a generator seeded by `seed`, and
 * writes how often each item was chosen (counts), how many samples had a
 * repeated item (duplicates), how many chosen values were not in the
 * stream (invalid) and what the first call returned (returned). */
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    int n = (int)mp_in_scalar("n"), k = (int)mp_in_scalar("k");
    int trials = (int)mp_in_scalar("trials");
    int *stream = malloc((size_t)(n > 0 ? n : 1) * sizeof *stream);
    int *out = malloc((size_t)(k > 0 ? k : 1) * sizeof *out);
    int *counts = calloc((size_t)(n > 0 ? n : 1), sizeof *counts);
    int *seen = calloc((size_t)(n > 0 ? n : 1), sizeof *seen);
    for (int i = 0; i < n; i++)
        stream[i] = 100 + i;
    MpRng rng;
    mp_rng_seed(&rng, (uint64_t)mp_in_scalar("seed"));
    int duplicates = 0, invalid = 0, returned = -1;
    for (int t = 0; t < trials; t++) {
        mp_clock_start();
        int m = reservoir_sample(stream, n, k, out, &rng);
        mp_clock_stop();
        if (t == 0)
            returned = m;
        int dup = 0;
        for (int s = 0; s < m && s < k; s++) {
            int idx = out[s] - 100;
            if (idx < 0 || idx >= n) {
                invalid++;
                continue;
            }
            dup |= seen[idx] == t + 1;
            seen[idx] = t + 1;
            counts[idx]++;
        }
        duplicates += dup;
    }
    int dims[1] = { n };
    mp_out_int("counts", counts, 1, dims);
    mp_out_scalar("duplicates", duplicates);
    mp_out_scalar("invalid", invalid);
    mp_out_scalar("returned", returned);
    return mp_finish();
}
