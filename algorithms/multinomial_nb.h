/* multinomial_nb.h - multinomial naive Bayes, the classic text classifier,
 * and what views can read of it.
 *
 * Each class c has a prior P(c) and a distribution over the features (the
 * words of a vocabulary): theta[c][j] = (N_cj + alpha) / (N_c + alpha d),
 * N_cj the sum of feature j over the class's training rows (counts or
 * tf-idf weights), N_c = sum_j N_cj.  One step computes one class; classes
 * not computed yet take no part in predictions (before the first step the
 * priors alone decide).
 *
 * The inspect functions return pointers into the model (row-major doubles,
 * natural logarithms); valid until destroy. */
#ifndef MLLAB_MULTINOMIAL_NB_H
#define MLLAB_MULTINOMIAL_NB_H

#include "algo.h"
#include "model_io.h"

extern const Algo algo_multinomial_nb;

int mnb_n_classes(const void *model);
int mnb_dim(const void *model);
/* Classes computed so far (in class order). */
int mnb_classes_done(const void *model);
/* log P(c), n_classes entries (-INFINITY for a class without rows). */
const double *mnb_class_log_prior(const void *model);
/* log theta[c][j], n_classes x d (rows of classes not done yet are 0). */
const double *mnb_feature_log_prob(const void *model);
/* N_cj, n_classes x d: the summed features of each class. */
const double *mnb_feature_count(const void *model);
/* The smoothing actually used (alpha, at least 1e-10 as scikit-learn). */
double mnb_alpha(const void *model);

/* log P(c) + sum_j x_j log theta[c][j] for every row of X and class:
 * out is X->rows x n_classes (classes not done yet get -INFINITY). */
int mnb_joint_log_likelihood(const void *model, const Mat *X, double *out, Error *err);

/* Every array of the model, for saving and loading (model_io.h): class
 * counts, log priors, feature counts, log probabilities, alpha and the
 * classes done. */
void mnb_io_arrays(void *model, ModelArrays *ma);

#endif
