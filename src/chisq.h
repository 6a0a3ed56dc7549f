/* chisq.h - the chi-square distribution and Pearson's goodness-of-fit test.
 *
 * The survival function of chi-square with df degrees of freedom is the
 * regularised upper incomplete gamma function Q(df/2, x/2); it is computed
 * here from its series (x < a + 1) or its continued fraction (otherwise),
 * with lgamma for the front factor.  Used by the sampling module to judge a
 * sampler: counts over many trials against the expected counts.
 * (src/stats.c has only the df = 1 case, as erfc, for McNemar's test.) */
#ifndef MLLAB_CHISQ_H
#define MLLAB_CHISQ_H

/* Regularised incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x)
 * for a > 0, x >= 0 (Q(a, 0) = 1, Q(a, inf) = 0); NaN for bad arguments. */
double stats_gamma_p(double a, double x);
double stats_gamma_q(double a, double x);

/* P(X >= x) for X ~ chi-square(df), df > 0; 1 for x <= 0; NaN for bad
 * arguments. */
double stats_chi2_sf(double x, double df);

typedef struct ChiSquare {
    double statistic; /* Σ (observed - expected)² / expected, over bins with expected > 0 */
    int df;           /* bins with expected > 0, minus 1 */
    double p_value;   /* stats_chi2_sf(statistic, df); 0 when a bin expected
                         to stay empty is not, 1 when df < 1 */
} ChiSquare;

/* Pearson's test of observed counts against expected counts (k bins, both
 * in trials, the expected ones summing to the observed total).  Bins whose
 * expected count is 0 are left out of the sum and of df; any count in one
 * makes the statistic infinite and p 0. */
ChiSquare stats_chi2_gof(const long *observed, const double *expected, int k);

#endif
