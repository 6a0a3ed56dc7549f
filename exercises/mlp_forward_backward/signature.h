/* signature.h - the function the learner writes (mlp_forward_backward).
 * Forced into the learner's file by the grader, so a different signature
 * is a compile error at the learner's line. */
#ifndef MLP_FORWARD_BACKWARD_SIGNATURE_H
#define MLP_FORWARD_BACKWARD_SIGNATURE_H
#include "mllab_practice.h"

double mlp_forward_backward(const double *X, const int *y, int n, int d, int h, int c,
                            const double *W1, const double *b1, const double *W2,
                            const double *b2, double *probs, double *dW1, double *db1,
                            double *dW2, double *db2);

#endif
