/* signature.h - the function the learner writes (decision_tree).  Forced
 * into the learner's file by the grader, so a different signature is a
 * compile error at the learner's line. */
#ifndef DECISION_TREE_SIGNATURE_H
#define DECISION_TREE_SIGNATURE_H
#include "mllab_practice.h"

void tree_fit_predict(const double *X, const int *y, int n, int d, int max_depth, const double *Xq,
                      int m, int *pred);

#endif
