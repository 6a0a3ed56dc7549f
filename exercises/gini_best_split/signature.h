/* signature.h - the functions the learner writes (gini_best_split).  Forced
 * into the learner's file by the grader, so a different signature is a
 * compile error at the learner's line. */
#ifndef GINI_BEST_SPLIT_SIGNATURE_H
#define GINI_BEST_SPLIT_SIGNATURE_H
#include "mllab_practice.h"

double gini(const int *y, int n);
void best_split(const double *X, const int *y, int n, int d, int *feature, double *threshold,
                double *impurity);

#endif
