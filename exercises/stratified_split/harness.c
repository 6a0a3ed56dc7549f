/* harness.c - runs the learner's stratified_split `trials` times on the
 * labels y with a generator seeded by `seed`.  Outputs: the test set's size
 * per class in the first call (`test_per_class`, classes 0..max label), the
 * number of calls whose per-class counts differ from the first call's
 * (`inconsistent`), of calls whose two sets do not partition 0..n-1
 * (`partition_errors`), and how often each member of class `chi_class`
 * (in increasing index order) was in the test set (`in_test`). */
#include <stdlib.h>
#include <string.h>

#include "mllab_practice.h"
#include "signature.h"

typedef struct {
    const int *y;
    int n, nclasses;
    int *seen, *per_class, *first, *in_test;
} Tally;

/* 1 when test (ntest) and train (n - ntest) do not partition 0..n-1. */
static int bad_partition(Tally *t, const int *test, int ntest, const int *train)
{
    if (ntest < 0 || ntest > t->n)
        return 1;
    memset(t->seen, 0, (size_t)t->n * sizeof *t->seen);
    for (int i = 0; i < t->n; i++) {
        int idx = i < ntest ? test[i] : train[i - ntest];
        if (idx < 0 || idx >= t->n || t->seen[idx]++)
            return 1;
    }
    return 0;
}

/* Counts of one call; 1 when they differ from the first call's. */
static int tally_counts(Tally *t, const int *test, int ntest, int first_call, int chi_class)
{
    memset(t->per_class, 0, (size_t)t->nclasses * sizeof *t->per_class);
    for (int i = 0; i < ntest; i++) {
        t->per_class[t->y[test[i]]]++;
        t->in_test[test[i]] += t->y[test[i]] == chi_class;
    }
    if (first_call)
        memcpy(t->first, t->per_class, (size_t)t->nclasses * sizeof *t->first);
    return memcmp(t->first, t->per_class, (size_t)t->nclasses * sizeof *t->first) != 0;
}

static void write_in_test(const Tally *t, int chi_class)
{
    int m = 0;
    for (int i = 0; i < t->n; i++)
        if (t->y[i] == chi_class)
            t->in_test[m++] = t->in_test[i];
    int dims[1] = { m };
    mp_out_int("in_test", t->in_test, 1, dims);
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    long nl;
    Tally t = { 0 };
    t.y = mp_in_int("y", &nl, NULL, NULL);
    t.n = (int)nl;
    for (int i = 0; i < t.n; i++)
        t.nclasses = t.y[i] + 1 > t.nclasses ? t.y[i] + 1 : t.nclasses;
    size_t sz = (size_t)(t.n + 1) * sizeof(int);
    int *test = malloc(sz), *train = malloc(sz);
    t.seen = malloc(sz), t.per_class = calloc(1, sz), t.first = calloc(1, sz);
    t.in_test = calloc(1, sz);
    int trials = (int)mp_in_scalar("trials"), chi_class = (int)mp_in_scalar("chi_class");
    MpRng rng;
    mp_rng_seed(&rng, (uint64_t)mp_in_scalar("seed"));
    int inconsistent = 0, partition_errors = 0;
    for (int k = 0; k < trials; k++) {
        mp_clock_start();
        int ntest = stratified_split(t.y, t.n, (int)mp_in_scalar("test_num"),
                                     (int)mp_in_scalar("test_den"), test, train, &rng);
        mp_clock_stop();
        if (bad_partition(&t, test, ntest, train)) {
            partition_errors++;
            continue;
        }
        inconsistent += tally_counts(&t, test, ntest, k == 0, chi_class);
    }
    int dims[1] = { t.nclasses };
    mp_out_int("test_per_class", t.first, 1, dims);
    mp_out_scalar("inconsistent", inconsistent);
    mp_out_scalar("partition_errors", partition_errors);
    write_in_test(&t, chi_class);
    return mp_finish();
}
