/* signature.h - the functions the learner writes (maxpool2d).  Forced into
 * the learner's file by the grader, so a different signature is a compile
 * error at the learner's line. */
#ifndef MAXPOOL2D_SIGNATURE_H
#define MAXPOOL2D_SIGNATURE_H
#include "mllab_practice.h"

void maxpool2d_forward(const double *x, int c, int h, int w, int k, int stride, double *out);
void maxpool2d_backward(const double *x, int c, int h, int w, int k, int stride,
                        const double *dout, double *dx);

#endif
