/* algorithms/svm.h - the linear support vector machine: hinge loss plus an
 * L2 penalty, minimised by (sub)gradient descent, per sample (batch = 1, as
 * taught) or over mini-batches; labels of any kind mapped to +-1 and back;
 * one-vs-rest for more than two classes (all classes trained together).
 *
 * Objective per output (t = +-1):  lambda ||w||^2 + (1/n) sum max(0, 1 - t (w.x + b)).
 * Parameters (see the ParamSpec in svm.c): lr, lambda, epochs, batch,
 * schedule.  One step is one epoch.
 *
 * Inspect functions for the views (the TUI) and tests. */
#ifndef MLLAB_SVM_H
#define MLLAB_SVM_H

#include <stdbool.h>

#include "algo.h"
#include "linear_common.h"

extern const Algo algo_svm;

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

#endif
