/* harness.c - runs the learner's uniform_sample(n, k, ...) `trials` times
 * with a generator seeded by `seed`.  Outputs: when `by_subset` is 1 (n <=
 * 16), how often each subset of size k came out (`subsets`, in increasing
 * order of the subset's bit mask); else how often each item was chosen
 * (`items`); and the number of samples with a repeated item (`duplicates`)
 * and of items outside 0..n-1 (`invalid`). */
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

static int popcount(unsigned m)
{
    int c = 0;
    for (; m; m &= m - 1)
        c++;
    return c;
}

/* The counts of the masks with k bits, in increasing mask order. */
static void write_subsets(const int *by_mask, int n, int k)
{
    int cells = 0;
    int *subsets = malloc(((size_t)1 << n) * sizeof *subsets);
    for (unsigned m = 0; m < (1u << n); m++)
        if (popcount(m) == k)
            subsets[cells++] = by_mask[m];
    int dims[1] = { cells };
    mp_out_int("subsets", subsets, 1, dims);
}

typedef struct {
    int n, k, t;
    int *items, *seen, duplicates, invalid;
} Tally;

/* Count one sample; its subset as a bit mask (items outside 0..n-1 left out). */
static unsigned tally(Tally *ty, const int *out)
{
    int dup = 0;
    unsigned mask = 0;
    for (int s = 0; s < ty->k; s++) {
        if (out[s] < 0 || out[s] >= ty->n) {
            ty->invalid++;
            continue;
        }
        dup |= ty->seen[out[s]] == ty->t + 1;
        ty->seen[out[s]] = ty->t + 1;
        ty->items[out[s]]++;
        mask |= ty->n <= 16 ? 1u << out[s] : 0;
    }
    ty->duplicates += dup;
    return mask;
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    Tally ty = { .n = (int)mp_in_scalar("n"), .k = (int)mp_in_scalar("k") };
    int n = ty.n, k = ty.k;
    int trials = (int)mp_in_scalar("trials"), by_subset = (int)mp_in_scalar("by_subset");
    int *out = malloc((size_t)(k > 0 ? k : 1) * sizeof *out);
    ty.items = calloc((size_t)(n > 0 ? n : 1), sizeof *ty.items);
    ty.seen = calloc((size_t)(n > 0 ? n : 1), sizeof *ty.seen);
    int *by_mask = by_subset ? calloc((size_t)1 << n, sizeof *by_mask) : NULL;
    MpRng rng;
    mp_rng_seed(&rng, (uint64_t)mp_in_scalar("seed"));
    for (ty.t = 0; ty.t < trials; ty.t++) {
        for (int s = 0; s < k; s++)
            out[s] = -1;
        mp_clock_start();
        uniform_sample(n, k, out, &rng);
        mp_clock_stop();
        unsigned mask = tally(&ty, out);
        if (by_subset)
            by_mask[mask]++;
    }
    if (by_subset) {
        write_subsets(by_mask, n, k);
    } else {
        int dims[1] = { n };
        mp_out_int("items", ty.items, 1, dims);
    }
    mp_out_scalar("duplicates", ty.duplicates);
    mp_out_scalar("invalid", ty.invalid);
    return mp_finish();
}
