/* pipeline.c - the preparation pipeline (see pipeline.h): every step is fitted
 * on the training part as the step before left it, then the same arithmetic
 * is applied to every other part.  Imputation and one-hot work on the raw
 * values (categorical features hold category indices, missing cells NaN);
 * deskewing (first, on the pixels) is deskew.c's, scaling scaler.c's, the polynomial features features.c's, PCA pca.c's. */
#include "pipeline.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deskew.h"

static const char *const impute_names[] = { "none", "mean", "median", "most_frequent" };

int impute_kind_parse(const char *s, ImputeKind *out)
{
    for (int k = IMPUTE_MEAN; k <= IMPUTE_MOST_FREQUENT; k++)
        if (strcmp(s, impute_names[k]) == 0) {
            *out = (ImputeKind)k;
            return 0;
        }
    return -1;
}

const char *impute_kind_name(ImputeKind k)
{
    return k >= IMPUTE_NONE && k <= IMPUTE_MOST_FREQUENT ? impute_names[k] : "?";
}

bool prep_spec_any(const PrepSpec *spec)
{
    return spec && (spec->deskew || spec->impute != IMPUTE_NONE || spec->poly >= 2 || spec->pca > 0 ||
                    spec->pca_var > 0.0 || spec->rescale);
}

/* Free the names a pipeline keeps: its inputs' and their categories'. */
static void free_input_names(Pipeline *p)
{
    for (int j = 0; j < p->d_in; j++) {
        free(p->in_names ? p->in_names[j] : NULL);
        for (int c = 0; p->cat_names && p->cat_names[j] && p->n_cat && c < p->n_cat[j]; c++)
            free(p->cat_names[j][c]);
        free(p->cat_names ? p->cat_names[j] : NULL);
    }
    free(p->in_names);
    free(p->cat_names);
}

void pipeline_free(Pipeline *p)
{
    if (!p)
        return;
    free_input_names(p);
    free(p->fill);
    for (int j = 0; p->slot && j < p->d_in; j++)
        free(p->slot[j]);
    free(p->slot);
    free(p->n_cat);
    scaler_free(&p->scaler);
    scaler_free(&p->post);
    pca_free(&p->pca);
    for (int j = 0; p->names && j < p->d_out; j++)
        free(p->names[j]);
    free(p->names);
    memset(p, 0, sizeof *p);
}

/* ---- imputing ------------------------------------------------------------ */

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The most frequent of m sorted values (the smallest on a tie, as
 * scikit-learn's SimpleImputer). */
static float most_frequent(const float *v, int m)
{
    float best = v[0];
    int best_run = 0;
    for (int i = 0; i < m;) {
        int k = i;
        while (k < m && v[k] == v[i])
            k++;
        if (k - i > best_run) {
            best_run = k - i;
            best = v[i];
        }
        i = k;
    }
    return best;
}

/* The fill value of m (> 0) sorted values. */
static float fill_value(ImputeKind kind, bool categorical, const float *v, int m)
{
    if (categorical || kind == IMPUTE_MOST_FREQUENT)
        return most_frequent(v, m);
    if (kind == IMPUTE_MEDIAN)
        return m % 2 ? v[m / 2] : (float)(((double)v[m / 2 - 1] + v[m / 2]) / 2.0);
    double sum = 0.0;
    for (int i = 0; i < m; i++)
        sum += v[i];
    return (float)(sum / m);
}

/* Column j's present values (sorted) into buf; returns their count. */
static int present_values(const Mat *X, int j, float *buf)
{
    int m = 0;
    for (int i = 0; i < X->rows; i++) {
        float v = X->data[(size_t)i * (size_t)X->cols + (size_t)j];
        if (!isnan(v))
            buf[m++] = v;
    }
    qsort(buf, (size_t)m, sizeof *buf, cmp_float);
    return m;
}

static int check_column(const Pipeline *p, const Dataset *train, int j, int m, Error *err)
{
    const char *name = train->feature_names ? train->feature_names[j] : "?";
    int n = train->X.rows;
    if (m == 0)
        return error_set(err, ERR_DATA,
                         "feature '%s' is missing in every training row: nothing to learn or "
                         "impute from (leave it out with --drop %s)",
                         name, name);
    if (m < n && p->spec.impute == IMPUTE_NONE)
        return error_set(err, ERR_DATA,
                         "feature '%s' has %d missing cell%s in the training part: choose "
                         "--impute mean, median or most_frequent",
                         name, n - m, n - m == 1 ? "" : "s");
    return 0;
}

static int fit_impute(Pipeline *p, const Dataset *train, Error *err)
{
    const Mat *X = &train->X;
    if (!dataset_has_missing(train) && p->spec.impute == IMPUTE_NONE)
        return 0;
    float *buf = malloc((size_t)(X->rows > 0 ? X->rows : 1) * sizeof *buf);
    if (!buf || (p->spec.impute != IMPUTE_NONE &&
                 !(p->fill = malloc((size_t)X->cols * sizeof *p->fill)))) {
        free(buf);
        return error_set(err, ERR_NOMEM, "out of memory imputing");
    }
    for (int j = 0; j < X->cols; j++) {
        int m = present_values(X, j, buf);
        if (check_column(p, train, j, m, err) < 0) {
            free(buf);
            return -1;
        }
        bool categorical = train->n_categories && train->n_categories[j] > 0;
        if (p->fill)
            p->fill[j] = fill_value(p->spec.impute, categorical, buf, m);
    }
    free(buf);
    return 0;
}

static void apply_impute(const Pipeline *p, Mat *X)
{
    if (!p->fill)
        return;
    size_t n = mat_size(X);
    for (size_t i = 0; i < n; i++)
        if (isnan(X->data[i]))
            X->data[i] = p->fill[i % (size_t)X->cols];
}

/* ---- one-hot --------------------------------------------------------------- */

/* Copy input j's category names (saved with a model, matched by name). */
static int keep_category_names(Pipeline *p, const Dataset *train, int j)
{
    int k = p->n_cat[j];
    if (!(p->cat_names[j] = calloc((size_t)k, sizeof *p->cat_names[j])))
        return -1;
    for (int c = 0; c < k; c++)
        if (!(p->cat_names[j][c] = strdup(train->categories && train->categories[j]
                                              ? train->categories[j][c] : "")))
            return -1;
    return 0;
}

/* A loaded pipeline meets data read on its own: each categorical cell's
 * index (into the data's sorted categories) becomes the index of the same
 * name in the saved categories, or -1 (unseen: one-hot all zeros). */
static int match_column(const Pipeline *p, const Dataset *in, int j, Mat *X, Error *err)
{
    int k = in->n_categories[j];
    int *map = malloc((size_t)k * sizeof *map);
    if (!map)
        return error_set(err, ERR_NOMEM, "out of memory matching categories");
    for (int c = 0; c < k; c++) {
        map[c] = -1;
        for (int t = 0; t < p->n_cat[j] && map[c] < 0; t++)
            if (strcmp(in->categories[j][c], p->cat_names[j][t]) == 0)
                map[c] = t;
    }
    for (int i = 0; i < X->rows; i++) {
        float *v = &X->data[(size_t)i * (size_t)X->cols + (size_t)j];
        if (!isnan(*v))
            *v = *v >= 0 && *v < k ? (float)map[(int)*v] : -1.0f;
    }
    free(map);
    return 0;
}

static int match_categories(const Pipeline *p, const Dataset *in, Mat *X, Error *err)
{
    if (!p->loaded || !p->has_onehot || !in->n_categories)
        return 0;
    for (int j = 0; j < p->d_in; j++)
        if (p->n_cat[j] > 0 && in->n_categories[j] > 0 && match_column(p, in, j, X, err) < 0)
            return -1;
    return 0;
}

/* slot[j][c]: the output column of category c (present in the training
 * part), or -1; numeric features take one column each. */
/* Input j's slots: the categories present in X, numbered from *col on (the
 * next output column, advanced); -1 without memory. */
static int category_slots(Pipeline *p, const Mat *X, int j, int *col)
{
    int k = p->n_cat[j], d = X->cols;
    if (!(p->slot[j] = malloc((size_t)k * sizeof *p->slot[j])))
        return -1;
    for (int c = 0; c < k; c++)
        p->slot[j][c] = -1;
    for (int i = 0; i < X->rows; i++) {
        float v = X->data[(size_t)i * (size_t)d + (size_t)j];
        if (v >= 0 && v < k)
            p->slot[j][(int)v] = 0;
    }
    for (int c = 0; c < k; c++)
        if (p->slot[j][c] == 0)
            p->slot[j][c] = (*col)++;
    return 0;
}

static int fit_onehot(Pipeline *p, const Dataset *train, const Mat *X, Error *err)
{
    int d = X->cols;
    p->d_onehot = d;
    if (!dataset_has_categories(train))
        return 0;
    p->has_onehot = true;
    p->n_cat = calloc((size_t)d, sizeof *p->n_cat);
    p->slot = calloc((size_t)d, sizeof *p->slot);
    p->cat_names = calloc((size_t)d, sizeof *p->cat_names);
    if (!p->n_cat || !p->slot || !p->cat_names)
        return error_set(err, ERR_NOMEM, "out of memory for one-hot encoding");
    int col = 0;
    for (int j = 0; j < d; j++) {
        p->n_cat[j] = train->n_categories[j];
        if (p->n_cat[j] <= 0)
            col++;
        else if (category_slots(p, X, j, &col) < 0 || keep_category_names(p, train, j) < 0)
            return error_set(err, ERR_NOMEM, "out of memory for one-hot encoding");
    }
    p->d_onehot = col;
    return 0;
}

/* out (n x d_onehot) from X; counts the cells of unseen categories. */
static int apply_onehot(Pipeline *p, const Mat *X, Mat *out, Error *err)
{
    if (mat_alloc(out, X->rows, p->d_onehot, err) < 0)
        return -1;
    for (int i = 0; i < X->rows; i++) {
        const float *x = mat_row(X, i);
        float *o = mat_row(out, i);
        int col = 0;
        for (int j = 0; j < p->d_in; j++) {
            int k = p->n_cat[j];
            if (k <= 0) {
                o[col++] = x[j];
                continue;
            }
            int c = x[j] >= 0 && x[j] < k ? (int)x[j] : -1;
            int s = c >= 0 ? p->slot[j][c] : -1;
            if (s >= 0)
                o[s] = 1.0f;
            else
                p->unseen++;
            for (int t = 0; t < k; t++) /* the next output column after this feature */
                col = p->slot[j][t] >= col ? p->slot[j][t] + 1 : col;
        }
    }
    return 0;
}

/* ---- memory limits ----------------------------------------------------------- */

static int check_poly(const Pipeline *p, int d, int rows, Error *err)
{
    long cols = poly_feature_count(d, p->spec.poly);
    double bytes = cols < 0 ? INFINITY : (double)cols * rows * sizeof(float);
    if (bytes <= (double)PIPELINE_MAX_BYTES)
        return 0;
    if (cols < 0)
        return error_set(err, ERR_USAGE,
                         "--poly %d on %d features makes over a million columns; lower the "
                         "degree or reduce the features first (--pca N before --poly)",
                         p->spec.poly, d);
    return error_set(err, ERR_USAGE,
                     "--poly %d on %d features makes %ld columns: about %.0f MB for the %d "
                     "training rows, above the limit of %ld MB; lower the degree or reduce "
                     "the features first (--pca N before --poly)",
                     p->spec.poly, d, cols, bytes / 1048576.0, rows,
                     PIPELINE_MAX_BYTES / 1048576L);
}

static int check_pca(const Pipeline *p, int d, Error *err)
{
    double bytes = (double)d * d * sizeof(double);
    if (p->spec.pca > d)
        return error_set(err, ERR_USAGE,
                         "--pca %d: the data has only %d feature%s at that step (use at most "
                         "%d, or a fraction of the variance such as 0.95)",
                         p->spec.pca, d, d == 1 ? "" : "s", d);
    if (bytes > (double)PIPELINE_MAX_BYTES)
        return error_set(err, ERR_USAGE,
                         "--pca on %d features needs a %d x %d covariance, about %.0f MB, "
                         "above the limit of %ld MB; reduce the features first",
                         d, d, d, bytes / 1048576.0, PIPELINE_MAX_BYTES / 1048576L);
    return 0;
}

/* ---- polynomial features and PCA ---------------------------------------------- */

/* Fit PCA on X: spec.pca components, or as many as explain spec.pca_var. */
static int fit_pca(Pipeline *p, const Mat *X, Error *err)
{
    if (check_pca(p, X->cols, err) < 0)
        return -1;
    int k = p->spec.pca > 0 ? p->spec.pca : X->cols;
    if (pca_fit(&p->pca, X, k, err) < 0)
        return -1;
    p->has_pca = true;
    if (p->spec.pca > 0)
        return 0;
    double sum = 0.0;
    int keep = 0;
    while (keep < p->pca.k && sum < p->spec.pca_var * p->pca.total_var)
        sum += p->pca.explained_var[keep++];
    p->pca.k = keep > 0 ? keep : 1;
    p->pca.components.rows = p->pca.k; /* the first rows: the largest */
    return 0;
}

/* One of the two steps on *X (replaced by its output); fit first when fitting. */
static int poly_or_pca(Pipeline *p, bool pca, bool fitting, Mat *X, Error *err)
{
    Mat out;
    int rc;
    if (pca) {
        if (fitting && fit_pca(p, X, err) < 0)
            return -1;
        rc = pca_transform(&p->pca, X, &out, err);
    } else {
        if (fitting && check_poly(p, X->cols, X->rows, err) < 0)
            return -1;
        rc = poly_features(X, p->spec.poly, &out, err);
        if (rc == 0)
            p->d_poly = out.cols;
    }
    if (rc < 0)
        return -1;
    mat_free(X);
    *X = out;
    return 0;
}

static int late_steps(Pipeline *p, bool fitting, Mat *X, Error *err)
{
    bool has_pca = p->spec.pca > 0 || p->spec.pca_var > 0.0;
    bool has_poly = p->spec.poly >= 2;
    bool order[2] = { p->spec.pca_first, !p->spec.pca_first }; /* true: PCA */
    for (int s = 0; s < 2; s++) {
        bool want = order[s] ? has_pca : has_poly;
        if (want && poly_or_pca(p, order[s], fitting, X, err) < 0)
            return -1;
    }
    return 0;
}

/* ---- the whole ------------------------------------------------------------------ */

/* The one-hot step on *X (replaced by its output) when there is one. */
static int onehot_step(Pipeline *p, bool fitting, Mat *X, Error *err)
{
    if (!p->has_onehot)
        return 0;
    Mat wide;
    long before = p->unseen;
    if (apply_onehot(p, X, &wide, err) < 0)
        return -1;
    if (fitting)
        p->unseen = before; /* the training part has every category it knows */
    mat_free(X);
    *X = wide;
    return 0;
}

/* --rescale: standardise the last step's output (fitting: fit it first). */
static int rescale_step(Pipeline *p, bool fitting, Mat *X, Error *err)
{
    if (fitting && p->spec.rescale && scaler_fit(&p->post, SCALE_STANDARD, X, err) < 0)
        return -1;
    scaler_transform(&p->post, X);
    return 0;
}

/* raw = the features of in as floats (a byte-backed part read as floats),
 * deskewed when asked for: the first step, stateless. */
static int first_copy(const Pipeline *p, const Dataset *in, Mat *raw, Error *err)
{
    if (p->spec.deskew)
        return deskew_mat(&in->X, p->image_w, p->image_h, raw, err);
    if (mat_alloc(raw, in->X.rows, in->X.cols, err) < 0)
        return -1;
    mat_copy_rows_f32(&in->X, 0, in->X.rows, raw->data);
    return 0;
}

/* X (n x d_out) from the raw features of in (fitting: fit each step too). */
static int run_steps(Pipeline *p, const Dataset *in, bool fitting, Mat *X, Error *err)
{
    Mat raw;
    if (first_copy(p, in, &raw, err) < 0)
        return -1;
    if (match_categories(p, in, &raw, err) < 0)
        goto fail;
    if (fitting && fit_impute(p, in, err) < 0)
        goto fail;
    apply_impute(p, &raw);
    if ((fitting && fit_onehot(p, in, &raw, err) < 0) || onehot_step(p, fitting, &raw, err) < 0)
        goto fail;
    if (fitting && p->scale != SCALE_NONE && scaler_fit(&p->scaler, p->scale, &raw, err) < 0)
        goto fail;
    scaler_transform(&p->scaler, &raw);
    if (late_steps(p, fitting, &raw, err) < 0 || rescale_step(p, fitting, &raw, err) < 0)
        goto fail;
    *X = raw;
    return 0;
fail:
    mat_free(&raw);
    return -1;
}

/* The name of output column c: the feature, "feature=category", or for the
 * last step's columns "poly_N" / "pc_N". */
static char *column_name(const Pipeline *p, const Dataset *train, int c)
{
    char buf[256];
    bool generic = p->has_pca || p->spec.poly >= 2;
    if (generic) {
        bool pca_last = p->has_pca && (!(p->spec.poly >= 2) || !p->spec.pca_first);
        snprintf(buf, sizeof buf, "%s_%d", pca_last ? "pc" : "poly", c + 1);
        return strdup(buf);
    }
    for (int j = 0, col = 0; j < p->d_in; j++) {
        const char *name = train->feature_names ? train->feature_names[j] : "x";
        int k = p->n_cat ? p->n_cat[j] : 0;
        if (k <= 0 && col++ == c)
            return strdup(name);
        for (int t = 0; t < k; t++)
            if (p->slot[j][t] == c) {
                snprintf(buf, sizeof buf, "%s=%s", name, train->categories[j][t]);
                return strdup(buf);
            }
        for (int t = 0; t < k; t++)
            col = p->slot[j][t] >= col ? p->slot[j][t] + 1 : col;
    }
    return strdup("?");
}

static int make_names(Pipeline *p, const Dataset *train, Error *err)
{
    if (!(p->names = calloc((size_t)(p->d_out > 0 ? p->d_out : 1), sizeof *p->names)))
        return error_set(err, ERR_NOMEM, "out of memory naming features");
    for (int c = 0; c < p->d_out; c++)
        if (!(p->names[c] = column_name(p, train, c)))
            return error_set(err, ERR_NOMEM, "out of memory naming features");
    return 0;
}

/* out = in with X replaced by *X (taken) and the pipeline's feature names. */
static int make_part(const Pipeline *p, const Dataset *in, Mat *X, Dataset *out, Error *err)
{
    Dataset shell = *in;
    shell.X = (Mat){ .rows = in->X.rows };
    shell.feature_names = NULL;
    shell.n_categories = NULL;
    shell.categories = NULL;
    if (dataset_copy(&shell, out, err) < 0) {
        mat_free(X);
        return -1;
    }
    mat_free(&out->X);
    out->X = *X;
    out->feature_names = calloc((size_t)(p->d_out > 0 ? p->d_out : 1), sizeof *out->feature_names);
    for (int c = 0; out->feature_names && c < p->d_out; c++)
        if (!(out->feature_names[c] = strdup(p->names[c]))) {
            dataset_free(out);
            return error_set(err, ERR_NOMEM, "out of memory naming features");
        }
    if (!out->feature_names) {
        dataset_free(out);
        return error_set(err, ERR_NOMEM, "out of memory naming features");
    }
    return 0;
}

/* --deskew: the training part must be images (their shape kept for the others). */
static int deskew_shape(Pipeline *p, const Dataset *train, Error *err)
{
    if (!p->spec.deskew)
        return 0;
    long pixels = (long)train->image_w * train->image_h;
    if (train->image_w <= 0 || train->image_h <= 0 || pixels != train->X.cols)
        return error_set(err, ERR_USAGE,
                         "--deskew needs an image set (mnist, fashion_mnist, digits); %s has no "
                         "image shape",
                         train->name ? train->name : "the data");
    p->image_w = train->image_w;
    p->image_h = train->image_h;
    return 0;
}

int pipeline_fit(Pipeline *p, const PrepSpec *spec, ScaleKind scale, const Dataset *train,
                 Dataset *out, Error *err)
{
    memset(p, 0, sizeof *p);
    memset(out, 0, sizeof *out);
    p->spec = *spec;
    p->scale = scale;
    p->d_in = train->X.cols;
    if (deskew_shape(p, train, err) < 0) {
        memset(p, 0, sizeof *p);
        return -1;
    }
    if (!(p->in_names = calloc((size_t)(p->d_in > 0 ? p->d_in : 1), sizeof *p->in_names)))
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int j = 0; j < p->d_in; j++)
        if (!(p->in_names[j] = strdup(train->feature_names ? train->feature_names[j] : ""))) {
            pipeline_free(p);
            return error_set(err, ERR_NOMEM, "out of memory");
        }
    Mat X;
    if (run_steps(p, train, true, &X, err) < 0) {
        pipeline_free(p);
        return -1;
    }
    p->d_out = X.cols;
    if (make_names(p, train, err) < 0 || make_part(p, train, &X, out, err) < 0) {
        mat_free(&X);
        pipeline_free(p);
        return -1;
    }
    return 0;
}

int pipeline_apply(Pipeline *p, const Dataset *in, Dataset *out, Error *err)
{
    memset(out, 0, sizeof *out);
    if (in->X.cols != p->d_in)
        return error_set(err, ERR_DATA, "the preparation was fitted on %d features, not %d",
                         p->d_in, in->X.cols);
    Mat X;
    if (run_steps(p, in, false, &X, err) < 0)
        return -1;
    for (size_t i = 0; i < mat_size(&X); i++)
        if (!isfinite(X.data[i])) { /* found by fuzz_model.c: a saved --rescale scale of 7e-293 */
            double v = X.data[i];
            mat_free(&X);
            return error_set(err, ERR_DATA, "the prepared features are not finite (%g): the "
                                            "values are too large for the preparation's steps",
                             v);
        }
    return make_part(p, in, &X, out, err);
}

/* Append ", " (unless first) and a printf-style step to buf. */
static void add_step(char *buf, size_t size, size_t *used, const char *fmt, ...)
{
    if (*used && *used + 2 < size) {
        memcpy(buf + *used, ", ", 3);
        *used += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf + *used, size - *used, fmt, ap);
    va_end(ap);
    *used = w < 0 || (size_t)w >= size - *used ? size - 1 : *used + (size_t)w;
}

void pipeline_describe(const Pipeline *p, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    if (p->spec.deskew)
        add_step(buf, size, &used, "deskew");
    if (p->fill)
        add_step(buf, size, &used, "impute %s", impute_kind_name(p->spec.impute));
    if (p->has_onehot)
        add_step(buf, size, &used, "one-hot %d -> %d", p->d_in, p->d_onehot);
    if (p->scale != SCALE_NONE)
        add_step(buf, size, &used, "%s scaling", scale_kind_name(p->scale));
    for (int s = 0; s < 2; s++) {
        bool pca = s == 0 ? p->spec.pca_first : !p->spec.pca_first;
        if (pca && p->has_pca)
            add_step(buf, size, &used, "pca %d", p->pca.k);
        else if (!pca && p->spec.poly >= 2)
            add_step(buf, size, &used, "poly %d", p->spec.poly);
    }
    if (p->spec.rescale)
        add_step(buf, size, &used, "standardised again");
}
