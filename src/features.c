/* features.c - one-hot targets and polynomial features (see prep.h).
 *
 * Polynomial features list every monomial of degree 1..D of the d inputs in
 * graded lexicographic order, as scikit-learn's PolynomialFeatures does
 * (without its constant column): for d = 2, D = 3
 *     x1, x2, x1^2, x1 x2, x2^2, x1^3, x1^2 x2, x1 x2^2, x2^3.
 * Each monomial of degree k is x_i times a monomial of degree k-1 whose
 * variables are all >= i, and those form a contiguous tail of the degree
 * k-1 block; so a plan of (variable, earlier column) pairs builds a row with
 * one multiplication per column. */
#include "prep.h"

#include <limits.h>
#include <stdlib.h>

/* Beyond these the result is useless or does not fit in memory. */
#define POLY_MAX_COLUMNS 1000000L
#define POLY_MAX_VALUES 100000000L /* 400 MB of floats */

int onehot(const int *y, int n, int k, Mat *out, Error *err)
{
    if (k < 1)
        return error_set(err, ERR_DATA, "one-hot needs at least one class (got %d)", k);
    for (int i = 0; i < n; i++)
        if (y[i] < 0 || y[i] >= k)
            return error_set(err, ERR_DATA, "one-hot: row %d has class %d, outside [0, %d)", i,
                             y[i], k);
    if (mat_alloc(out, n, k, err) < 0)
        return -1;
    for (int i = 0; i < n; i++)
        MAT_AT(out, i, y[i]) = 1.0f;
    return 0;
}

long poly_feature_count(int d, int degree)
{
    if (d < 1 || degree < 1)
        return -1;
    /* C(d + degree, degree) - 1, built up as the product of (d + j) / j,
     * which stays an integer at every step. */
    long long c = 1;
    for (int j = 1; j <= degree; j++) {
        c = c * ((long long)d + j) / j;
        if (c - 1 > POLY_MAX_COLUMNS)
            return -1;
    }
    return (long)(c - 1);
}

int poly_features(const Mat *X, int degree, Mat *out, Error *err)
{
    *out = (Mat){ 0 };
    int n = X->rows, d = X->cols;
    if (degree < 1)
        return error_set(err, ERR_USAGE, "polynomial degree must be at least 1 (got %d)", degree);
    if (d < 1)
        return error_set(err, ERR_DATA, "polynomial features need at least one input column");
    long cols = poly_feature_count(d, degree);
    if (cols < 0)
        return error_set(err, ERR_USAGE,
                         "polynomial features of degree %d on %d inputs make more than %ld "
                         "columns; lower the degree or reduce the inputs first (e.g. PCA)",
                         degree, d, POLY_MAX_COLUMNS);
    if ((long long)n * cols > POLY_MAX_VALUES)
        return error_set(err, ERR_USAGE,
                         "polynomial features of degree %d on %d inputs make a %d x %ld matrix "
                         "(over %ld values); lower the degree or reduce the inputs first",
                         degree, d, n, cols, POLY_MAX_VALUES);

    /* The plan: column c >= d is X[var[c - d]] * column src[c - d]. */
    int *var = malloc((size_t)cols * sizeof *var);
    int *src = malloc((size_t)cols * sizeof *src);
    int *first = malloc((size_t)d * sizeof *first); /* per variable, in the previous block */
    if (!var || !src || !first) {
        free(var);
        free(src);
        free(first);
        return error_set(err, ERR_NOMEM, "out of memory for polynomial features");
    }
    for (int i = 0; i < d; i++)
        first[i] = i; /* degree 1: column i is x_i */
    int prev_start = 0, prev_end = d, pos = d;
    for (int k = 2; k <= degree; k++) {
        int start = pos;
        for (int i = 0; i < d; i++) {
            int from = prev_start + first[i];
            first[i] = pos - start;
            for (int c = from; c < prev_end; c++) {
                var[pos - d] = i;
                src[pos - d] = c;
                pos++;
            }
        }
        prev_start = start;
        prev_end = pos;
    }
    free(first);

    if (mat_alloc(out, n, (int)cols, err) < 0) {
        free(var);
        free(src);
        return -1;
    }
    for (int r = 0; r < n; r++) {
        const float *x = mat_row(X, r);
        float *o = mat_row(out, r);
        for (int i = 0; i < d; i++)
            o[i] = x[i];
        for (long c = d; c < cols; c++)
            o[c] = x[var[c - d]] * o[src[c - d]];
    }
    free(var);
    free(src);
    return 0;
}
