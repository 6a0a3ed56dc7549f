/* signature.h - the function the learner writes (conv2d).  Forced into the
 * learner's file by the grader, so a different signature is a compile
 * error at the learner's line. */
#ifndef CONV2D_SIGNATURE_H
#define CONV2D_SIGNATURE_H
#include "mllab_practice.h"

void conv2d(const double *x, int cin, int h, int w, const double *weight, int cout, int kh, int kw,
            const double *bias, int stride, int pad, double *out);

#endif
