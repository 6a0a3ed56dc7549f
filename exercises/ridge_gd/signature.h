/* signature.h - the function the learner writes (ridge_gd).  Forced into
 * the learner's file by the grader, so a different signature is a compile
 * error at the learner's line. */
#ifndef RIDGE_GD_SIGNATURE_H
#define RIDGE_GD_SIGNATURE_H
#include "mllab_practice.h"

void ridge_gd(const double *X, const double *y, int n, int d, double lambda, double lr,
              int n_iter, double *W, double *cost);

#endif
