/* algorithms/perceptron.h - Rosenblatt's perceptron: per-sample updates
 * w += lr (t - yhat) x on mistakes; one-vs-rest for more than two classes
 * (all classes updated in the same pass over the data).
 *
 * Parameters (see the ParamSpec in perceptron.c): lr, epochs, shuffle,
 * average.  One step is one epoch (a pass over every training row).
 *
 * Inspect functions for the views (the TUI) and tests. */
#ifndef MLLAB_PERCEPTRON_H
#define MLLAB_PERCEPTRON_H

#include <stdbool.h>

#include "algo.h"
#include "linear_common.h"

extern const Algo algo_perceptron;

/* The weights used to predict (the averaged ones when average=true), as
 * float copies of the double weights training keeps: k = 1 for two classes
 * (positive score = class 1), else one row per class. */
LinearView perceptron_view(const void *model);
/* The separating line w.x + b = 0 of output c on 2-D data (c = 0 for a
 * binary model) as a*x0 + b*x1 + c = 0; false when d != 2 or w = 0. */
bool perceptron_line_2d(const void *model, int output, double *a, double *b, double *c);
/* Mistakes (updates) made in each epoch so far; *n receives the count. */
const int *perceptron_epoch_errors(const void *model, int *n);
/* Epochs done; true when finished (all epochs, or an epoch without a mistake). */
int perceptron_epochs_done(const void *model);
bool perceptron_converged(const void *model);

/* Load an epoch computed elsewhere (the run screen's "Step your own": the
 * learner's code, run in a sandbox): W (k x d) and b (k) become the
 * weights (and the averaged ones), `mistakes` the epoch's count, as if a
 * step had made them.  0, or -1 with err (a weight that is not finite, or
 * every epoch done already). */
/* The weights predict uses (k x d, the averaged ones with average=true) and
 * *b the biases (k), in double as trained: what a saved model records. */
const double *perceptron_weights(const void *model, const double **b);
int perceptron_load_epoch(void *model, const double *W, const double *b, int mistakes,
                          Error *err);

#endif
