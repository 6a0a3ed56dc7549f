/* sampling.h - the sampling questions of interviews, and a stepped run
 * that checks a sampler against its expected distribution.
 *
 * The samplers draw from an Rng (src/rng.h), never from libc's rand, so a
 * seed reproduces every draw.  Uniform sampling and reservoir sampling also
 * come in a form that takes a RandomSource, a function giving a uniform
 * integer below n: the tests drive them with every possible sequence of
 * choices to get the exact probability of each outcome.
 *
 *   sample_uniform      k distinct items of n (partial Fisher-Yates)
 *   sample_stratified   k items, each class getting its share of k
 *   reservoir_*         Algorithm R: k items from a stream of unknown length
 *   SampleCdf           a weighted category by the inverse CDF (binary search)
 *   SampleAlias         the same by Vose's alias method (O(1) per draw)
 *   sample_rand10       rand10 from rand7 by rejection
 *   sample_randint      a uniform integer in [lo, hi] from random bits
 *
 * A SampleRun draws the chosen sampler many times, one batch of trials per
 * step, and keeps the histogram with the expected counts and Pearson's
 * chi-square test (the TUI watches it converge; `mllab sample --trials`
 * prints it).  Errors come back through Error (ERR_USAGE for sizes such as
 * k > n, ERR_DATA for bad weights or labels); nothing here prints. */
#ifndef MLLAB_SAMPLING_H
#define MLLAB_SAMPLING_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "rng.h"
#include "trace.h"

/* ---- a source of random choices --------------------------------------- */
typedef struct RandomSource {
    /* A uniform integer in [0, n), n >= 1. */
    uint32_t (*below)(void *ctx, uint32_t n);
    void *ctx;
} RandomSource;

/* The source backed by an Rng (rng_below). */
RandomSource random_source_rng(Rng *r);

/* ---- uniform without replacement --------------------------------------- */
/* out[0..k) = k distinct items of 0..n-1, every k-subset equally likely, in
 * the order drawn (partial Fisher-Yates: O(n) memory for the index array,
 * O(k) swaps).  0 <= k <= n; k > n or a negative size is ERR_USAGE. */
int sample_uniform(Rng *r, int n, int k, int *out, Error *err);
int sample_uniform_from(const RandomSource *src, int n, int k, int *out, Error *err);

/* ---- stratified -------------------------------------------------------- */
/* How many of k items each class gets, in proportion to its size: class c
 * of counts[c] (of n in all) gets floor(k·counts[c]/n), and the items left
 * over go one each to the classes with the largest remainders
 * (k·counts[c] mod n), ties to the lower class index (Hamilton's
 * largest-remainder rule, as exact integer arithmetic).  So the shares sum
 * to k and no class gets more than it has.  0 <= k <= n. */
int sample_stratified_alloc(const int *counts, int n_classes, int k, int *alloc, Error *err);
/* out[0..k) = row indices: each class c contributes alloc[c] rows drawn
 * uniformly without replacement from its rows, class by class.  labels[n]
 * in [0, n_classes) (else ERR_DATA). */
int sample_stratified(Rng *r, const int *labels, int n, int n_classes, int k, int *out,
                      Error *err);

/* ---- reservoir (Algorithm R) ------------------------------------------- */
typedef struct Reservoir {
    int k;
    long seen;     /* items offered so far */
    int *slot;     /* k kept items (the first min(seen, k) are filled) */
    bool off_by_one; /* deliberately wrong: replace with probability k/(i+1)
                        instead of k/i (a lesson: the chi-square test catches it) */
} Reservoir;

int reservoir_init(Reservoir *rs, int k, Error *err);
/* Offer the i-th item (i = seen + 1): kept outright while i <= k, else it
 * replaces a uniformly chosen slot with probability k/i. */
void reservoir_offer(Reservoir *rs, const RandomSource *src, int item);
/* Once the stream has ended: fewer than k items seen is ERR_USAGE ("k is
 * larger than the stream"). */
int reservoir_check(const Reservoir *rs, Error *err);
void reservoir_free(Reservoir *rs);
/* The whole stream 0..n-1 through a reservoir of k; out[0..k). */
int sample_reservoir(Rng *r, int n, int k, int *out, Error *err);
int sample_reservoir_from(const RandomSource *src, int n, int k, bool off_by_one, int *out,
                          Error *err);

/* ---- multinomial: inverse CDF and alias -------------------------------- */
/* Weights: finite, >= 0, not all 0 (ERR_DATA naming the first bad one). */
int sample_check_weights(const double *w, int k, Error *err);

typedef struct SampleCdf {
    int k;
    double *cum; /* cum[i] = (w[0] + ... + w[i]) / total; cum[k-1] = 1 */
} SampleCdf;

int sample_cdf_init(SampleCdf *c, const double *w, int k, Error *err);
/* The category of u in [0, 1): the first i with u < cum[i] (binary search;
 * zero-weight categories are never returned). */
int sample_cdf_lookup(const SampleCdf *c, double u);
int sample_cdf_draw(const SampleCdf *c, Rng *r);
void sample_cdf_free(SampleCdf *c);

typedef struct SampleAlias {
    int k;
    double *prob; /* keep column i with probability prob[i] ... */
    int *alias;   /* ... else return alias[i] */
} SampleAlias;

/* Vose's construction, O(k). */
int sample_alias_init(SampleAlias *a, const double *w, int k, Error *err);
/* The category for column i and u in [0, 1). */
int sample_alias_lookup(const SampleAlias *a, int column, double u);
int sample_alias_draw(const SampleAlias *a, Rng *r);
void sample_alias_free(SampleAlias *a);

/* ---- generators from generators ---------------------------------------- */
/* 1..7 uniformly. */
int sample_rand7(Rng *r);
/* Two rolls a, b of rand7 -> 1..10, or 0 for "reject and roll again":
 * idx = 7(a-1) + b in 1..49; idx <= 40 gives 1 + (idx-1) mod 10. */
int sample_rand10_from_pair(int a, int b);
/* rand10 by rejection; *calls (may be NULL) grows by the rand7 calls used
 * (2 per round, 49/40 rounds on average: 2.45 calls). */
int sample_rand10(Rng *r, long *calls);
/* Deliberately wrong: 1 + (7(a-1) + b - 1) mod 10 over all 49 pairs, so
 * 1..9 come 5/49 of the time and 10 only 4/49 (a lesson). */
int sample_rand10_modulo(Rng *r, long *calls);

/* A uniform integer in [lo, hi] from random bits without modulo bias:
 * take the fewest bits b with 2^b >= hi - lo + 1 and reject values outside
 * the range (fewer than 2 draws on average).  *draws (may be NULL) grows by
 * the 64-bit words used.  lo > hi is ERR_USAGE. */
int sample_randint(Rng *r, int64_t lo, int64_t hi, int64_t *out, long *draws, Error *err);

/* ---- a stepped run: the histogram of many trials ------------------------ */
typedef enum {
    SAMPLE_UNIFORM,
    SAMPLE_STRATIFIED,
    SAMPLE_RESERVOIR,
    SAMPLE_MULTINOMIAL,
    SAMPLE_ALIAS,
    SAMPLE_RAND10,
    SAMPLE_RANDINT,
} SampleMethod;

/* "uniform", "stratified", ... -> method; -1 when unknown. */
int sample_method_parse(const char *name, SampleMethod *out);
const char *sample_method_name(SampleMethod m);
/* The names, NULL-terminated, for messages. */
const char *const *sample_method_names(void);

typedef struct SampleSpec {
    SampleMethod method;
    int n, k;               /* uniform, reservoir: k of n items (the stream 0..n-1) */
    const int *labels;      /* stratified: n labels in [0, n_classes) */
    int n_classes;
    const double *weights;  /* multinomial, alias: k weights */
    int64_t lo, hi;         /* randint */
    bool biased;            /* reservoir: off by one; rand10: by modulo (lessons) */
} SampleSpec;

/* The most bins a run keeps (items, categories or integers in the range). */
#define SAMPLE_MAX_BINS 100000

typedef struct SampleRun SampleRun;

/* Validates the spec (the errors of the samplers above, and too many bins)
 * and prepares an empty histogram.  The run draws from its own Rng seeded
 * with seed. */
SampleRun *sample_run_create(const SampleSpec *spec, uint64_t seed, Error *err);
/* One step: `trials` more trials (a trial is one sample of k items for
 * uniform, stratified and reservoir, one draw otherwise).  trace (may be
 * NULL) gets one TRACE_STEP event "batch" with the values trials, chi2,
 * df, p_value (and mean_calls for rand10 and randint). */
int sample_run_step(SampleRun *run, long trials, Trace *trace, Error *err);
void sample_run_free(SampleRun *run);

/* What a view reads (pointers valid until the next step or free). */
int sample_run_bins(const SampleRun *run);
/* The value bin i stands for: an item index, a category, 1..10, lo + i. */
int64_t sample_run_bin_value(const SampleRun *run, int i);
const long *sample_run_counts(const SampleRun *run);
/* Expected counts for the trials so far. */
const double *sample_run_expected(const SampleRun *run);
long sample_run_trials(const SampleRun *run);
/* Chi-square against the expected counts.  For subset samplers the counts
 * are inclusions (each trial adds k, and items of one trial are not
 * independent), so the statistic is Pearson's times (n-1)/(n-k) per group
 * of items sampled together, which follows chi-square with n-1 df when the
 * sampler is right (see docs/algorithms/sampling.md). */
double sample_run_chi2(const SampleRun *run);
int sample_run_df(const SampleRun *run);
double sample_run_p_value(const SampleRun *run);
/* rand10: rand7 calls per number; randint: 64-bit words per number; else NAN. */
double sample_run_mean_calls(const SampleRun *run);
/* The last trial's sample (k items for subset samplers, 1 value otherwise). */
const int64_t *sample_run_last(const SampleRun *run, int *count);

#endif
