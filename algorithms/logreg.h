/* algorithms/logreg.h - logistic regression: sigmoid for two classes,
 * softmax (multinomial) for more, trained by full-batch or mini-batch
 * gradient descent with an optional L1 / L2 penalty.
 *
 * Parameters (see the ParamSpec in logreg.c): lr, iters, batch (0 = full
 * batch), schedule, penalty none|l1|l2, strength, threshold.  One step is one
 * gradient step (batch = 0) or one epoch of mini-batches (batch > 0).
 *
 * Inspect functions for the views (the TUI) and tests. */
#ifndef MLLAB_LOGREG_H
#define MLLAB_LOGREG_H

#include <stdbool.h>

#include "algo.h"
#include "linear_common.h"

extern const Algo algo_logreg;

/* W (k x d) and b (k): k = 1 for two classes (sigmoid of w.x + b is the
 * probability of class 1), else one row per class (softmax). */
LinearView logreg_view(const void *model);
/* The decision boundary on 2-D data, where P(class 1) = threshold (binary
 * models) as a*x0 + b*x1 + c = 0; false when not binary or d != 2.  For
 * a softmax model, use lin_line_2d on the difference of two rows. */
bool logreg_boundary_2d(const void *model, double *a, double *b, double *c);
/* The decision threshold on P(class 1) (binary). */
double logreg_threshold(const void *model);
/* Training objective (mean cross-entropy + penalty), the gradient norm and
 * the training accuracy of the last step.  batch = 0: exact, at the weights
 * after the step (the full gradient's norm).  batch > 0: running means over
 * the epoch's mini-batches (each row scored just before the update it took
 * part in; the mean of the mini-batch gradient norms), as libraries report
 * an epoch, without a second pass over the data. */
double logreg_loss(const void *model);
double logreg_grad_norm(const void *model);
double logreg_train_accuracy(const void *model);
/* Objective per step (entry 0 = before training). */
const float *logreg_loss_history(const void *model, int *n);
/* Steps done / to do. */
int logreg_steps_done(const void *model);
int logreg_steps_total(const void *model);
/* Class probabilities of n rows of X (n x d) into probs (n x n_classes). */
int logreg_predict_proba(const void *model, const Mat *X, float *probs, Error *err);
/* Load a step computed elsewhere (the run screen's "Step your own": the
 * learner's code, run in a sandbox): W (k x d) and b (k) become the
 * weights, and the objective, gradient norm and training accuracy are
 * computed at them on train, as after a full-batch step.  0, or -1 with
 * err (a weight that is not finite, every step done, the data's shape). */
int logreg_load_step(void *model, const Dataset *train, const double *W, const double *b,
                     Error *err);

#endif
