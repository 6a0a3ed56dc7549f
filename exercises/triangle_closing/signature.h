/* signature.h - the function the learner writes (triangle_closing).
 * Forced into the learner's file by the grader. */
#ifndef TRIANGLE_CLOSING_SIGNATURE_H
#define TRIANGLE_CLOSING_SIGNATURE_H
#include "mllab_practice.h"

int recommend_friends(int n, const int *edges, int m, int u, int k, int *out_nodes,
                      int *out_common);

#endif
