/* synth.h - generated datasets, drawn from a seeded Rng.
 *
 * 2-D classification: blobs (3 Gaussian clusters), moons (two interleaved
 * half circles), circles (two rings), xor (four quadrants), spiral (two arms).
 * Regression: quadratic (30 points x = linspace(-3, 3), y = x^2 + 2 N(0,1)),
 * the over/underfitting demo.  n <= 0 picks the set's default size. */
#ifndef MLLAB_SYNTH_H
#define MLLAB_SYNTH_H

#include <stdbool.h>

#include "dataset.h"

bool synth_is_name(const char *name);
int synth_make(Dataset *ds, const char *name, int n, Rng *rng, Error *err);

#endif
