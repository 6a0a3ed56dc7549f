/* eval_val.c - validation parts (--val-size, issue 11; see eval.h): the
 * check that a classifier's validation part holds every class of its
 * training part, and the validation part of each fold of --cv, carved from
 * that fold's training rows (never from its test fold).  Nothing here
 * prints. */
#include "eval.h"

#include <stdlib.h>
#include <string.h>

/* The class name for messages: the dataset's, else its number. */
static const char *class_label(const Dataset *ds, int c, char *buf, size_t size)
{
    if (ds->class_names && ds->class_names[c])
        return ds->class_names[c];
    snprintf(buf, size, "%d", c);
    return buf;
}

/* counts[c] = rows of class c among y's n rows (classes outside [0, k) skipped). */
static void count_classes(const int *y, int n, int k, int *counts)
{
    for (int c = 0; c < k; c++)
        counts[c] = 0;
    for (int i = 0; i < n; i++)
        if (y[i] >= 0 && y[i] < k)
            counts[y[i]]++;
}

int eval_val_check(const Dataset *train, const Dataset *val, double val_size, Error *err)
{
    int k = train->n_classes;
    if (!train->y || !val->y || k < 1)
        return 0;
    int *in_train = malloc((size_t)k * sizeof *in_train);
    int *in_val = malloc((size_t)k * sizeof *in_val);
    int rc = in_train && in_val ? 0 : error_set(err, ERR_NOMEM, "out of memory");
    if (rc == 0) {
        count_classes(train->y, train->X.rows, k, in_train);
        count_classes(val->y, val->X.rows, k, in_val);
    }
    for (int c = 0; rc == 0 && c < k; c++) {
        if (in_train[c] == 0 || in_val[c] > 0)
            continue;
        char buf[16];
        rc = error_set(err, ERR_USAGE,
                       "--val-size %g: the validation part (%d rows) has no row of class '%s' "
                       "(%d in the training part): give a larger fraction, or leave "
                       "--val-size out",
                       val_size, val->X.rows, class_label(train, c, buf, sizeof buf),
                       in_train[c]);
    }
    free(in_train);
    free(in_val);
    return rc;
}

/* The labels of the given rows of d->all (NULL when not stratified). */
static int *labels_of(const EvalData *d, const int *rows, int n, Error *err)
{
    if (!d->stratified || !d->all.y)
        return NULL;
    int *y = malloc((size_t)(n > 0 ? n : 1) * sizeof *y);
    if (!y) {
        error_set(err, ERR_NOMEM, "out of memory");
        return NULL;
    }
    for (int i = 0; i < n; i++)
        y[i] = d->all.y[rows[i]];
    return y;
}

/* out[i] = rows[local[i]] for i < n (malloc'ed), or NULL. */
static int *map_rows(const int *rows, const int *local, int n)
{
    int *out = malloc((size_t)(n > 0 ? n : 1) * sizeof *out);
    if (out)
        for (int i = 0; i < n; i++)
            out[i] = rows[local[i]];
    return out;
}

int eval_fold_val(const EvalData *d, int f, const int *rows, int n, int **train_rows,
                  int *n_train, int **val_rows, int *n_val, Error *err)
{
    *train_rows = *val_rows = NULL;
    *n_train = *n_val = 0;
    Error local = { 0 };
    int *y = labels_of(d, rows, n, &local);
    if (!y && local.code)
        return error_set(err, local.code, "%s", local.msg);
    Rng rng;
    rng_seed(&rng, d->seed ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(f + 1)));
    Split s = { 0 };
    /* the split's "test" part is the fold's validation part */
    int rc = split_stratified(y, n, d->all.n_classes, d->val_size, &rng, &s, &local);
    free(y);
    if (rc < 0)
        return error_set(err, local.code == ERR_NOMEM ? ERR_NOMEM : ERR_USAGE,
                         "--val-size %g: fold %d's %d training rows cannot give a validation "
                         "part (%s)",
                         d->val_size, f + 1, n, local.msg);
    *train_rows = map_rows(rows, s.train, s.n_train);
    *val_rows = map_rows(rows, s.test, s.n_test);
    *n_train = s.n_train;
    *n_val = s.n_test;
    split_free(&s);
    if (!*train_rows || !*val_rows) {
        free(*train_rows);
        free(*val_rows);
        *train_rows = *val_rows = NULL;
        return error_set(err, ERR_NOMEM, "out of memory for fold %d's validation part", f + 1);
    }
    return 0;
}
