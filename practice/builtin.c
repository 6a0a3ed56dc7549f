/* builtin.c - the lab's own module on a test case's data, for the grader:
 * the figure a learner's real-data result is held against ("out accuracy
 * >= builtin - 0.03") and the time the speed ratio divides by.
 *
 * The case's X (and y) are divided and scaled exactly as the harness's
 * mp_split does (cases.c: split EVERY OFFSET [standardize]), made into two
 * Datasets, and the module named by the case's `builtin` line (a registry
 * name, with KEY=VALUE parameters and an optional seed=N, default 0) is
 * created, stepped to the end and asked to predict, all in this process:
 * it is the lab's code, not the learner's.  It runs twice with the same
 * seed (the same figure) and the faster time is kept. */
#include "practice_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "timer.h"

typedef struct Parts {
    Dataset train, test;
} Parts;

static bool held_out(const PCase *c, int i)
{
    return c->split_every > 0 && i % c->split_every == c->split_offset;
}

/* Mean and standard deviation (population; 0 becomes 1) of each column over
 * the training rows, as the runtime's mp_split computes them. */
static void column_stats(const PCase *c, const PArray *X, double *mean, double *sd)
{
    int n = X->dims[0], d = X->ndim > 1 ? X->dims[1] : 1;
    for (int j = 0; j < d; j++) {
        double s = 0, s2 = 0;
        int m = 0;
        for (int i = 0; i < n; i++)
            if (!held_out(c, i)) {
                s += X->v[(long)i * d + j];
                m++;
            }
        mean[j] = m ? s / m : 0.0;
        for (int i = 0; i < n; i++)
            if (!held_out(c, i))
                s2 += (X->v[(long)i * d + j] - mean[j]) * (X->v[(long)i * d + j] - mean[j]);
        sd[j] = m && s2 > 0 ? sqrt(s2 / m) : 1.0;
    }
}

/* An empty Dataset with rows x d features, labels when y, named names. */
static int part_alloc(Dataset *ds, int rows, int d, const PArray *y, int n_classes, Error *err)
{
    memset(ds, 0, sizeof *ds);
    ds->name = strdup("practice case");
    ds->feature_names = calloc((size_t)d, sizeof *ds->feature_names);
    if (!ds->name || !ds->feature_names || mat_alloc(&ds->X, rows, d, err) != 0)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int j = 0; j < d; j++)
        if (asprintf(&ds->feature_names[j], "x%d", j) < 0)
            return error_set(err, ERR_NOMEM, "out of memory");
    if (!y)
        return 0;
    ds->has_target = true;
    ds->y = calloc((size_t)(rows > 0 ? rows : 1), sizeof *ds->y);
    ds->class_names = calloc((size_t)n_classes, sizeof *ds->class_names);
    if (!ds->y || !ds->class_names)
        return error_set(err, ERR_NOMEM, "out of memory");
    ds->n_classes = n_classes;
    for (int k = 0; k < n_classes; k++)
        if (asprintf(&ds->class_names[k], "%d", k) < 0)
            return error_set(err, ERR_NOMEM, "out of memory");
    return 0;
}

static int n_classes_of(const PArray *y, Error *err)
{
    int top = -1;
    for (long i = 0; i < y->n; i++) {
        if (y->v[i] < 0 || y->v[i] > 1e6)
            return error_set(err, ERR_DATA, "builtin: the labels must be 0, 1, ...");
        if (y->v[i] > top)
            top = (int)y->v[i];
    }
    return top + 1;
}

/* Copy row i of X (scaled) and y into row r of ds. */
static void put_row(Dataset *ds, int r, const PArray *X, const PArray *y, int i,
                    const double *mean, const double *sd)
{
    int d = ds->X.cols;
    float *row = mat_row(&ds->X, r);
    for (int j = 0; j < d; j++)
        row[j] = (float)((X->v[(long)i * d + j] - mean[j]) / sd[j]);
    if (y)
        ds->y[r] = (int)y->v[i];
}

/* mean 0 and sd 1 (no scaling), or the training rows' statistics. */
static int scaling(const PCase *c, const PArray *X, int d, double **mean, double **sd,
                   Error *err)
{
    *mean = calloc((size_t)d + 1, sizeof **mean);
    *sd = malloc(((size_t)d + 1) * sizeof **sd);
    if (!*mean || !*sd)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int j = 0; j < d; j++)
        (*sd)[j] = 1.0;
    if (c->standardize)
        column_stats(c, X, *mean, *sd);
    return 0;
}

static int fill_parts(const PCase *c, Parts *p, const PArray *X, const PArray *y, int k,
                      Error *err)
{
    int n = X->ndim ? X->dims[0] : 1, d = X->ndim > 1 ? X->dims[1] : 1, n_test = 0;
    for (int i = 0; i < n; i++)
        n_test += held_out(c, i);
    double *mean = NULL, *sd = NULL;
    int rc = scaling(c, X, d, &mean, &sd, err);
    if (rc == 0)
        rc = part_alloc(&p->train, n - n_test, d, y, k, err);
    if (rc == 0)
        rc = part_alloc(&p->test, n_test, d, y, k, err);
    for (int i = 0, a = 0, b = 0; rc == 0 && i < n; i++) {
        if (held_out(c, i))
            put_row(&p->test, b++, X, y, i, mean, sd);
        else
            put_row(&p->train, a++, X, y, i, mean, sd);
    }
    free(mean);
    free(sd);
    return rc;
}

static int make_parts(const PCase *c, Parts *p, Error *err)
{
    const PArray *X = parrays_find(&c->in, "X"), *y = parrays_find(&c->in, "y");
    int n = X->ndim ? X->dims[0] : 1;
    int k = y ? n_classes_of(y, err) : 0;
    if (k < 0)
        return -1;
    if (y && y->n != n)
        return error_set(err, ERR_DATA, "builtin: X and y differ in rows");
    return fill_parts(c, p, X, y, k, err);
}

/* KEY=VALUE words into params; seed=N into *seed. */
static int parse_params(const PCase *c, Params *params, uint64_t *seed, Error *err)
{
    char words[sizeof c->builtin_params];
    snprintf(words, sizeof words, "%s", c->builtin_params);
    char *save = NULL;
    for (char *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (strncmp(w, "seed=", 5) == 0)
            *seed = strtoull(w + 5, NULL, 10);
        else if (params_parse_kv(params, w, err) != 0)
            return -1;
    }
    return 0;
}

/* Sum of squared distances of each row to the mean of its cluster. */
static double inertia(const Dataset *ds, const int *labels)
{
    int n = ds->X.rows, d = ds->X.cols, k = 0;
    for (int i = 0; i < n; i++)
        k = labels[i] + 1 > k ? labels[i] + 1 : k;
    double *sum = calloc((size_t)k * d + 1, sizeof *sum), total = 0;
    int *count = calloc((size_t)k + 1, sizeof *count);
    for (int i = 0; sum && count && i < n; i++) {
        count[labels[i]]++;
        for (int j = 0; j < d; j++)
            sum[labels[i] * d + j] += mat_row(&ds->X, i)[j];
    }
    for (int i = 0; sum && count && i < n; i++)
        for (int j = 0; j < d; j++) {
            double diff = mat_row(&ds->X, i)[j] - sum[labels[i] * d + j] / count[labels[i]];
            total += diff * diff;
        }
    free(sum);
    free(count);
    return sum && count ? total : NAN;
}

/* The measure of a fitted model on the test part (the training part when
 * nothing is held out). */
static int measure(const Algo *algo, void *model, const Parts *p, PBuiltinResult *r, Error *err)
{
    const Dataset *ds = p->test.X.rows > 0 ? &p->test : &p->train;
    int n = ds->X.rows;
    int *labels = calloc((size_t)(n > 0 ? n : 1), sizeof *labels);
    int rc = labels ? algo->predict(model, &ds->X, labels, NULL, err)
                    : error_set(err, ERR_NOMEM, "out of memory");
    int right = 0;
    for (int i = 0; rc == 0 && ds->y && i < n; i++)
        right += labels[i] == ds->y[i];
    bool clusterer = algo->kind == ALGO_CLUSTERER;
    r->measure = clusterer ? "inertia" : "accuracy";
    if (rc == 0)
        r->value = clusterer ? inertia(ds, labels) : n ? (double)right / n : 0.0;
    free(labels);
    return rc;
}

static int fit_and_measure(const Algo *algo, const Params *params, uint64_t seed, const Parts *p,
                           PBuiltinResult *r, Error *err)
{
    Rng rng;
    rng_seed(&rng, seed);
    double start = timer_now();
    void *model = algo->create(params, &p->train, &rng, err);
    if (!model)
        return -1;
    StepStatus st = STEP_MORE;
    while (st == STEP_MORE)
        st = algo->step(model, &p->train, NULL, err);
    int rc = st == STEP_ERROR ? -1 : measure(algo, model, p, r, err);
    r->seconds = timer_now() - start;
    algo->destroy(model);
    return rc;
}

int pbuiltin_run(const PCase *c, PBuiltinResult *r, Error *err)
{
    memset(r, 0, sizeof *r);
    const Algo *algo = algo_find(c->builtin);
    if (!algo || (algo->kind != ALGO_CLASSIFIER && algo->kind != ALGO_CLUSTERER))
        return error_set(err, ERR_DATA, "test %s: '%s' is not a built-in classifier or clusterer",
                         c->name, c->builtin);
    Params params = { 0 };
    Parts parts = { 0 };
    uint64_t seed = 0;
    int rc = params_init(&params, algo->params, err);
    if (rc == 0)
        rc = parse_params(c, &params, &seed, err);
    if (rc == 0)
        rc = make_parts(c, &parts, err);
    /* twice, keeping the faster time: the first run also pays for warming
     * up (thread pools, caches), which the learner's fresh process does not
     * count either (it times only its call) */
    PBuiltinResult again;
    if (rc == 0)
        rc = fit_and_measure(algo, &params, seed, &parts, r, err);
    if (rc == 0)
        rc = fit_and_measure(algo, &params, seed, &parts, &again, err);
    if (rc == 0 && again.seconds < r->seconds)
        r->seconds = again.seconds;
    if (rc != 0) {
        char prefix[160];
        snprintf(prefix, sizeof prefix, "test %s, the built-in %s: ", c->name, c->builtin);
        error_prefix(err, prefix);
    }
    dataset_free(&parts.train);
    dataset_free(&parts.test);
    params_free(&params);
    return rc;
}
