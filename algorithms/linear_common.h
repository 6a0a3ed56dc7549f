/* algorithms/linear_common.h - what the linear models share.
 *
 * linreg, logreg, perceptron and svm are all "scores = X W^T + b" followed
 * by a different loss.  This file holds the pieces they have in common, as
 * plain functions over flat float arrays (shapes in the comments):
 *
 *   linear_forward                     the affine map over many rows (sgemm)
 *   lin_row_scores / lin_row_accumulate  one row's scores and gradient share
 *   sigmoid / softmax / cross-entropy  the logistic losses
 *   penalties                          L1 / L2 on the weights (never the bias)
 *   lin_check_classification           what a classifier refuses to train on
 *   LinearView                         a read-only look at W and b for views
 *   lin_line_2d                        the separating line on 2-D data
 *   LinHistory                         a per-step curve (loss, errors, ...)
 *
 * Conventions used by every module here:
 *   W is k x d row-major: row c is the weight vector of output c.
 *   A binary model has k = 1 (one score; positive means class 1).
 *   A model over K > 2 classes has k = K (softmax, or one-vs-rest rows).
 *   Scores handed to predict()'s caller are n x n_classes; a binary model
 *   with score s reports [-s, s] (or [1-p, p] for probabilities). */
#ifndef MLLAB_LINEAR_COMMON_H
#define MLLAB_LINEAR_COMMON_H

#include <stdbool.h>

#include "dataset.h"
#include "error.h"
#include "mat.h"
#include "rng.h"
#include "trace.h"

/* ---- the affine map --------------------------------------------------- */

/* S (n,k) = X (n,d) @ W^T (k,d) + b (k). */
void linear_forward(float *S, const float *X, const float *W, const float *b, int n, int d,
                    int k);

/* ---- logistic pieces -------------------------------------------------- */

/* 1 / (1 + e^-z), without overflow for large |z|. */
float lin_sigmoid(float z);
/* In place, row by row: S (n,k) -> softmax probabilities (max subtracted). */
void lin_softmax_rows(float *S, int n, int k);

/* Binary cross-entropy from logits.  Z (n) holds the logits w.x + b; y (n)
 * holds 0/1 class indices.  Returns the summed (not mean) loss; when G is
 * not NULL, G[i] = sigmoid(Z[i]) - y[i] (d loss_i / d z_i).  Computed in the
 * stable form log(1 + e^z) - y z. */
double sigmoid_xent_forward_backward(const float *Z, const int *y, int n, float *G);
/* Softmax cross-entropy.  Z (n,k) logits, overwritten with probabilities;
 * y (n) class indices.  Returns the summed loss; when G is not NULL,
 * G (n,k) = probs - onehot(y). */
double softmax_xent_forward_backward(float *Z, const int *y, int n, int k, float *G);

/* ---- penalties (on W only; the bias is never penalised) ------------------ */

typedef enum { PENALTY_NONE, PENALTY_L1, PENALTY_L2 } Penalty;

/* "none" | "l1" | "l2" -> Penalty (defaults to none). */
Penalty lin_penalty_parse(const char *s);
/* R(W) for W (m): L2 = 1/2 ||W||^2, L1 = ||W||_1, none = 0. */
double lin_penalty_value(Penalty p, const float *W, int m);
/* dW (m) += strength * dR/dW (L1 uses sign(w), 0 at 0). */
void lin_penalty_grad(Penalty p, float strength, const float *W, float *dW, int m);
/* The proximal step of L1 after a gradient step of size lr:
 * w = sign(w) max(|w| - lr * strength, 0) (exact zeros, unlike the subgradient). */
void lin_l1_prox(float *W, int m, float lr_strength);

/* One row's scores: s (k) = W (k,d) @ x (d) + b (k)  (sdot / sgemv). */
void lin_row_scores(const float *W, const float *b, const float *x, int d, int k, float *s);
/* One row's share of the gradient: dW (k,d) += g (k) x^T (d)  (saxpy / sger). */
void lin_row_accumulate(float *dW, const float *g, const float *x, int d, int k);

/* The logistic loss and its gradient over a set of rows, one row at a time
 * (each row is read once, while it is in cache: for k around 10 this beats
 * packing the rows for a matrix product, which is bound by memory anyway).
 * Rows are rows[0..m) of X (n,d), or 0..m-1 when rows is NULL; y holds
 * class indices (0/1 when k = 1: sigmoid; else softmax over k classes).
 * dW (k,d) += gscale * sum_i g_i x_i^T and db (k) += gscale * sum_i g_i with
 * g_i = p_i - onehot(y_i), when dW is not NULL.  *correct (if not NULL) is
 * increased by the rows whose most likely class (p >= 0.5 when k = 1) is
 * right.  Returns the summed cross-entropy. */
double lin_logistic_accumulate(const float *X, const int *rows, int m, const int *y, int d,
                               int k, const float *W, const float *b, float gscale, float *dW,
                               float *db, int *correct);

/* The full objective a logistic model minimises, and its gradient:
 *   J = (1/n) sum_i CE_i + strength * R(W)
 * X (n,d), y (n) class indices, W (k,d), b (k).  k = 1: sigmoid (y in 0/1);
 * k >= 2: softmax.  dW (k,d) and db (k) are overwritten when not NULL.
 * *correct as above (may be NULL). */
double lin_logistic_objective(const float *X, const int *y, int n, int d, int k, const float *W,
                              const float *b, Penalty penalty, float strength, float *dW,
                              float *db, int *correct);

/* The same two on a Mat of any backing (mat.h: a byte-backed X is read a
 * row at a time as floats, the same floats); d is X->cols.  NAN when out of
 * memory. */
double lin_logistic_accumulate_mat(const Mat *X, const int *rows, int m, const int *y, int k,
                                   const float *W, const float *b, float gscale, float *dW,
                                   float *db, int *correct);
double lin_logistic_objective_mat(const Mat *X, const int *y, int k, const float *W,
                                  const float *b, Penalty penalty, float strength, float *dW,
                                  float *db, int *correct);
/* linear_forward over the rows of a Mat of any backing, a block at a time
 * when byte-backed.  -1 when out of memory. */
int linear_forward_mat(float *S, const Mat *X, const float *W, const float *b, int k);

/* ---- labels ------------------------------------------------------------ */

/* Refuse what a classifier cannot train on: no class labels, or fewer than
 * two classes present in the training rows.  0 or -1 with err set. */
int lin_check_classification(const Dataset *train, const char *algo, Error *err);

/* ---- views ------------------------------------------------------------- */

/* A read-only look at a linear model's weights (valid until the next step). */
typedef struct LinearView {
    int k;            /* weight vectors: 1 for a binary model, else n_classes */
    int d;            /* features (columns of the model's input) */
    const float *W;   /* k x d, row c = weights of output c */
    const float *b;   /* k */
} LinearView;

/* The line {x : w.x + b = level} on 2-D inputs (d == 2), as
 * a*x0 + b*x1 + c = 0 (a, b of w normalised to unit length).  false when d
 * != 2 or w is zero (no line yet). */
bool lin_line_2d(const float *w, float bias, float level, double *a, double *b, double *c);

/* Scores (n,k) -> predict()'s outputs.  k == 1: labels = (s >= cut) and
 * scores (n,2) = [-s, s]; k >= 2: labels = argmax, scores copied.  scores
 * may be NULL. */
void lin_scores_to_outputs(const float *S, int n, int k, float cut, int *labels, float *scores);

/* ---- a per-step curve ---------------------------------------------------- */

typedef struct LinHistory {
    int n, cap;
    float *v;
} LinHistory;

int lin_history_push(LinHistory *h, float value);
void lin_history_free(LinHistory *h);

/* "[-0.02, -0.02, 0.06]" (up to max values, then ", ...") into buf. */
void lin_format_vec(char *buf, int size, const float *v, int n, int max);

/* Learning rate of epoch e (0-based) of `epochs` for the schedules the
 * iterative models offer: "constant", "invscaling" lr / sqrt(1 + e),
 * "cosine" from lr down to lr/100, "linear" from lr to lr/100. */
typedef enum { LR_CONSTANT, LR_INVSCALING, LR_COSINE, LR_LINEAR } LrSchedule;
LrSchedule lin_schedule_parse(const char *s);
float lin_schedule_lr(LrSchedule s, float lr, int epoch, int epochs);

#endif
