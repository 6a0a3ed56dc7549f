/* signature.h - the function the learner writes (conv1d).  Forced into the
 * learner's file by the grader, so a different signature is a compile
 * error at the learner's line. */
#ifndef CONV1D_SIGNATURE_H
#define CONV1D_SIGNATURE_H
#include "mllab_practice.h"

int conv1d(const double *x, int n, const double *w, int k, int stride, int pad, double *out);

#endif
