/* chisq.c - the regularised incomplete gamma functions, the chi-square
 * survival function and Pearson's goodness-of-fit test (see chisq.h).
 *
 * P(a, x) = γ(a, x) / Γ(a).  For x < a + 1 the series
 *     γ(a, x) = e^-x x^a Σ_n x^n / (a (a+1) ... (a+n))
 * converges fast; otherwise the continued fraction of Γ(a, x)
 *     Γ(a, x) = e^-x x^a · 1/(x+1-a- 1·(1-a)/(x+3-a- 2·(2-a)/(x+5-a- ...)))
 * does, evaluated by the modified Lentz method.  Both stop when a term
 * changes the result by less than one part in 1e15. */
#include "chisq.h"

#include <math.h>

#define GAMMA_EPS 1e-15
#define GAMMA_MAX_TERMS 10000
#define TINY 1e-300

/* e^-x x^a / Γ(a), in logs. */
static double front_factor(double a, double x)
{
    return exp(a * log(x) - x - lgamma(a));
}

/* P(a, x) by the series (x < a + 1). */
static double gamma_p_series(double a, double x)
{
    double term = 1.0 / a, sum = term;
    for (int n = 1; n < GAMMA_MAX_TERMS; n++) {
        term *= x / (a + n);
        sum += term;
        if (fabs(term) < fabs(sum) * GAMMA_EPS)
            break;
    }
    return sum * front_factor(a, x);
}

/* Q(a, x) by the continued fraction (x >= a + 1), modified Lentz. */
static double gamma_q_fraction(double a, double x)
{
    double b = x + 1.0 - a;
    double c = 1.0 / TINY, d = 1.0 / b, h = d;
    for (int i = 1; i < GAMMA_MAX_TERMS; i++) {
        double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (fabs(d) < TINY)
            d = TINY;
        c = b + an / c;
        if (fabs(c) < TINY)
            c = TINY;
        d = 1.0 / d;
        double delta = d * c;
        h *= delta;
        if (fabs(delta - 1.0) < GAMMA_EPS)
            break;
    }
    return h * front_factor(a, x);
}

static int bad_gamma_args(double a, double x)
{
    return !(a > 0.0) || isnan(x) || x < 0.0 || isinf(a);
}

double stats_gamma_p(double a, double x)
{
    if (bad_gamma_args(a, x))
        return NAN;
    if (x == 0.0)
        return 0.0;
    if (isinf(x))
        return 1.0;
    return x < a + 1.0 ? gamma_p_series(a, x) : 1.0 - gamma_q_fraction(a, x);
}

double stats_gamma_q(double a, double x)
{
    if (bad_gamma_args(a, x))
        return NAN;
    if (x == 0.0)
        return 1.0;
    if (isinf(x))
        return 0.0;
    return x < a + 1.0 ? 1.0 - gamma_p_series(a, x) : gamma_q_fraction(a, x);
}

double stats_chi2_sf(double x, double df)
{
    if (!(df > 0.0) || isnan(x))
        return NAN;
    if (x <= 0.0)
        return 1.0;
    return stats_gamma_q(df / 2.0, x / 2.0);
}

ChiSquare stats_chi2_gof(const long *observed, const double *expected, int k)
{
    ChiSquare r = { 0.0, -1, 1.0 };
    int impossible = 0;
    for (int i = 0; i < k; i++) {
        if (expected[i] > 0.0) {
            double diff = (double)observed[i] - expected[i];
            r.statistic += diff * diff / expected[i];
            r.df++;
        } else if (observed[i] != 0) {
            impossible = 1;
        }
    }
    if (impossible) {
        r.statistic = INFINITY;
        r.p_value = 0.0;
        if (r.df < 0)
            r.df = 0;
        return r;
    }
    if (r.df < 1) {
        r.df = r.df < 0 ? 0 : r.df;
        return r;
    }
    r.p_value = stats_chi2_sf(r.statistic, r.df);
    return r;
}
