/* signature.h - the function the learner writes (multinomial_sample).
 * MpRng and mp_rng_uniform come from the practice runtime. */
#ifndef MULTINOMIAL_SAMPLE_SIGNATURE_H
#define MULTINOMIAL_SAMPLE_SIGNATURE_H
#include "mllab_practice.h"

void multinomial_sample(const double *w, int k, int m, int *out, MpRng *rng);

#endif
