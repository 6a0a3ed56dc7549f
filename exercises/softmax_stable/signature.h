/* signature.h - the functions the learner writes (softmax_stable).  Forced
 * into the learner's file by the grader, so a different signature is a
 * compile error at the learner's line. */
#ifndef SOFTMAX_STABLE_SIGNATURE_H
#define SOFTMAX_STABLE_SIGNATURE_H
#include "mllab_practice.h"

void softmax(const double *z, int n, double *p);
double cross_entropy(const double *z, int n, int label);
void cross_entropy_grad(const double *z, int n, int label, double *grad);

#endif
