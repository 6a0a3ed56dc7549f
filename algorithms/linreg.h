/* algorithms/linreg.h - linear regression: least squares through LAPACK or
 * gradient descent, with ridge (L2) and polynomial features.
 *
 * Parameters (see the ParamSpec in linreg.c): method normal|gd, lr, iters,
 * l2, degree, cost mean|sum.  One step is one gradient-descent iteration
 * (method=gd) or the whole solve (method=normal).
 *
 * Inspect functions for the views (the TUI) and tests.  `model` is what
 * algo_linreg.create returned; every function works after any number of
 * steps (before the first step the model predicts 0). */
#ifndef MLLAB_LINREG_H
#define MLLAB_LINREG_H

#include <stdbool.h>

#include "algo.h"
#include "model_io.h"

extern const Algo algo_linreg;

/* Inputs d of the data the model was created on, and the polynomial degree. */
int linreg_input_dim(const void *model);
int linreg_degree(const void *model);
/* Number of coefficients: the polynomial terms of the d inputs of degree
 * 1..degree (d when degree is 1). */
int linreg_coef_count(const void *model);
/* The coefficients and intercept in the space of the model's inputs (the
 * columns of X as given to create / predict: internal scaling undone), in
 * poly_features order (x1, x2, x1^2, x1 x2, ...).  coef has
 * linreg_coef_count() entries. */
void linreg_coef(const void *model, double *coef, double *intercept);
/* The fitted curve along input j: y at x[i] for input j = x[i] and every
 * other input held at its training mean.  y has n entries. */
void linreg_curve(const void *model, int j, const float *x, int n, float *y);
/* Current training cost: MSE for method=normal; the GD cost J(W) of the
 * last iteration for method=gd (mean or sum of squares + l2 ||W||^2). */
double linreg_loss(const void *model);
/* Training MSE of the current coefficients. */
double linreg_train_mse(const void *model);
/* The GD cost per iteration so far (iteration 0 = the starting cost), or the
 * single post-solve MSE for method=normal.  *n receives the count. */
const float *linreg_loss_history(const void *model, int *n);
/* Iterations done; true when training has finished. */
int linreg_iterations(const void *model);
bool linreg_done(const void *model);
/* "normal" or "gd". */
const char *linreg_method(const void *model);
/* Load an iteration computed elsewhere (the run screen's "Step your own":
 * the learner's code, run in a sandbox) into a method=gd, degree-1 model:
 * W (1 + d, bias first) becomes the weights and the cost is computed at
 * them on train, as after a gradient step.  0, or -1 with err (another
 * method or degree, a weight that is not finite, every iteration done). */
/* The arrays a trained model predicts with, for saving and loading
 * (model_io.h): input scales and means, feature shifts and scales, the
 * coefficients and the intercept (the polynomial terms follow from the
 * inputs and the degree). */
void linreg_io_arrays(void *model, ModelArrays *ma);
int linreg_load_step(void *model, const Dataset *train, const double *W, Error *err);

#endif
