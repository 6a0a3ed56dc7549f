/* bench_load.c - how long loading a dataset takes (default: MNIST, the
 * 60000 + 10000 images in datasets/mnist/), as the median of 5 loads.
 * The goal is under 0.5 s for MNIST.  Not built by make check: see
 * bench/README.md for the command.
 *
 *   bench_load [NAME [REPEATS]]      e.g. bench_load fashion_mnist 5 */
#include <stdio.h>
#include <stdlib.h>

#include "dataset.h"
#include "timer.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "mnist";
    int repeats = argc > 2 ? atoi(argv[2]) : 5;
    if (repeats < 1 || repeats > 100) {
        fprintf(stderr, "bench_load: REPEATS must be 1..100\n");
        return 2;
    }
    double *t = malloc((size_t)repeats * sizeof *t);
    if (!t)
        return 1;
    Dataset ds;
    for (int r = 0; r < repeats; r++) {
        Error err;
        error_clear(&err);
        Rng rng;
        rng_seed(&rng, 42);
        double t0 = timer_now();
        if (dataset_load(&ds, name, NULL, &rng, &err) < 0) {
            fprintf(stderr, "bench_load: %s\n", err.msg);
            free(t);
            return 1;
        }
        t[r] = timer_now() - t0;
        if (r == repeats - 1)
            printf("%s: %d rows x %d features, %d classes, split_at %d\n", name,
                   dataset_rows(&ds), dataset_cols(&ds), ds.n_classes, ds.split_at);
        dataset_free(&ds);
    }
    qsort(t, (size_t)repeats, sizeof *t, cmp_double);
    printf("load %s: median %.3f s, min %.3f s, max %.3f s over %d runs\n", name,
           t[repeats / 2], t[0], t[repeats - 1], repeats);
    free(t);
    return 0;
}
