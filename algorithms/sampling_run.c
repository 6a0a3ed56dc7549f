/* sampling_run.c - the stepped run of sampling.h: one sampler drawn many
 * times, a batch of trials per step, with the histogram, the expected
 * counts and the chi-square test after every batch.
 *
 * Bins are grouped: the items of one group are sampled together (all n
 * items for uniform and reservoir sampling, one class for stratified), so
 * a trial adds k_g inclusions to group g.  Inclusion counts of one group
 * are negatively correlated; with p = k/n their covariance per trial is
 * p(1-p)·n/(n-1)·(I - 11ᵀ/n), so Pearson's Σ(O-E)²/E over the group is
 * (n-k)/(n-1) times a chi-square with n-1 df.  The run multiplies it back
 * by (n-1)/(n-k).  Groups that are certain (k = 0 or k = n) add nothing.
 * For single draws (multinomial, alias, rand10, randint) there is one group
 * of the bins with a positive probability and the factor is 1. */
#include "sampling.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chisq.h"

struct SampleRun {
    SampleSpec spec;
    int *labels;          /* stratified: copy of the labels */
    double *weights;      /* multinomial, alias: copy of the weights */
    Rng rng;
    SampleCdf cdf;
    SampleAlias alias;

    int bins;
    long *counts;
    double *prob;         /* expected count of each bin per trial */
    double *expected;     /* prob × trials */
    int *group;           /* group of each bin, -1: never expected */
    double *factor;       /* per group: (n-1)/(n-k), or 1 */
    int n_groups;
    int df;
    int per_trial;        /* values a trial produces (k, or 1) */
    long trials, calls;
    double chi2, p;
    int64_t *last;
    int *buf;             /* per_trial items */
};

/* ---- names ------------------------------------------------------------- */

static const char *const method_names[] = { "uniform",     "stratified", "reservoir", "multinomial",
                                            "alias",       "rand10",     "randint",   NULL };

const char *const *sample_method_names(void)
{
    return method_names;
}

int sample_method_parse(const char *name, SampleMethod *out)
{
    for (int i = 0; method_names[i]; i++)
        if (strcmp(method_names[i], name) == 0) {
            *out = (SampleMethod)i;
            return 0;
        }
    return -1;
}

const char *sample_method_name(SampleMethod m)
{
    return (unsigned)m < sizeof method_names / sizeof *method_names - 1 ? method_names[m] : "?";
}

/* ---- setting up the bins ------------------------------------------------ */

static int alloc_bins(SampleRun *run, int bins, int n_groups, int per_trial, Error *err)
{
    if (bins < 1 || bins > SAMPLE_MAX_BINS)
        return error_set(err, ERR_USAGE, "%s: a histogram of %d bins (1 to %d allowed)",
                         sample_method_name(run->spec.method), bins, SAMPLE_MAX_BINS);
    run->bins = bins;
    run->n_groups = n_groups;
    run->per_trial = per_trial;
    size_t slots = (size_t)(per_trial > 0 ? per_trial : 1);
    run->counts = calloc((size_t)bins, sizeof *run->counts);
    run->prob = calloc((size_t)bins, sizeof *run->prob);
    run->expected = calloc((size_t)bins, sizeof *run->expected);
    run->group = calloc((size_t)bins, sizeof *run->group);
    run->factor = calloc((size_t)n_groups, sizeof *run->factor);
    run->last = calloc(slots, sizeof *run->last);
    run->buf = calloc(slots, sizeof *run->buf);
    int missing = !run->counts + !run->prob + !run->expected + !run->group + !run->factor +
                  !run->last + !run->buf;
    return missing ? error_set(err, ERR_NOMEM, "sampling: out of memory") : 0;
}

/* Group g holds `size` items of which k are drawn per trial. */
static void set_group(SampleRun *run, int g, int size, int k)
{
    bool random = k > 0 && k < size;
    run->factor[g] = random ? (double)(size - 1) / (size - k) : 0.0;
    if (random)
        run->df += size - 1;
}

static int setup_subset(SampleRun *run, Error *err)
{
    const SampleSpec *s = &run->spec;
    if (s->n < 0 || s->k < 0)
        return error_set(err, ERR_USAGE, "%s sampling: sizes must not be negative (n = %d, k = %d)",
                         sample_method_name(s->method), s->n, s->k);
    if (s->method == SAMPLE_RESERVOIR && s->k > s->n)
        return error_set(err, ERR_USAGE,
                         "reservoir sampling: k = %d is larger than the stream (%d items)", s->k,
                         s->n);
    if (s->k > s->n)
        return error_set(err, ERR_USAGE, "uniform sampling: cannot draw k = %d distinct items "
                         "from n = %d", s->k, s->n);
    if (alloc_bins(run, s->n, 1, s->k, err) < 0)
        return -1;
    for (int i = 0; i < s->n; i++)
        run->prob[i] = (double)s->k / s->n;
    set_group(run, 0, s->n, s->k);
    return 0;
}

/* Labels in range, counted per class. */
static int count_labels(const SampleSpec *s, int *counts, Error *err)
{
    for (int i = 0; i < s->n; i++) {
        int c = s->labels[i];
        if (c < 0 || c >= s->n_classes)
            return error_set(err, ERR_DATA,
                             "stratified sampling: row %d has label %d, outside [0, %d)", i, c,
                             s->n_classes);
        counts[c]++;
    }
    return 0;
}

/* Each class is a group: its rows are drawn alloc[c] at a time. */
static void stratified_groups(SampleRun *run, const int *counts, const int *alloc)
{
    const SampleSpec *s = &run->spec;
    for (int i = 0; i < s->n; i++) {
        int c = s->labels[i];
        run->group[i] = c;
        run->prob[i] = (double)alloc[c] / counts[c];
    }
    for (int c = 0; c < s->n_classes; c++)
        set_group(run, c, counts[c], alloc[c]);
}

static int setup_stratified(SampleRun *run, Error *err)
{
    const SampleSpec *s = &run->spec;
    if (!s->labels + (s->n_classes < 1) + (s->n < 1))
        return error_set(err, ERR_USAGE, "stratified sampling: no labelled rows");
    if (s->k < 0 || s->k > s->n)
        return error_set(err, ERR_USAGE, "stratified sampling: cannot draw k = %d of n = %d rows",
                         s->k, s->n);
    if (alloc_bins(run, s->n, s->n_classes, s->k, err) < 0)
        return -1;
    int *counts = calloc((size_t)s->n_classes, sizeof *counts);
    int *alloc = calloc((size_t)s->n_classes, sizeof *alloc);
    int rc = !counts + !alloc ? error_set(err, ERR_NOMEM, "sampling: out of memory") : 0;
    if (rc == 0)
        rc = count_labels(s, counts, err);
    if (rc == 0)
        rc = sample_stratified_alloc(counts, s->n_classes, s->k, alloc, err);
    if (rc == 0)
        stratified_groups(run, counts, alloc);
    free(counts);
    free(alloc);
    return rc;
}

/* One group of the bins with positive probability prob[]. */
static void single_group(SampleRun *run)
{
    int positive = 0;
    for (int i = 0; i < run->bins; i++) {
        run->group[i] = run->prob[i] > 0.0 ? 0 : -1;
        positive += run->prob[i] > 0.0;
    }
    run->factor[0] = 1.0;
    run->df = positive - 1;
}

static int setup_weighted(SampleRun *run, Error *err)
{
    const SampleSpec *s = &run->spec;
    if (!s->weights || sample_check_weights(s->weights, s->k, err) < 0)
        return s->weights ? -1 : error_set(err, ERR_DATA, "multinomial sampling: no weights");
    int rc = s->method == SAMPLE_ALIAS ? sample_alias_init(&run->alias, s->weights, s->k, err)
                                       : sample_cdf_init(&run->cdf, s->weights, s->k, err);
    if (rc < 0 || alloc_bins(run, s->k, 1, 1, err) < 0)
        return -1;
    double total = 0.0;
    for (int i = 0; i < s->k; i++)
        total += s->weights[i];
    for (int i = 0; i < s->k; i++)
        run->prob[i] = s->weights[i] / total;
    single_group(run);
    return 0;
}

static int setup_rand10(SampleRun *run, Error *err)
{
    if (alloc_bins(run, 10, 1, 1, err) < 0)
        return -1;
    for (int i = 0; i < 10; i++)
        run->prob[i] = 0.1;
    single_group(run);
    return 0;
}

static int setup_randint(SampleRun *run, Error *err)
{
    const SampleSpec *s = &run->spec;
    if (s->lo > s->hi)
        return error_set(err, ERR_USAGE, "randint: lo = %lld is above hi = %lld",
                         (long long)s->lo, (long long)s->hi);
    uint64_t span = (uint64_t)s->hi - (uint64_t)s->lo;
    if (span >= SAMPLE_MAX_BINS)
        return error_set(err, ERR_USAGE,
                         "randint: a histogram of hi - lo + 1 values needs at most %d of them",
                         SAMPLE_MAX_BINS);
    if (alloc_bins(run, (int)span + 1, 1, 1, err) < 0)
        return -1;
    for (int i = 0; i < run->bins; i++)
        run->prob[i] = 1.0 / run->bins;
    single_group(run);
    return 0;
}

/* Deep copies of what the spec points to. */
static int copy_inputs(SampleRun *run, Error *err)
{
    SampleSpec *s = &run->spec;
    if (s->labels && s->n > 0) {
        run->labels = malloc((size_t)s->n * sizeof *run->labels);
        if (!run->labels)
            return error_set(err, ERR_NOMEM, "sampling: out of memory");
        memcpy(run->labels, s->labels, (size_t)s->n * sizeof *run->labels);
        s->labels = run->labels;
    }
    if (s->weights && s->k > 0) {
        run->weights = malloc((size_t)s->k * sizeof *run->weights);
        if (!run->weights)
            return error_set(err, ERR_NOMEM, "sampling: out of memory");
        memcpy(run->weights, s->weights, (size_t)s->k * sizeof *run->weights);
        s->weights = run->weights;
    }
    return 0;
}

static int setup(SampleRun *run, Error *err)
{
    switch (run->spec.method) {
    case SAMPLE_UNIFORM:
    case SAMPLE_RESERVOIR: return setup_subset(run, err);
    case SAMPLE_STRATIFIED: return setup_stratified(run, err);
    case SAMPLE_MULTINOMIAL:
    case SAMPLE_ALIAS: return setup_weighted(run, err);
    case SAMPLE_RAND10: return setup_rand10(run, err);
    case SAMPLE_RANDINT: return setup_randint(run, err);
    }
    return error_set(err, ERR_USAGE, "sampling: unknown method %d", (int)run->spec.method);
}

SampleRun *sample_run_create(const SampleSpec *spec, uint64_t seed, Error *err)
{
    SampleRun *run = calloc(1, sizeof *run);
    if (!run) {
        error_set(err, ERR_NOMEM, "sampling: out of memory");
        return NULL;
    }
    run->spec = *spec;
    rng_seed(&run->rng, seed);
    run->p = 1.0;
    if (copy_inputs(run, err) < 0 || setup(run, err) < 0) {
        sample_run_free(run);
        return NULL;
    }
    return run;
}

void sample_run_free(SampleRun *run)
{
    if (!run)
        return;
    free(run->labels);
    free(run->weights);
    sample_cdf_free(&run->cdf);
    sample_alias_free(&run->alias);
    free(run->counts);
    free(run->prob);
    free(run->expected);
    free(run->group);
    free(run->factor);
    free(run->last);
    free(run->buf);
    free(run);
}

/* ---- trials ------------------------------------------------------------- */

/* One trial: its values into run->last, its bins counted. */
static int subset_trial(SampleRun *run, Error *err)
{
    const SampleSpec *s = &run->spec;
    int rc;
    if (s->method == SAMPLE_STRATIFIED) {
        rc = sample_stratified(&run->rng, s->labels, s->n, s->n_classes, s->k, run->buf, err);
    } else if (s->method == SAMPLE_RESERVOIR) {
        RandomSource src = random_source_rng(&run->rng);
        rc = sample_reservoir_from(&src, s->n, s->k, s->biased, run->buf, err);
    } else {
        rc = sample_uniform(&run->rng, s->n, s->k, run->buf, err);
    }
    for (int j = 0; rc == 0 && j < s->k; j++) {
        run->counts[run->buf[j]]++;
        run->last[j] = run->buf[j];
    }
    return rc;
}

static int draw_trial(SampleRun *run)
{
    const SampleSpec *s = &run->spec;
    int64_t v = 0;
    switch (s->method) {
    case SAMPLE_MULTINOMIAL: v = sample_cdf_draw(&run->cdf, &run->rng); break;
    case SAMPLE_ALIAS: v = sample_alias_draw(&run->alias, &run->rng); break;
    case SAMPLE_RAND10:
        v = s->biased ? sample_rand10_modulo(&run->rng, &run->calls)
                      : sample_rand10(&run->rng, &run->calls);
        run->counts[v - 1]++;
        run->last[0] = v;
        return 0;
    default:
        sample_randint(&run->rng, s->lo, s->hi, &v, &run->calls, NULL);
        run->counts[v - s->lo]++;
        run->last[0] = v;
        return 0;
    }
    run->counts[v]++;
    run->last[0] = v;
    return 0;
}

static bool is_subset_method(SampleMethod m)
{
    return m == SAMPLE_UNIFORM || m == SAMPLE_RESERVOIR || m == SAMPLE_STRATIFIED;
}

/* Expected counts and the test, after a batch. */
static void update_test(SampleRun *run)
{
    double chi2 = 0.0;
    bool impossible = false;
    for (int i = 0; i < run->bins; i++) {
        run->expected[i] = run->prob[i] * run->trials;
        int g = run->group[i];
        if (run->expected[i] > 0.0 && g >= 0 && run->factor[g] > 0.0) {
            double d = run->counts[i] - run->expected[i];
            chi2 += run->factor[g] * d * d / run->expected[i];
        } else if (run->prob[i] == 0.0 && run->counts[i] != 0) {
            impossible = true;
        }
    }
    run->chi2 = impossible ? INFINITY : chi2;
    if (impossible)
        run->p = 0.0;
    else
        run->p = run->df > 0 ? stats_chi2_sf(chi2, run->df) : 1.0;
}

static void trace_batch(const SampleRun *run, long trials, Trace *trace)
{
    if (!trace)
        return;
    char text[TRACE_TEXT_LEN];
    snprintf(text, sizeof text, "+%ld trials (%ld in all): chi-square %.4g on %d df, p %.3g",
             trials, run->trials, run->chi2, run->df, run->p);
    trace_emitv(trace, TRACE_STEP, "batch", text, "trials", (double)run->trials, "chi2",
                run->chi2, "df", (double)run->df, "p_value", run->p, "mean_calls",
                sample_run_mean_calls(run), TRACE_END);
}

int sample_run_step(SampleRun *run, long trials, Trace *trace, Error *err)
{
    if (trials < 1)
        return error_set(err, ERR_USAGE, "sampling: a step needs at least one trial");
    bool subset = is_subset_method(run->spec.method);
    for (long t = 0; t < trials; t++) {
        int rc = subset ? subset_trial(run, err) : draw_trial(run);
        if (rc < 0)
            return -1;
        run->trials++;
    }
    update_test(run);
    trace_batch(run, trials, trace);
    return 0;
}

/* ---- inspection ---------------------------------------------------------- */

int sample_run_bins(const SampleRun *run)
{
    return run->bins;
}

int64_t sample_run_bin_value(const SampleRun *run, int i)
{
    switch (run->spec.method) {
    case SAMPLE_RAND10: return i + 1;
    case SAMPLE_RANDINT: return run->spec.lo + i;
    default: return i;
    }
}

const long *sample_run_counts(const SampleRun *run)
{
    return run->counts;
}

const double *sample_run_expected(const SampleRun *run)
{
    return run->expected;
}

long sample_run_trials(const SampleRun *run)
{
    return run->trials;
}

double sample_run_chi2(const SampleRun *run)
{
    return run->chi2;
}

int sample_run_df(const SampleRun *run)
{
    return run->df;
}

double sample_run_p_value(const SampleRun *run)
{
    return run->p;
}

double sample_run_mean_calls(const SampleRun *run)
{
    bool counted = run->spec.method == SAMPLE_RAND10 || run->spec.method == SAMPLE_RANDINT;
    if (!counted || run->trials == 0)
        return NAN;
    return (double)run->calls / run->trials;
}

const int64_t *sample_run_last(const SampleRun *run, int *count)
{
    *count = run->trials > 0 ? run->per_trial : 0;
    return run->last;
}
