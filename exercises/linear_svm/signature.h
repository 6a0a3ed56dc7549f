/* signature.h - the function the learner writes (linear_svm).  Forced into
 * the learner's file by the grader, so a different signature is a compile
 * error at the learner's line. */
#ifndef LINEAR_SVM_SIGNATURE_H
#define LINEAR_SVM_SIGNATURE_H
#include "mllab_practice.h"

void linear_svm_fit(const double *X, const int *y, int n, int d, double lr, double lambda,
                    int n_iter, double *w, double *b);

#endif
