/* algorithms/svm_dual.h - the kernel SVM: scikit-learn's SVC, trained by SMO
 * (algorithms/svm_smo.h) on kernels (algorithms/svm_kernel.h).
 *
 * Two classes: one dual problem, class 1 is y = +1 (a positive decision
 * value means class 1).  K > 2 classes: one-vs-one like SVC, one problem per
 * pair of classes (a < b) on the rows of those two classes, class b being
 * y = +1; the prediction is the class with the most votes (a vote for b
 * when the pair's decision value is >= 0), ties to the lowest class index,
 * as LIBSVM does.  The scores of K > 2 classes are SVC's
 * decision_function_shape='ovr' values: votes plus the summed decision
 * values squashed into (-1/3, 1/3), so argmax agrees with the votes except
 * where votes tie.
 *
 * A step is up to `iters` SMO iterations on the current pair, ending early
 * when that pair is solved; the next step starts the next pair.  Every
 * state predicts: pairs not started have a = 0, rho = 0 (decision 0).
 *
 * The model is driven by algorithms/svm.c (the `svm` algorithm with
 * -p kernel=linear|rbf|poly); the functions here are its kernel half. */
#ifndef MLLAB_SVM_DUAL_H
#define MLLAB_SVM_DUAL_H

#include <stdbool.h>
#include <stddef.h>

#include "algo.h"
#include "svm_kernel.h"

typedef struct KSvm KSvm;

typedef struct KSvmConfig {
    SvmKernel kern;     /* gamma already resolved ('scale' -> number) */
    double C, tol;
    size_t cache_bytes; /* per pair being solved */
    int iters;          /* SMO iterations per step */
    const float *cw;    /* class weights (n_classes; C_c = C w_c), or NULL; borrowed:
                           must outlive the model */
} KSvmConfig;

KSvm *ksvm_create(const KSvmConfig *cfg, const Dataset *train, Error *err);
void ksvm_destroy(KSvm *m);
StepStatus ksvm_step(KSvm *m, const Dataset *train, Trace *trace, Error *err);
int ksvm_predict(KSvm *m, const Mat *X, int *labels, float *scores, Error *err);
void ksvm_model_json(const KSvm *m, StrBuf *sb);

/* ---- inspect ------------------------------------------------------------- */

typedef struct KSvmStats {
    long iterations;     /* SMO pair updates so far, all pairs */
    int steps;
    int pair, n_pairs;   /* the pair being solved (n_pairs when all are) */
    double dual;         /* D(a) of the current pair (the last one when done) */
    double gap;          /* its KKT violation m(a) - M(a) (+inf before) */
    int support_vectors; /* training rows with a > 0 in some pair */
    double gamma;
    bool done;
} KSvmStats;
KSvmStats ksvm_stats(const KSvm *m);

/* The training rows that are support vectors (a > 0 in any pair), in
 * increasing order; *n of them.  Valid until the next step. */
const int *ksvm_support_indices(KSvm *m, int *n);
/* The coordinates of training row `row` (d floats, as trained on). */
const float *ksvm_row(const KSvm *m, int row);

/* Pair p (0 <= p < n_pairs): its classes (neg = y -1, pos = y +1), its
 * intercept b = -rho, and its dual coefficients y_i a_i with the
 * training rows they belong to (all rows of the pair, a_i may be 0).  The
 * arrays are valid until the next step. */
int ksvm_n_pairs(const KSvm *m);
void ksvm_pair_classes(const KSvm *m, int p, int *neg, int *pos);
double ksvm_intercept(const KSvm *m, int p);
int ksvm_dual_coef(const KSvm *m, int p, const int **rows, double *coef);
int ksvm_pair_size(const KSvm *m, int p);

/* Decision values of pair p at the n points X (n, d): out[i] = sum y_t
 * a_t K(x_t, x_i) + b.  On 2-D data, a grid of points gives the decision
 * regions and the margin lines (levels -1, 0, +1). */
int ksvm_decision(KSvm *m, int p, const Mat *X, double *out, Error *err);

/* The kernel (its gamma resolved to a number). */
const SvmKernel *ksvm_kernel(const KSvm *m);
/* For loading a saved model (model_io.h): pair p of a model created on the
 * saved support vectors takes its alphas (one per row of the pair, in
 * order, as ksvm_dual_coef lists them, >= 0) and its rho (the intercept is
 * -rho) and counts as solved; the model is trained once every pair is.
 * ERR_DATA for a negative or non-finite value. */
int ksvm_restore_pair(KSvm *m, int p, const double *alpha, double rho, Error *err);

#endif
