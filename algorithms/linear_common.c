/* algorithms/linear_common.c - the pieces the linear models share (see
 * linear_common.h): the affine map through BLAS, the logistic losses, the
 * penalties, the 2-D line of a weight vector, and small helpers. */
#include "linear_common.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the affine map --------------------------------------------------- */

void linear_forward(float *S, const float *X, const float *W, const float *b, int n, int d,
                    int k)
{
    // S (n,k) = b broadcast over rows, then S += X (n,d) @ W^T (k,d)
    for (int i = 0; i < n; i++)
        for (int c = 0; c < k; c++)
            S[(size_t)i * k + c] = b ? b[c] : 0.0f;
    if (n == 0 || k == 0 || d == 0)
        return;
    if (k == 1)
        cblas_sgemv(CblasRowMajor, CblasNoTrans, n, d, 1.0f, X, d, W, 1, 1.0f, S, 1);
    else
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, k, d, 1.0f, X, d, W, d, 1.0f, S,
                    k);
}

/* ---- logistic pieces -------------------------------------------------- */

float lin_sigmoid(float z)
{
    // split by sign so exp never overflows
    if (z >= 0.0f)
        return 1.0f / (1.0f + expf(-z));
    float e = expf(z);
    return e / (1.0f + e);
}

/* log(1 + e^z) without overflow or loss of precision for large |z|. */
static double softplus(double z)
{
    return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
}

void lin_softmax_rows(float *S, int n, int k)
{
    for (int i = 0; i < n; i++) {
        float *s = S + (size_t)i * k;
        float mx = vec_max(s, k);
        float sum = 0.0f;
        for (int c = 0; c < k; c++) {
            s[c] = expf(s[c] - mx);
            sum += s[c];
        }
        float inv = 1.0f / sum;
        for (int c = 0; c < k; c++)
            s[c] *= inv;
    }
}

double sigmoid_xent_forward_backward(const float *Z, const int *y, int n, float *G)
{
    // loss_i = -[y log p + (1-y) log(1-p)], p = sigmoid(z) = log(1 + e^z) - y z
    double loss = 0.0;
    for (int i = 0; i < n; i++) {
        double z = Z[i];
        loss += softplus(z) - (y[i] ? z : 0.0);
        if (G)
            G[i] = lin_sigmoid(Z[i]) - (float)(y[i] != 0);
    }
    return loss;
}

double softmax_xent_forward_backward(float *Z, const int *y, int n, int k, float *G)
{
    double loss = 0.0;
    for (int i = 0; i < n; i++) {
        float *z = Z + (size_t)i * k;
        // log-sum-exp with the max subtracted: loss_i = lse(z) - z[y]
        float mx = vec_max(z, k);
        double sum = 0.0;
        for (int c = 0; c < k; c++)
            sum += exp((double)z[c] - mx);
        loss += log(sum) + mx - z[y[i]];
        float inv = (float)(1.0 / sum);
        for (int c = 0; c < k; c++)
            z[c] = expf(z[c] - mx) * inv;
        if (G) {
            float *g = G + (size_t)i * k;
            for (int c = 0; c < k; c++)
                g[c] = z[c] - (c == y[i] ? 1.0f : 0.0f);
        }
    }
    return loss;
}

/* ---- penalties -------------------------------------------------------- */

Penalty lin_penalty_parse(const char *s)
{
    if (s && strcmp(s, "l1") == 0)
        return PENALTY_L1;
    if (s && strcmp(s, "l2") == 0)
        return PENALTY_L2;
    return PENALTY_NONE;
}

double lin_penalty_value(Penalty p, const float *W, int m)
{
    double r = 0.0;
    if (p == PENALTY_L2) {
        for (int j = 0; j < m; j++)
            r += (double)W[j] * W[j];
        r *= 0.5;
    } else if (p == PENALTY_L1) {
        for (int j = 0; j < m; j++)
            r += fabs((double)W[j]);
    }
    return r;
}

void lin_penalty_grad(Penalty p, float strength, const float *W, float *dW, int m)
{
    if (p == PENALTY_L2)
        cblas_saxpy(m, strength, W, 1, dW, 1);
    else if (p == PENALTY_L1)
        for (int j = 0; j < m; j++)
            dW[j] += W[j] > 0.0f ? strength : W[j] < 0.0f ? -strength : 0.0f;
}

void lin_l1_prox(float *W, int m, float lr_strength)
{
    // soft thresholding: the closed-form minimiser of |w| * t + (w - w0)^2 / 2
    for (int j = 0; j < m; j++) {
        float w = W[j];
        W[j] = w > lr_strength ? w - lr_strength : w < -lr_strength ? w + lr_strength : 0.0f;
    }
}

void lin_row_scores(const float *W, const float *b, const float *x, int d, int k, float *s)
{
    if (k == 1) {
        s[0] = cblas_sdot(d, W, 1, x, 1) + (b ? b[0] : 0.0f);
        return;
    }
    for (int c = 0; c < k; c++)
        s[c] = b ? b[c] : 0.0f;
    cblas_sgemv(CblasRowMajor, CblasNoTrans, k, d, 1.0f, W, d, x, 1, 1.0f, s, 1);
}

void lin_row_accumulate(float *dW, const float *g, const float *x, int d, int k)
{
    if (k == 1)
        cblas_saxpy(d, g[0], x, 1, dW, 1);
    else
        cblas_sger(CblasRowMajor, k, d, 1.0f, g, 1, x, 1, dW, d);
}

#define LIN_MAX_K 1024 /* classes handled on the stack by the row kernels */

double lin_logistic_accumulate(const float *X, const int *rows, int m, const int *y, int d,
                               int k, const float *W, const float *b, float gscale, float *dW,
                               float *db, int *correct)
{
    Mat v = { .rows = 0, .cols = d, .data = (float *)X }; /* rows are only indexed */
    return lin_logistic_accumulate_mat(&v, rows, m, y, k, W, b, gscale, dW, db, correct);
}

/* One row's cross-entropy; s (k) becomes its gradient p - onehot times
 * gscale, *pred its most likely class (p >= 0.5 when k = 1). */
static double row_loss(const float *x, int yi, int d, int k, const float *W, const float *b,
                       float gscale, float *s, int *pred)
{
    lin_row_scores(W, b, x, d, k, s);
    double loss;
    if (k == 1) {
        *pred = s[0] >= 0.0f; // p >= 0.5
        float g;
        loss = sigmoid_xent_forward_backward(s, &yi, 1, &g);
        s[0] = g * gscale;
        return loss;
    }
    *pred = 0;
    for (int c = 1; c < k; c++)
        if (s[c] > s[*pred])
            *pred = c;
    // s becomes probabilities, then the scaled gradient p - onehot
    loss = softmax_xent_forward_backward(s, &yi, 1, k, s);
    for (int c = 0; c < k; c++)
        s[c] *= gscale;
    return loss;
}

/* The row loop's scratch: k scores (on the stack up to LIN_MAX_K) and, for
 * a byte-backed X (mat.h), one row as floats. */
typedef struct RowScratch {
    float sbuf[LIN_MAX_K];
    float *s, *x;
} RowScratch;

static bool scratch_get(RowScratch *r, const Mat *X, int k)
{
    r->s = k <= LIN_MAX_K ? r->sbuf : malloc((size_t)k * sizeof *r->s);
    r->x = mat_is_bytes(X) ? malloc((size_t)(X->cols ? X->cols : 1) * sizeof *r->x) : NULL;
    return r->s && (r->x || !mat_is_bytes(X));
}

static void scratch_put(RowScratch *r)
{
    if (r->s != r->sbuf)
        free(r->s);
    free(r->x);
}

double lin_logistic_accumulate_mat(const Mat *X, const int *rows, int m, const int *y, int k,
                                   const float *W, const float *b, float gscale, float *dW,
                                   float *db, int *correct)
{
    int d = X->cols;
    RowScratch sc;
    bool ok = scratch_get(&sc, X, k);
    float *s = sc.s;
    double loss = ok ? 0.0 : NAN;
    int right = 0;
    for (int r = 0; ok && r < m; r++) {
        int i = rows ? rows[r] : r, pred;
        const float *x = mat_rows_f32(X, i, 1, sc.x);
        loss += row_loss(x, y[i], d, k, W, b, gscale, s, &pred);
        right += pred == y[i];
        if (dW)
            lin_row_accumulate(dW, s, x, d, k);
        for (int c = 0; dW && db && c < k; c++)
            db[c] += s[c];
    }
    if (correct)
        *correct += right;
    scratch_put(&sc);
    return loss;
}

double lin_logistic_objective(const float *X, const int *y, int n, int d, int k, const float *W,
                              const float *b, Penalty penalty, float strength, float *dW,
                              float *db, int *correct)
{
    Mat v = { .rows = n, .cols = d, .data = (float *)X };
    return lin_logistic_objective_mat(&v, y, k, W, b, penalty, strength, dW, db, correct);
}

int linear_forward_mat(float *S, const Mat *X, const float *W, const float *b, int k)
{
    enum { BLOCK = 1024 };
    int n = X->rows, d = X->cols;
    if (!mat_is_bytes(X)) {
        linear_forward(S, X->data, W, b, n, d, k);
        return 0;
    }
    float *buf = malloc((size_t)BLOCK * (size_t)(d ? d : 1) * sizeof *buf);
    if (!buf)
        return -1;
    for (int r0 = 0; r0 < n; r0 += BLOCK) {
        int bn = n - r0 < BLOCK ? n - r0 : BLOCK;
        linear_forward(S + (size_t)r0 * k, mat_rows_f32(X, r0, bn, buf), W, b, bn, d, k);
    }
    free(buf);
    return 0;
}

double lin_logistic_objective_mat(const Mat *X, const int *y, int k, const float *W,
                                  const float *b, Penalty penalty, float strength, float *dW,
                                  float *db, int *correct)
{
    int n = X->rows, d = X->cols;
    if (dW) {
        memset(dW, 0, (size_t)k * (size_t)d * sizeof *dW);
        if (db)
            memset(db, 0, (size_t)k * sizeof *db);
    }
    double loss = n > 0 ? lin_logistic_accumulate_mat(X, NULL, n, y, k, W, b, 1.0f / (float)n,
                                                      dW, db, correct)
                        : 0.0;
    if (dW)
        lin_penalty_grad(penalty, strength, W, dW, k * d);
    return (n > 0 ? loss / n : 0.0) + strength * lin_penalty_value(penalty, W, k * d);
}

/* ---- labels ------------------------------------------------------------ */

int lin_check_classification(const Dataset *train, const char *algo, Error *err)
{
    if (!train->has_target || !train->y || train->n_classes < 1)
        return error_set(err, ERR_DATA, "%s needs class labels: the target `%s` has none", algo,
                         train->target_name ? train->target_name : "?");
    if (train->X.rows < 1 || train->X.cols < 1)
        return error_set(err, ERR_DATA, "%s: the training set is empty", algo);
    int first = train->y[0], seen_two = 0;
    for (int i = 1; i < train->X.rows && !seen_two; i++)
        seen_two = train->y[i] != first;
    if (!seen_two)
        return error_set(err, ERR_DATA,
                         "%s: the training set has a single class (`%s`); at least two are needed",
                         algo, train->class_names ? train->class_names[first] : "?");
    return 0;
}

/* ---- views ------------------------------------------------------------- */

bool lin_line_2d(const float *w, float bias, float level, double *a, double *b, double *c)
{
    double norm = sqrt((double)w[0] * w[0] + (double)w[1] * w[1]);
    if (!(norm > 0.0))
        return false;
    // w0 x0 + w1 x1 + bias - level = 0, divided by |w|
    *a = w[0] / norm;
    *b = w[1] / norm;
    *c = ((double)bias - level) / norm;
    return true;
}

void lin_scores_to_outputs(const float *S, int n, int k, float cut, int *labels, float *scores)
{
    for (int i = 0; i < n; i++) {
        const float *s = S + (size_t)i * k;
        if (k == 1) {
            if (labels)
                labels[i] = s[0] >= cut;
            if (scores) {
                scores[2 * (size_t)i] = -s[0];
                scores[2 * (size_t)i + 1] = s[0];
            }
            continue;
        }
        int best = 0;
        for (int c = 1; c < k; c++)
            if (s[c] > s[best])
                best = c;
        if (labels)
            labels[i] = best;
        if (scores)
            memcpy(scores + (size_t)i * k, s, (size_t)k * sizeof *s);
    }
}

/* ---- history and formatting ---------------------------------------------- */

int lin_history_push(LinHistory *h, float value)
{
    if (h->n == h->cap) {
        int cap = h->cap ? 2 * h->cap : 64;
        float *v = realloc(h->v, (size_t)cap * sizeof *v);
        if (!v)
            return -1;
        h->v = v;
        h->cap = cap;
    }
    h->v[h->n++] = value;
    return 0;
}

void lin_history_free(LinHistory *h)
{
    free(h->v);
    h->v = NULL;
    h->n = h->cap = 0;
}

void lin_format_vec(char *buf, int size, const float *v, int n, int max)
{
    int len = snprintf(buf, (size_t)size, "[");
    for (int j = 0; j < n && j < max && len < size; j++)
        len += snprintf(buf + len, (size_t)(size - len), "%s%.4g", j ? ", " : "", v[j]);
    if (n > max && len < size)
        len += snprintf(buf + len, (size_t)(size - len), ", ...");
    if (len < size)
        snprintf(buf + len, (size_t)(size - len), "]");
}

LrSchedule lin_schedule_parse(const char *s)
{
    if (s && strcmp(s, "invscaling") == 0)
        return LR_INVSCALING;
    if (s && strcmp(s, "cosine") == 0)
        return LR_COSINE;
    if (s && strcmp(s, "linear") == 0)
        return LR_LINEAR;
    return LR_CONSTANT;
}

float lin_schedule_lr(LrSchedule s, float lr, int epoch, int epochs)
{
    double f = epochs > 1 ? (double)epoch / (epochs - 1) : 0.0; // 0 .. 1 over training
    switch (s) {
    case LR_INVSCALING:
        return (float)(lr / sqrt(1.0 + epoch));
    case LR_COSINE:
        // from lr down to lr / 100 along half a cosine
        return (float)(lr * (0.01 + 0.99 * 0.5 * (1.0 + cos(M_PI * f))));
    case LR_LINEAR:
        return (float)(lr * (1.0 - 0.99 * f));
    default:
        return lr;
    }
}
