/* mllab_practice.h - the runtime that every exercise harness and the
 * learner's C code are compiled with (practice mode, see docs/practice.md).
 *
 * It reads the named input arrays of one test from a file, collects the
 * named outputs, times the learner's call, and writes everything back in the
 * text framing the grader reads:
 *
 *   mllab-arrays 1
 *   NAME f64|int NDIM D1 ... Dn      (NDIM 0 is a scalar: one value)
 *   v1 v2 ...                        (all values on one line)
 *   ...
 *   end
 *
 * It also gives the learner a seeded generator (xoshiro256**, the same as
 * mllab's src/rng.c) so randomised exercises are reproducible. */
#ifndef MLLAB_PRACTICE_H
#define MLLAB_PRACTICE_H

#include <stddef.h>
#include <stdint.h>

/* ---- for the learner: the seeded random generator ------------------------ */
typedef struct MpRng {
    uint64_t s[4];
} MpRng;

void mp_rng_seed(MpRng *r, uint64_t seed);
uint64_t mp_rng_u64(MpRng *r);
/* Uniform integer in [0, n), n > 0, without modulo bias. */
uint32_t mp_rng_below(MpRng *r, uint32_t n);
/* Uniform double in [0, 1). */
double mp_rng_uniform(MpRng *r);

/* ---- for the harness ------------------------------------------------------ */
/* Read the inputs from argv[1]; outputs go to argv[2] at mp_finish.
 * Exits with status 70 (and a message on stderr) when the files are bad. */
void mp_open(int argc, char **argv);
/* Does the input NAME exist? */
int mp_has(const char *name);
/* An input as doubles (or ints, converted); the element count in *n and the
 * first two dimensions in *rows / *cols (1 when absent); NULL-able outs.
 * Missing input: exit status 70.  The arrays live until the process ends. */
double *mp_in_f64(const char *name, long *n, int *rows, int *cols);
int *mp_in_int(const char *name, long *n, int *rows, int *cols);
double mp_in_scalar(const char *name);

/* Outputs.  ndim 0 is a scalar (dims ignored). */
void mp_out_f64(const char *name, const double *v, int ndim, const int *dims);
void mp_out_int(const char *name, const int *v, int ndim, const int *dims);
void mp_out_scalar(const char *name, double v);

/* Time the learner's code: wrap each call in start/stop (sums up). */
void mp_clock_start(void);
void mp_clock_stop(void);

/* The labelled set of a data test, divided like the built-in it is held
 * against: the inputs X (n x d) and y (optional), with the case's split
 * line (docs/practice.md: `split EVERY OFFSET [standardize]`, seen here as
 * the input __split): row i is a test row when i % EVERY == OFFSET, and
 * with standardize every feature is scaled by the training rows' mean and
 * standard deviation (population; 0 counts as 1).  Without a split line
 * every row is a training row. */
typedef struct MpSplit {
    double *X_train, *X_test; /* n_train x d, n_test x d */
    int *y_train, *y_test;    /* NULL without the input y */
    int n_train, n_test, d;
} MpSplit;
MpSplit mp_split(void);
/* The fraction of pred[i] == truth[i] (0 when n is 0). */
double mp_accuracy(const int *pred, const int *truth, int n);

/* Write the outputs (and the measured time) with the final "end" line;
 * returns the exit status for main (0). */
int mp_finish(void);

#endif
