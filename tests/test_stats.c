/* test_stats.c - significance tests: the incomplete beta and Student t
 * distribution behind them, McNemar's test and the paired t-test.
 *
 * Expected values marked "scipy" were computed once with scipy 1.10
 * (scipy.special.betainc, scipy.stats.t.cdf, chi2.sf, binom.cdf, ttest_rel)
 * and are pinned here; the project itself needs no Python. */
#include <math.h>
#include <stdlib.h>

#include "chisq.h"
#include "metrics.h"
#include "test_util.h"

/* ---- mean, std ----------------------------------------------------------- */

static void test_stats_mean_and_sample_std(void **state)
{
    (void)state;
    const double v[5] = { 0.91, 0.88, 0.93, 0.90, 0.87 };
    assert_near(stats_mean(v, 5), 0.898, 1e-15);
    /* numpy.std(v, ddof=1) */
    assert_near(stats_std(v, 5), 0.023874672772626667, 1e-15);
    /* 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squares 32, sample variance 32/7 */
    const double w[8] = { 2, 4, 4, 4, 5, 5, 7, 9 };
    assert_near(stats_std(w, 8), sqrt(32.0 / 7.0), 1e-15);
    assert_near(stats_std(w, 1), 0.0, 0);
    assert_true(isnan(stats_mean(w, 0)));
}

/* ---- incomplete beta and t ----------------------------------------------- */

static void test_stats_incbeta_matches_closed_forms(void **state)
{
    (void)state;
    /* I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 - (1 - x)^b */
    assert_near(stats_incbeta(1, 1, 0.3), 0.3, 1e-14);
    assert_near(stats_incbeta(3, 1, 0.6), 0.216, 1e-14);
    assert_near(stats_incbeta(1, 4, 0.5), 1.0 - 0.0625, 1e-14);
    /* I_x(1/2, 1/2) = (2/pi) asin(sqrt(x)) */
    assert_near(stats_incbeta(0.5, 0.5, 0.2), 2.0 / M_PI * asin(sqrt(0.2)), 1e-14);
    /* symmetry: I_x(a, b) = 1 - I_{1-x}(b, a) */
    assert_near(stats_incbeta(2.5, 7, 0.3), 1.0 - stats_incbeta(7, 2.5, 0.7), 1e-14);
    assert_near(stats_incbeta(2, 3, 0.0), 0.0, 0);
    assert_near(stats_incbeta(2, 3, 1.0), 1.0, 0);
    assert_true(isnan(stats_incbeta(-1, 3, 0.5)));
}

static void test_stats_incbeta_matches_scipy(void **state)
{
    (void)state;
    /* scipy.special.betainc */
    assert_near(stats_incbeta(2, 3, 0.4), 0.5247999999999999, 1e-14);
    assert_near(stats_incbeta(10, 20, 0.6), 0.9984777778269129, 1e-13);
    assert_near(stats_incbeta(5.5, 0.5, 0.95), 0.4627244947100458, 1e-13);
    assert_near(stats_incbeta(100, 200, 0.33), 0.45661816333401317, 1e-12);
}

static void test_stats_t_cdf_matches_table_values(void **state)
{
    (void)state;
    /* Table: the 97.5% quantile is 2.262 for df 9, 12.706 for df 1,
     * 2.776 for df 4, 1.96 for the normal. */
    assert_near(stats_t_cdf(2.262, 9), 0.975, 1e-4);
    assert_near(stats_t_cdf(12.706, 1), 0.975, 1e-5);
    assert_near(stats_t_cdf(-2.776, 4), 0.025, 1e-4);
    assert_near(stats_t_cdf(1.959964, INFINITY), 0.975, 1e-6);
    /* scipy.stats.t.cdf */
    assert_near(stats_t_cdf(2.262, 9), 0.9749935772487728, 1e-13);
    assert_near(stats_t_cdf(-1.5, 4), 0.10399999999999991, 1e-13);
    assert_near(stats_t_cdf(0.5, 30.5), 0.6896682380427372, 1e-13);
    assert_near(stats_t_cdf(-6, 3), 0.00463635744614233, 1e-15);
    /* Cauchy (df 1): 1/2 + atan(t)/pi */
    assert_near(stats_t_cdf(0.7, 1), 0.5 + atan(0.7) / M_PI, 1e-14);
    assert_near(stats_t_cdf(0, 7), 0.5, 1e-15);
    assert_near(stats_t_cdf(INFINITY, 7), 1.0, 0);
    assert_true(isnan(stats_t_cdf(1, 0)));
}

/* ---- paired t-test ------------------------------------------------------- */

static void test_stats_paired_t_matches_scipy_ttest_rel(void **state)
{
    (void)state;
    /* Accuracies of two classifiers over 5 folds; scipy.stats.ttest_rel
     * gives t = 3.1378581622109443, p = 0.03491970667453905. */
    const double a[5] = { 0.91, 0.88, 0.93, 0.90, 0.87 };
    const double b[5] = { 0.89, 0.87, 0.90, 0.90, 0.85 };
    assert_near(stats_paired_t_p(a, b, 5), 0.03491970667453905, 1e-12);
    /* The test is symmetric in a and b. */
    assert_near(stats_paired_t_p(b, a, 5), 0.03491970667453905, 1e-12);
    /* 10 folds, a clear difference: p = 0.00012481370714940307 */
    const double a10[10] = { 0.95, 0.96, 0.94, 0.97, 0.95, 0.96, 0.95, 0.94, 0.96, 0.97 };
    const double b10[10] = { 0.90, 0.93, 0.92, 0.91, 0.90, 0.94, 0.89, 0.93, 0.92, 0.90 };
    assert_near(stats_paired_t_p(a10, b10, 10), 0.00012481370714940307, 1e-15);
}

static void test_stats_paired_t_degenerate_differences(void **state)
{
    (void)state;
    /* binary fractions, so the differences are exactly 0.5 */
    const double a[3] = { 1.5, 2.25, 0.75 };
    const double shifted[3] = { 1.0, 1.75, 0.25 };
    /* no difference at all: p = 1 */
    assert_near(stats_paired_t_p(a, a, 3), 1.0, 0);
    /* the same non-zero difference every fold: a sure difference, p = 0 */
    assert_near(stats_paired_t_p(a, shifted, 3), 0.0, 0);
    assert_true(isnan(stats_paired_t_p(a, shifted, 1)));
}

/* ---- McNemar ------------------------------------------------------------- */

static void test_stats_mcnemar_small_counts_use_exact_binomial(void **state)
{
    (void)state;
    /* b = 2, c = 8: p = 2 * (C(10,0) + C(10,1) + C(10,2)) / 2^10 = 112/1024 */
    McNemar m = stats_mcnemar_from_counts(2, 8);
    assert_int_equal(m.b, 2);
    assert_int_equal(m.c, 8);
    assert_near(m.statistic, 25.0 / 10.0, 1e-15); /* (|2 - 8| - 1)^2 / 10 */
    assert_near(m.p_value, 0.109375, 1e-15);
    /* b = c: nothing to see, p capped at 1 */
    m = stats_mcnemar_from_counts(5, 5);
    assert_near(m.statistic, 0.0, 0);
    assert_near(m.p_value, 1.0, 0);
    m = stats_mcnemar_from_counts(0, 0);
    assert_near(m.statistic, 0.0, 0);
    assert_near(m.p_value, 1.0, 0);
}

static void test_stats_mcnemar_large_counts_use_chi_square(void **state)
{
    (void)state;
    /* Wikipedia's example, b = 121, c = 59: statistic 61^2/180 = 20.672...,
     * p = scipy.stats.chi2.sf(20.672..., 1) */
    McNemar m = stats_mcnemar_from_counts(121, 59);
    assert_near(m.statistic, 3721.0 / 180.0, 1e-12);
    assert_near(m.p_value, 5.450094825427117e-06, 1e-17);
    /* b = 30, c = 10: 19^2/40, p = chi2.sf(9.025, 1) */
    m = stats_mcnemar_from_counts(30, 10);
    assert_near(m.p_value, 0.002663119259138558, 1e-15);
}

static void test_stats_mcnemar_counts_discordant_predictions(void **state)
{
    (void)state;
    const int y[8] = { 0, 1, 1, 0, 1, 0, 1, 1 };
    const int a[8] = { 0, 1, 1, 0, 0, 1, 1, 1 }; /* wrong at 4, 5 */
    const int b[8] = { 1, 0, 1, 0, 0, 0, 1, 0 }; /* wrong at 0, 1, 4, 7 */
    McNemar m = stats_mcnemar(y, a, b, 8);
    assert_int_equal(m.b, 3); /* 0, 1, 7: A right, B wrong */
    assert_int_equal(m.c, 1); /* 5: A wrong, B right (4: both wrong) */
    /* exact: 2 * (1 + 4) / 16 */
    assert_near(m.p_value, 0.625, 1e-15);
}

/* Values from scipy:
 *   /usr/bin/python3 -c "from scipy.stats import chi2; print(chi2.sf(12.3, 9))"
 * (and the same for each pair below). */
static void test_stats_chi2_sf_matches_scipy(void **state)
{
    (void)state;
    const double cases[][3] = {
        { 0.5, 1, 0.47950012218695337 },    { 3.0, 2, 0.22313016014842982 },
        { 12.3, 9, 0.19692022639855333 },   { 30.0, 9, 0.00043872177097947936 },
        { 100.0, 49, 2.3646111089850406e-05 }, { 2.0, 10, 0.9963401531726563 },
        { 45.0, 20, 0.0011034692430283482 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_near(stats_chi2_sf(cases[i][0], cases[i][1]), cases[i][2], 1e-12 + 1e-9 * cases[i][2]);
    /* with 2 degrees of freedom the survival function is exp(-x/2) */
    assert_near(stats_chi2_sf(7.0, 2), exp(-3.5), 1e-14);
    assert_near(stats_chi2_sf(0.0, 4), 1.0, 0.0);
    assert_true(isnan(stats_chi2_sf(1.0, 0.0)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stats_mean_and_sample_std),
        cmocka_unit_test(test_stats_incbeta_matches_closed_forms),
        cmocka_unit_test(test_stats_incbeta_matches_scipy),
        cmocka_unit_test(test_stats_t_cdf_matches_table_values),
        cmocka_unit_test(test_stats_paired_t_matches_scipy_ttest_rel),
        cmocka_unit_test(test_stats_paired_t_degenerate_differences),
        cmocka_unit_test(test_stats_mcnemar_small_counts_use_exact_binomial),
        cmocka_unit_test(test_stats_mcnemar_large_counts_use_chi_square),
        cmocka_unit_test(test_stats_mcnemar_counts_discordant_predictions),
        cmocka_unit_test(test_stats_chi2_sf_matches_scipy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
