/* test_sampling.c - the samplers and the chi-square test that judges them.
 *
 * Exact where the randomness can be enumerated: uniform and reservoir
 * sampling are driven through every sequence of choices (an "odometer"
 * RandomSource), each path weighted by its exact probability, and every
 * k-subset must come out with probability 1/C(n, k); the inverse CDF is
 * checked on a grid of u, the alias table by the probability it assigns to
 * each category, rand10 over all 49 pairs of rand7.  Statistical elsewhere:
 * many trials with a fixed seed, a correct sampler must keep p > 1e-6 and
 * the deliberately wrong ones (reservoir off by one, rand10 by modulo) must
 * fall below it.  The chi-square survival function is checked against
 * closed forms computed with python3 (commands next to the values). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chisq.h"
#include "sampling.h"
#include "test_util.h"

/* ---------------------------------------------------------------- chi-square */

static void test_chi2_sf_matches_closed_forms(void **state)
{
    (void)state;
    /* python3 -c "import math; print(math.erfc(math.sqrt(3.841458820694124/2)))" */
    assert_near(stats_chi2_sf(3.841458820694124, 1), 0.05000000000000008, 1e-12);
    /* df 2: exp(-x/2) */
    assert_near(stats_chi2_sf(5.991464547107979, 2), 0.05000000000000007, 1e-12);
    /* df 3: python3 -c "import math; x=7.814727903251178;
     *   print(math.erfc(math.sqrt(x/2))+math.sqrt(2*x/math.pi)*math.exp(-x/2))" */
    assert_near(stats_chi2_sf(7.814727903251178, 3), 0.050000000000000044, 1e-12);
    /* even df: exp(-x/2) Σ_{j<df/2} (x/2)^j / j!, e.g.
     * python3 -c "import math; x=9.0; print(math.exp(-x/2)*sum((x/2)**j/math.factorial(j)
     *   for j in range(2)))" */
    assert_near(stats_chi2_sf(9.0, 4), 0.061099480960332686, 1e-12);
    assert_near(stats_chi2_sf(18.307038053275146, 10), 0.05, 1e-12);
    assert_near(stats_chi2_sf(100.0, 50) / 3.454931382984864e-05, 1.0, 1e-10);
    assert_near(stats_chi2_sf(1.0, 20), 0.9999999998290329, 1e-13);
    assert_near(stats_chi2_sf(0.0, 3), 1.0, 0.0);
    assert_true(isnan(stats_chi2_sf(1.0, 0.0)));
    assert_true(isnan(stats_gamma_q(-1.0, 1.0)));
}

static void test_gamma_p_and_q_sum_to_one_on_both_branches(void **state)
{
    (void)state;
    const double a[] = { 0.5, 1.0, 3.5, 20.0, 200.0 };
    const double x[] = { 0.01, 0.7, 3.0, 19.0, 25.0, 250.0 };
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 6; j++)
            assert_near(stats_gamma_p(a[i], x[j]) + stats_gamma_q(a[i], x[j]), 1.0, 1e-12);
    /* Q(1, x) = e^-x */
    assert_near(stats_gamma_q(1.0, 2.5), exp(-2.5), 1e-14);
}

static void test_chi2_gof_by_hand(void **state)
{
    (void)state;
    /* (10-20)²/20 + 0 + (30-20)²/20 = 10, df 2, p = exp(-5) */
    const long obs[] = { 10, 20, 30, 0 };
    const double exp_[] = { 20, 20, 20, 0 };
    ChiSquare c = stats_chi2_gof(obs, exp_, 4);
    assert_near(c.statistic, 10.0, 1e-12);
    assert_int_equal(c.df, 2);
    assert_near(c.p_value, exp(-5.0), 1e-14);
    /* a count where none is expected: impossible */
    const long bad[] = { 10, 20, 29, 1 };
    c = stats_chi2_gof(bad, exp_, 4);
    assert_true(isinf(c.statistic));
    assert_near(c.p_value, 0.0, 0.0);
}

/* ---------------------------------------------------------------- odometer */

/* A RandomSource that walks every sequence of choices in turn. */
typedef struct Odometer {
    uint32_t choice[64], range[64];
    int depth; /* choices fixed for the current path */
    int used;  /* calls made in the current run */
} Odometer;

static uint32_t odometer_below(void *ctx, uint32_t n)
{
    Odometer *o = ctx;
    int d = o->used++;
    assert_true(d < 64);
    if (d >= o->depth) {
        o->choice[d] = 0;
        o->depth = d + 1;
    }
    o->range[d] = n;
    return o->choice[d];
}

/* The probability of the path just run, then move to the next one; false
 * when every path has been run. */
static bool odometer_next(Odometer *o, double *prob)
{
    *prob = 1.0;
    for (int d = 0; d < o->used; d++)
        *prob /= o->range[d];
    o->depth = o->used;
    o->used = 0;
    for (int d = o->depth - 1; d >= 0; d--) {
        if (o->choice[d] + 1 < o->range[d]) {
            o->choice[d]++;
            o->depth = d + 1;
            return true;
        }
    }
    return false;
}

static double binomial(int n, int k)
{
    double c = 1.0;
    for (int i = 1; i <= k; i++)
        c = c * (n - k + i) / i;
    return c;
}

typedef enum { SUBSET_UNIFORM, SUBSET_RESERVOIR, SUBSET_RESERVOIR_OFF_BY_ONE } SubsetKind;

/* prob[mask] = exact probability of the subset with those items. */
static void enumerate_subsets(SubsetKind kind, int n, int k, double *prob)
{
    memset(prob, 0, sizeof(double) << n);
    Odometer o = { 0 };
    RandomSource src = { odometer_below, &o };
    int out[16];
    double p, total = 0.0;
    do {
        Error err = { 0 };
        int rc = kind == SUBSET_UNIFORM
                     ? sample_uniform_from(&src, n, k, out, &err)
                     : sample_reservoir_from(&src, n, k, kind != SUBSET_RESERVOIR, out, &err);
        assert_int_equal(rc, 0);
        unsigned mask = 0;
        for (int j = 0; j < k; j++)
            mask |= 1u << out[j];
        assert_int_equal(__builtin_popcount(mask), k); /* distinct */
        bool more = odometer_next(&o, &p);
        prob[mask] += p;
        total += p;
        if (!more)
            break;
    } while (1);
    assert_near(total, 1.0, 1e-12);
}

static void assert_every_subset_equally_likely(SubsetKind kind, int n, int k)
{
    double prob[1 << 8];
    enumerate_subsets(kind, n, k, prob);
    for (unsigned mask = 0; mask < (1u << n); mask++) {
        double want = __builtin_popcount(mask) == k ? 1.0 / binomial(n, k) : 0.0;
        assert_near(prob[mask], want, 1e-12);
    }
}

static void test_uniform_gives_every_subset_exactly_once_in_c_n_k(void **state)
{
    (void)state;
    assert_every_subset_equally_likely(SUBSET_UNIFORM, 4, 2);
    assert_every_subset_equally_likely(SUBSET_UNIFORM, 5, 3);
    assert_every_subset_equally_likely(SUBSET_UNIFORM, 6, 6);
    assert_every_subset_equally_likely(SUBSET_UNIFORM, 3, 0);
}

static void test_reservoir_gives_every_subset_exactly_once_in_c_n_k(void **state)
{
    (void)state;
    assert_every_subset_equally_likely(SUBSET_RESERVOIR, 4, 2);
    assert_every_subset_equally_likely(SUBSET_RESERVOIR, 6, 3);
    assert_every_subset_equally_likely(SUBSET_RESERVOIR, 5, 1);
}

static void test_reservoir_off_by_one_favours_the_first_items_exactly(void **state)
{
    (void)state;
    /* Replacing with probability k/(i+1): item j <= k survives with
     * (k+1)/(n+1), a later one is kept with k/(n+1). */
    int n = 5, k = 2;
    double prob[1 << 5];
    enumerate_subsets(SUBSET_RESERVOIR_OFF_BY_ONE, n, k, prob);
    for (int item = 0; item < n; item++) {
        double incl = 0.0;
        for (unsigned mask = 0; mask < (1u << n); mask++)
            if (mask & (1u << item))
                incl += prob[mask];
        double want = item < k ? (k + 1.0) / (n + 1) : (double)k / (n + 1);
        assert_near(incl, want, 1e-12);
    }
}

/* ---------------------------------------------------------------- stratified */

static void test_stratified_alloc_follows_largest_remainders(void **state)
{
    (void)state;
    int alloc[3];
    /* 10 of 50/50/50: 3.33 each, the left-over to the lowest index */
    assert_int_equal(sample_stratified_alloc((int[]){ 50, 50, 50 }, 3, 10, alloc, NULL), 0);
    assert_int_equal(alloc[0], 4);
    assert_int_equal(alloc[1], 3);
    assert_int_equal(alloc[2], 3);
    /* 10 of 1/1/98: shares 0.1, 0.1, 9.8 -> 0, 0, 10 */
    assert_int_equal(sample_stratified_alloc((int[]){ 1, 1, 98 }, 3, 10, alloc, NULL), 0);
    assert_int_equal(alloc[0], 0);
    assert_int_equal(alloc[1], 0);
    assert_int_equal(alloc[2], 10);
    /* 5 of 3/6/1 (n 10): 1.5, 3.0, 0.5 -> 1, 3, 0 + one to class 0 (ties 5 vs 5: lower) */
    assert_int_equal(sample_stratified_alloc((int[]){ 3, 6, 1 }, 3, 5, alloc, NULL), 0);
    assert_int_equal(alloc[0], 2);
    assert_int_equal(alloc[1], 3);
    assert_int_equal(alloc[2], 0);
}

static void test_stratified_alloc_sums_to_k_and_fits_every_class(void **state)
{
    (void)state;
    Rng r;
    rng_seed(&r, 7);
    for (int t = 0; t < 500; t++) {
        int counts[6], alloc[6], n = 0, nc = 1 + (int)rng_below(&r, 6);
        for (int c = 0; c < nc; c++)
            n += counts[c] = (int)rng_below(&r, 20);
        int k = n > 0 ? (int)rng_below(&r, (uint32_t)n + 1) : 0;
        assert_int_equal(sample_stratified_alloc(counts, nc, k, alloc, NULL), 0);
        int sum = 0;
        for (int c = 0; c < nc; c++) {
            assert_true(alloc[c] <= counts[c]);
            /* within one of the exact share */
            assert_true(n == 0 || fabs(alloc[c] - (double)k * counts[c] / n) < 1.0);
            sum += alloc[c];
        }
        assert_int_equal(sum, k);
    }
}

static void test_stratified_draws_distinct_rows_of_each_class(void **state)
{
    (void)state;
    const int labels[] = { 0, 1, 1, 2, 2, 2, 0, 1, 2, 2 }; /* 2, 3, 5 rows */
    int out[5], alloc[3];
    Rng r;
    rng_seed(&r, 3);
    assert_int_equal(sample_stratified(&r, labels, 10, 3, 5, out, NULL), 0);
    assert_int_equal(sample_stratified_alloc((int[]){ 2, 3, 5 }, 3, 5, alloc, NULL), 0);
    int seen[10] = { 0 }, per_class[3] = { 0 };
    for (int j = 0; j < 5; j++) {
        assert_int_equal(seen[out[j]]++, 0);
        per_class[labels[out[j]]]++;
    }
    for (int c = 0; c < 3; c++)
        assert_int_equal(per_class[c], alloc[c]);
}

/* ---------------------------------------------------------------- multinomial */

static void test_inverse_cdf_maps_a_grid_of_u_in_proportion(void **state)
{
    (void)state;
    const double w[] = { 1, 0, 3, 4, 0 };
    SampleCdf c;
    assert_int_equal(sample_cdf_init(&c, w, 5, NULL), 0);
    int hits[5] = { 0 };
    const int N = 8000; /* a multiple of the total 8: the grid splits exactly */
    for (int i = 0; i < N; i++)
        hits[sample_cdf_lookup(&c, (i + 0.5) / N)]++;
    for (int i = 0; i < 5; i++)
        assert_int_equal(hits[i], (int)(N * w[i] / 8));
    /* the edges: u = cum[0] belongs to the next positive category */
    assert_int_equal(sample_cdf_lookup(&c, 0.0), 0);
    assert_int_equal(sample_cdf_lookup(&c, 0.125), 2);
    assert_int_equal(sample_cdf_lookup(&c, nextafter(1.0, 0.0)), 3);
    sample_cdf_free(&c);
}

/* The probability the alias table gives category i: (1/k) Σ over columns
 * of prob (own) or 1 - prob (alias). */
static void assert_alias_table_exact(const double *w, int k)
{
    SampleAlias a;
    assert_int_equal(sample_alias_init(&a, w, k, NULL), 0);
    double total = 0.0;
    for (int i = 0; i < k; i++)
        total += w[i];
    for (int i = 0; i < k; i++) {
        double p = 0.0;
        for (int col = 0; col < k; col++) {
            if (col == i)
                p += a.prob[col];
            if (a.alias[col] == i)
                p += 1.0 - a.prob[col];
        }
        assert_near(p / k, w[i] / total, 1e-12);
    }
    sample_alias_free(&a);
}

static void test_alias_table_gives_each_category_its_weight(void **state)
{
    (void)state;
    assert_alias_table_exact((const double[]){ 1, 2, 3, 4 }, 4);
    assert_alias_table_exact((const double[]){ 0, 5, 0, 0.25, 7, 1e-9 }, 6);
    assert_alias_table_exact((const double[]){ 3 }, 1);
    assert_alias_table_exact((const double[]){ 1, 1, 1 }, 3);
}

static void test_bad_weights_are_data_errors(void **state)
{
    (void)state;
    SampleCdf c;
    SampleAlias a;
    Error err = { 0 };
    assert_int_equal(sample_cdf_init(&c, (const double[]){ 1, -2, 3 }, 3, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "weight 2 is -2"));
    assert_int_equal(sample_alias_init(&a, (const double[]){ 0, 0 }, 2, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "all 2 weights are 0"));
    assert_int_equal(sample_check_weights((const double[]){ 1, NAN }, 2, &err), -1);
    assert_int_equal(sample_check_weights((const double[]){ 1 }, 0, &err), -1);
}

/* ---------------------------------------------------------------- generators */

static void test_rand10_pairs_give_each_digit_four_times(void **state)
{
    (void)state;
    int hits[11] = { 0 };
    for (int a = 1; a <= 7; a++)
        for (int b = 1; b <= 7; b++)
            hits[sample_rand10_from_pair(a, b)]++;
    assert_int_equal(hits[0], 9); /* rejected */
    for (int v = 1; v <= 10; v++)
        assert_int_equal(hits[v], 4);
}

static void test_randint_is_in_range_even_for_the_full_int64_range(void **state)
{
    (void)state;
    Rng r;
    rng_seed(&r, 11);
    int64_t v;
    long draws = 0;
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(sample_randint(&r, -3, 3, &v, &draws, NULL), 0);
        assert_true(v >= -3 && v <= 3);
        assert_int_equal(sample_randint(&r, INT64_MIN, INT64_MAX, &v, NULL, NULL), 0);
        assert_int_equal(sample_randint(&r, 5, 5, &v, NULL, NULL), 0);
        assert_true(v == 5);
    }
    /* a power-of-two range never rejects */
    draws = 0;
    for (int i = 0; i < 1000; i++)
        assert_int_equal(sample_randint(&r, 0, 7, &v, &draws, NULL), 0);
    assert_int_equal(draws, 1000);
    Error err = { 0 };
    assert_int_equal(sample_randint(&r, 2, 1, &v, NULL, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
}

/* ---------------------------------------------------------------- bad sizes */

static void test_k_larger_than_n_or_the_stream_is_a_usage_error(void **state)
{
    (void)state;
    Rng r;
    rng_seed(&r, 1);
    int out[8];
    Error err = { 0 };
    assert_int_equal(sample_uniform(&r, 3, 4, out, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_non_null(strstr(err.msg, "k = 4"));
    assert_int_equal(sample_reservoir(&r, 3, 5, out, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_non_null(strstr(err.msg, "larger than the stream (3 items)"));
    assert_int_equal(sample_stratified(&r, (const int[]){ 0, 1 }, 2, 2, 3, out, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_int_equal(sample_stratified(&r, (const int[]){ 0, 2 }, 2, 2, 1, out, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    SampleSpec spec = { .method = SAMPLE_RESERVOIR, .n = 3, .k = 4 };
    assert_null(sample_run_create(&spec, 1, &err));
    assert_non_null(strstr(err.msg, "larger than the stream"));
}

/* ---------------------------------------------------------------- stepped runs */

static SampleRun *run_trials(const SampleSpec *spec, long trials, int batches)
{
    Error err = { 0 };
    SampleRun *run = sample_run_create(spec, 42, &err);
    if (!run)
        fail_msg("%s", err.msg);
    for (int b = 0; b < batches; b++)
        assert_int_equal(sample_run_step(run, trials / batches, NULL, &err), 0);
    return run;
}

/* A correct sampler keeps p above 1e-6 (it would fail once in a million
 * seeds); the seed is fixed, so the outcome is too. */
static void assert_passes(const SampleSpec *spec, long trials)
{
    SampleRun *run = run_trials(spec, trials, 4);
    double p = sample_run_p_value(run);
    if (!(p > 1e-6))
        fail_msg("%s: chi2 %g on %d df, p %g", sample_method_name(spec->method),
                 sample_run_chi2(run), sample_run_df(run), p);
    sample_run_free(run);
}

static void test_correct_samplers_pass_the_chi_square_test(void **state)
{
    (void)state;
    const int labels[] = { 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 };
    const double w[] = { 0.1, 0.0, 0.5, 2.0, 1.4 };
    SampleSpec specs[] = {
        { .method = SAMPLE_UNIFORM, .n = 12, .k = 5 },
        { .method = SAMPLE_RESERVOIR, .n = 12, .k = 5 },
        { .method = SAMPLE_STRATIFIED, .n = 20, .k = 7, .labels = labels, .n_classes = 3 },
        { .method = SAMPLE_MULTINOMIAL, .k = 5, .weights = w },
        { .method = SAMPLE_ALIAS, .k = 5, .weights = w },
        { .method = SAMPLE_RAND10 },
        { .method = SAMPLE_RANDINT, .lo = -5, .hi = 7 },
    };
    for (size_t i = 0; i < sizeof specs / sizeof *specs; i++)
        assert_passes(&specs[i], 40000);
}

static void test_wrong_samplers_fail_the_chi_square_test(void **state)
{
    (void)state;
    SampleSpec reservoir = { .method = SAMPLE_RESERVOIR, .n = 10, .k = 3, .biased = true };
    SampleRun *run = run_trials(&reservoir, 40000, 1);
    assert_true(sample_run_p_value(run) < 1e-6);
    sample_run_free(run);
    SampleSpec rand10 = { .method = SAMPLE_RAND10, .biased = true };
    run = run_trials(&rand10, 40000, 1);
    assert_true(sample_run_p_value(run) < 1e-6);
    /* 10 comes 4/49 of the time instead of 1/10 */
    assert_near(sample_run_counts(run)[9] / 40000.0, 4.0 / 49, 0.005);
    sample_run_free(run);
}

static void test_rand10_uses_2_45_rand7_calls_on_average(void **state)
{
    (void)state;
    SampleSpec spec = { .method = SAMPLE_RAND10 };
    SampleRun *run = run_trials(&spec, 200000, 2);
    /* 2 · 49/40; the standard error of the mean is 0.0023 */
    assert_near(sample_run_mean_calls(run), 2.45, 0.02);
    sample_run_free(run);
}

static void test_run_counts_expected_and_df_add_up(void **state)
{
    (void)state;
    SampleSpec spec = { .method = SAMPLE_UNIFORM, .n = 8, .k = 3 };
    SampleRun *run = run_trials(&spec, 1000, 2);
    assert_int_equal(sample_run_bins(run), 8);
    assert_int_equal(sample_run_trials(run), 1000);
    assert_int_equal(sample_run_df(run), 7);
    long sum = 0;
    for (int i = 0; i < 8; i++) {
        sum += sample_run_counts(run)[i];
        assert_near(sample_run_expected(run)[i], 1000 * 3 / 8.0, 1e-9);
    }
    assert_int_equal(sum, 3000);
    int count;
    const int64_t *last = sample_run_last(run, &count);
    assert_int_equal(count, 3);
    assert_true(last[0] != last[1] && last[1] != last[2] && last[0] != last[2]);
    assert_true(isnan(sample_run_mean_calls(run)));
    sample_run_free(run);
    /* the zero-weight category is left out of df */
    SampleSpec multi = { .method = SAMPLE_ALIAS, .k = 3, .weights = (const double[]){ 1, 0, 1 } };
    run = run_trials(&multi, 100, 1);
    assert_int_equal(sample_run_df(run), 1);
    assert_int_equal(sample_run_counts(run)[1], 0);
    sample_run_free(run);
}

static void test_same_seed_gives_the_same_histogram(void **state)
{
    (void)state;
    SampleSpec spec = { .method = SAMPLE_RESERVOIR, .n = 9, .k = 4 };
    SampleRun *a = run_trials(&spec, 500, 1), *b = run_trials(&spec, 500, 5);
    for (int i = 0; i < 9; i++)
        assert_int_equal(sample_run_counts(a)[i], sample_run_counts(b)[i]);
    sample_run_free(a);
    sample_run_free(b);
}

static void test_each_batch_is_one_traced_step_with_the_test(void **state)
{
    (void)state;
    SampleSpec spec = { .method = SAMPLE_RAND10 };
    SampleRun *run = sample_run_create(&spec, 5, NULL);
    Trace trace;
    trace_init(&trace);
    for (int b = 1; b <= 3; b++) {
        trace.step = b;
        assert_int_equal(sample_run_step(run, 1000, &trace, NULL), 0);
        assert_int_equal(trace.count, b);
        const TraceEvent *ev = &trace.events[b - 1];
        assert_int_equal(ev->kind, TRACE_STEP);
        assert_string_equal(ev->tag, "batch");
        assert_near(trace_event_get(ev, "trials"), 1000.0 * b, 0);
        assert_near(trace_event_get(ev, "p_value"), sample_run_p_value(run), 0);
        assert_near(trace_event_get(ev, "chi2"), sample_run_chi2(run), 0);
        assert_near(trace_event_get(ev, "mean_calls"), sample_run_mean_calls(run), 0);
    }
    trace_free(&trace);
    sample_run_free(run);
}

static void test_method_names_round_trip(void **state)
{
    (void)state;
    for (const char *const *n = sample_method_names(); *n; n++) {
        SampleMethod m;
        assert_int_equal(sample_method_parse(*n, &m), 0);
        assert_string_equal(sample_method_name(m), *n);
    }
    SampleMethod m;
    assert_int_equal(sample_method_parse("gibbs", &m), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chi2_sf_matches_closed_forms),
        cmocka_unit_test(test_gamma_p_and_q_sum_to_one_on_both_branches),
        cmocka_unit_test(test_chi2_gof_by_hand),
        cmocka_unit_test(test_uniform_gives_every_subset_exactly_once_in_c_n_k),
        cmocka_unit_test(test_reservoir_gives_every_subset_exactly_once_in_c_n_k),
        cmocka_unit_test(test_reservoir_off_by_one_favours_the_first_items_exactly),
        cmocka_unit_test(test_stratified_alloc_follows_largest_remainders),
        cmocka_unit_test(test_stratified_alloc_sums_to_k_and_fits_every_class),
        cmocka_unit_test(test_stratified_draws_distinct_rows_of_each_class),
        cmocka_unit_test(test_inverse_cdf_maps_a_grid_of_u_in_proportion),
        cmocka_unit_test(test_alias_table_gives_each_category_its_weight),
        cmocka_unit_test(test_bad_weights_are_data_errors),
        cmocka_unit_test(test_rand10_pairs_give_each_digit_four_times),
        cmocka_unit_test(test_randint_is_in_range_even_for_the_full_int64_range),
        cmocka_unit_test(test_k_larger_than_n_or_the_stream_is_a_usage_error),
        cmocka_unit_test(test_correct_samplers_pass_the_chi_square_test),
        cmocka_unit_test(test_wrong_samplers_fail_the_chi_square_test),
        cmocka_unit_test(test_rand10_uses_2_45_rand7_calls_on_average),
        cmocka_unit_test(test_run_counts_expected_and_df_add_up),
        cmocka_unit_test(test_same_seed_gives_the_same_histogram),
        cmocka_unit_test(test_each_batch_is_one_traced_step_with_the_test),
        cmocka_unit_test(test_method_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
