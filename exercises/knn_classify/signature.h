/* signature.h - the function the learner writes (knn_classify).  Forced
 * into the learner's file by the grader, so a different signature is a
 * compile error at the learner's line. */
#ifndef KNN_CLASSIFY_SIGNATURE_H
#define KNN_CLASSIFY_SIGNATURE_H
#include "mllab_practice.h"

void knn_predict(const double *Xtr, const int *ytr, int n, int d, const double *Xq, int m, int k,
                 int *pred);

#endif
