/* multinomial_nb.c - multinomial naive Bayes (scikit-learn's MultinomialNB).
 *
 * A document is a bag of words drawn independently from its class's word
 * distribution theta_c, so
 *
 *   log P(c | x) = log P(c) + sum_j x_j log theta_cj - log P(x)
 *   theta_cj     = (N_cj + alpha) / (N_c + alpha d)       (Lidstone; alpha 1: Laplace)
 *
 * with N_cj the sum of feature j over class c's rows and N_c = sum_j N_cj.
 * Without smoothing a word never seen in a class gives log 0 = -inf and
 * vetoes the class; alpha keeps every probability positive.  Features must
 * be non-negative (counts, or tf-idf weights as in practice).  Training is
 * counting: one step sums one class's rows.  Everything is in log space
 * (a product of thousands of small probabilities underflows), and
 * probabilities come back through log-sum-exp. */
#include "multinomial_nb.h"
#include "nb_io.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* scikit-learn clips a smaller alpha to this (log 0 otherwise). */
#define MNB_MIN_ALPHA 1e-10

typedef struct MnbModel {
    int n_classes, d;
    int done;             /* classes computed (0 .. n_classes)            */
    double alpha;
    int *count;           /* n_classes: training rows per class           */
    double *log_prior;    /* n_classes                                    */
    double *fcount;       /* n_classes x d: N_cj                          */
    double *log_prob;     /* n_classes x d: log theta_cj                  */
    float *xrow;          /* d: a row of a byte-backed matrix as floats (mat.h) */
} MnbModel;

static const ParamSpec mnb_params[] = {
    { "alpha", PARAM_FLOAT, "1.0", 0.0, 1e6, NULL,
      "additive smoothing of the word counts (1: Laplace; below 1e-10 taken as 1e-10)" },
    { "fit_prior", PARAM_BOOL, "true", 0, 1, NULL,
      "learn the class priors from the training part (false: uniform)" },
    { 0 }
};

static void mnb_destroy(void *model)
{
    MnbModel *m = model;
    if (!m)
        return;
    free(m->count);
    free(m->log_prior);
    free(m->fcount);
    free(m->log_prob);
    free(m->xrow);
    free(m);
}

/* -1 with ERR_DATA naming the first negative feature. */
static int check_non_negative(const Dataset *train, Error *err)
{
    const Mat *X = &train->X;
    if (mat_is_bytes(X)) /* bytes (mat.h) are never negative */
        return 0;
    for (int i = 0; i < X->rows; i++) {
        const float *x = mat_row(X, i);
        for (int j = 0; j < X->cols; j++)
            if (x[j] < 0.0f || isnan(x[j]))
                return error_set(err, ERR_DATA,
                                 "multinomial naive Bayes needs non-negative features (counts "
                                 "or tf-idf), but row %d has %g in '%s'; were the features "
                                 "scaled? (use --scale none or minmax)",
                                 i + 1, (double)x[j],
                                 train->feature_names ? train->feature_names[j] : "?");
    }
    return 0;
}

static int set_priors(MnbModel *m, const Dataset *train, bool fit_prior, Error *err)
{
    int n = dataset_rows(train), present = 0;
    dataset_class_counts(train, m->count);
    for (int c = 0; c < m->n_classes; c++) {
        present += m->count[c] > 0;
        m->log_prior[c] = m->count[c] == 0 ? -INFINITY
                          : fit_prior      ? log((double)m->count[c]) - log((double)n)
                                           : -log((double)m->n_classes);
    }
    if (present < 2)
        return error_set(err, ERR_DATA,
                         "the training set has a single class: nothing to classify");
    return 0;
}

static MnbModel *mnb_alloc(int k, int d, Error *err)
{
    MnbModel *m = calloc(1, sizeof *m);
    if (m) {
        m->n_classes = k;
        m->d = d;
        m->count = calloc((size_t)k, sizeof *m->count);
        m->log_prior = calloc((size_t)k, sizeof *m->log_prior);
        m->fcount = calloc((size_t)k * (size_t)d, sizeof *m->fcount);
        m->log_prob = calloc((size_t)k * (size_t)d, sizeof *m->log_prob);
        m->xrow = malloc(((size_t)d + 1) * sizeof *m->xrow);
    }
    if (!m || !m->count || !m->log_prior || !m->fcount || !m->log_prob || !m->xrow) {
        mnb_destroy(m);
        error_set(err, ERR_NOMEM, "out of memory for multinomial naive Bayes");
        return NULL;
    }
    return m;
}

static void *mnb_create(const Params *params, const Dataset *train, Rng *rng, Error *err)
{
    (void)rng;
    if (!train->y || train->n_classes < 1) {
        error_set(err, ERR_DATA, "multinomial naive Bayes needs class labels");
        return NULL;
    }
    int k = train->n_classes, d = dataset_cols(train);
    if (dataset_rows(train) == 0 || d == 0) {
        error_set(err, ERR_DATA, "multinomial naive Bayes needs a non-empty training set");
        return NULL;
    }
    if (check_non_negative(train, err) < 0)
        return NULL;
    MnbModel *m = mnb_alloc(k, d, err);
    if (!m)
        return NULL;
    m->alpha = fmax(params_float(params, "alpha"), MNB_MIN_ALPHA);
    if (set_priors(m, train, params_bool(params, "fit_prior"), err) < 0) {
        mnb_destroy(m);
        return NULL;
    }
    return m;
}

/* N_cj over class c's rows, then log theta_cj; returns N_c. */
static double class_counts(MnbModel *m, const Dataset *train, int c)
{
    int d = m->d;
    double *fc = m->fcount + (size_t)c * d, *lp = m->log_prob + (size_t)c * d;
    memset(fc, 0, (size_t)d * sizeof *fc);
    for (int i = 0; i < dataset_rows(train); i++) {
        if (train->y[i] != c)
            continue;
        const float *x = mat_rows_f32(&train->X, i, 1, m->xrow);
        for (int j = 0; j < d; j++)
            fc[j] += x[j];
    }
    double total = 0.0;
    for (int j = 0; j < d; j++)
        total += fc[j];
    double log_denominator = log(total + m->alpha * d);
    for (int j = 0; j < d; j++)
        lp[j] = log(fc[j] + m->alpha) - log_denominator;
    return total;
}

/* The feature with the largest theta in class c (for the trace). */
static int top_feature(const MnbModel *m, int c)
{
    const double *lp = m->log_prob + (size_t)c * m->d;
    int best = 0;
    for (int j = 1; j < m->d; j++)
        if (lp[j] > lp[best])
            best = j;
    return best;
}

static StepStatus mnb_step(void *model, const Dataset *train, Trace *trace, Error *err)
{
    MnbModel *m = model;
    if (m->done >= m->n_classes)
        return STEP_DONE;
    if (trace_cancelled(trace)) {
        error_set(err, ERR_CANCELLED, "cancelled");
        return STEP_ERROR;
    }
    if (dataset_cols(train) != m->d || !train->y) {
        error_set(err, ERR_DATA, "multinomial naive Bayes: the training set changed shape");
        return STEP_ERROR;
    }
    int c = m->done;
    const char *name = train->class_names ? train->class_names[c] : "?";
    double total = class_counts(m, train, c);
    int j = top_feature(m, c);
    const char *word = train->feature_names ? train->feature_names[j] : "?";
    char text[TRACE_TEXT_LEN];
    snprintf(text, sizeof text,
             "class %s: %d rows, feature total %.4g; most likely feature '%s' (p %.4f)", name,
             m->count[c], total, word, exp(m->log_prob[(size_t)c * m->d + j]));
    trace_emitv(trace, TRACE_STEP, "class", text, "class", (double)c, "rows",
                (double)m->count[c], "total", total, "log_prior", m->log_prior[c], TRACE_END);
    m->done++;
    if (m->done == m->n_classes)
        trace_emit(trace, TRACE_NOTE, "done", "all %d classes done; alpha %g", m->n_classes,
                   m->alpha);
    return m->done == m->n_classes ? STEP_DONE : STEP_MORE;
}

/* One row's joint log-likelihoods into out (k). */
static void row_jll(const MnbModel *m, const float *x, double *out)
{
    int d = m->d;
    for (int c = 0; c < m->n_classes; c++) {
        if (c >= m->done || m->count[c] == 0) {
            out[c] = -INFINITY;
            continue;
        }
        const double *lp = m->log_prob + (size_t)c * d;
        double s = m->log_prior[c];
        for (int j = 0; j < d; j++)
            s += x[j] * lp[j];
        out[c] = s;
    }
}

int mnb_joint_log_likelihood(const void *model, const Mat *X, double *out, Error *err)
{
    const MnbModel *m = model;
    int n = X->rows, d = m->d, k = m->n_classes;
    if (X->cols != d)
        return error_set(err, ERR_DATA,
                         "multinomial naive Bayes: %d features given, the model has %d",
                         X->cols, d);
    int failed = 0;
#pragma omp parallel if ((size_t)n * d > 100000) reduction(|| : failed)
    {
        /* a byte-backed X (mat.h): each thread converts its rows one by one */
        float *buf = mat_is_bytes(X) ? malloc((size_t)(d ? d : 1) * sizeof *buf) : NULL;
        failed = mat_is_bytes(X) && !buf;
#pragma omp for schedule(static)
        for (int i = 0; i < n; i++)
            if (!failed)
                row_jll(m, mat_rows_f32(X, i, 1, buf), out + (size_t)i * k);
        free(buf);
    }
    return failed ? error_set(err, ERR_NOMEM, "out of memory for multinomial naive Bayes") : 0;
}

/* labels (argmax) and, when scores is not NULL, probabilities by
 * log-sum-exp, from n x k joint log-likelihoods. */
static void decide(const double *jll, int n, int k, int *labels, float *scores)
{
    for (int i = 0; i < n; i++) {
        const double *r = jll + (size_t)i * k;
        int best = 0;
        for (int c = 1; c < k; c++)
            if (r[c] > r[best])
                best = c;
        labels[i] = best;
        if (!scores)
            continue;
        double mx = r[best], z = 0.0;
        for (int c = 0; c < k; c++)
            z += exp(r[c] - mx);
        for (int c = 0; c < k; c++)
            scores[(size_t)i * k + c] = (float)(exp(r[c] - mx) / z);
    }
}

static int mnb_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    MnbModel *m = model;
    int n = X->rows, k = m->n_classes;
    if (X->cols != m->d)
        return error_set(err, ERR_DATA,
                         "multinomial naive Bayes: %d features given, the model has %d",
                         X->cols, m->d);
    double *jll = malloc(((size_t)n * k + 1) * sizeof *jll);
    if (!jll)
        return error_set(err, ERR_NOMEM, "out of memory for naive Bayes predictions");
    if (m->done == 0) { /* nothing counted yet: the priors alone decide */
        for (int i = 0; i < n; i++)
            memcpy(jll + (size_t)i * k, m->log_prior, (size_t)k * sizeof *jll);
    } else if (mnb_joint_log_likelihood(m, X, jll, err) < 0) {
        free(jll);
        return -1;
    }
    decide(jll, n, k, labels, scores);
    free(jll);
    return 0;
}

static void mnb_model_json(const void *model, const Dataset *train, StrBuf *sb)
{
    const MnbModel *m = model;
    (void)train;
    sb_printf(sb, "{\"classes\": %d, \"features\": %d, \"alpha\": ", m->n_classes, m->d);
    sb_json_double(sb, m->alpha);
    sb_append(sb, ", \"class_log_prior\": ");
    sb_json_double_array(sb, m->log_prior, m->n_classes);
    if (m->d <= 64) { /* small enough to list */
        sb_append(sb, ", \"feature_log_prob\": [");
        for (int c = 0; c < m->n_classes; c++) {
            sb_append(sb, c ? ", " : "");
            sb_json_double_array(sb, m->log_prob + (size_t)c * m->d, m->d);
        }
        sb_append(sb, "]");
    }
    sb_append(sb, "}");
}

int mnb_n_classes(const void *model) { return ((const MnbModel *)model)->n_classes; }
int mnb_dim(const void *model) { return ((const MnbModel *)model)->d; }
int mnb_classes_done(const void *model) { return ((const MnbModel *)model)->done; }

static const NbArray mnb_arrays[] = {
    { "count", offsetof(MnbModel, count), NB_PER_CLASS, NB_COUNTS },
    { "log_prior", offsetof(MnbModel, log_prior), NB_PER_CLASS, NB_F64 },
    { "fcount", offsetof(MnbModel, fcount), NB_PER_CELL, NB_F64 },
    { "log_prob", offsetof(MnbModel, log_prob), NB_PER_CELL, NB_F64 },
    { "alpha", offsetof(MnbModel, alpha), NB_ONE, NB_F64 },
    { "done", offsetof(MnbModel, done), NB_ONE, NB_DONE },
    { 0 }
};

void mnb_io_arrays(void *model, ModelArrays *ma)
{
    MnbModel *m = model;
    nb_io_table(m, mnb_arrays, m->n_classes, m->d, ma);
}
const double *mnb_class_log_prior(const void *model)
{
    return ((const MnbModel *)model)->log_prior;
}
const double *mnb_feature_log_prob(const void *model)
{
    return ((const MnbModel *)model)->log_prob;
}
const double *mnb_feature_count(const void *model) { return ((const MnbModel *)model)->fcount; }
double mnb_alpha(const void *model) { return ((const MnbModel *)model)->alpha; }

const Algo algo_multinomial_nb = {
    .name = "multinomial_nb",
    .title = "Multinomial naive Bayes",
    .summary = "per-class word distributions with additive smoothing: the classic text classifier",
    .group = "classification",
    .kind = ALGO_CLASSIFIER,
    .params = mnb_params,
    .default_scale = SCALE_MINMAX, /* non-negative; text and image sets: none */
    .takes_bytes = true,
    .scores_are_probs = true,
    .create = mnb_create,
    .step = mnb_step,
    .predict = mnb_predict,
    .destroy = mnb_destroy,
    .model_json = mnb_model_json,
    .save = mnb_save, .load = mnb_load, .check_data = mnb_check_data, /* model_io.h */
};
