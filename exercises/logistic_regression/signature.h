/* signature.h - the functions the learner writes (logistic_regression).
 * Forced into the learner's file by the grader, so a different signature
 * is a compile error at the learner's line. */
#ifndef LOGISTIC_REGRESSION_SIGNATURE_H
#define LOGISTIC_REGRESSION_SIGNATURE_H
#include "mllab_practice.h"

double sigmoid(double z);
double bce_loss(const double *z, const int *y, int n);
void logistic_fit(const double *X, const int *y, int n, int d, double lr, int n_iter, double *w,
                  double *b);

#endif
