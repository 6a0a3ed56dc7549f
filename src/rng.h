/* rng.h - the seeded random generator (xoshiro256**, seeded by splitmix64).
 *
 * Every random choice in mllab (splits, initialisation, shuffling, bootstrap
 * samples, generated datasets) draws from an Rng, so one --seed reproduces a
 * run bit for bit.  Not thread-safe: give each thread its own (rng_split). */
#ifndef MLLAB_RNG_H
#define MLLAB_RNG_H

#include <stdint.h>

typedef struct Rng {
    uint64_t s[4];
} Rng;

void rng_seed(Rng *r, uint64_t seed);
/* A new independent generator derived from r (advances r). */
Rng rng_split(Rng *r);
uint64_t rng_u64(Rng *r);
/* Uniform double in [0, 1). */
double rng_uniform(Rng *r);
/* Uniform integer in [0, n) without modulo bias; n > 0. */
uint32_t rng_below(Rng *r, uint32_t n);
/* Standard normal N(0, 1) (Box-Muller, one value per call). */
double rng_normal(Rng *r);
/* Fisher-Yates shuffle of an int array. */
void rng_shuffle(Rng *r, int *a, int n);
/* a[i] = i, then shuffled. */
void rng_permutation(Rng *r, int *a, int n);

#endif
