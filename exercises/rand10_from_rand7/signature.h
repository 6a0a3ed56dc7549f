/* signature.h - the function the learner writes (rand10_from_rand7), and
 * rand7(), which the grader's harness provides (uniform in 1..7, counted). */
#ifndef RAND10_FROM_RAND7_SIGNATURE_H
#define RAND10_FROM_RAND7_SIGNATURE_H
#include "mllab_practice.h"

int rand7(void);
int rand10(void);

#endif
