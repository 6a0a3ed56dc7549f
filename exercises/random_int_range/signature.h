/* signature.h - the function the learner writes (random_int_range), and
 * rand32(), which the grader's harness provides (a uniform 32-bit word). */
#ifndef RANDOM_INT_RANGE_SIGNATURE_H
#define RANDOM_INT_RANGE_SIGNATURE_H
#include "mllab_practice.h"

uint32_t rand32(void);
int64_t random_int_range(int64_t lo, int64_t hi);

#endif
