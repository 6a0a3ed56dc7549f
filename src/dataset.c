/* dataset.c - the Dataset type: releasing, copying and subsetting one, and
 * counting its classes (see dataset.h).  The readers live in dataset_csv.c
 * and dataset_idx.c, the named sets in dataset_registry.c. */
#include "dataset.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void free_strings(char **v, int n)
{
    if (!v)
        return;
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void dataset_free(Dataset *ds)
{
    if (!ds)
        return;
    free(ds->name);
    dataset_categories_free(ds); /* before X: it needs the feature count */
    free_strings(ds->feature_names, ds->X.cols);
    mat_free(&ds->X);
    free(ds->target_name);
    free(ds->y);
    free_strings(ds->class_names, ds->n_classes);
    free(ds->target);
    memset(ds, 0, sizeof *ds);
}

/* A copy of n strings (NULL entries stay NULL); NULL when v is NULL or on
 * failure (*failed tells them apart). */
static char **copy_strings(char *const *v, int n, bool *failed)
{
    if (!v)
        return NULL;
    char **out = calloc(n > 0 ? (size_t)n : 1, sizeof *out);
    if (!out) {
        *failed = true;
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        if (v[i] && !(out[i] = strdup(v[i]))) {
            free_strings(out, i);
            *failed = true;
            return NULL;
        }
    }
    return out;
}

static char *copy_string(const char *s, bool *failed)
{
    if (!s)
        return NULL;
    char *c = strdup(s);
    if (!c)
        *failed = true;
    return c;
}

/* Everything of src except the rows: names, classes, flags. */
static int copy_header(const Dataset *src, Dataset *out, int rows, Error *err)
{
    memset(out, 0, sizeof *out);
    if (mat_alloc_like(&out->X, &src->X, rows, err) < 0)
        return -1;
    bool failed = false;
    out->name = copy_string(src->name, &failed);
    out->feature_names = copy_strings(src->feature_names, src->X.cols, &failed);
    out->has_target = src->has_target;
    out->target_name = copy_string(src->target_name, &failed);
    out->n_classes = src->n_classes;
    out->class_names = copy_strings(src->class_names, src->n_classes, &failed);
    out->image_w = src->image_w;
    out->image_h = src->image_h;
    out->text = src->text;
    if (src->y && !(out->y = malloc((rows > 0 ? (size_t)rows : 1) * sizeof *out->y)))
        failed = true;
    if (src->target && !(out->target = malloc((rows > 0 ? (size_t)rows : 1) * sizeof *out->target)))
        failed = true;
    if (!failed && dataset_categories_copy(src, out) < 0)
        failed = true;
    if (failed) {
        dataset_free(out);
        return error_set(err, ERR_NOMEM, "out of memory copying dataset '%s'",
                         src->name ? src->name : "");
    }
    return 0;
}

int dataset_subset(const Dataset *src, const int *rows, int count, Dataset *out, Error *err)
{
    if (count < 0)
        return error_set(err, ERR_INTERNAL, "dataset_subset: negative row count %d", count);
    for (int i = 0; i < count; i++)
        if (rows[i] < 0 || rows[i] >= src->X.rows)
            return error_set(err, ERR_INTERNAL, "dataset_subset: row %d out of range [0, %d)",
                             rows[i], src->X.rows);
    if (copy_header(src, out, count, err) < 0)
        return -1;
    mat_copy_rows(&out->X, &src->X, rows, count);
    for (int i = 0; i < count; i++) {
        if (src->y)
            out->y[i] = src->y[rows[i]];
        if (src->target)
            out->target[i] = src->target[rows[i]];
    }
    /* The standard split only has a meaning for the rows in their order. */
    out->split_at = 0;
    return 0;
}

int dataset_copy(const Dataset *src, Dataset *out, Error *err)
{
    int n = src->X.rows;
    if (copy_header(src, out, n, err) < 0)
        return -1;
    mat_copy_rows(&out->X, &src->X, NULL, n);
    if (src->y && n)
        memcpy(out->y, src->y, (size_t)n * sizeof *out->y);
    if (src->target && n)
        memcpy(out->target, src->target, (size_t)n * sizeof *out->target);
    out->split_at = src->split_at;
    return 0;
}

void dataset_class_counts(const Dataset *ds, int *counts)
{
    for (int c = 0; c < ds->n_classes; c++)
        counts[c] = 0;
    if (!ds->y)
        return;
    for (int i = 0; i < ds->X.rows; i++)
        if (ds->y[i] >= 0 && ds->y[i] < ds->n_classes)
            counts[ds->y[i]]++;
}

/* One row x (d values) into the running minimum, sum and maximum. */
static void add_row_stats(const float *x, int d, double *min, double *sum, double *max)
{
    for (int j = 0; j < d; j++) {
        if (x[j] < min[j])
            min[j] = x[j];
        if (x[j] > max[j])
            max[j] = x[j];
        sum[j] += x[j];
    }
}

/* (a byte-backed X is read a row at a time as floats) */
void dataset_feature_stats(const Dataset *ds, double *min, double *mean, double *max)
{
    int n = ds->X.rows, d = ds->X.cols;
    for (int j = 0; j < d; j++) {
        min[j] = n ? INFINITY : NAN;
        max[j] = n ? -INFINITY : NAN;
        mean[j] = 0.0;
    }
    float *buf = mat_is_bytes(&ds->X) ? malloc((size_t)(d ? d : 1) * sizeof *buf) : NULL;
    for (int i = 0; i < n && (buf || !mat_is_bytes(&ds->X)); i++)
        add_row_stats(mat_rows_f32(&ds->X, i, 1, buf), d, min, mean, max);
    free(buf);
    for (int j = 0; j < d; j++)
        mean[j] = n ? mean[j] / n : NAN;
}
