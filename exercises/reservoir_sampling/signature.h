/* signature.h - the function the learner writes (reservoir_sampling).
 * MpRng and mp_rng_below come from the practice runtime. */
#ifndef RESERVOIR_SAMPLING_SIGNATURE_H
#define RESERVOIR_SAMPLING_SIGNATURE_H
#include "mllab_practice.h"

int reservoir_sample(const int *stream, int n, int k, int *out, MpRng *rng);

#endif
