/* harness.c - runs the learner's kmeans_lloyd on one test's X and initial
 * centroids (init, or init_rows: row indices of X), writes the centroids,
 * the labels and the inertia of that result. */
#include <stdlib.h>
#include <string.h>

#include "mllab_practice.h"
#include "signature.h"

static double *initial_centroids(const double *X, int d, int *k)
{
    if (mp_has("init")) {
        long n;
        double *init = mp_in_f64("init", &n, k, NULL);
        return init;
    }
    long nrows;
    int *rows = mp_in_int("init_rows", &nrows, NULL, NULL);
    double *c = malloc((size_t)nrows * d * sizeof *c);
    for (long j = 0; j < nrows; j++)
        memcpy(c + j * d, X + (long)rows[j] * d, (size_t)d * sizeof *c);
    *k = (int)nrows;
    return c;
}

static double inertia(const double *X, int n, int d, const double *c, const int *labels, int k)
{
    double total = 0.0;
    for (int i = 0; i < n; i++) {
        if (labels[i] < 0 || labels[i] >= k)
            return -1.0; /* a label out of range: no inertia */
        for (int f = 0; f < d; f++) {
            double diff = X[i * d + f] - c[labels[i] * d + f];
            total += diff * diff;
        }
    }
    return total;
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    int n, d, k;
    double *X = mp_in_f64("X", NULL, &n, &d);
    double *centroids = initial_centroids(X, d, &k);
    int max_iter = (int)mp_in_scalar("max_iter");
    int *labels = calloc((size_t)n, sizeof *labels);
    mp_clock_start();
    kmeans_lloyd(X, n, d, k, centroids, labels, max_iter);
    mp_clock_stop();
    int cdims[2] = { k, d }, ldims[1] = { n };
    mp_out_f64("centroids", centroids, 2, cdims);
    mp_out_int("labels", labels, 1, ldims);
    mp_out_scalar("inertia", inertia(X, n, d, centroids, labels, k));
    return mp_finish();
}
