/* split.c - dividing rows into training, validation and test parts, and
 * into folds (see prep.h).
 *
 * Sizes follow scikit-learn's train_test_split: the test part has
 * ceil(test_frac * n) rows and the training part the rest.  A stratified
 * split shares those rows out over the classes in proportion to their size
 * (largest remainder: each class gets the floor of its exact share, and the
 * rows left over go to the classes with the largest fractional parts), and
 * never takes a class's last training row when another class can give one
 * instead.  The order of the rows within each part is shuffled. */
#include "prep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void split_free(Split *s)
{
    if (!s)
        return;
    free(s->train);
    free(s->val);
    free(s->test);
    memset(s, 0, sizeof *s);
}

/* ceil(frac * n) computed as scikit-learn does it (in double). */
static int part_size(double frac, int n)
{
    return (int)ceil(frac * (double)n);
}

static int check_frac(double f, const char *what, Error *err)
{
    if (!(f > 0.0 && f < 1.0))
        return error_set(err, ERR_USAGE, "%s must be between 0 and 1 (exclusive), got %g", what,
                         f);
    return 0;
}

static int check_labels(const int *y, int n, int n_classes, Error *err)
{
    if (n_classes < 1)
        return error_set(err, ERR_DATA, "a stratified split needs classes (got %d)", n_classes);
    for (int i = 0; i < n; i++)
        if (y[i] < 0 || y[i] >= n_classes)
            return error_set(err, ERR_DATA, "row %d has class %d, outside [0, %d)", i, y[i],
                             n_classes);
    return 0;
}

static int alloc_parts(Split *out, int n_train, int n_val, int n_test, Error *err)
{
    memset(out, 0, sizeof *out);
    out->train = malloc((size_t)(n_train > 0 ? n_train : 1) * sizeof(int));
    out->test = malloc((size_t)(n_test > 0 ? n_test : 1) * sizeof(int));
    out->val = n_val > 0 ? malloc((size_t)n_val * sizeof(int)) : NULL;
    if (!out->train || !out->test || (n_val > 0 && !out->val)) {
        split_free(out);
        return error_set(err, ERR_NOMEM, "out of memory for a split of %d rows",
                         n_train + n_val + n_test);
    }
    out->n_train = n_train;
    out->n_val = n_val;
    out->n_test = n_test;
    return 0;
}

/* Random three-way split: shuffled rows, test first, then validation. */
static int split_unstratified(int n, int n_val, int n_test, Rng *rng, Split *out, Error *err)
{
    int n_train = n - n_val - n_test;
    int *perm = malloc((size_t)(n > 0 ? n : 1) * sizeof *perm);
    if (!perm)
        return error_set(err, ERR_NOMEM, "out of memory for a split of %d rows", n);
    rng_permutation(rng, perm, n);
    if (alloc_parts(out, n_train, n_val, n_test, err) < 0) {
        free(perm);
        return -1;
    }
    memcpy(out->test, perm, (size_t)n_test * sizeof(int));
    if (n_val)
        memcpy(out->val, perm + n_test, (size_t)n_val * sizeof(int));
    memcpy(out->train, perm + n_test + n_val, (size_t)n_train * sizeof(int));
    free(perm);
    return 0;
}

static int check_sizes(int n, int n_val, int n_test, Error *err)
{
    if (n < 2)
        return error_set(err, ERR_DATA, "%d row%s cannot be split into training and test parts",
                         n, n == 1 ? "" : "s");
    if (n - n_val - n_test >= 1)
        return 0;
    if (n_val)
        return error_set(err, ERR_DATA,
                         "%d rows are too few: %d test and %d validation rows leave none for "
                         "training",
                         n, n_test, n_val);
    return error_set(err, ERR_DATA, "%d rows are too few: %d test rows leave none for training",
                     n, n_test);
}

int split_random(int n, double test_frac, Rng *rng, Split *out, Error *err)
{
    memset(out, 0, sizeof *out);
    if (check_frac(test_frac, "the test size", err) < 0)
        return -1;
    int n_test = part_size(test_frac, n);
    if (check_sizes(n, 0, n_test, err) < 0)
        return -1;
    return split_unstratified(n, 0, n_test, rng, out, err);
}

/* quota[c] = how many of counts[c] rows go to a part of `total` rows, by
 * largest remainder, leaving every class at least one row outside the part
 * when some other class can spare one. */
static void share_out(const int *counts, int k, int total, int *quota)
{
    long long n = 0;
    for (int c = 0; c < k; c++)
        n += counts[c];
    if (n == 0) {
        memset(quota, 0, (size_t)k * sizeof *quota);
        return;
    }
    long long given = 0;
    for (int c = 0; c < k; c++) {
        quota[c] = (int)((long long)counts[c] * total / n);
        given += quota[c];
    }
    /* The rows left over go to the largest remainders (ties: lower class). */
    for (long long left = total - given; left > 0; left--) {
        int best = -1;
        long long best_rem = -1;
        for (int c = 0; c < k; c++) {
            if (quota[c] >= counts[c])
                continue;
            /* remainder of the share after what the class already got */
            long long rem = (long long)counts[c] * total - (long long)quota[c] * n;
            if (rem > best_rem) {
                best_rem = rem;
                best = c;
            }
        }
        if (best < 0)
            break;
        quota[best]++;
    }
    /* Every class keeps a row outside the part when possible. */
    for (int c = 0; c < k; c++) {
        if (counts[c] == 0 || quota[c] < counts[c])
            continue;
        int donor = -1;
        for (int o = 0; o < k; o++)
            if (o != c && counts[o] - quota[o] >= 2 &&
                (donor < 0 || counts[o] - quota[o] > counts[donor] - quota[donor]))
                donor = o;
        if (donor < 0)
            continue;
        quota[c]--;
        quota[donor]++;
    }
}

/* Rows of each class: rows[start[c] .. start[c+1]) belong to class c, in
 * shuffled order. */
static int group_by_class(const int *y, int n, int k, Rng *rng, int **rows_out,
                          int **start_out, Error *err)
{
    int *start = calloc((size_t)k + 1, sizeof *start);
    int *rows = malloc((size_t)(n > 0 ? n : 1) * sizeof *rows);
    int *fill = malloc((size_t)k * sizeof *fill);
    if (!start || !rows || !fill) {
        free(start);
        free(rows);
        free(fill);
        return error_set(err, ERR_NOMEM, "out of memory grouping %d rows by class", n);
    }
    for (int i = 0; i < n; i++)
        start[y[i] + 1]++;
    for (int c = 0; c < k; c++)
        start[c + 1] += start[c];
    memcpy(fill, start, (size_t)k * sizeof *fill);
    for (int i = 0; i < n; i++)
        rows[fill[y[i]]++] = i;
    for (int c = 0; c < k; c++)
        rng_shuffle(rng, rows + start[c], start[c + 1] - start[c]);
    free(fill);
    *rows_out = rows;
    *start_out = start;
    return 0;
}

/* The stratified three-way split behind split_stratified and split_three. */
static int split_by_class(const int *y, int n, int k, int n_val, int n_test, Rng *rng, Split *out,
                          Error *err)
{
    int *rows, *start;
    if (group_by_class(y, n, k, rng, &rows, &start, err) < 0)
        return -1;
    int *counts = calloc((size_t)k, sizeof *counts);
    int *q_test = malloc((size_t)k * sizeof *q_test);
    int *q_val = malloc((size_t)k * sizeof *q_val);
    int rc = 0;
    if (!counts || !q_test || !q_val) {
        rc = error_set(err, ERR_NOMEM, "out of memory for a split");
        goto done;
    }
    for (int c = 0; c < k; c++)
        counts[c] = start[c + 1] - start[c];
    share_out(counts, k, n_test, q_test);
    for (int c = 0; c < k; c++)
        counts[c] -= q_test[c];
    share_out(counts, k, n_val, q_val);
    int t = 0, v = 0;
    for (int c = 0; c < k; c++) {
        t += q_test[c];
        v += q_val[c];
    }
    if (alloc_parts(out, n - t - v, v, t, err) < 0) {
        rc = -1;
        goto done;
    }
    int it = 0, iv = 0, ir = 0;
    for (int c = 0; c < k; c++) {
        const int *r = rows + start[c];
        int m = start[c + 1] - start[c];
        for (int j = 0; j < m; j++) {
            if (j < q_test[c])
                out->test[it++] = r[j];
            else if (j < q_test[c] + q_val[c])
                out->val[iv++] = r[j];
            else
                out->train[ir++] = r[j];
        }
    }
    /* Mix the classes within each part. */
    rng_shuffle(rng, out->train, out->n_train);
    rng_shuffle(rng, out->val, out->n_val);
    rng_shuffle(rng, out->test, out->n_test);
done:
    free(counts);
    free(q_test);
    free(q_val);
    free(rows);
    free(start);
    return rc;
}

int split_stratified(const int *y, int n, int n_classes, double test_frac, Rng *rng, Split *out,
                     Error *err)
{
    memset(out, 0, sizeof *out);
    if (!y)
        return split_random(n, test_frac, rng, out, err);
    if (check_frac(test_frac, "the test size", err) < 0)
        return -1;
    int n_test = part_size(test_frac, n);
    if (check_sizes(n, 0, n_test, err) < 0 || check_labels(y, n, n_classes, err) < 0)
        return -1;
    return split_by_class(y, n, n_classes, 0, n_test, rng, out, err);
}

int split_three(const int *y, int n, int n_classes, double val_frac, double test_frac, Rng *rng,
                Split *out, Error *err)
{
    memset(out, 0, sizeof *out);
    if (check_frac(test_frac, "the test size", err) < 0)
        return -1;
    if (val_frac != 0.0 && check_frac(val_frac, "the validation size", err) < 0)
        return -1;
    if (!(val_frac + test_frac < 1.0))
        return error_set(err, ERR_USAGE,
                         "validation and test sizes (%g + %g) leave nothing for training",
                         val_frac, test_frac);
    int n_test = part_size(test_frac, n);
    int n_val = val_frac > 0.0 ? part_size(val_frac, n) : 0;
    if (check_sizes(n, n_val, n_test, err) < 0)
        return -1;
    if (!y)
        return split_unstratified(n, n_val, n_test, rng, out, err);
    if (check_labels(y, n, n_classes, err) < 0)
        return -1;
    return split_by_class(y, n, n_classes, n_val, n_test, rng, out, err);
}

int kfold_assign(const int *y, int n, int n_classes, int k, Rng *rng, int *fold_of, Error *err)
{
    if (k < 2)
        return error_set(err, ERR_USAGE, "cross-validation needs at least 2 folds (got %d)", k);
    if (k > n)
        return error_set(err, ERR_DATA, "%d rows cannot make %d folds", n, k);
    if (!y) {
        int *perm = malloc((size_t)n * sizeof *perm);
        if (!perm)
            return error_set(err, ERR_NOMEM, "out of memory for %d folds", k);
        rng_permutation(rng, perm, n);
        for (int i = 0; i < n; i++)
            fold_of[perm[i]] = i % k;
        free(perm);
        return 0;
    }
    if (check_labels(y, n, n_classes, err) < 0)
        return -1;
    int *rows, *start;
    if (group_by_class(y, n, n_classes, rng, &rows, &start, err) < 0)
        return -1;
    /* Deal the rows of each class in turn round the folds; the dealing goes
     * on from class to class, so the folds also end up within one row of
     * each other in size. */
    for (int i = 0; i < n; i++)
        fold_of[rows[i]] = i % k;
    free(rows);
    free(start);
    return 0;
}
