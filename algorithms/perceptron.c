/* algorithms/perceptron.c - the perceptron, as taught: labels +-1, zero
 * weights, one pass over the rows per epoch; on each row predict
 * sign(w.x + b) (0 counts as +1) and, when wrong, update
 *     w += lr (t - yhat) x,   b += lr (t - yhat)        (t - yhat = +-2)
 * More than two classes: one-vs-rest, one weight row per class, all rows
 * updated in the same pass (row c sees t = +1 for class c, -1 otherwise);
 * predict the class of the highest score.
 *
 * average=true keeps, besides w, the running average of w over every row
 * visited (the averaged perceptron, Freund & Schapire), with the lazy trick:
 * with c = rows seen, an update delta at time c adds c * delta to U, and the
 * average is w - U / c.  It predicts with the average, which is much steadier
 * than the last w on data that is not separable.
 *
 * Weights are kept in double.  Not for speed but for ties: on the textbook
 * toy, after epoch 2 the point (2, 1) lies exactly on the line in exact
 * arithmetic (-0.02*2 + 0.06*1 - 0.02 = 0).  The double weights put it at
 * -1e-17 (no mistake: the textbook's 3, 2, 0); float32 weights round the tie
 * to >= 0 and "0 counts as +1" makes it a mistake.  Float copies of the
 * weights serve the views.
 *
 * A step is one epoch.  Training stops early after an epoch without a
 * mistake (the data is separated; more epochs would change nothing).
 *
 * class_weight (class_weight.h) multiplies the step of a mistake on a row
 * of class c by w_c, as scikit-learn's Perceptron does: the minority's
 * mistakes move the line further. */
#include "perceptron.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "class_weight.h"
#include "linear_common.h"
#include "model_io.h"

typedef struct Perceptron {
    int d, k, n_classes;  // features, weight rows (1 = binary), classes
    double *W, *b;        // (k,d), (k) current weights
    double *U, *ub;       // (k,d), (k) sum of c * delta (average = true)
    double *Wa, *ba;      // (k,d), (k) averaged weights after the last epoch
    float *Wv, *bv;       // (k,d), (k) float copy of the prediction weights (views)
    double *s, *x;        // (k) scores of one row, (d) the row in double
    float *xf;            // (d) a row of a byte-backed matrix as floats (mat.h)
    int *order;           // (n) visiting order
    double lr;
    int epochs;
    bool shuffle, average;
    long long seen;       // rows visited so far (the c of the lazy average)
    Rng rng;
    int epochs_done;
    bool converged;
    int *errors;          // (epochs) rows with at least one mistake, per epoch
    float *cw;            // (n_classes) class weights, or NULL (all 1)
} Perceptron;

static const ParamSpec perceptron_params[] = {
    { "lr", PARAM_FLOAT, "0.01", 1e-9, 100.0, NULL,
      "learning rate (with zero start it only scales w, never the predictions)" },
    { "epochs", PARAM_INT, "10", 1, 100000, NULL,
      "passes over the training rows (stops early when one has no mistake)" },
    { "shuffle", PARAM_BOOL, "false", 0, 1, NULL, "visit the rows in a new random order each epoch" },
    { "average", PARAM_BOOL, "true", 0, 1, NULL,
      "predict with the average of w over all updates (averaged perceptron)" },
    CLASS_WEIGHT_PARAM,
    { 0 }
};

static void perceptron_destroy(void *model)
{
    Perceptron *m = model;
    if (!m)
        return;
    free(m->W);
    free(m->b);
    free(m->U);
    free(m->ub);
    free(m->Wa);
    free(m->ba);
    free(m->Wv);
    free(m->bv);
    free(m->s);
    free(m->x);
    free(m->xf);
    free(m->order);
    free(m->errors);
    free(m->cw);
    free(m);
}

static int alloc_model(Perceptron *m, int n)
{
    size_t kd = (size_t)m->k * m->d;
    m->W = calloc(kd, sizeof *m->W);
    m->b = calloc((size_t)m->k, sizeof *m->b);
    m->U = calloc(kd, sizeof *m->U);
    m->ub = calloc((size_t)m->k, sizeof *m->ub);
    m->Wa = calloc(kd, sizeof *m->Wa);
    m->ba = calloc((size_t)m->k, sizeof *m->ba);
    m->Wv = calloc(kd, sizeof *m->Wv);
    m->bv = calloc((size_t)m->k, sizeof *m->bv);
    m->s = calloc((size_t)m->k, sizeof *m->s);
    m->x = calloc((size_t)m->d, sizeof *m->x);
    m->xf = calloc((size_t)m->d + 1, sizeof *m->xf);
    m->order = malloc((size_t)n * sizeof *m->order);
    m->errors = calloc((size_t)m->epochs, sizeof *m->errors);
    if (!m->W || !m->b || !m->U || !m->ub || !m->Wa || !m->ba || !m->Wv || !m->bv || !m->s ||
        !m->x || !m->xf || !m->order || !m->errors)
        return -1;
    for (int i = 0; i < n; i++)
        m->order[i] = i;
    return 0;
}

static void *perceptron_create(const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    if (lin_check_classification(train, "perceptron", err) < 0)
        return NULL;
    Perceptron *m = calloc(1, sizeof *m);
    if (!m)
        return error_set(err, ERR_NOMEM, "out of memory for the perceptron"), NULL;
    m->d = train->X.cols;
    m->n_classes = train->n_classes;
    m->k = m->n_classes == 2 ? 1 : m->n_classes;
    m->lr = params_float(p, "lr");
    m->epochs = params_int(p, "epochs");
    m->shuffle = params_bool(p, "shuffle");
    m->average = params_bool(p, "average");
    m->rng = rng_split(rng);
    if (alloc_model(m, train->X.rows) < 0) {
        perceptron_destroy(m);
        return error_set(err, ERR_NOMEM, "out of memory for the perceptron"), NULL;
    }
    bool any;
    m->cw = class_weights_alloc(params_str(p, "class_weight"), train, &any, err);
    if (any && !m->cw) {
        perceptron_destroy(m);
        return NULL;
    }
    return m;
}

/* The weights predictions use: averaged after the last epoch, or current. */
static const double *pred_W(const Perceptron *m) { return m->average ? m->Wa : m->W; }
static const double *pred_b(const Perceptron *m) { return m->average ? m->ba : m->b; }

/* s (k) = W (k,d) @ x (d) + b, in double (x converted into m->x). */
static void row_scores(Perceptron *m, const double *W, const double *b, const float *xf)
{
    int d = m->d, k = m->k;
    double *x = m->x;
#pragma omp simd
    for (int j = 0; j < d; j++)
        x[j] = xf[j];
    if (k == 1) {
        m->s[0] = cblas_ddot(d, W, 1, m->x, 1) + b[0];
        return;
    }
    memcpy(m->s, b, (size_t)k * sizeof *m->s);
    cblas_dgemv(CblasRowMajor, CblasNoTrans, k, d, 1.0, W, d, m->x, 1, 1.0, m->s, 1);
}

/* The highest score's output (k > 1) or s >= 0 (k = 1). */
static int row_label(const Perceptron *m)
{
    if (m->k == 1)
        return m->s[0] >= 0.0;
    int best = 0;
    for (int c = 1; c < m->k; c++)
        if (m->s[c] > m->s[best])
            best = c;
    return best;
}

/* The perceptron rule on row i (its scores in m->s, the row in m->x): each
 * output c whose sign is wrong moves by lr (t - yhat) x.  Returns the
 * number of updates (0 when the row is right). */
static int update_row(Perceptron *m, const Dataset *tr, int i)
{
    int d = m->d, k = m->k, updates = 0;
    for (int c = 0; c < k; c++) {
        double t = (k == 1 ? tr->y[i] == 1 : tr->y[i] == c) ? 1.0 : -1.0;
        double yhat = m->s[c] >= 0.0 ? 1.0 : -1.0; // sign with 0 -> +1
        if (yhat == t)
            continue;
        double step = m->lr * (t - yhat); // +-2 lr (times the row's class weight)
        if (m->cw)
            step *= m->cw[tr->y[i]];
        cblas_daxpy(d, step, m->x, 1, m->W + (size_t)c * d, 1);
        m->b[c] += step;
        if (m->average) {
            // lazy average: U += c * delta (c = rows seen, this one included)
            double cs = step * (double)m->seen;
            cblas_daxpy(d, cs, m->x, 1, m->U + (size_t)c * d, 1);
            m->ub[c] += cs;
        }
        updates++;
    }
    return updates;
}

/* One pass over the rows: returns the rows with at least one mistake and
 * sets *updates to the number of weight-row updates and *right to the rows
 * whose class (argmax of the scores, before their update) was right;
 * -1 when cancelled. */
static int perceptron_epoch(Perceptron *m, const Dataset *tr, Trace *trace, long *updates,
                            int *right)
{
    int n = tr->X.rows, mistakes = 0;
    *right = 0;
    if (m->shuffle)
        rng_shuffle(&m->rng, m->order, n);
    *updates = 0;
    for (int r = 0; r < n; r++) {
        if ((r & 4095) == 0 && trace_cancelled(trace))
            return -1;
        int i = m->order[r];
        row_scores(m, m->W, m->b, mat_rows_f32(&tr->X, i, 1, m->xf));
        *right += row_label(m) == tr->y[i];
        m->seen++;
        int u = update_row(m, tr, i);
        *updates += u;
        mistakes += u > 0;
    }
    return mistakes;
}

/* Wa = W - U / seen: the mean of the weights after each visited row; then
 * the float copies of the prediction weights. */
static void refresh_weights(Perceptron *m)
{
    size_t kd = (size_t)m->k * m->d;
    if (m->average && m->seen > 0) {
        double inv = 1.0 / (double)m->seen;
        for (size_t j = 0; j < kd; j++)
            m->Wa[j] = m->W[j] - m->U[j] * inv;
        for (int c = 0; c < m->k; c++)
            m->ba[c] = m->b[c] - m->ub[c] * inv;
    }
    for (size_t j = 0; j < kd; j++)
        m->Wv[j] = (float)pred_W(m)[j];
    for (int c = 0; c < m->k; c++)
        m->bv[c] = (float)pred_b(m)[c];
}

static void trace_epoch(const Perceptron *m, int mistakes, long updates, double acc,
                        Trace *trace)
{
    char text[TRACE_TEXT_LEN], wtxt[120];
    if (m->k == 1) {
        // bias first, as the textbook prints it: [b, w1, w2, ...]
        float v[8];
        int nv = 0;
        v[nv++] = m->bv[0];
        for (int j = 0; j < m->d && nv < 8; j++)
            v[nv++] = m->Wv[j];
        lin_format_vec(wtxt, sizeof wtxt, v, nv, 7);
        snprintf(text, sizeof text, "epoch %d: %d mistake%s, %s[b, w] = %s, online acc %.4f",
                 m->epochs_done, mistakes, mistakes == 1 ? "" : "s", m->average ? "avg " : "",
                 wtxt, acc);
    } else {
        snprintf(text, sizeof text,
                 "epoch %d: %d rows with a mistake (%ld one-vs-rest updates), online acc %.4f",
                 m->epochs_done, mistakes, updates, acc);
    }
    trace_emitv(trace, TRACE_STEP, "epoch", text, "errors", (double)mistakes, "updates",
                (double)updates, "train_acc", acc, TRACE_END);
}

static StepStatus perceptron_step(void *model, const Dataset *tr, Trace *trace, Error *err)
{
    Perceptron *m = model;
    if (m->converged || m->epochs_done >= m->epochs)
        return STEP_DONE;
    if (tr->X.cols != m->d || !tr->y)
        return error_set(err, ERR_INTERNAL, "perceptron: the training set changed"), STEP_ERROR;
    long updates = 0;
    int right = 0;
    int mistakes = perceptron_epoch(m, tr, trace, &updates, &right);
    if (mistakes < 0)
        return error_set(err, ERR_CANCELLED, "cancelled"), STEP_ERROR;
    refresh_weights(m);
    m->errors[m->epochs_done++] = mistakes;
    m->converged = mistakes == 0;
    // online accuracy: each row judged by the weights it met during the epoch
    trace_epoch(m, mistakes, updates, (double)right / tr->X.rows, trace);
    /* the fit's fraction (issue 12): epochs done, or all when converged */
    trace_progress(trace, m->converged ? 1.0 : (double)m->epochs_done / m->epochs);
    if (m->converged) {
        trace_emitv(trace, TRACE_NOTE, "converged",
                    "converged: an epoch without a mistake, the training rows are separated",
                    TRACE_END);
        return STEP_DONE;
    }
    return m->epochs_done >= m->epochs ? STEP_DONE : STEP_MORE;
}

static int perceptron_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    Perceptron *m = model;
    if (X->cols != m->d)
        return error_set(err, ERR_DATA, "perceptron: expected %d features, got %d", m->d,
                         X->cols);
    // in double, like training: a point on the line gets the same side
    for (int i = 0; i < X->rows; i++) {
        row_scores(m, pred_W(m), pred_b(m), mat_rows_f32(X, i, 1, m->xf));
        if (labels)
            labels[i] = row_label(m);
        if (scores) {
            float *out = scores + (size_t)i * m->n_classes;
            if (m->k == 1) {
                out[0] = (float)-m->s[0];
                out[1] = (float)m->s[0];
            } else {
                for (int c = 0; c < m->k; c++)
                    out[c] = (float)m->s[c];
            }
        }
    }
    return 0;
}

static void perceptron_model_json(const void *model, const Dataset *train, StrBuf *sb)
{
    const Perceptron *m = model;
    sb_append(sb, "{\"weights\": ");
    if (m->k == 1) {
        sb_json_double_array(sb, pred_W(m), m->d);
        sb_append(sb, ", \"bias\": ");
        sb_json_double(sb, pred_b(m)[0]);
    } else {
        sb_json_float_matrix(sb, m->Wv, m->k, m->d);
        sb_append(sb, ", \"bias\": ");
        sb_json_double_array(sb, pred_b(m), m->k);
    }
    sb_append(sb, ", \"errors_per_epoch\": ");
    sb_json_int_array(sb, m->errors, m->epochs_done);
    sb_printf(sb, ", \"averaged\": %s}", m->average ? "true" : "false");
}

/* ---- inspect --------------------------------------------------------------- */

LinearView perceptron_view(const void *model)
{
    const Perceptron *m = model;
    LinearView v = { m->k, m->d, m->Wv, m->bv };
    return v;
}

bool perceptron_line_2d(const void *model, int output, double *a, double *b, double *c)
{
    const Perceptron *m = model;
    if (m->d != 2 || output < 0 || output >= m->k)
        return false;
    return lin_line_2d(m->Wv + (size_t)output * 2, m->bv[output], 0.0f, a, b, c);
}

const int *perceptron_epoch_errors(const void *model, int *n)
{
    const Perceptron *m = model;
    *n = m->epochs_done;
    return m->errors;
}

int perceptron_epochs_done(const void *model) { return ((const Perceptron *)model)->epochs_done; }
bool perceptron_converged(const void *model) { return ((const Perceptron *)model)->converged; }

const double *perceptron_weights(const void *model, const double **b)
{
    const Perceptron *m = model;
    *b = pred_b(m);
    return pred_W(m);
}

int perceptron_load_epoch(void *model, const double *W, const double *b, int mistakes,
                          Error *err)
{
    Perceptron *m = model;
    size_t kd = (size_t)m->k * m->d;
    if (m->epochs_done >= m->epochs)
        return error_set(err, ERR_INTERNAL, "perceptron: every epoch is done");
    for (size_t j = 0; j < kd + (size_t)m->k; j++) {
        double v = j < kd ? W[j] : b[j - kd];
        if (!isfinite(v))
            return error_set(err, ERR_DATA, "%s[%zu] is not finite (%g)", j < kd ? "w" : "b",
                             j < kd ? j : j - kd, v);
    }
    memcpy(m->W, W, kd * sizeof *W);
    memcpy(m->Wa, W, kd * sizeof *W);
    memcpy(m->b, b, (size_t)m->k * sizeof *b);
    memcpy(m->ba, b, (size_t)m->k * sizeof *b);
    m->seen = 0; /* no averaging history: the loaded weights are the average */
    refresh_weights(m);
    m->errors[m->epochs_done++] = mistakes;
    m->converged = mistakes == 0;
    return 0;
}

const Algo algo_perceptron = {
    .name = "perceptron",
    .title = "Perceptron",
    .summary = "mistake-driven linear classifier: w += lr (t - yhat) x, one-vs-rest",
    .group = "classification",
    .kind = ALGO_CLASSIFIER,
    .params = perceptron_params,
    .default_scale = SCALE_STANDARD,
    .scores_are_probs = false,
    .takes_bytes = true,
    .create = perceptron_create,
    .step = perceptron_step,
    .predict = perceptron_predict,
    .destroy = perceptron_destroy,
    .model_json = perceptron_model_json,
    .save = perceptron_save, .load = perceptron_load, .check_data = perceptron_check_data, /* model_io.h */
};
