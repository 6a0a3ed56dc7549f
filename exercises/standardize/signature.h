/* signature.h - the function the learner writes (standardize).  Forced
 * into the learner's file by the grader, so a different signature is a
 * compile error at the learner's line. */
#ifndef STANDARDIZE_SIGNATURE_H
#define STANDARDIZE_SIGNATURE_H
#include "mllab_practice.h"

void standardize(const double *train, int n_train, const double *test, int n_test, int d,
                 double *mean, double *std, double *train_out, double *test_out);

#endif
