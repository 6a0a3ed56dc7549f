/* kmeans_init.c - the initial centroids of a k-means run (kmeans.c): random
 * (k distinct training rows, the first k of a random permutation) or
 * k-means++ (the first centroid a random row, each next one a row drawn
 * with probability proportional to its squared distance to the nearest
 * centroid so far; Arthur and Vassilvitskii, 2007). */
#include "kmeans_internal.h"

#include <stdlib.h>

static int init_random(const Rows *X, int k, Rng *rng, float *C, Error *err)
{
    int *perm = malloc((size_t)X->n * sizeof *perm);
    if (!perm)
        return error_set(err, ERR_NOMEM, "out of memory for k-means");
    rng_permutation(rng, perm, X->n);
    for (int c = 0; c < k; c++)
        km_row_floats(X, perm[c], C + (size_t)c * X->d);
    free(perm);
    return 0;
}

/* A row of n drawn with probability proportional to D[i]. */
static int draw_weighted(int n, Rng *rng, const float *D)
{
    double total = 0.0;
    for (int i = 0; i < n; i++)
        total += D[i];
    if (total <= 0.0) /* every point sits on a centroid: any row will do */
        return (int)rng_below(rng, (uint32_t)n);
    double r = rng_uniform(rng) * total, cum = 0.0;
    for (int i = 0; i < n; i++) {
        cum += D[i];
        if (cum > r)
            return i;
    }
    return n - 1;
}

/* k-means++: D[i] = squared distance to the nearest centroid chosen so far. */
static int init_plusplus(const Rows *X, const float *xnorm, int k, Rng *rng, float *C,
                         float *D, float *tmp, Error *err)
{
    int n = X->n, d = X->d;
    int first = (int)rng_below(rng, (uint32_t)n);
    km_row_floats(X, first, C);
    if (km_dist_to_point(X, xnorm, C, D, err) < 0)
        return -1;
    for (int c = 1; c < k; c++) {
        float *cc = C + (size_t)c * d;
        km_row_floats(X, draw_weighted(n, rng, D), cc);
        if (km_dist_to_point(X, xnorm, cc, tmp, err) < 0)
            return -1;
        for (int i = 0; i < n; i++)
            if (tmp[i] < D[i])
                D[i] = tmp[i];
    }
    return 0;
}

int km_init_centroids(const Rows *X, const float *xnorm, int k, bool plusplus, Rng *rng,
                      float *C, Error *err)
{
    if (!plusplus)
        return init_random(X, k, rng, C, err);
    float *D = malloc((size_t)X->n * sizeof *D), *tmp = malloc((size_t)X->n * sizeof *tmp);
    int rc = D && tmp ? init_plusplus(X, xnorm, k, rng, C, D, tmp, err)
                      : error_set(err, ERR_NOMEM, "out of memory for k-means++");
    free(D);
    free(tmp);
    return rc;
}
