/* signature.h - the function the learner writes (kmeans).  Forced into the
 * learner's file by the grader, so a different signature is a compile
 * error at the learner's line. */
#ifndef KMEANS_SIGNATURE_H
#define KMEANS_SIGNATURE_H
#include "mllab_practice.h"

void kmeans_lloyd(const double *X, int n, int d, int k, double *centroids, int *labels,
                  int max_iter);

#endif
