/* naive_bayes.c - Gaussian naive Bayes.
 *
 * Bayes' rule with the "naive" assumption that features are independent
 * given the class:
 *
 *   log P(c | x) = log P(c) + sum_j log N(x_j; mu_cj, var_cj) - log P(x)
 *   log N(x; mu, var) = -0.5 log(2 pi var) - 0.5 (x - mu)^2 / var
 *
 * Training is counting: a prior, a mean and a variance per class and feature.
 * One step computes one class.  A feature that is constant within a class
 * (an always-black MNIST pixel) would have variance 0 and make the density
 * infinite, so every variance gets epsilon = var_smoothing * (largest
 * variance of any feature over the whole training part), as scikit-learn.
 * Predictions compare log-likelihoods (products of 784 densities underflow);
 * probabilities come back through log-sum-exp.  All statistics are doubles. */
#include "naive_bayes.h"
#include "nb_io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct NbModel {
    int n_classes, d;
    int done;             /* classes computed so far (0 .. n_classes)        */
    double var_smoothing;
    double epsilon;       /* added to every variance                         */
    int *count;           /* n_classes: training rows per class              */
    double *prior;        /* n_classes                                       */
    double *mean;         /* n_classes x d                                   */
    double *var;          /* n_classes x d, epsilon included                 */
} NbModel;

static const ParamSpec nb_params[] = {
    { "var_smoothing", PARAM_FLOAT, "1e-9", 0.0, 1.0, NULL,
      "added to every variance, as a fraction of the largest feature variance" },
    { "priors", PARAM_STRING, "fit", 0, 0, NULL,
      "class priors: fit (the class frequencies), uniform, or P0,P1,... summing to 1" },
    { 0 }
};

static void nb_destroy(void *model)
{
    NbModel *m = model;
    if (!m)
        return;
    free(m->count);
    free(m->prior);
    free(m->mean);
    free(m->var);
    free(m);
}

#define NB_CHUNKS 16 /* fixed row split: the same sums on any number of threads */

/* Chunk ch's sums of (x - shift) into s1 and of its square into s2 over the
 * rows of class c (every row when c < 0); returns the rows summed, -1 when
 * out of memory.  A byte-backed X (mat.h) is read a row at a time as floats. */
static int chunk_moments(const Mat *X, const int *y, int c, int ch, const float *shift,
                         double *s1, double *s2)
{
    int n = X->rows, d = X->cols, count = 0;
    int hi = (int)((long)n * (ch + 1) / NB_CHUNKS);
    float *buf = mat_is_bytes(X) ? malloc((size_t)d * sizeof *buf) : NULL;
    if (mat_is_bytes(X) && !buf)
        return -1;
    for (int i = (int)((long)n * ch / NB_CHUNKS); i < hi; i++) {
        if (c >= 0 && y[i] != c)
            continue;
        const float *x = mat_rows_f32(X, i, 1, buf);
#pragma omp simd
        for (int j = 0; j < d; j++) {
            double t = (double)x[j] - shift[j];
            s1[j] += t;
            s2[j] += t * t;
        }
        count++;
    }
    free(buf);
    return count;
}

/* The chunks' sums combined in order into mean and var, then turned into the
 * mean and the population variance of the total rows. */
static void combine_moments(const double *acc, const int *count, int d, const float *shift,
                            double *mean, double *var, int *total)
{
    *total = 0;
    for (int ch = 0; ch < NB_CHUNKS; ch++) {
        const double *s1 = acc + (size_t)ch * 2 * d, *s2 = s1 + d;
        for (int j = 0; j < d; j++) {
            mean[j] += s1[j];
            var[j] += s2[j];
        }
        *total += count[ch];
    }
    for (int j = 0; j < d; j++) {
        double m1 = mean[j] / *total; /* mean of x - s */
        var[j] = var[j] / *total - m1 * m1;
        if (var[j] < 0.0)
            var[j] = 0.0;
        mean[j] = m1 + shift[j];
    }
}

/* Per-feature mean and population variance (n x d rows of X with y[i] == c,
 * or every row when c < 0) in one pass over the data: sums of (x - s) and
 * (x - s)^2 with s the first such row's value, which keeps the variance free
 * of the cancellation of E[x^2] - E[x]^2.  Rows are split into NB_CHUNKS
 * chunks summed in parallel and combined in order.  Returns the row count,
 * or -1 when out of memory. */
static int feature_moments(const Mat *X, const int *y, int c, double *mean, double *var)
{
    int n = X->rows, d = X->cols, first = -1;
    for (int i = 0; i < n && first < 0; i++)
        if (c < 0 || y[i] == c)
            first = i;
    memset(mean, 0, (size_t)d * sizeof *mean);
    memset(var, 0, (size_t)d * sizeof *var);
    if (first < 0)
        return 0;
    double *acc = calloc((size_t)NB_CHUNKS * 2 * d, sizeof *acc);
    float *shift = malloc((size_t)d * sizeof *shift);
    int count[NB_CHUNKS] = { 0 }, failed = 0;
    if (!acc || !shift) {
        free(acc);
        free(shift);
        return -1;
    }
    memcpy(shift, mat_rows_f32(X, first, 1, shift), (size_t)d * sizeof *shift);
#pragma omp parallel for schedule(dynamic, 1) if ((size_t)n * d > 100000) reduction(|| : failed)
    for (int ch = 0; ch < NB_CHUNKS; ch++) {
        double *s1 = acc + (size_t)ch * 2 * d;
        count[ch] = chunk_moments(X, y, c, ch, shift, s1, s1 + d);
        failed = failed || count[ch] < 0;
    }
    int total = -1;
    if (!failed)
        combine_moments(acc, count, d, shift, mean, var, &total);
    free(acc);
    free(shift);
    return total;
}

/* Largest per-feature variance of X over all rows; -1 when out of memory. */
static double max_feature_variance(const Mat *X)
{
    int d = X->cols;
    double *mean = malloc((size_t)d * sizeof *mean), *var = malloc((size_t)d * sizeof *var);
    double best = -1.0;
    if (mean && var && feature_moments(X, NULL, -1, mean, var) >= 0) {
        best = 0.0;
        for (int j = 0; j < d; j++)
            if (var[j] > best)
                best = var[j];
    }
    free(mean);
    free(var);
    return best;
}

static int check_training(const Dataset *train, Error *err)
{
    if (!train->y || train->n_classes < 1)
        return error_set(err, ERR_DATA, "naive Bayes needs class labels");
    if (dataset_rows(train) == 0 || dataset_cols(train) == 0)
        return error_set(err, ERR_DATA, "naive Bayes needs a non-empty training set");
    return 0;
}

/* -p priors=P0,P1,...: one probability > 0 per class, summing to 1 (as
 * scikit-learn's GaussianNB(priors=...)); ERR_USAGE otherwise. */
static int given_priors(NbModel *m, const char *text, Error *err)
{
    int k = m->n_classes, c = 0;
    double sum = 0.0;
    for (const char *p = text; *p && c <= k; c++) {
        char *end;
        double v = strtod(p, &end);
        if (end == p || (*end && *end != ',') || !(v > 0.0) || !(v <= 1.0))
            return error_set(err, ERR_USAGE, "naive_bayes: priors: '%s' is not fit, uniform or "
                                             "a list of probabilities in (0, 1]", text);
        if (c < k)
            m->prior[c] = v;
        sum += v;
        p = *end ? end + 1 : end;
    }
    if (c != k)
        return error_set(err, ERR_USAGE, "naive_bayes: priors: %d value%s for %d classes", c,
                         c == 1 ? "" : "s", k);
    if (fabs(sum - 1.0) > 1e-6)
        return error_set(err, ERR_USAGE, "naive_bayes: priors: they sum to %g, not 1", sum);
    return 0;
}

/* Class counts and priors (the frequencies, uniform or given); -1
 * (ERR_DATA) unless two classes have rows. */
static int read_priors(NbModel *m, const Dataset *train, const char *priors, Error *err)
{
    int n = dataset_rows(train), present = 0;
    dataset_class_counts(train, m->count);
    for (int c = 0; c < m->n_classes; c++) {
        m->prior[c] = strcmp(priors, "uniform") == 0 ? 1.0 / m->n_classes
                                                      : (double)m->count[c] / n;
        present += m->count[c] > 0;
    }
    if (present < 2)
        return error_set(err, ERR_DATA, "the training set has a single class: nothing to classify");
    if (strcmp(priors, "fit") == 0 || strcmp(priors, "uniform") == 0)
        return 0;
    return given_priors(m, priors, err);
}

static void *nb_create(const Params *params, const Dataset *train, Rng *rng, Error *err)
{
    (void)rng;
    if (check_training(train, err) < 0)
        return NULL;
    int d = dataset_cols(train), k = train->n_classes;
    NbModel *m = calloc(1, sizeof *m);
    if (!m)
        goto nomem;
    m->n_classes = k;
    m->d = d;
    m->var_smoothing = params_float(params, "var_smoothing");
    m->count = calloc((size_t)k, sizeof *m->count);
    m->prior = calloc((size_t)k, sizeof *m->prior);
    m->mean = calloc((size_t)k * (size_t)d, sizeof *m->mean);
    m->var = calloc((size_t)k * (size_t)d, sizeof *m->var);
    if (!m->count || !m->prior || !m->mean || !m->var)
        goto nomem;
    if (read_priors(m, train, params_str(params, "priors"), err) < 0) {
        nb_destroy(m);
        return NULL;
    }
    double max_var = max_feature_variance(&train->X);
    if (max_var < 0.0)
        goto nomem;
    m->epsilon = m->var_smoothing * max_var;
    return m;
nomem:
    nb_destroy(m);
    error_set(err, ERR_NOMEM, "out of memory for naive Bayes");
    return NULL;
}

/* Mean and variance (plus epsilon) of class c's rows; -1 when out of memory. */
static int class_statistics(NbModel *m, const Dataset *train, int c)
{
    double *mu = m->mean + (size_t)c * m->d, *var = m->var + (size_t)c * m->d;
    if (feature_moments(&train->X, train->y, c, mu, var) < 0)
        return -1;
    for (int j = 0; j < m->d; j++)
        var[j] += m->epsilon;
    return 0;
}

/* Class c's statistics, and the trace line about them. */
static int learn_class(NbModel *m, const Dataset *train, int c, Trace *trace)
{
    const char *name = train->class_names ? train->class_names[c] : "?";
    char text[TRACE_TEXT_LEN];
    if (m->count[c] == 0) {
        snprintf(text, sizeof text, "class %s: no training rows, left out", name);
        trace_emitv(trace, TRACE_STEP, "class", text, "class", (double)c, "prior", 0.0, TRACE_END);
        return 0;
    }
    if (class_statistics(m, train, c) < 0)
        return -1;
    const double *var = m->var + (size_t)c * m->d;
    double mean_var = 0.0;
    for (int j = 0; j < m->d; j++)
        mean_var += var[j];
    mean_var /= m->d;
    snprintf(text, sizeof text,
             "class %s: prior %.3f (%d rows), %d means/variances, mean variance %.3g", name,
             m->prior[c], m->count[c], m->d, mean_var);
    trace_emitv(trace, TRACE_STEP, "class", text, "class", (double)c, "prior", m->prior[c],
                "rows", (double)m->count[c], "mean_variance", mean_var, TRACE_END);
    return 0;
}

static StepStatus nb_step(void *model, const Dataset *train, Trace *trace, Error *err)
{
    NbModel *m = model;
    if (m->done >= m->n_classes)
        return STEP_DONE;
    if (trace_cancelled(trace))
        return error_set(err, ERR_CANCELLED, "cancelled"), STEP_ERROR;
    if (dataset_cols(train) != m->d || !train->y) {
        error_set(err, ERR_DATA, "naive Bayes: the training set changed shape");
        return STEP_ERROR;
    }
    if (learn_class(m, train, m->done, trace) < 0) {
        error_set(err, ERR_NOMEM, "out of memory for naive Bayes");
        return STEP_ERROR;
    }
    m->done++;
    if (m->done == m->n_classes)
        trace_emit(trace, TRACE_NOTE, "done", "all %d classes done; epsilon %.3g", m->n_classes,
                   m->epsilon);
    return m->done == m->n_classes ? STEP_DONE : STEP_MORE;
}

/* Per class: base[c] = log P(c) - 0.5 sum_j log(2 pi var_cj), and
 * inv = 1 / var_cj; -INFINITY for classes not learnt (or without rows). */
static void class_constants(const NbModel *m, double *base, double *inv)
{
    int d = m->d;
    for (int c = 0; c < m->n_classes; c++) {
        base[c] = -INFINITY;
        if (c >= m->done || m->count[c] == 0)
            continue;
        double s = log(m->prior[c]);
        for (int j = 0; j < d; j++) {
            double v = m->var[(size_t)c * d + j];
            s -= 0.5 * log(2.0 * M_PI * v);
            inv[(size_t)c * d + j] = 1.0 / v;
        }
        base[c] = s;
    }
}

/* log P(c) + log P(x | c) of one row x for every class, into out[k]. */
static void row_jll(const NbModel *m, const float *x, const double *base, const double *inv,
                    double *out)
{
    int d = m->d;
    for (int c = 0; c < m->n_classes; c++) {
        if (base[c] == -INFINITY) {
            out[c] = -INFINITY;
            continue;
        }
        const double *mu = m->mean + (size_t)c * d, *iv = inv + (size_t)c * d;
        double q = 0.0;
#pragma omp simd reduction(+ : q)
        for (int j = 0; j < d; j++) {
            double t = x[j] - mu[j];
            q += t * t * iv[j];
        }
        out[c] = base[c] - 0.5 * q;
    }
}

int nb_joint_log_likelihood(const void *model, const Mat *X, double *out, Error *err)
{
    const NbModel *m = model;
    int n = X->rows, d = m->d, k = m->n_classes;
    if (X->cols != d)
        return error_set(err, ERR_DATA, "naive Bayes: %d features given, the model has %d",
                         X->cols, d);
    double *base = malloc((size_t)k * sizeof *base);
    double *inv = malloc((size_t)k * (size_t)d * sizeof *inv);
    if (!base || !inv) {
        free(base);
        free(inv);
        return error_set(err, ERR_NOMEM, "out of memory for naive Bayes predictions");
    }
    class_constants(m, base, inv);
    int failed = 0;
#pragma omp parallel if (n > 256) reduction(|| : failed)
    {
        /* a byte-backed X (mat.h): each thread converts its rows one by one */
        float *buf = mat_is_bytes(X) ? malloc((size_t)(d ? d : 1) * sizeof *buf) : NULL;
        failed = mat_is_bytes(X) && !buf;
#pragma omp for schedule(static)
        for (int i = 0; i < n; i++)
            if (!failed)
                row_jll(m, mat_rows_f32(X, i, 1, buf), base, inv, out + (size_t)i * k);
        free(buf);
    }
    free(base);
    free(inv);
    return failed ? error_set(err, ERR_NOMEM, "out of memory for naive Bayes predictions") : 0;
}

/* The class with the largest r[c] (the first on ties); when score is not
 * NULL, the probabilities by log-sum-exp:
 * P(c | x) = exp(r_c - max) / sum_c' exp(r_c' - max). */
static int decide(const double *r, int k, float *score)
{
    int best = 0;
    for (int c = 1; c < k; c++)
        if (r[c] > r[best])
            best = c;
    if (!score)
        return best;
    double mx = r[best], z = 0.0;
    for (int c = 0; c < k; c++)
        z += exp(r[c] - mx);
    for (int c = 0; c < k; c++)
        score[c] = (float)(exp(r[c] - mx) / z);
    return best;
}


static int nb_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    NbModel *m = model;
    int n = X->rows, k = m->n_classes;
    double *jll = malloc(((size_t)n * k + 1) * sizeof *jll);
    if (!jll)
        return error_set(err, ERR_NOMEM, "out of memory for naive Bayes predictions");
    if (m->done == 0) {
        /* Nothing learnt yet beyond the counts: the priors alone decide. */
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++)
                jll[(size_t)i * k + c] = m->count[c] ? log(m->prior[c]) : -INFINITY;
    } else if (nb_joint_log_likelihood(m, X, jll, err) < 0) {
        free(jll);
        return -1;
    }
    for (int i = 0; i < n; i++)
        labels[i] = decide(jll + (size_t)i * k, k, scores ? scores + (size_t)i * k : NULL);
    free(jll);
    return 0;
}

static void nb_model_json(const void *model, const Dataset *train, StrBuf *sb)
{
    const NbModel *m = model;
    (void)train;
    sb_append(sb, "{\"classes\": ");
    sb_printf(sb, "%d", m->n_classes);
    sb_append(sb, ", \"features\": ");
    sb_printf(sb, "%d", m->d);
    sb_append(sb, ", \"priors\": ");
    sb_json_double_array(sb, m->prior, m->n_classes);
    sb_append(sb, ", \"epsilon\": ");
    sb_json_double(sb, m->epsilon);
    if (m->d <= 64) { /* small enough to list */
        sb_append(sb, ", \"means\": [");
        for (int c = 0; c < m->n_classes; c++) {
            sb_append(sb, c ? ", " : "");
            sb_json_double_array(sb, m->mean + (size_t)c * m->d, m->d);
        }
        sb_append(sb, "], \"variances\": [");
        for (int c = 0; c < m->n_classes; c++) {
            sb_append(sb, c ? ", " : "");
            sb_json_double_array(sb, m->var + (size_t)c * m->d, m->d);
        }
        sb_append(sb, "]");
    }
    sb_append(sb, "}");
}

int nb_n_classes(const void *model) { return ((const NbModel *)model)->n_classes; }
int nb_dim(const void *model) { return ((const NbModel *)model)->d; }
int nb_classes_done(const void *model) { return ((const NbModel *)model)->done; }

static const NbArray nb_arrays[] = {
    { "count", offsetof(NbModel, count), NB_PER_CLASS, NB_COUNTS },
    { "prior", offsetof(NbModel, prior), NB_PER_CLASS, NB_F64 },
    { "mean", offsetof(NbModel, mean), NB_PER_CELL, NB_F64 },
    { "var", offsetof(NbModel, var), NB_PER_CELL, NB_F64 },
    { "epsilon", offsetof(NbModel, epsilon), NB_ONE, NB_F64 },
    { "var_smoothing", offsetof(NbModel, var_smoothing), NB_ONE, NB_F64 },
    { "done", offsetof(NbModel, done), NB_ONE, NB_DONE },
    { 0 }
};

void nb_io_arrays(void *model, ModelArrays *ma)
{
    NbModel *m = model;
    nb_io_table(m, nb_arrays, m->n_classes, m->d, ma);
}
const double *nb_means(const void *model) { return ((const NbModel *)model)->mean; }
const double *nb_variances(const void *model) { return ((const NbModel *)model)->var; }
const double *nb_priors(const void *model) { return ((const NbModel *)model)->prior; }
double nb_epsilon(const void *model) { return ((const NbModel *)model)->epsilon; }

const Algo algo_naive_bayes = {
    .name = "naive_bayes",
    .title = "Gaussian naive Bayes",
    .summary = "per-class normal distributions per feature, combined by Bayes' rule",
    .group = "classification",
    .kind = ALGO_CLASSIFIER,
    .params = nb_params,
    .default_scale = SCALE_STANDARD,
    .scores_are_probs = true,
    .takes_bytes = true,
    .create = nb_create,
    .step = nb_step,
    .predict = nb_predict,
    .destroy = nb_destroy,
    .model_json = nb_model_json,
    .save = nb_save, .load = nb_load, .check_data = nb_check_data, /* model_io.h */
};
