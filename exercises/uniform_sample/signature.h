/* signature.h - the function the learner writes (uniform_sample).
 * MpRng and mp_rng_below come from the practice runtime. */
#ifndef UNIFORM_SAMPLE_SIGNATURE_H
#define UNIFORM_SAMPLE_SIGNATURE_H
#include "mllab_practice.h"

void uniform_sample(int n, int k, int *out, MpRng *rng);

#endif
