/* naive_bayes.h - Gaussian naive Bayes, and what views can read of it.
 *
 * Each class c has a prior P(c) (its share of the training rows) and, per
 * feature j, a normal distribution N(mean[c][j], var[c][j]).  One step
 * computes one class's statistics; classes not computed yet take no part in
 * predictions.  Variances include the smoothing epsilon
 * (var_smoothing x the largest feature variance of the whole training part).
 *
 * The inspect functions return pointers into the model (n_classes x d,
 * row-major, doubles); valid until destroy. */
#ifndef MLLAB_NAIVE_BAYES_H
#define MLLAB_NAIVE_BAYES_H

#include "algo.h"
#include "model_io.h"

extern const Algo algo_naive_bayes;

int nb_n_classes(const void *model);
int nb_dim(const void *model);
/* Classes whose statistics are computed so far (they are done in class order). */
int nb_classes_done(const void *model);
/* Per-class means, n_classes x d (rows of classes not done yet are 0). */
const double *nb_means(const void *model);
/* Per-class variances including epsilon, n_classes x d. */
const double *nb_variances(const void *model);
/* Class priors, n_classes (known from the counts at create). */
const double *nb_priors(const void *model);
/* The epsilon added to every variance. */
double nb_epsilon(const void *model);

/* Log of the joint likelihood log P(c) + sum_j log N(x_j; mean, var) of every
 * row of X for every class: out is X->rows x n_classes (classes not done yet
 * get -INFINITY).  0 or -1 with err set. */
int nb_joint_log_likelihood(const void *model, const Mat *X, double *out, Error *err);

/* Every array of the model, for saving and loading (model_io.h): class
 * counts, priors, means, variances (epsilon included), epsilon, the
 * smoothing and the classes done. */
void nb_io_arrays(void *model, ModelArrays *ma);

#endif
