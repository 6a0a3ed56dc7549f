/* signature.h - the function the learner writes (softmax_regression).
 * Forced into the learner's file by the grader, so a different signature
 * is a compile error at the learner's line. */
#ifndef SOFTMAX_REGRESSION_SIGNATURE_H
#define SOFTMAX_REGRESSION_SIGNATURE_H
#include "mllab_practice.h"

void softmax_regression_fit(const double *X, const int *y, int n, int d, int k, double lr,
                            int n_iter, double *W, double *b);

#endif
