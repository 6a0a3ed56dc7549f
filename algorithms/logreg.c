/* algorithms/logreg.c - logistic regression (binary sigmoid, multinomial
 * softmax) by gradient descent: full batch, or mini-batches in shuffled
 * order with a learning-rate schedule.  L1 is applied as a proximal step
 * (soft thresholding, which gives exact zeros); L2 through the gradient.
 *
 * Objective:  J(W, b) = (1/n) sum_i CE(softmax(W x_i + b), y_i) + strength R(W)
 * with R = 1/2 ||W||^2 (l2) or ||W||_1 (l1); the bias is not penalised.
 * (scikit-learn's C maps to strength = 1 / (C n) for l2.)
 *
 * A step is one gradient step (batch = 0) or one epoch (batch > 0). */
#include "logreg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "class_weight.h"
#include "linear_common.h"
#include "model_io.h"

typedef struct Logreg {
    int d, k, n_classes;  // features, outputs (1 = sigmoid), classes
    float *W, *b;         // (k,d), (k)
    float *dW, *db;       // gradient buffers, same shapes
    int *order;           // (n) row order of the mini-batches
    float lr, strength, threshold;
    int iters, batch;
    Penalty penalty;
    LrSchedule schedule;
    Rng rng;
    int steps;            // steps done
    bool have_grad;       // dW/db hold the full gradient at the current W (batch = 0)
    double loss, grad_norm, train_acc;
    LinHistory hist;
    float *cw;            // (n_classes) class weights (class_weight), or NULL
    int *by_class;        // (n) scratch: a pass's rows grouped by class (with cw)
} Logreg;

static const ParamSpec logreg_params[] = {
    { "lr", PARAM_FLOAT, "0.2", 1e-9, 100.0, NULL, "learning rate (step size of gradient descent)" },
    { "iters", PARAM_INT, "20", 1, 1000000, NULL,
      "steps: gradient iterations (batch=0) or epochs (batch>0)" },
    { "batch", PARAM_INT, "32", 0, 1000000, NULL, "mini-batch size; 0 = full-batch gradient descent" },
    { "schedule", PARAM_CHOICE, "cosine", 0, 0, "constant|invscaling|cosine|linear",
      "learning-rate schedule over the steps" },
    { "penalty", PARAM_CHOICE, "l2", 0, 0, "none|l1|l2", "penalty on the weights (never the bias)" },
    { "strength", PARAM_FLOAT, "0.0001", 0.0, 1000.0, NULL,
      "penalty strength lambda: J = mean CE + lambda R(W)" },
    { "threshold", PARAM_FLOAT, "0.5", 0.0, 1.0, NULL,
      "binary: predict class 1 when P(class 1) >= threshold" },
    CLASS_WEIGHT_PARAM,
    { 0 }
};

static void logreg_destroy(void *model)
{
    Logreg *m = model;
    if (!m)
        return;
    free(m->W);
    free(m->b);
    free(m->dW);
    free(m->db);
    free(m->order);
    free(m->cw);
    free(m->by_class);
    lin_history_free(&m->hist);
    free(m);
}

static void read_params(Logreg *m, const Params *p, int n)
{
    m->lr = (float)params_float(p, "lr");
    m->iters = params_int(p, "iters");
    m->batch = params_int(p, "batch");
    if (m->batch >= n)
        m->batch = 0; // one batch holding every row is full-batch descent
    m->schedule = lin_schedule_parse(params_str(p, "schedule"));
    m->penalty = lin_penalty_parse(params_str(p, "penalty"));
    m->strength = (float)params_float(p, "strength");
    m->threshold = (float)params_float(p, "threshold");
}

/* Weights (zero init: the objective is convex), gradients, and for
 * mini-batches the row order. */
static int alloc_model(Logreg *m, int n)
{
    size_t kd = (size_t)m->k * (size_t)m->d;
    m->W = calloc(kd, sizeof *m->W);
    m->b = calloc((size_t)m->k, sizeof *m->b);
    m->dW = calloc(kd, sizeof *m->dW);
    m->db = calloc((size_t)m->k, sizeof *m->db);
    if (!m->W || !m->b || !m->dW || !m->db)
        return -1;
    if (m->batch == 0)
        return 0;
    m->order = malloc((size_t)n * sizeof *m->order);
    if (!m->order)
        return -1;
    for (int i = 0; i < n; i++)
        m->order[i] = i;
    return 0;
}

/* class_weight (balanced or explicit): the weights of the training part's
 * classes, or none. */
static int init_class_weights(Logreg *m, const Params *p, const Dataset *train, Error *err)
{
    int n = train->X.rows;
    bool any;
    m->cw = class_weights_alloc(params_str(p, "class_weight"), train, &any, err);
    if (!any)
        return 0;
    if (!m->cw)
        return -1;
    m->by_class = malloc((size_t)(n > 0 ? n : 1) * sizeof *m->by_class);
    return m->by_class ? 0 : error_set(err, ERR_NOMEM, "out of memory for logreg class weights");
}

/* The summed cross-entropy of rows[0..count) (0..count-1 when rows is NULL),
 * each weighted by its class's weight (1 without class weights), and the
 * gradient (times gscale) added into dW/db when dW is not NULL.  With
 * weights the rows are grouped by class, and each group goes through the
 * same kernel with gscale times its weight. */
static double pass_loss(Logreg *m, const Dataset *tr, const int *rows, int count, float gscale,
                        float *dW, int *right)
{
    const Mat *X = &tr->X;
    float *db = dW ? m->db : NULL;
    if (!m->cw)
        return lin_logistic_accumulate_mat(X, rows, count, tr->y, m->k, m->W, m->b, gscale, dW,
                                           db, right);
    int pos = 0;
    for (int c = 0; c < m->n_classes; c++)
        for (int r = 0; r < count; r++) {
            int i = rows ? rows[r] : r;
            if (tr->y[i] == c)
                m->by_class[pos++] = i;
        }
    double loss = 0.0;
    for (int c = 0, start = 0; c < m->n_classes; c++) {
        int end = start;
        while (end < pos && tr->y[m->by_class[end]] == c)
            end++;
        if (end > start)
            loss += m->cw[c] * lin_logistic_accumulate_mat(X, m->by_class + start, end - start,
                                                           tr->y, m->k, m->W, m->b,
                                                           gscale * m->cw[c], dW, db, right);
        start = end;
    }
    return loss;
}

static void *logreg_create(const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    if (lin_check_classification(train, "logreg", err) < 0)
        return NULL;
    Logreg *m = calloc(1, sizeof *m);
    if (!m) {
        error_set(err, ERR_NOMEM, "out of memory for logreg");
        return NULL;
    }
    int n = train->X.rows;
    m->d = train->X.cols;
    m->n_classes = train->n_classes;
    m->k = m->n_classes == 2 ? 1 : m->n_classes;
    read_params(m, p, n);
    m->rng = rng_split(rng);
    if (alloc_model(m, n) < 0) {
        error_set(err, ERR_NOMEM, "out of memory for logreg (%d x %d)", n, m->d);
        logreg_destroy(m);
        return NULL;
    }
    if (init_class_weights(m, p, train, err) < 0) {
        logreg_destroy(m);
        return NULL;
    }
    m->loss = m->grad_norm = m->train_acc = NAN;
    return m;
}

static double norm2(const float *v, size_t m)
{
    double s = 0.0;
    for (size_t j = 0; j < m; j++)
        s += (double)v[j] * v[j];
    return s;
}

/* lin_logistic_objective with class weights: (1/n) sum_i w_{y_i} CE_i +
 * strength R(W). */
static double weighted_objective(Logreg *m, const Dataset *tr, Penalty gp, bool want_grad,
                                 int *right)
{
    int n = tr->X.rows, kd = m->k * m->d;
    if (want_grad) {
        memset(m->dW, 0, (size_t)kd * sizeof *m->dW);
        memset(m->db, 0, (size_t)m->k * sizeof *m->db);
    }
    double loss = n > 0 ? pass_loss(m, tr, NULL, n, 1.0f / (float)n, want_grad ? m->dW : NULL,
                                    right) / n
                        : 0.0;
    if (want_grad)
        lin_penalty_grad(gp, m->strength, m->W, m->dW, kd);
    return loss + m->strength * lin_penalty_value(gp, m->W, kd);
}

/* The full objective at the current weights (and, when want_grad, its full
 * gradient into dW/db); sets train_acc. */
static double full_objective(Logreg *m, const Dataset *tr, bool want_grad)
{
    int n = tr->X.rows, right = 0;
    // L1 is handled by the proximal step; its value still counts in J
    Penalty gp = m->penalty == PENALTY_L1 ? PENALTY_NONE : m->penalty;
    double J = m->cw ? weighted_objective(m, tr, gp, want_grad, &right)
                     : lin_logistic_objective_mat(&tr->X, tr->y, m->k, m->W, m->b, gp,
                                                  m->strength, want_grad ? m->dW : NULL,
                                                  want_grad ? m->db : NULL, &right);
    if (m->penalty == PENALTY_L1)
        J += m->strength * lin_penalty_value(PENALTY_L1, m->W, m->k * m->d);
    m->train_acc = n ? (double)right / n : 0.0;
    return J;
}

/* W -= lr dW, b -= lr db, then the L1 proximal step. */
static void apply_update(Logreg *m, float lr)
{
    int kd = m->k * m->d;
    for (int j = 0; j < kd; j++)
        m->W[j] -= lr * m->dW[j];
    for (int c = 0; c < m->k; c++)
        m->b[c] -= lr * m->db[c];
    if (m->penalty == PENALTY_L1)
        lin_l1_prox(m->W, kd, lr * m->strength);
}

/* One epoch of mini-batches over a fresh shuffle.  The epoch's loss and
 * accuracy are the running means over its batches (each row scored just
 * before the update it takes part in), as most libraries report them: a
 * second pass over the data would double the cost of an epoch.  Returns the
 * mean norm of the mini-batch gradients (NAN when they overflowed), or -1
 * when cancelled. */
static double minibatch_epoch(Logreg *m, const Dataset *tr, float lr, Trace *trace)
{
    int n = tr->X.rows, kd = m->k * m->d;
    rng_shuffle(&m->rng, m->order, n);
    double gsum = 0.0, loss = 0.0;
    int batches = 0, right = 0;
    Penalty gp = m->penalty == PENALTY_L1 ? PENALTY_NONE : m->penalty;
    for (int start = 0; start < n; start += m->batch) {
        if (trace_cancelled(trace))
            return -1.0;
        int bn = n - start < m->batch ? n - start : m->batch;
        memset(m->dW, 0, (size_t)kd * sizeof *m->dW);
        memset(m->db, 0, (size_t)m->k * sizeof *m->db);
        loss += pass_loss(m, tr, m->order + start, bn, 1.0f / (float)bn, m->dW, &right);
        lin_penalty_grad(gp, m->strength, m->W, m->dW, kd);
        gsum += sqrt(norm2(m->dW, (size_t)kd) + norm2(m->db, (size_t)m->k));
        batches++;
        apply_update(m, lr);
    }
    m->loss = loss / n + m->strength * lin_penalty_value(m->penalty, m->W, kd);
    m->train_acc = (double)right / n;
    return batches ? gsum / batches : 0.0;
}

/* The starting point of the curves (and, full batch, the first gradient);
 * at W = 0 the loss is log(classes) whatever the data. */
static int start_curve(Logreg *m, const Dataset *tr, Error *err)
{
    m->loss = m->batch == 0 ? full_objective(m, tr, true) : log(m->k == 1 ? 2.0 : m->k);
    m->have_grad = m->batch == 0;
    if (lin_history_push(&m->hist, (float)m->loss) < 0)
        return error_set(err, ERR_NOMEM, "out of memory");
    return 0;
}

/* One full-batch update; the loss and gradient at the new weights (the
 * next step's gradient). */
static void full_batch_step(Logreg *m, const Dataset *tr, float lr)
{
    if (!m->have_grad)
        full_objective(m, tr, true);
    apply_update(m, lr);
    m->loss = full_objective(m, tr, true);
    m->have_grad = true;
    m->grad_norm = sqrt(norm2(m->dW, (size_t)m->k * m->d) + norm2(m->db, (size_t)m->k));
}

static void trace_step(const Logreg *m, double prev, float lr, Trace *trace)
{
    char text[TRACE_TEXT_LEN];
    snprintf(text, sizeof text, "%s %d: loss %.4f (%+.1f%%), %s %.3g, train acc %.4f, lr %.3g",
             m->batch ? "epoch" : "iter", m->steps, m->loss,
             prev > 0 ? 100.0 * (m->loss - prev) / prev : 0.0,
             m->batch ? "mean |grad|" : "|grad|", m->grad_norm, m->train_acc, (double)lr);
    trace_emitv(trace, TRACE_STEP, m->batch ? "epoch" : "iter", text, "loss", m->loss,
                "train_acc", m->train_acc, "grad_norm", m->grad_norm, "lr", (double)lr, TRACE_END);
}

static StepStatus logreg_step(void *model, const Dataset *tr, Trace *trace, Error *err)
{
    Logreg *m = model;
    if (m->steps >= m->iters)
        return STEP_DONE;
    if (trace_cancelled(trace))
        return error_set(err, ERR_CANCELLED, "cancelled"), STEP_ERROR;
    if (tr->X.cols != m->d || !tr->y)
        return error_set(err, ERR_INTERNAL, "logreg: the training set changed shape"),
               STEP_ERROR;
    if (m->hist.n == 0 && start_curve(m, tr, err) < 0)
        return STEP_ERROR;
    float lr = lin_schedule_lr(m->schedule, m->lr, m->steps, m->iters);
    double prev = m->loss;
    if (m->batch == 0) {
        full_batch_step(m, tr, lr);
    } else {
        double g = minibatch_epoch(m, tr, lr, trace);
        if (g < 0.0)
            return error_set(err, ERR_CANCELLED, "cancelled"), STEP_ERROR;
        m->grad_norm = g;
    }
    m->steps++;
    if (lin_history_push(&m->hist, (float)m->loss) < 0)
        return error_set(err, ERR_NOMEM, "out of memory"), STEP_ERROR;
    if (!isfinite(m->loss))
        return error_set(err, ERR_INTERNAL,
                         "logreg: the loss became %g at step %d: lower lr (now %g)",
                         fabs(m->loss), m->steps, (double)m->lr), /* "nan", not "-nan" */
               STEP_ERROR;
    trace_step(m, prev, lr, trace);
    trace_progress(trace, (double)m->steps / m->iters); /* the fit's fraction (issue 12) */
    return m->steps >= m->iters ? STEP_DONE : STEP_MORE;
}

/* Every value of v (n) finite, else an error naming name[index]. */
static int check_finite(const double *v, int n, const char *name, Error *err)
{
    for (int j = 0; j < n; j++)
        if (!isfinite(v[j]))
            return error_set(err, ERR_DATA, "%s[%d] is not finite (%g)", name, j, v[j]);
    return 0;
}

int logreg_load_step(void *model, const Dataset *train, const double *W, const double *b,
                     Error *err)
{
    Logreg *m = model;
    int kd = m->k * m->d;
    if (m->steps >= m->iters || train->X.cols != m->d || !train->y)
        return error_set(err, ERR_INTERNAL, "logreg: every step is done, or the data changed");
    if (check_finite(W, kd, "w", err) < 0 || check_finite(b, m->k, "b", err) < 0)
        return -1;
    if (m->hist.n == 0 && start_curve(m, train, err) < 0)
        return -1;
    for (int j = 0; j < kd; j++)
        m->W[j] = (float)W[j];
    for (int c = 0; c < m->k; c++)
        m->b[c] = (float)b[c];
    m->loss = full_objective(m, train, true);
    m->have_grad = true;
    m->grad_norm = sqrt(norm2(m->dW, (size_t)kd) + norm2(m->db, (size_t)m->k));
    m->steps++;
    if (lin_history_push(&m->hist, (float)m->loss) < 0)
        return error_set(err, ERR_NOMEM, "out of memory");
    return 0;
}

int logreg_predict_proba(const void *model, const Mat *X, float *probs, Error *err)
{
    const Logreg *m = model;
    if (X->cols != m->d)
        return error_set(err, ERR_DATA, "logreg: expected %d features, got %d", m->d, X->cols);
    int n = X->rows;
    if (m->k == 1) {
        float *z = malloc((size_t)(n > 0 ? n : 1) * sizeof *z);
        if (!z)
            return error_set(err, ERR_NOMEM, "out of memory");
        if (linear_forward_mat(z, X, m->W, m->b, 1) < 0) {
            free(z);
            return error_set(err, ERR_NOMEM, "out of memory");
        }
        for (int i = 0; i < n; i++) {
            float p = lin_sigmoid(z[i]);
            probs[2 * (size_t)i] = 1.0f - p;
            probs[2 * (size_t)i + 1] = p;
        }
        free(z);
    } else {
        if (linear_forward_mat(probs, X, m->W, m->b, m->k) < 0)
            return error_set(err, ERR_NOMEM, "out of memory");
        lin_softmax_rows(probs, n, m->k);
    }
    return 0;
}

static int logreg_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    Logreg *m = model;
    int n = X->rows;
    float *P = scores ? scores : malloc((size_t)(n > 0 ? n : 1) * m->n_classes * sizeof *P);
    if (!P)
        return error_set(err, ERR_NOMEM, "out of memory");
    int rc = logreg_predict_proba(m, X, P, err);
    if (rc == 0 && labels) {
        for (int i = 0; i < n; i++) {
            const float *p = P + (size_t)i * m->n_classes;
            if (m->k == 1) {
                labels[i] = p[1] >= m->threshold;
            } else {
                int best = 0;
                for (int c = 1; c < m->k; c++)
                    if (p[c] > p[best])
                        best = c;
                labels[i] = best;
            }
        }
    }
    if (!scores)
        free(P);
    return rc;
}

static void logreg_model_json(const void *model, const Dataset *train, StrBuf *sb)
{
    const Logreg *m = model;
    if (m->k == 1) {
        sb_append(sb, "{\"weights\": ");
        sb_json_float_array(sb, m->W, m->d);
        sb_append(sb, ", \"bias\": ");
        sb_json_double(sb, m->b[0]);
        sb_append(sb, ", \"threshold\": ");
        sb_json_double(sb, m->threshold);
    } else {
        sb_append(sb, "{\"weights\": ");
        sb_json_float_matrix(sb, m->W, m->k, m->d);
        sb_append(sb, ", \"bias\": ");
        sb_json_float_array(sb, m->b, m->k);
    }
    sb_append(sb, ", \"link\": ");
    sb_json_string(sb, m->k == 1 ? "sigmoid" : "softmax");
    sb_append(sb, ", \"loss\": ");
    sb_json_double(sb, m->loss);
    sb_append(sb, "}");
}

/* ---- inspect ------------------------------------------------------------- */

LinearView logreg_view(const void *model)
{
    const Logreg *m = model;
    LinearView v = { m->k, m->d, m->W, m->b };
    return v;
}

bool logreg_boundary_2d(const void *model, double *a, double *b, double *c)
{
    const Logreg *m = model;
    if (m->k != 1 || m->d != 2 || m->threshold <= 0.0f || m->threshold >= 1.0f)
        return false;
    // sigmoid(z) = t  <=>  z = log(t / (1 - t))
    float level = logf(m->threshold / (1.0f - m->threshold));
    return lin_line_2d(m->W, m->b[0], level, a, b, c);
}

double logreg_threshold(const void *model) { return ((const Logreg *)model)->threshold; }
double logreg_loss(const void *model) { return ((const Logreg *)model)->loss; }
double logreg_grad_norm(const void *model) { return ((const Logreg *)model)->grad_norm; }
double logreg_train_accuracy(const void *model) { return ((const Logreg *)model)->train_acc; }
int logreg_steps_done(const void *model) { return ((const Logreg *)model)->steps; }
int logreg_steps_total(const void *model) { return ((const Logreg *)model)->iters; }

const float *logreg_loss_history(const void *model, int *n)
{
    const Logreg *m = model;
    *n = m->hist.n;
    return m->hist.v;
}

const Algo algo_logreg = {
    .name = "logreg",
    .title = "Logistic regression",
    .summary = "sigmoid / softmax of a linear score, fitted by gradient descent on cross-entropy",
    .group = "classification",
    .kind = ALGO_CLASSIFIER,
    .params = logreg_params,
    .default_scale = SCALE_STANDARD,
    .scores_are_probs = true,
    .takes_bytes = true,
    .create = logreg_create,
    .step = logreg_step,
    .predict = logreg_predict,
    .destroy = logreg_destroy,
    .model_json = logreg_model_json,
    .save = logreg_save, .load = logreg_load, .check_data = logreg_check_data, /* model_io.h */
};
