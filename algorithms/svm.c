/* algorithms/svm.c - the linear SVM: hinge loss plus L2, by subgradient
 * descent.  For each output (one per class, one-vs-rest; a single one for
 * two classes) with targets t = +-1, the objective is
 *     J(w, b) = lambda ||w||^2 + (1/n) sum_i max(0, 1 - t_i (w.x_i + b))
 * and a subgradient on a batch B is
 *     dw = 2 lambda w - (1/|B|) sum_{i in B, t_i s_i < 1} t_i x_i
 *     db =            - (1/|B|) sum_{i in B, t_i s_i < 1} t_i
 *
 * batch = 1 is the textbook per-sample rule:
 *     if t (w.x + b) >= 1:  w -= lr 2 lambda w
 *     else:                 w -= lr (2 lambda w - t x),  b += lr t
 * (the textbook writes the score as w.x - b, so its b is our -b).  The
 * shrink of w by (1 - 2 lr lambda) on every row is kept as one shared scale
 * factor, so a row that sits outside the margin costs nothing.
 * batch > 1 averages the subgradient over a mini-batch: each row's scores
 * for every class are one sgemv, and the row is added (saxpy) only to the
 * classes whose margin it violates, read once while it is in cache.
 *
 * Class labels of any kind are turned into +-1 per output here (the classic
 * bug is to train on 0/1 directly, which makes the margin meaningless).
 * A step is one epoch.
 *
 * With -p kernel=linear|rbf|poly the same algorithm is scikit-learn's SVC
 * instead: the dual problem solved by SMO, one-vs-one for many classes
 * (algorithms/svm_dual.c, svm_smo.c, svm_kernel.c).  This file then only
 * reads the parameters and hands every call to that model; kernel=none (the
 * default) is the primal solver above, unchanged.
 *
 * class_weight (class_weight.h): the primal solver multiplies each row's
 * hinge term (and so its subgradient) by its class's weight; the kernel SVM
 * bounds a_i by C times the weight of row i's class, as SVC does. */
#include "svm.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "class_weight.h"
#include "linear_common.h"
#include "svm_dual.h"
#include "model_io.h"

typedef struct Svm {
    KSvm *ks;             // the kernel SVM (kernel != none), else NULL
    int d, k, n_classes;  // features, outputs (1 = binary), classes
    float *V, *b;         // (k,d), (k): w = scale * V (per-sample path), b as is
    float scale;          // the shared factor of the per-sample path (1 otherwise)
    float *W;             // (k,d) the weights, scale folded in, after each epoch
    float *dW, *db;       // (k,d), (k) mini-batch gradient
    float *s;             // (k) one row's scores
    float *xrow;          // (d) a row of a byte-backed matrix as floats (mat.h)
    int *order;           // (n) visiting order
    float lr, lambda;
    int epochs, batch;
    LrSchedule schedule;
    Rng rng;
    int epochs_done;
    double loss, train_acc;
    int violations;
    LinHistory hist;
    float *cw;            // (n_classes) class weights, or NULL (all 1)
} Svm;

static const ParamSpec svm_params[] = {
    { "lr", PARAM_FLOAT, "0.3", 1e-12, 100.0, NULL, "learning rate of the subgradient steps" },
    { "lambda", PARAM_FLOAT, "0.0001", 0.0, 1000.0, NULL,
      "L2 strength: J = lambda ||w||^2 + mean hinge (larger = wider margin)" },
    { "epochs", PARAM_INT, "15", 1, 100000, NULL, "passes over the training rows" },
    { "batch", PARAM_INT, "32", 1, 1000000, NULL,
      "rows per update: 1 = per-sample (as taught), more = mini-batch subgradient" },
    { "schedule", PARAM_CHOICE, "cosine", 0, 0, "constant|invscaling|cosine|linear",
      "learning-rate schedule over the epochs" },
    { "kernel", PARAM_CHOICE, "none", 0, 0, "none|linear|rbf|poly",
      "none = the primal linear SVM (the parameters above); linear|rbf|poly = the dual "
      "solved by SMO, as scikit-learn's SVC (the parameters below)" },
    { "C", PARAM_FLOAT, "1", 1e-9, 1e9, NULL,
      "kernel SVM: the price of a margin violation (0 <= a_i <= C; larger = narrower margin)" },
    { "gamma", PARAM_STRING, "scale", 0, 0, NULL,
      "kernel SVM, rbf and poly: scale = 1/(d var(X)), auto = 1/d, or a number > 0" },
    { "degree", PARAM_INT, "3", 0, 20, NULL, "poly kernel: (gamma x.z + coef0)^degree" },
    { "coef0", PARAM_FLOAT, "0", -1e6, 1e6, NULL, "poly kernel: the constant coef0" },
    { "tol", PARAM_FLOAT, "0.001", 1e-12, 10.0, NULL,
      "kernel SVM: stop when the largest KKT violation is below tol" },
    { "cache", PARAM_FLOAT, "100", 0.001, 100000.0, NULL,
      "kernel SVM: megabytes of kernel rows kept while solving (at least 2 rows)" },
    { "iters", PARAM_INT, "100", 1, 1000000000, NULL,
      "kernel SVM: SMO iterations (pair updates) per step" },
    CLASS_WEIGHT_PARAM,
    { 0 }
};

static void svm_destroy(void *model)
{
    Svm *m = model;
    if (!m)
        return;
    ksvm_destroy(m->ks);
    free(m->V);
    free(m->b);
    free(m->W);
    free(m->dW);
    free(m->db);
    free(m->s);
    free(m->xrow);
    free(m->order);
    lin_history_free(&m->hist);
    free(m->cw);
    free(m);
}

#define SVM_BLOCK 1024 /* rows per block when predicting */

/* The buffers of the primal solver; -1 without memory. */
static int alloc_primal(Svm *m, int n)
{
    size_t kd = (size_t)m->k * m->d;
    m->V = calloc(kd, sizeof *m->V);
    m->b = calloc((size_t)m->k, sizeof *m->b);
    m->W = calloc(kd, sizeof *m->W);
    m->dW = calloc(kd, sizeof *m->dW);
    m->db = calloc((size_t)m->k, sizeof *m->db);
    m->s = malloc((size_t)m->k * sizeof *m->s);
    m->xrow = malloc((size_t)m->d * sizeof *m->xrow);
    m->order = malloc((size_t)n * sizeof *m->order);
    if (!m->V || !m->b || !m->W || !m->dW || !m->db || !m->s || !m->xrow || !m->order)
        return -1;
    for (int i = 0; i < n; i++)
        m->order[i] = i;
    return 0;
}

/* The primal solver's settings and buffers; -1 without memory (m->V is
 * then NULL). */
static int primal_setup(Svm *m, const Params *p, int n, Rng *rng, Error *err)
{
    m->lr = (float)params_float(p, "lr");
    m->lambda = (float)params_float(p, "lambda");
    m->epochs = params_int(p, "epochs");
    m->batch = params_int(p, "batch");
    if (m->batch > n)
        m->batch = n;
    m->schedule = lin_schedule_parse(params_str(p, "schedule"));
    m->rng = rng_split(rng);
    m->scale = 1.0f;
    m->loss = m->train_acc = NAN;
    if (alloc_primal(m, n) < 0) {
        free(m->V);
        m->V = NULL;
        return error_set(err, ERR_NOMEM, "out of memory for the SVM");
    }
    return 0;
}

/* The kernel SVM's settings from the parameters; -1 (usage) for a bad gamma. */
static int kernel_config(const Params *p, const Dataset *train, KSvmConfig *cfg, Error *err)
{
    cfg->kern.type = svm_kernel_parse(params_str(p, "kernel"));
    cfg->kern.degree = params_int(p, "degree");
    cfg->kern.coef0 = params_float(p, "coef0");
    cfg->C = params_float(p, "C");
    cfg->tol = params_float(p, "tol");
    cfg->cache_bytes = (size_t)(params_float(p, "cache") * 1048576.0);
    cfg->iters = params_int(p, "iters");
    if (!svm_gamma_parse(params_str(p, "gamma"), &train->X, &cfg->kern.gamma))
        return error_set(err, ERR_USAGE,
                         "svm: gamma must be scale, auto or a number > 0 (got \"%s\")",
                         params_str(p, "gamma"));
    return 0;
}

/* The parameters after "kernel" in svm_params belong to the kernel SVM,
 * the ones before it to the primal solver: setting one that the chosen
 * solver ignores is a usage error rather than a silent no-op. */
static int check_param_group(const Params *p, bool kernel, Error *err)
{
    bool after_kernel = false;
    for (int i = 0; i < p->count; i++) {
        const char *name = p->spec[i].name;
        if (strcmp(name, "kernel") == 0) {
            after_kernel = true;
            continue;
        }
        if (strcmp(name, "class_weight") == 0) /* both solvers take it */
            continue;
        if (p->values[i].is_default || after_kernel == kernel)
            continue;
        return error_set(err, ERR_USAGE,
                         kernel ? "svm: %s belongs to the primal solver (kernel=none), "
                                  "not to kernel=%s"
                                : "svm: %s belongs to the kernel SVM: add -p "
                                  "kernel=linear|rbf|poly%s",
                         name, kernel ? params_str(p, "kernel") : "");
    }
    return 0;
}

static void *svm_create(const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    if (lin_check_classification(train, "svm", err) < 0)
        return NULL;
    KSvmConfig cfg = { 0 };
    bool kernel = svm_kernel_parse(params_str(p, "kernel")) != SVM_KERNEL_NONE;
    if (check_param_group(p, kernel, err) < 0)
        return NULL;
    if (kernel && kernel_config(p, train, &cfg, err) < 0)
        return NULL;
    Svm *m = calloc(1, sizeof *m);
    if (!m)
        return error_set(err, ERR_NOMEM, "out of memory for the SVM"), NULL;
    m->d = train->X.cols;
    m->n_classes = train->n_classes;
    m->k = m->n_classes == 2 ? 1 : m->n_classes;
    bool any;
    m->cw = class_weights_alloc(params_str(p, "class_weight"), train, &any, err);
    if (any && !m->cw)
        return svm_destroy(m), NULL;
    cfg.cw = m->cw;
    if (kernel)
        m->ks = ksvm_create(&cfg, train, err);
    else
        primal_setup(m, p, train->X.rows, rng, err);
    if (!m->ks && !m->V)
        return svm_destroy(m), NULL;
    return m;
}

/* t = +1 when row label y belongs to output c, else -1. */
static inline float target(const Svm *m, int y, int c)
{
    return (m->k == 1 ? y == 1 : y == c) ? 1.0f : -1.0f;
}

/* The weight of a row of class y (1 without class weights). */
static inline float row_weight(const Svm *m, int y)
{
    return m->cw ? m->cw[y] : 1.0f;
}

/* Fold the shared scale into V (and W = V).  Keeps V well scaled. */
static void fold_scale(Svm *m)
{
    size_t kd = (size_t)m->k * m->d;
    if (m->scale != 1.0f) {
        cblas_sscal((int)kd, m->scale, m->V, 1);
        m->scale = 1.0f;
    }
    memcpy(m->W, m->V, kd * sizeof *m->W);
}

/* Running totals of an epoch: every row is scored just before the update
 * it takes part in (no second pass over the data). */
typedef struct EpochStats {
    double hinge; // sum over rows and outputs of max(0, 1 - t s)
    int violations, right;
} EpochStats;

/* Hinge terms, accuracy and violations of one row's scores s (k). */
static void row_stats(const Svm *m, const float *s, int y, EpochStats *st)
{
    for (int c = 0; c < m->k; c++) {
        float margin = target(m, y, c) * s[c];
        if (margin < 1.0f) {
            st->hinge += row_weight(m, y) * (1.0 - margin);
            st->violations++;
        }
    }
    int pred;
    lin_scores_to_outputs(s, 1, m->k, 0.0f, &pred, NULL);
    st->right += pred == y;
}

/* The textbook rule, one row at a time (all outputs at once). */
static int epoch_per_sample(Svm *m, const Dataset *tr, float lr, Trace *trace, EpochStats *st)
{
    int n = tr->X.rows, d = m->d, k = m->k;
    float shrink = 1.0f - 2.0f * lr * m->lambda;
    if (shrink <= 0.0f)
        shrink = 0.0f;
    for (int r = 0; r < n; r++) {
        if ((r & 4095) == 0 && trace_cancelled(trace))
            return -1;
        int i = m->order[r];
        const float *x = mat_rows_f32(&tr->X, i, 1, m->xrow);
        // s (k) = scale * V (k,d) @ x + b, the scores before this row's update
        lin_row_scores(m->V, NULL, x, d, k, m->s);
        for (int c = 0; c < k; c++)
            m->s[c] = m->scale * m->s[c] + m->b[c];
        row_stats(m, m->s, tr->y[i], st);
        // every output shrinks: w -= lr 2 lambda w
        m->scale *= shrink;
        if (m->scale == 0.0f) {
            memset(m->V, 0, (size_t)k * d * sizeof *m->V);
            m->scale = 1.0f;
        }
        float wi = row_weight(m, tr->y[i]);
        for (int c = 0; c < k; c++) {
            float t = target(m, tr->y[i], c);
            if (t * m->s[c] < 1.0f) {
                // inside the margin: w += lr w_i t x, b += lr w_i t
                cblas_saxpy(d, lr * wi * t / m->scale, x, 1, m->V + (size_t)c * d, 1);
                m->b[c] += lr * wi * t;
            }
        }
        if (m->scale < 1e-6f)
            fold_scale(m);
    }
    fold_scale(m);
    return 0;
}

/* Mini-batches: each row's scores by one sgemv, and its share of the
 * subgradient added only to the outputs whose margin it violates. */
static int epoch_minibatch(Svm *m, const Dataset *tr, float lr, Trace *trace, EpochStats *st)
{
    int n = tr->X.rows, d = m->d, k = m->k;
    size_t kd = (size_t)k * d;
    for (int start = 0; start < n; start += m->batch) {
        if (trace_cancelled(trace))
            return -1;
        int bn = n - start < m->batch ? n - start : m->batch;
        float inv = 1.0f / (float)bn;
        // dW = 2 lambda W - (1/bn) sum_{violations} t x, db = -(1/bn) sum t
        memcpy(m->dW, m->V, kd * sizeof *m->dW);
        cblas_sscal((int)kd, 2.0f * m->lambda, m->dW, 1);
        memset(m->db, 0, (size_t)k * sizeof *m->db);
        for (int r = 0; r < bn; r++) {
            int i = m->order[start + r];
            const float *x = mat_rows_f32(&tr->X, i, 1, m->xrow);
            lin_row_scores(m->V, m->b, x, d, k, m->s);
            row_stats(m, m->s, tr->y[i], st);
            float wi = row_weight(m, tr->y[i]) * inv;
            for (int c = 0; c < k; c++) {
                float t = target(m, tr->y[i], c);
                if (t * m->s[c] < 1.0f) {
                    cblas_saxpy(d, -t * wi, x, 1, m->dW + (size_t)c * d, 1);
                    m->db[c] -= t * wi;
                }
            }
        }
        cblas_saxpy((int)kd, -lr, m->dW, 1, m->V, 1);
        cblas_saxpy(k, -lr, m->db, 1, m->b, 1);
    }
    memcpy(m->W, m->V, kd * sizeof *m->W);
    return 0;
}

/* The objective's history starts with its value at w = 0, b = 0, where
 * every hinge is 1. */
static int start_history(Svm *m, Error *err)
{
    if (m->hist.n > 0)
        return 0;
    m->loss = 1.0;
    if (lin_history_push(&m->hist, (float)m->loss) < 0)
        return error_set(err, ERR_NOMEM, "out of memory");
    return 0;
}

static void emit_epoch(const Svm *m, double prev, float lr, Trace *trace)
{
    char text[TRACE_TEXT_LEN];
    double change = prev > 0 ? 100.0 * (m->loss - prev) / prev : 0.0;
    if (m->k == 1) {
        char wtxt[96];
        lin_format_vec(wtxt, sizeof wtxt, m->W, m->d, 4);
        snprintf(text, sizeof text,
                 "epoch %d: objective %.4f (%+.1f%%), %d inside the margin, train acc %.4f, "
                 "w = %s, b = %.4g",
                 m->epochs_done, m->loss, change, m->violations, m->train_acc, wtxt,
                 (double)m->b[0]);
    } else {
        snprintf(text, sizeof text,
                 "epoch %d: objective %.4f (%+.1f%%), %d one-vs-rest margin violations, "
                 "train acc %.4f, lr %.3g",
                 m->epochs_done, m->loss, change, m->violations, m->train_acc, (double)lr);
    }
    trace_emitv(trace, TRACE_STEP, "epoch", text, "loss", m->loss, "train_acc", m->train_acc,
                "violations", (double)m->violations, "lr", (double)lr, TRACE_END);
}

/* The epoch's objective, accuracy and violations from its running totals,
 * recorded in the history; -1 when the objective is no longer finite. */
static int finish_epoch(Svm *m, const EpochStats *st, int n, Error *err)
{
    double ww = 0.0;
    for (size_t j = 0; j < (size_t)m->k * m->d; j++)
        ww += (double)m->W[j] * m->W[j];
    m->loss = (m->lambda * ww + st->hinge / n) / m->k;
    m->train_acc = (double)st->right / n;
    m->violations = st->violations;
    m->epochs_done++;
    if (lin_history_push(&m->hist, (float)m->loss) < 0)
        return error_set(err, ERR_NOMEM, "out of memory");
    if (!isfinite(m->loss))
        return error_set(err, ERR_INTERNAL, "svm: the objective became %g: lower lr (now %g)",
                         fabs(m->loss), (double)m->lr); /* "nan", not "-nan" */
    return 0;
}

static StepStatus primal_step(Svm *m, const Dataset *tr, Trace *trace, Error *err)
{
    if (m->epochs_done >= m->epochs)
        return STEP_DONE;
    if (tr->X.cols != m->d || !tr->y)
        return error_set(err, ERR_INTERNAL, "svm: the training set changed"), STEP_ERROR;
    if (start_history(m, err) < 0)
        return STEP_ERROR;
    double prev = m->loss;
    float lr = lin_schedule_lr(m->schedule, m->lr, m->epochs_done, m->epochs);
    // the textbook visits rows in order; mini-batches want a fresh shuffle
    if (m->batch > 1)
        rng_shuffle(&m->rng, m->order, tr->X.rows);
    EpochStats st = { 0 };
    int rc = m->batch == 1 ? epoch_per_sample(m, tr, lr, trace, &st)
                           : epoch_minibatch(m, tr, lr, trace, &st);
    if (rc < 0)
        return error_set(err, ERR_CANCELLED, "cancelled"), STEP_ERROR;
    if (finish_epoch(m, &st, tr->X.rows, err) < 0)
        return STEP_ERROR;
    emit_epoch(m, prev, lr, trace);
    trace_progress(trace, (double)m->epochs_done / m->epochs); /* the fit's fraction (issue 12) */
    return m->epochs_done >= m->epochs ? STEP_DONE : STEP_MORE;
}

/* The epoch's statistics measured at the current weights W, b (one pass). */
static void exact_stats(const Svm *m, const Dataset *tr, EpochStats *st)
{
    memset(st, 0, sizeof *st);
    for (int i = 0; i < tr->X.rows; i++) {
        lin_row_scores(m->W, m->b, mat_rows_f32(&tr->X, i, 1, m->xrow), m->d, m->k, m->s);
        row_stats(m, m->s, tr->y[i], st);
    }
}

double svm_objective_at(const void *model, const Dataset *train)
{
    const Svm *m = model;
    if (m->ks || train->X.rows == 0)
        return NAN;
    EpochStats st;
    exact_stats(m, train, &st);
    double ww = 0.0;
    for (size_t j = 0; j < (size_t)m->k * m->d; j++)
        ww += (double)m->W[j] * m->W[j];
    return (m->lambda * ww + st.hinge / train->X.rows) / m->k;
}

int svm_load_epoch(void *model, const Dataset *train, const double *W, const double *b,
                   Error *err)
{
    Svm *m = model;
    size_t kd = (size_t)m->k * m->d;
    if (m->ks || m->epochs_done >= m->epochs || train->X.cols != m->d || !train->y)
        return error_set(err, ERR_INTERNAL, "svm: not a primal model in training");
    for (size_t j = 0; j < kd + (size_t)m->k; j++)
        if (!isfinite(j < kd ? W[j] : b[j - kd]))
            return error_set(err, ERR_DATA, "%s is not finite", j < kd ? "w" : "b");
    if (start_history(m, err) < 0)
        return -1;
    for (size_t j = 0; j < kd; j++)
        m->W[j] = m->V[j] = (float)W[j];
    for (int c = 0; c < m->k; c++)
        m->b[c] = (float)b[c];
    m->scale = 1.0f;
    EpochStats st;
    exact_stats(m, train, &st);
    return finish_epoch(m, &st, train->X.rows, err);
}

static StepStatus svm_step(void *model, const Dataset *tr, Trace *trace, Error *err)
{
    Svm *m = model;
    return m->ks ? ksvm_step(m->ks, tr, trace, err) : primal_step(m, tr, trace, err);
}

/* The kernel SVM reads its rows as floats (svm_kernel.c): bytes are for the
 * linear one only. */
static bool svm_needs_floats(const Params *p)
{
    return svm_kernel_parse(params_str(p, "kernel")) != SVM_KERNEL_NONE;
}

static int svm_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    Svm *m = model;
    if (m->ks)
        return ksvm_predict(m->ks, X, labels, scores, err);
    if (X->cols != m->d)
        return error_set(err, ERR_DATA, "svm: expected %d features, got %d", m->d, X->cols);
    int n = X->rows;
    float *S = malloc((size_t)SVM_BLOCK * m->k * sizeof *S);
    /* a byte-backed X (mat.h): each block of rows as floats into xb (for a
     * float X, mat_rows_f32 never writes to it: S stands in) */
    float *xb = mat_is_bytes(X) ? malloc((size_t)SVM_BLOCK * m->d * sizeof *xb) : S;
    if (!S || !xb) {
        free(S);
        return error_set(err, ERR_NOMEM, "out of memory");
    }
    for (int start = 0; start < n; start += SVM_BLOCK) {
        int bn = n - start < SVM_BLOCK ? n - start : SVM_BLOCK;
        linear_forward(S, mat_rows_f32(X, start, bn, xb), m->W, m->b, bn, m->d, m->k);
        lin_scores_to_outputs(S, bn, m->k, 0.0f, labels ? labels + start : NULL,
                              scores ? scores + (size_t)start * m->n_classes : NULL);
    }
    if (xb != S)
        free(xb);
    free(S);
    return 0;
}

static void svm_model_json(const void *model, const Dataset *train, StrBuf *sb)
{
    const Svm *m = model;
    (void)train;
    if (m->ks) {
        ksvm_model_json(m->ks, sb);
        return;
    }
    sb_append(sb, "{\"weights\": ");
    if (m->k == 1) {
        sb_json_float_array(sb, m->W, m->d);
        sb_append(sb, ", \"bias\": ");
        sb_json_double(sb, m->b[0]);
    } else {
        sb_json_float_matrix(sb, m->W, m->k, m->d);
        sb_append(sb, ", \"bias\": ");
        sb_json_float_array(sb, m->b, m->k);
    }
    sb_append(sb, ", \"decision\": \"w.x + b\", \"objective\": ");
    sb_json_double(sb, m->loss);
    sb_append(sb, "}");
}

/* ---- inspect --------------------------------------------------------------- */

LinearView svm_view(const void *model)
{
    const Svm *m = model;
    LinearView v = { m->ks ? 0 : m->k, m->d, m->W, m->b };
    return v;
}

bool svm_line_2d(const void *model, int output, float level, double *a, double *b, double *c)
{
    const Svm *m = model;
    if (m->ks || m->d != 2 || output < 0 || output >= m->k)
        return false;
    return lin_line_2d(m->W + (size_t)output * 2, m->b[output], level, a, b, c);
}

double svm_loss(const void *model)
{
    const Svm *m = model;
    return m->ks ? ksvm_stats(m->ks).dual : m->loss;
}

int svm_margin_violations(const void *model)
{
    const Svm *m = model;
    return m->ks ? ksvm_stats(m->ks).support_vectors : m->violations;
}

double svm_train_accuracy(const void *model)
{
    const Svm *m = model;
    return m->ks ? NAN : m->train_acc;
}

int svm_epochs_done(const void *model)
{
    const Svm *m = model;
    return m->ks ? ksvm_stats(m->ks).steps : m->epochs_done;
}

KSvm *svm_kernel_model(void *model) { return model ? ((Svm *)model)->ks : NULL; }

const float *svm_loss_history(const void *model, int *n)
{
    const Svm *m = model;
    *n = m->hist.n;
    return m->hist.v;
}

const Algo algo_svm = {
    .name = "svm",
    .title = "Linear support vector machine",
    .summary = "hinge loss + L2 by subgradient descent; labels mapped to +-1; one-vs-rest",
    .group = "classification",
    .kind = ALGO_CLASSIFIER,
    .params = svm_params,
    .default_scale = SCALE_STANDARD,
    .scores_are_probs = false,
    .takes_bytes = true,
    .needs_floats = svm_needs_floats,
    .create = svm_create,
    .step = svm_step,
    .predict = svm_predict,
    .destroy = svm_destroy,
    .model_json = svm_model_json,
    .save = svm_save, .load = svm_load, .check_data = svm_check_data, /* model_io.h */
};
