/* signature.h - the function the learner writes (perceptron).  Forced into
 * the learner's file by the grader, so a different signature is a compile
 * error at the learner's line. */
#ifndef PERCEPTRON_SIGNATURE_H
#define PERCEPTRON_SIGNATURE_H
#include "mllab_practice.h"

void perceptron_fit(const double *X, const int *y, int n, int d, double lr, int epochs, double *w,
                    int *errors);

#endif
