/* algorithms/svm.h - the support vector machine, two ways.
 *
 * kernel=none (the default): the linear SVM in the primal: hinge loss plus
 * an L2 penalty, minimised by (sub)gradient descent, per sample (batch = 1,
 * as taught) or over mini-batches; labels of any kind mapped to +-1 and
 * back; one-vs-rest for more than two classes (all classes trained
 * together).  Objective per output (t = +-1):
 *     lambda ||w||^2 + (1/n) sum max(0, 1 - t (w.x + b)).
 * Parameters: lr, lambda, epochs, batch, schedule.  One step is one epoch.
 *
 * kernel=linear|rbf|poly: scikit-learn's SVC, the dual solved by SMO
 * (algorithms/svm_dual.h), one-vs-one for more than two classes.
 * Parameters: C, gamma, degree, coef0, tol, cache, iters.  One step is up
 * to `iters` SMO iterations.  svm_kernel_model gives the views that model
 * (support vectors, dual coefficients, decision values on a grid).
 *
 * Inspect functions for the views (the TUI) and tests. */
#ifndef MLLAB_SVM_H
#define MLLAB_SVM_H

#include <stdbool.h>

#include "algo.h"
#include "linear_common.h"
#include "svm_dual.h"

extern const Algo algo_svm;

/* The kernel SVM inside a model made with kernel=linear|rbf|poly (see
 * svm_dual.h for what it offers), NULL for the primal one. */
KSvm *svm_kernel_model(void *model);

/* The functions below describe the primal model.  On a kernel model:
 * svm_view has k = 0 (no weights), svm_line_2d is false, svm_loss is the
 * dual objective of the pair being solved, svm_margin_violations the number
 * of support vectors, svm_train_accuracy NaN, svm_epochs_done the steps
 * taken and svm_loss_history empty. */

/* k = 1 for two classes (positive decision = class 1), else one row per
 * class (one-vs-rest). */
LinearView svm_view(const void *model);
/* On 2-D data, the line w.x + b = level of output c (level 0: the
 * separating line; +1 / -1: the margins) as a*x0 + b*x1 + c = 0. */
bool svm_line_2d(const void *model, int output, float level, double *a, double *b, double *c);
/* The objective above (averaged over outputs) of the last epoch, and per
 * epoch so far (entry 0 = before training: 1, every hinge at w = 0).  The
 * hinge part is the running mean over the epoch (each row scored just
 * before its update), the penalty is at the epoch's final weights. */
double svm_loss(const void *model);
const float *svm_loss_history(const void *model, int *n);
/* Rows inside or on the wrong side of the margin (t s < 1) during the last
 * epoch, summed over outputs: the would-be support vectors. */
int svm_margin_violations(const void *model);
/* Training accuracy during the last epoch (running, as the loss). */
double svm_train_accuracy(const void *model);
int svm_epochs_done(const void *model);
/* Load an epoch computed elsewhere (the run screen's "Step your own": the
 * learner's code, run in a sandbox) into a primal (kernel=none) model: W
 * (k x d) and b (k, in this module's sign: score = w.x + b) become the
 * weights; the objective, violations and training accuracy are computed
 * exactly at them on train (one pass), not as the running totals a step
 * keeps.  0, or -1 with err (a kernel model, a weight that is not finite,
 * every epoch done). */
int svm_load_epoch(void *model, const Dataset *train, const double *W, const double *b,
                   Error *err);
/* The objective lambda ||w||^2 + mean hinge of a primal model's current
 * weights on train, computed exactly (one pass); NAN for a kernel model. */
double svm_objective_at(const void *model, const Dataset *train);

#endif
