/* signature.h - the function the learner writes (pca).  Forced into the
 * learner's file by the grader, so a different signature is a compile
 * error at the learner's line. */
#ifndef PCA_SIGNATURE_H
#define PCA_SIGNATURE_H
#include "mllab_practice.h"

void pca(const double *X, int n, int d, int k, double *components, double *explained_variance,
         double *explained_variance_ratio);

#endif
